"""The quiz kind, registered in ``courses.registry`` from ``AssessmentsConfig.ready()``."""

from __future__ import annotations

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from courses.registry import Completion, CourseTool, ItemKind, register_course_tool, register_kind

QUIZ = "quiz"


def player_context(request, item, enrollment) -> dict:
    from .player import quiz_context

    return quiz_context(request, item, enrollment)


def studio_url(item) -> str:
    return reverse("assessments:edit", kwargs={"item_id": item.pk})


def create_url(module) -> str:
    return reverse("assessments:create", kwargs={"module_id": module.pk})


def publish_problems(course) -> list[tuple[str, str]]:
    """Quizzes without questions block publishing (two queries per course)."""
    from courses.models import Item

    from .models import Quiz

    items = list(Item.objects.active().filter(course=course, kind=QUIZ).order_by("position", "pk"))
    counts = dict(
        Quiz.objects.filter(item__in=items)
        .annotate(n=Count("placements"))
        .values_list("item_id", "n")
    )
    return [
        (_("The quiz “%(title)s” has no questions.") % {"title": item.title}, studio_url(item))
        for item in items
        if not counts.get(item.pk)
    ]


def duplicate(old_item, new_item) -> None:
    from .services import quiz_duplicate

    quiz_duplicate(old_item, new_item)


def describe_rules(items) -> dict[int, str]:
    """ "pass “Final quiz” with at least 70%" for each quiz item, in one query."""
    from .models import Quiz

    marks = dict(
        Quiz.objects.filter(item__in=[item.pk for item in items]).values_list(
            "item_id", "pass_mark"
        )
    )
    return {
        item.pk: _("pass “%(title)s” with at least %(mark)d%%")
        % {"title": item.title, "mark": marks.get(item.pk, 0)}
        for item in items
        if item.pk in marks
    }


def register() -> None:
    register_kind(
        ItemKind(
            key=QUIZ,
            label=gettext_lazy("Quiz"),
            icon="?",
            completion=Completion.PASS,
            template="assessments/player/quiz_item.html",
            context=player_context,
            studio_url=studio_url,
            create_url=create_url,
            publish_problems=publish_problems,
            duplicate=duplicate,
            describe_rules=describe_rules,
        )
    )
    register_course_tool(
        CourseTool(
            key="question-bank",
            label=gettext_lazy("Question bank"),
            url=lambda course: reverse("assessments:bank"),
            order=40,
        )
    )
