"""Who may do what with quizzes. Each rule has a predicate for one object and the
queryset filter that says the same for lists; views fetch through the filter so that
missing and forbidden are the same 404."""

from __future__ import annotations

from django.db.models import Q

from courses.models import Course

from .models import Attempt, Question, Quiz


def editable_quizzes(user):
    """Quizzes of courses the user may edit (the course's trainers and staff). For one
    quiz the rule is the course's: ``courses.permissions.can_edit_course``."""
    return Quiz.objects.filter(item__course__in=Course.objects.editable_by(user)).select_related(
        "item", "item__course", "item__module"
    )


def bank_questions(user):
    """A trainer's question bank: questions they wrote (staff: every question)."""
    if not user.is_authenticated:
        return Question.objects.none()
    if user.is_staff:
        return Question.objects.all()
    return Question.objects.filter(owner=user)


def editable_questions(user):
    """Questions the user may change: their bank, and questions used in quizzes of
    courses they edit (so co-trainers can fix each other's questions)."""
    if not user.is_authenticated:
        return Question.objects.none()
    if user.is_staff:
        return Question.objects.all()
    in_my_quizzes = Question.objects.filter(placements__quiz__in=editable_quizzes(user)).values(
        "pk"
    )
    return Question.objects.filter(Q(owner=user) | Q(pk__in=in_my_quizzes))


def can_author_questions(user) -> bool:
    """Anyone who teaches a course (or staff) keeps a question bank."""
    return user.is_authenticated and (user.is_staff or Course.objects.editable_by(user).exists())


def own_attempts(user):
    """A learner's own attempts: nobody opens another learner's attempt as a learner."""
    if not user.is_authenticated:
        return Attempt.objects.none()
    return Attempt.objects.filter(user=user).select_related(
        "quiz", "quiz__item", "quiz__item__course", "enrollment"
    )


def can_take_attempt(user, attempt: Attempt) -> bool:
    return user.is_authenticated and attempt.user_id == user.pk
