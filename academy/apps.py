from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AcademyConfig(AppConfig):
    name = "academy"
    verbose_name = _("Academy: people and organisations")

    def ready(self) -> None:
        from . import checks, mfa, signals  # noqa: F401  (registers checks and receivers)
        from .notices import register_types

        register_types()
