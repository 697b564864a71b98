"""The isolated player: its page and the package files, served only on the player origin
and authorised by a signed, expiring token (the session cookie never reaches here)."""

from __future__ import annotations

import mimetypes
import posixpath

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_not_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_GET

from ..models import Activity, Library
from ..permissions import can_play
from ..player import PlayerToken, token_read
from ..selectors import saved_state
from ..storage import h5p_storage

# The player origin's own policy (never the academy's). h5p-standalone writes the
# content's iframe with an inline bootstrap <script> and content types set inline styles
# ('unsafe-inline'); real libraries compile templates with eval (EmbeddedJS in
# MultiChoice, TimelineJS) and start workers from blob: URLs ('unsafe-eval', worker-src
# blob:). That is acceptable only on this origin: it holds no session and no cookie of the
# academy, cannot read the academy page (cross-origin), and reaches the academy only by
# postMessage to its exact origin, where relay.js checks the sender (docs/h5p.md).
PLAYER_CSP = {
    "default-src": ["'none'"],
    "script-src": ["'self'", "'unsafe-inline'", "'unsafe-eval'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "media-src": ["'self'", "blob:"],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'"],
    "frame-src": ["'self'"],
    "worker-src": ["'self'", "blob:"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'none'"],
}
# Directives an operator's H5P_ALLOWED_EXTERNAL_ORIGINS opens (media, embeds such as the
# YouTube player, which needs its script and frame).
EXTERNAL_DIRECTIVES = (
    "script-src",
    "style-src",
    "img-src",
    "media-src",
    "font-src",
    "connect-src",
    "frame-src",
)


def player_policy(parent_origin: str) -> dict:
    external = list(settings.H5P_ALLOWED_EXTERNAL_ORIGINS)
    policy = {
        name: [*values, *external] if name in EXTERNAL_DIRECTIVES else list(values)
        for name, values in PLAYER_CSP.items()
    }
    policy["frame-ancestors"] = [parent_origin]
    return policy


TYPES = {
    ".js": "text/javascript",
    ".css": "text/css",
    ".json": "application/json",
    ".svg": "image/svg+xml",
    ".vtt": "text/vtt",
    ".webvtt": "text/vtt",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
}


def _harden(response: HttpResponse, token: PlayerToken) -> HttpResponse:
    response._csp_config = player_policy(
        token.parent_origin
    )  # django-csp: replace the academy's policy on this response
    response["X-Content-Type-Options"] = "nosniff"
    response["Referrer-Policy"] = "no-referrer"
    response["Cross-Origin-Resource-Policy"] = "same-site"
    response["Cache-Control"] = "private, max-age=300"
    return response


def _authorise(token: str) -> tuple[PlayerToken, Activity, object]:
    claims = token_read(token)
    if claims is None:
        raise PermissionError
    activity = (
        Activity.objects.select_related("item__course", "main_library")
        .filter(pk=claims.activity_id)
        .first()
    )
    user = get_user_model().objects.filter(pk=claims.user_id, is_active=True).first()
    if activity is None or user is None or not can_play(user, activity, preview=claims.preview):
        raise PermissionError
    return claims, activity, user


def _forbidden() -> HttpResponse:
    response = HttpResponseForbidden(b"Forbidden", content_type="text/plain")
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _player_config(request: HttpRequest, token: str, claims: PlayerToken, activity, user) -> dict:
    """What the player page hands h5p-standalone, in the token's user's language (no
    language cookie reaches this host)."""
    language = (
        user.preferred_language if user.preferred_language in dict(settings.LANGUAGES) else None
    )
    base = reverse("h5p:play", kwargs={"token": token}).rstrip("/")
    state = saved_state(activity=activity, user_id=claims.user_id) if not claims.preview else None
    return {
        "parentOrigin": claims.parent_origin,
        "h5pJsonPath": base,
        "contentJsonPath": f"{base}/content",
        "librariesPath": f"{base}/libraries",
        "frameJs": static("vendor/h5p-standalone/frame.bundle.js"),
        "frameCss": static("vendor/h5p-standalone/styles/h5p.css"),
        "state": state,
        "preview": claims.preview,
        "language": language or settings.LANGUAGE_CODE,
        "mainLibrary": activity.main_library.key,
    }


@login_not_required
@xframe_options_exempt
@require_GET
def play(request: HttpRequest, token: str) -> HttpResponse:
    try:
        claims, activity, user = _authorise(token)
    except PermissionError:
        return _forbidden()
    config = _player_config(request, token, claims, activity, user)
    response = _harden(
        render(request, "h5p/play.html", {"config": config, "activity": activity}), claims
    )
    response["Cache-Control"] = "no-store"  # it carries the learner's saved state
    return response


def _asset_name(activity: Activity, area: str, path: str) -> str:
    """The storage name of the file the URL asks for; Http404 for a path that leaves its
    folder or a library the activity does not use."""
    clean = posixpath.normpath(path) if path else ""
    if clean.startswith(("/", "..")) or "\\" in clean or "/." in f"/{clean}":
        raise Http404
    if area == "h5p.json":
        return f"{activity.content_path}/h5p.json"
    if area == "content":
        return f"{activity.content_path}/content/{clean}"
    folder, _sep, rest = clean.partition("/")
    # Only libraries this activity needs, whatever folder the URL names.
    library = (
        Library.objects.filter(activities=activity)
        .filter(path__startswith=f"h5p/libraries/{folder}/")
        .first()
    )
    if library is None or not rest:
        raise Http404
    return f"{library.path}/{rest}"


@login_not_required
@xframe_options_exempt
@require_GET
def asset(request: HttpRequest, token: str, area: str, path: str = "") -> HttpResponse:
    """A file of the token's activity: h5p.json, content/<path> or libraries/<folder>/<path>."""
    try:
        claims, activity, _user = _authorise(token)
    except PermissionError:
        return _forbidden()
    name = _asset_name(activity, area, path)
    try:
        handle = h5p_storage().open(name, "rb")
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError) as error:
        raise Http404 from error
    extension = posixpath.splitext(name)[1].lower()
    content_type = (
        TYPES.get(extension) or mimetypes.guess_type(name)[0] or "application/octet-stream"
    )
    return _harden(FileResponse(handle, content_type=content_type), claims)
