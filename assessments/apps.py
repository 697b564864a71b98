from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = _("Quizzes")

    def ready(self) -> None:
        from . import kinds

        kinds.register()
        from .notices import register_types

        register_types()
