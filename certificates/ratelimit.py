"""A per-IP fixed-window limit kept in Django's cache (shared across workers with Redis)."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache


def client_ip(request) -> str:
    # REMOTE_ADDR is the proxy's address behind a reverse proxy; the proxy must pass the
    # client's address (docs/certificates.md, "Operators").
    return request.META.get("REMOTE_ADDR", "unknown")


def over_limit(request, scope: str = "verify") -> bool:
    """Count this request; True once the IP exceeded the limit in the current window."""
    key = f"certificates:rate:{scope}:{client_ip(request)}"
    window = settings.CERTIFICATES_VERIFY_WINDOW
    if cache.add(key, 1, timeout=window):
        return False
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window)
        return False
    return count > settings.CERTIFICATES_VERIFY_RATE
