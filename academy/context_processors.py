from functools import lru_cache

from django.conf import settings
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse

from .permissions import is_coordinator

# The site shell's links (templates/base.html and the includes it always renders). The
# optional ones belong to apps a deployment may leave out: None when not installed.
_SHELL_LINKS = {
    "home": "home",
    "knowledge": "knowledge:home",
    "dashboard": "dashboard",
    "community": "community:index",
    "members": "members",
    "admin": "admin:index",
    "search": "search:page",
    "notifications_preferences": "notifications:preferences",
    "profile": "profile",
    "email": "account_email",
    "password": "account_change_password",
    "mfa": "mfa_index",
    "logout": "account_logout",
    "login": "account_login",
    "signup": "account_signup",
    "set_language": "set_language",
    "privacy": "privacy",
    "accessibility": "accessibility",
    "terms": "privacy:terms",
    "cookies": "privacy:cookies",
}
_OPTIONAL_SHELL_LINKS = {
    "catalog": "courses:catalog",
    "studio": "studio:index",
    "h5p_libraries": "h5p:libraries",
    "verify": "certificates:verify_lookup",
}


@lru_cache(maxsize=16)
def _shell_links(prefix: str, urlconf: str | None) -> dict[str, str | None]:
    """Reversed once per process (per script prefix and URLconf): the shell's ~20
    ``{% url %}`` tags cost ~0.5 ms on every page (docs/performance.md)."""
    links: dict[str, str | None] = {key: reverse(name) for key, name in _SHELL_LINKS.items()}
    for key, name in _OPTIONAL_SHELL_LINKS.items():
        try:
            links[key] = reverse(name)
        except NoReverseMatch:
            links[key] = None
    return links


def shell(request):
    """What the site shell needs on every page. Role checks are callables, so a page
    that never shows the navigation runs no query for them."""
    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)
    return {
        "site_name": settings.ACADEMY_SITE_NAME,
        "shell_languages": settings.LANGUAGES,
        "shell_links": _shell_links(get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF),
        "shell_is_trainer": (lambda: signed_in and user.is_trainer),
        "shell_is_coordinator": (lambda: signed_in and is_coordinator(user)),
    }
