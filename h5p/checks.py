from __future__ import annotations

from django.conf import settings
from django.core.checks import Warning as CheckWarning
from django.core.checks import register


@register(deploy=True)
def player_origin_configured(app_configs, **kwargs):
    """Without a separate origin, H5P package code could act with learners' sessions."""
    if settings.H5P_PLAYER_ORIGIN:
        return []
    return [CheckWarning(
        "H5P_PLAYER_ORIGIN is not set: H5P activities cannot be played in production.",
        hint="Serve the player from a sibling host name, e.g. H5P_PLAYER_ORIGIN=https://h5p.academy.example.org "
             "(docs/h5p.md).",
        id="h5p.W001",
    )]
