from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class AcademyConfig(AppConfig):
    name = "academy"
    verbose_name = _("Academy: people and organisations")

    def ready(self) -> None:
        from . import checks, mfa, signals  # noqa: F401  (registers checks and receivers)
        from .notices import register_types

        register_types()


class AcademyAdminConfig(admin_apps.AdminConfig):
    """The Django admin with the academy's branded site (academy/admin_site.py)."""

    default = False  # AcademyConfig stays this module's default
    default_site = "academy.admin_site.AcademyAdminSite"
