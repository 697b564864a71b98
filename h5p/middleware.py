from __future__ import annotations

from django.http import HttpResponseNotFound

from .player import is_player_host

PLAYER_PATHS = ("/h5p/play/", "/static/")


class PlayerHostMiddleware:
    """Keep the two origins apart: the player host serves only the player and its files,
    and the academy host never serves the player (package code must not run there)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        on_player_host = is_player_host(request)
        if on_player_host != request.path.startswith(PLAYER_PATHS[0]) and not (
            on_player_host and request.path.startswith(PLAYER_PATHS[1])
        ):
            return HttpResponseNotFound(b"Not found", content_type="text/plain")
        return self.get_response(request)
