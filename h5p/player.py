"""The isolated player's origin and its signed, expiring capability tokens.

The player page and the package files are served from a separate, same-site origin
(``H5P_PLAYER_ORIGIN``). The academy's session cookie is host-only, so it never reaches
that origin; requests there are authorised by a token in the URL instead, signed with
``django.core.signing``, tied to one user and one activity, and valid for
``H5P_TOKEN_MAX_AGE`` seconds.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core import signing

SALT = "h5p.player"
# Browser features a content type needs, granted to the player frame (iframe ``allow``)
# only for content whose libraries ask for them.
FRAME_PERMISSIONS = {
    "H5P.AudioRecorder": ("microphone",),
    "H5P.SpeakTheWords": ("microphone",),
    "H5P.SpeakTheWordsSet": ("microphone",),
}
PLAYER_PREFIX = "h5p."


@dataclass(frozen=True)
class PlayerToken:
    user_id: int
    activity_id: int
    parent_origin: str  # where the player may postMessage to: the academy page's origin
    preview: bool


def request_origin(request) -> str:
    return f"{request.scheme}://{request.get_host()}"


def player_origin(request) -> str | None:
    """The configured player origin, or in development the ``h5p.`` sibling of a
    ``*.localhost`` host; None when H5P cannot be isolated for this request."""
    if settings.H5P_PLAYER_ORIGIN:
        return settings.H5P_PLAYER_ORIGIN
    host = request.get_host()
    hostname = host.rsplit(":", 1)[0] if not host.endswith("]") else host
    if hostname.endswith(".localhost") and not hostname.startswith(PLAYER_PREFIX):
        return f"{request.scheme}://{PLAYER_PREFIX}{host}"
    return None


def is_player_host(request) -> bool:
    """True when the request arrived on the player origin's host."""
    host = request.get_host().lower()
    if settings.H5P_PLAYER_ORIGIN:
        return host == urlsplit(settings.H5P_PLAYER_ORIGIN).netloc.lower()
    return host.startswith(PLAYER_PREFIX) and host.rsplit(":", 1)[0].endswith(".localhost")


def token_make(*, user_id: int, activity_id: int, parent_origin: str, preview: bool = False) -> str:
    return signing.dumps(
        [user_id, activity_id, parent_origin, int(preview)], salt=SALT, compress=True
    )


def token_read(token: str) -> PlayerToken | None:
    """The token's claims, or None if it is tampered with, malformed or expired."""
    try:
        user_id, activity_id, parent_origin, preview = signing.loads(
            token, salt=SALT, max_age=settings.H5P_TOKEN_MAX_AGE
        )
    except (signing.BadSignature, ValueError, TypeError):
        return None
    return PlayerToken(int(user_id), int(activity_id), str(parent_origin), bool(preview))


def frame_allow(h5p_json: dict) -> str:
    """The iframe's ``allow`` attribute: fullscreen always, the microphone (or camera)
    only when a library of the content asks for it (``FRAME_PERMISSIONS``)."""
    features = {"fullscreen"}
    for entry in h5p_json.get("preloadedDependencies") or []:
        if isinstance(entry, dict):
            features.update(FRAME_PERMISSIONS.get(entry.get("machineName"), ()))
    return "; ".join(sorted(features))
