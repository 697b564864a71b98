"""What the course player shows for a quiz item: its start panel's context (the kind's
``context`` hook, see ``assessments.kinds``) and the way back to the player."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from courses.permissions import can_edit_course

from . import services
from .models import Quiz, QuizQuestion
from .presentation import describe_rules
from .selectors import quiz_status


def player_url(item) -> str:
    """The item's page in the course player, or the quiz's own start page until the
    player exists."""
    try:
        return reverse("courses:item", kwargs={"slug": item.course.slug, "item_id": item.pk})
    except NoReverseMatch:
        return reverse("assessments:start", kwargs={"item_id": item.pk})


def quiz_context(request: HttpRequest, item, enrollment) -> dict:
    """Context for the start page, used by the course player through the registry and
    by our own start page. Three queries (quiz, question count, the learner's attempts
    and override). Never creates anything."""
    quiz = Quiz.objects.filter(item=item).first()
    if quiz is None:
        return {"quiz": None}
    question_count = QuizQuestion.objects.filter(quiz=quiz).count()
    context = {
        "quiz": quiz,
        "question_count": question_count,
        "status": None,
        "back_url": player_url(item),
    }
    if enrollment is None or not getattr(enrollment, "pk", None):
        context["rules"] = describe_rules(quiz, question_count=question_count)
        if request.user.is_authenticated and can_edit_course(request.user, item.course):
            context["preview_url"] = reverse("assessments:preview", kwargs={"item_id": item.pk})
        return context
    status = quiz_status(quiz=quiz, user=request.user, has_questions=bool(question_count))
    if status.open_attempt is not None and services.attempt_expire_if_due(
        attempt=status.open_attempt
    ):
        # Time ran out since the last request: close it now and show the result.
        status = quiz_status(quiz=quiz, user=request.user, has_questions=bool(question_count))
    override = status.override
    context.update(
        {
            "status": status,
            "rules": describe_rules(
                quiz,
                question_count=question_count,
                extra_attempts=override.extra_attempts if override else 0,
                extra_minutes=override.extra_minutes if override else 0,
            ),
            "start_url": reverse("assessments:attempt_start", kwargs={"item_id": item.pk}),
        }
    )
    return context
