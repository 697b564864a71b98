from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = _("Quizzes")

    def ready(self) -> None:
        from django.urls import reverse

        from courses.registry import (
            Completion,
            CourseTool,
            ItemKind,
            register_course_tool,
            register_kind,
        )

        from . import hooks

        register_kind(ItemKind(
            key="quiz", label=_("Quiz"), icon="?", completion=Completion.PASS,
            template="assessments/player/quiz_item.html",
            context=hooks.player_context,
            studio_url=hooks.studio_url,
            create_url=hooks.create_url,
            publish_problems=hooks.publish_problems,
            duplicate=hooks.duplicate,
            describe_rules=hooks.describe_rules,
        ))
        from .notices import register_types

        register_types()
        register_course_tool(CourseTool(
            key="question-bank", label=_("Question bank"), url=lambda course: reverse("assessments:bank"), order=40,
        ))
