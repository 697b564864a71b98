from django.conf import settings
from django.core.checks import Warning, register


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
