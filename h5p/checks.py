from __future__ import annotations

from django.conf import settings
from django.core.checks import Error as CheckError
from django.core.checks import Warning as CheckWarning
from django.core.checks import register


@register(deploy=True)
def player_origin_configured(app_configs, **kwargs):
    """Without a separate origin, H5P package code could act with learners' sessions."""
    if settings.H5P_PLAYER_ORIGIN:
        return []
    return [
        CheckWarning(
            "H5P_PLAYER_ORIGIN is not set: H5P activities cannot be played in production.",
            hint="Serve the player from a sibling host name, e.g. H5P_PLAYER_ORIGIN=https://h5p.academy.example.org "
            "(docs/h5p.md).",
            id="h5p.W001",
        )
    ]


@register()
def external_origins_valid(app_configs, **kwargs):
    """Each entry of H5P_ALLOWED_EXTERNAL_ORIGINS goes into the player's CSP as it is: it
    must be one https (or http) origin, never a wildcard or a path."""
    import re

    errors = []
    for origin in settings.H5P_ALLOWED_EXTERNAL_ORIGINS:
        if not re.fullmatch(r"https?://[a-z0-9.-]+(:\d+)?", origin, re.IGNORECASE):
            errors.append(
                CheckError(
                    f"H5P_ALLOWED_EXTERNAL_ORIGINS: {origin!r} is not an origin.",
                    hint="List origins as scheme://host[:port], comma-separated, e.g. https://www.youtube.com "
                    "(no wildcard, no path; docs/h5p.md).",
                    id="h5p.E002",
                )
            )
    return errors
