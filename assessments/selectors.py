"""Reads for quizzes: each selector owns its joins and runs a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

from django.db.models import Avg, Count, Prefetch, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from . import scoring
from .models import Attempt, Choice, Question, Quiz, QuizOverride, QuizQuestion, Response

MIN_ATTEMPTS_FOR_DISCRIMINATION = 10


def question_data(question: Question, points: Decimal | None = None) -> scoring.QuestionData:
    """A Question (with prefetched choices) as plain data for the scoring module."""
    return scoring.QuestionData(
        id=question.pk,
        type=question.type,
        points=points if points is not None else question.points,
        choices=tuple(
            scoring.ChoiceData(
                id=c.pk,
                text=c.text,
                is_correct=c.is_correct,
                match_text=c.match_text,
                position=c.position,
            )
            for c in question.choices.all()
        ),
        partial=question.multiple_scoring == Question.MultipleScoring.PARTIAL,
        ignore_case=question.ignore_case,
        ignore_spacing=question.ignore_spacing,
        ignore_diacritics=question.ignore_diacritics,
        numeric_answer=question.numeric_answer,
        tolerance=question.tolerance,
    )


def bank_search(questions, *, search: str = "", tag: str = "", question_type: str = ""):
    """A question bank (``permissions.bank_questions``) narrowed by the bank page's
    filters, with tags and the number of quizzes using each question; an unknown type is
    ignored."""
    questions = questions.prefetch_related("tags").annotate(uses=Count("placements"))
    if search:
        questions = questions.filter(text__icontains=search)
    if tag:
        questions = questions.filter(tags__name=tag)
    if question_type in Question.Type.values:
        questions = questions.filter(type=question_type)
    return questions.order_by("-updated_at", "pk")


def attempt_questions(attempt: Attempt) -> dict[int, tuple[Question, scoring.QuestionData]]:
    """The attempt's questions with choices and their points in this quiz: three queries."""
    return questions_for(quiz_id=attempt.quiz_id, ids=[int(i) for i in attempt.question_ids])


def questions_for(*, quiz_id: int, ids) -> dict[int, tuple[Question, scoring.QuestionData]]:
    """Questions by id with choices and their points in the quiz: three queries."""
    ids = list(ids)
    points = dict(
        QuizQuestion.objects.filter(quiz_id=quiz_id, question_id__in=ids)
        .exclude(points=None)
        .values_list("question_id", "points")
    )
    questions = Question.objects.filter(pk__in=ids).prefetch_related(
        Prefetch("choices", queryset=Choice.objects.order_by("position", "pk"))
    )
    return {q.pk: (q, question_data(q, points.get(q.pk))) for q in questions}


def quiz_questions(quiz: Quiz):
    """The quiz's placements in order, with questions, choices and tags."""
    return (
        QuizQuestion.objects.filter(quiz=quiz)
        .select_related("question")
        .prefetch_related(
            Prefetch("question__choices", queryset=Choice.objects.order_by("position", "pk")),
            "question__tags",
        )
        .order_by("position", "pk")
    )


def attempt_deadline(
    *, quiz: Quiz, started_at: datetime, extra_minutes: int = 0
) -> datetime | None:
    deadline = None
    if quiz.time_limit_minutes:
        deadline = started_at + timedelta(minutes=quiz.time_limit_minutes + extra_minutes)
    if quiz.closes_at and (deadline is None or quiz.closes_at < deadline):
        deadline = quiz.closes_at
    return deadline


@dataclass
class QuizStatus:
    """Where one learner stands on one quiz, in words the start page can show."""

    attempts: list[Attempt]
    attempts_allowed: int | None
    open_attempt: Attempt | None
    grade: Decimal | None
    passed: bool
    can_start: bool
    reason: str = ""
    next_allowed_at: datetime | None = None
    override: QuizOverride | None = None
    finished: list[Attempt] = field(default_factory=list)

    @property
    def attempts_used(self) -> int:
        return len(self.attempts)

    @property
    def attempts_left(self) -> int | None:
        if self.attempts_allowed is None:
            return None
        return max(0, self.attempts_allowed - self.attempts_used)

    @property
    def grade_percent(self) -> int | None:
        return (
            None
            if self.grade is None
            else int((self.grade * 100).to_integral_value(rounding="ROUND_HALF_UP"))
        )


def quiz_status(
    *, quiz: Quiz, user, now: datetime | None = None, has_questions: bool = True
) -> QuizStatus:
    """Two queries: the learner's attempts and any override a trainer granted."""
    now = now or timezone.now()
    attempts = list(Attempt.objects.filter(quiz=quiz, user=user).order_by("number"))
    override = QuizOverride.objects.filter(quiz=quiz, user=user).first()
    finished = [a for a in attempts if not a.is_open]
    open_attempt = next((a for a in attempts if a.is_open), None)
    allowed = quiz.attempts_allowed
    if allowed is not None and override:
        allowed += override.extra_attempts
    grade = scoring.final_grade(quiz.grading, [a.score for a in finished if a.score is not None])
    passed = scoring.has_passed(grade, quiz.pass_mark)
    status = QuizStatus(
        attempts=attempts,
        attempts_allowed=allowed,
        open_attempt=open_attempt,
        grade=grade,
        passed=passed,
        can_start=False,
        override=override,
        finished=finished,
    )
    if open_attempt is not None:
        status.can_start = True  # "continue"
        return status
    if not has_questions:
        status.reason = _("This quiz has no questions yet.")
    elif quiz.opens_at and now < quiz.opens_at:
        status.reason = _("The quiz opens on %(date)s.") % {
            "date": date_format(timezone.localtime(quiz.opens_at), "DATETIME_FORMAT")
        }
    elif quiz.closes_at and now >= quiz.closes_at:
        status.reason = _("The quiz closed on %(date)s.") % {
            "date": date_format(timezone.localtime(quiz.closes_at), "DATETIME_FORMAT")
        }
    elif allowed is not None and len(attempts) >= allowed:
        status.reason = _("You have used all %(count)s attempts allowed.") % {"count": allowed}
    elif finished and quiz.wait_minutes:
        last = max(a.submitted_at for a in finished)
        ready = last + timedelta(minutes=quiz.wait_minutes)
        if now < ready:
            status.next_allowed_at = ready
            status.reason = _("You can try again from %(time)s.") % {
                "time": date_format(timezone.localtime(ready), "DATETIME_FORMAT")
            }
    status.can_start = not status.reason
    return status


