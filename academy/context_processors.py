from django.conf import settings

from .permissions import is_coordinator


def shell(request):
    """What the site shell needs on every page. Role checks are callables, so a page
    that never shows the navigation runs no query for them."""
    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)
    return {
        "site_name": settings.ACADEMY_SITE_NAME,
        "shell_languages": settings.LANGUAGES,
        "shell_is_trainer": (lambda: signed_in and user.is_trainer),
        "shell_is_coordinator": (lambda: signed_in and is_coordinator(user)),
    }
