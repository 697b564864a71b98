from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StudioConfig(AppConfig):
    name = "studio"
    verbose_name = _("Trainer studio")

    def ready(self) -> None:
        from . import receivers  # noqa: F401