def learner_grades(quiz: Quiz):
    """One row per learner who started the quiz: the grade that counts (as reported to
    the progress engine), whether the item is complete, and the number of attempts."""
    from django.db.models import IntegerField, OuterRef, Subquery
    from django.db.models.functions import Coalesce

    from courses.models import ItemProgress

    attempts = (
        Attempt.objects.filter(quiz=quiz, enrollment=OuterRef("enrollment"))
        .order_by()
        .values("enrollment")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        ItemProgress.objects.filter(item_id=quiz.item_id)
        .select_related("enrollment__user")
        .annotate(attempt_count=Coalesce(Subquery(attempts, output_field=IntegerField()), 0))
        .order_by("enrollment__user__full_name", "pk")
    )


def learner_results(quiz: Quiz):
    """Finished attempts of the quiz with their learners, for the results table and CSV."""
    return (
        Attempt.objects.filter(quiz=quiz)
        .finished()
        .select_related("user")
        .order_by("user__full_name", "user_id", "number")
    )


@dataclass
class QuestionAnalysis:
    placement: QuizQuestion
    responses: int
    facility: float | None  # mean credit 0..1
    discrimination: float | None  # upper 27 % mean credit minus lower 27 % mean credit
    distribution: list[tuple[str, int, bool]]  # (answer, count, is_correct)


def item_analysis(quiz: Quiz) -> tuple[int, list[QuestionAnalysis]]:
    """Facility, discrimination and answer distribution for every question.

    Discrimination is the upper-lower index: the mean credit on the question among the
    top 27 % of finished attempts (by total score) minus the mean among the bottom
    27 %. Computed with aggregate queries whatever the number of attempts: count, two
    cut-off scores, one grouped aggregate over responses, one for choice distributions,
    one for typed answers, plus the questions (three).
    """
    finished = Attempt.objects.filter(quiz=quiz).finished()
    total = finished.count()
    placements = list(quiz_questions(quiz))
    if not placements:
        return total, []
    group = max(1, round(total * 0.27)) if total else 0
    upper_cut = lower_cut = None
    if total >= MIN_ATTEMPTS_FOR_DISCRIMINATION:
        upper_cut = finished.order_by("-score").values_list("score", flat=True)[group - 1]
        lower_cut = finished.order_by("score").values_list("score", flat=True)[group - 1]
    responses = Response.objects.filter(attempt__quiz=quiz).exclude(
        attempt__state=Attempt.State.OPEN
    )
    aggregates = {}
    if upper_cut is not None:
        stats = responses.values("question_id").annotate(
            n=Count("pk"),
            facility=Avg("credit"),
            upper=Avg("credit", filter=Q(attempt__score__gte=upper_cut)),
            lower=Avg("credit", filter=Q(attempt__score__lte=lower_cut)),
        )
    else:
        stats = responses.values("question_id").annotate(n=Count("pk"), facility=Avg("credit"))
    for row in stats:
        aggregates[row["question_id"]] = row
    # Answer distribution for choice questions: one conditional count per choice, one query.
    choice_counts = {}
    choices = [
        c
        for p in placements
        if p.question.type in scoring.CHOICE_TYPES
        for c in p.question.choices.all()
    ]
    if choices:
        choice_counts = responses.aggregate(
            **{
                f"c{c.pk}": Count(
                    "pk", filter=Q(question_id=c.question_id, answer_key__contains=f",{c.pk},")
                )
                for c in choices
            }
        )
    typed = {}
    typed_ids = [
        p.question_id for p in placements if p.question.type in (scoring.SHORT, scoring.NUMERIC)
    ]
    if typed_ids:
        rows = (
            responses.filter(question_id__in=typed_ids)
            .exclude(answer_key="")
            .values("question_id", "answer_key")
            .annotate(n=Count("pk"), right=Avg("credit"))
            .order_by("-n", "answer_key")
        )
        for row in rows:
            typed.setdefault(row["question_id"], []).append(
                (row["answer_key"], row["n"], (row["right"] or 0) >= 1)
            )
    analysis = []
    for placement in placements:
        row = aggregates.get(placement.question_id, {})
        question = placement.question
        facility = row.get("facility")
        discrimination = None
        if row.get("upper") is not None and row.get("lower") is not None:
            discrimination = float(row["upper"]) - float(row["lower"])
        if question.type in scoring.CHOICE_TYPES:
            distribution = [
                (c.text, choice_counts.get(f"c{c.pk}", 0), c.is_correct)
                for c in question.choices.all()
            ]
        else:
            distribution = typed.get(question.pk, [])[:8]
        analysis.append(
            QuestionAnalysis(
                placement=placement,
                responses=row.get("n", 0),
                facility=None if facility is None else float(facility),
                discrimination=discrimination,
                distribution=distribution,
            )
        )
    return total, analysis
