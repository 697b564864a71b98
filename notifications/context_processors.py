from .selectors import cached_unread_count


def bell(request):
    """``notifications_unread``: the cached count, or None (the bell then loads it by htmx)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"notifications_unread": cached_unread_count(user)}
