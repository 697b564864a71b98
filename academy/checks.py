from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Warning, register
from django.http.request import validate_host


@register(deploy=True)
def production_settings(app_configs, **kwargs):
    problems = []
    if not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        problems.append(
            Warning(
                "Production should run on PostgreSQL: set DATABASE_URL.",
                id="academy.W001",
            )
        )
    if settings.EMAIL_BACKEND.endswith("console.EmailBackend"):
        problems.append(
            Warning("Emails are printed, not sent: set EMAIL_URL or EMAIL_HOST.", id="academy.W002")
        )
    return problems


@register(deploy=True)
def public_base_url(app_configs, **kwargs):
    """ACADEMY_BASE_URL starts every link in emails and certificates' QR codes: a wrong
    value sends people to dead addresses, so production refuses anything but https."""
    if settings.DEBUG:
        return []
    url = settings.ACADEMY_BASE_URL
    hint = "Set ACADEMY_BASE_URL to the address people open, e.g. https://academy.example.org (docs/deployment.md)."
    if not url:
        return [
            Error(
                "ACADEMY_BASE_URL is not set: links in emails and certificates would lead nowhere.",
                hint=hint,
                id="academy.E001",
            )
        ]
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.hostname:
        return [
            Error(
                f"ACADEMY_BASE_URL must be an https address, not {url!r}.",
                hint=hint,
                id="academy.E002",
            )
        ]
    if not validate_host(parts.hostname, settings.ALLOWED_HOSTS):
        return [
            Error(
                f"The host of ACADEMY_BASE_URL ({parts.hostname}) is not in DJANGO_ALLOWED_HOSTS.",
                hint=hint,
                id="academy.E003",
            )
        ]
    return []
