"""The one htmx predicate the views share."""

from __future__ import annotations

from django.http import HttpRequest


def wants_partial(request: HttpRequest) -> bool:
    """Serve a fragment rather than the whole page: an htmx request that is not a boosted
    navigation and not a history restore (both of those need the full page). Views that
    answer either way also send ``Vary: HX-Request``."""
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.boosted and not htmx.history_restore_request
