from __future__ import annotations

from django.core.cache import cache

from .models import Notification
from .services import unread_cache_key

UNREAD_TTL = 300


def cached_unread_count(user) -> int | None:
    """The bell's number if the cache has it (pages never query for it), else None."""
    return cache.get(unread_cache_key(user.pk))


def unread_count(user) -> int:
    """The bell's number: from the cache, else one COUNT on an index (then cached)."""
    key = unread_cache_key(user.pk)
    count = cache.get(key)
    if count is None:
        count = Notification.objects.filter(recipient=user, read_at__isnull=True).count()
        cache.set(key, count, UNREAD_TTL)
    return count


def notifications_for(user, *, only_unread: bool = False, type_key: str = ""):
    queryset = Notification.objects.filter(recipient=user).prefetch_related("target")
    if only_unread:
        queryset = queryset.filter(read_at__isnull=True)
    if type_key:
        queryset = queryset.filter(type=type_key)
    return queryset
