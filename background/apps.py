from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BackgroundConfig(AppConfig):
    name = "background"
    verbose_name = _("Background work: tasks, email and the scheduler")

    def ready(self) -> None:
        from . import schedule

        schedule.register_defaults()
