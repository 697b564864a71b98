"""Quizzes: questions, attempts and how they are scored.

- **Quiz**: the detail of an ``Item`` of kind ``quiz`` — pass mark, attempts allowed,
  grading method, time limit, opening window, wait between attempts, shuffling,
  random draw, feedback policy and layout.
- **Question**: an entry in a trainer's *question bank*. It belongs to its author, not
  to a quiz, so one question can be used in several quizzes of several courses.
  **Choice** rows hold the options (single, multiple, true/false), the accepted
  answers (short answer), the pairs (matching: ``text`` ↔ ``match_text``) and the
  items in their correct order (ordering, by ``position``). Each choice may carry
  feedback shown after the answer is final.
- **QuizQuestion**: a question placed in a quiz, with its position and an optional
  points override.
- **Attempt**: one learner's try at a quiz. The questions drawn and the order of
  questions and choices are frozen when it starts; the deadline is computed on the
  server. An attempt is *open* until submitted or until it expires (closed on the
  next request after the deadline).
- **Response**: the learner's stored answer to one question in an attempt, autosaved;
  after submission it carries the credit the scoring gave it.
- **QuizOverride**: extra attempts or extra minutes a trainer granted one learner.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from courses.models import Enrollment, Item


class Tag(models.Model):
    name = models.CharField(_("name"), max_length=60, unique=True)

    class Meta:
        verbose_name = _("question tag")
        verbose_name_plural = _("question tags")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Quiz(models.Model):
    class Grading(models.TextChoices):
        HIGHEST = "highest", _("Highest grade")
        LAST = "last", _("Last attempt")
        FIRST = "first", _("First attempt")
        AVERAGE = "average", _("Average of all attempts")

    class Feedback(models.TextChoices):
        IMMEDIATE = "immediate", _("After each question")
        AFTER_SUBMIT = "after_submit", _("After the attempt is submitted")
        NEVER = "never", _("Never")

    class Layout(models.TextChoices):
        ALL = "all", _("All questions on one page")
        ONE = "one", _("One question per page")

    item = models.OneToOneField(
        Item,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="quiz",
        verbose_name=_("step"),
    )
    introduction = models.TextField(_("introduction"), blank=True)
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (%)"), default=70, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    attempts_allowed = models.PositiveSmallIntegerField(
        _("attempts allowed"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Leave empty for unlimited attempts."),
    )
    grading = models.CharField(
        _("grading method"), max_length=16, choices=Grading.choices, default=Grading.HIGHEST
    )
    time_limit_minutes = models.PositiveIntegerField(
        _("time limit (minutes)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Leave empty for no time limit."),
    )
    opens_at = models.DateTimeField(_("opens"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes"), null=True, blank=True)
    wait_minutes = models.PositiveIntegerField(
        _("minimum wait between attempts (minutes)"),
        default=0,
    )
    shuffle_questions = models.BooleanField(_("shuffle questions"), default=False)
    shuffle_choices = models.BooleanField(_("shuffle choices"), default=True)
    draw_count = models.PositiveSmallIntegerField(
        _("questions drawn per attempt"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_(
            "Leave empty to use every question. Otherwise each attempt draws this many at random."
        ),
    )
    draw_tag = models.ForeignKey(
        Tag,
        verbose_name=_("draw only questions tagged"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    feedback = models.CharField(
        _("feedback"), max_length=16, choices=Feedback.choices, default=Feedback.AFTER_SUBMIT
    )
    show_correct_answers = models.BooleanField(
        _("show correct answers in the review"), default=True
    )
    layout = models.CharField(_("layout"), max_length=8, choices=Layout.choices, default=Layout.ALL)
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated"))

    class Meta:
        verbose_name = _("quiz")
        verbose_name_plural = _("quizzes")
        constraints = [
            models.CheckConstraint(condition=Q(pass_mark__lte=100), name="quiz_pass_mark_max_100"),
            models.CheckConstraint(
                condition=Q(opens_at__isnull=True)
                | Q(closes_at__isnull=True)
                | Q(closes_at__gt=models.F("opens_at")),
                name="quiz_window_order",
            ),
        ]

    def __str__(self) -> str:
        return self.item.title


class Question(models.Model):
    class Type(models.TextChoices):
        SINGLE = "single", _("Single choice")
        MULTIPLE = "multiple", _("Multiple choice")
        TRUE_FALSE = "true_false", _("True or false")
        SHORT = "short", _("Short answer")
        NUMERIC = "numeric", _("Numeric")
        MATCHING = "matching", _("Matching")
        ORDERING = "ordering", _("Ordering")

    class MultipleScoring(models.TextChoices):
        ALL_OR_NOTHING = "all", _("All or nothing")
        PARTIAL = "partial", _("Partial credit, with a penalty for wrong choices")

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="quiz_questions",
    )
    type = models.CharField(_("type"), max_length=16, choices=Type.choices)
    text = models.TextField(_("question"))
    points = models.DecimalField(
        _("points"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("1"),
        validators=[MinValueValidator(0)],
    )
    general_feedback = models.TextField(_("general feedback"), blank=True)
    tags = models.ManyToManyField(Tag, verbose_name=_("tags"), blank=True, related_name="questions")
    multiple_scoring = models.CharField(
        _("scoring"),
        max_length=8,
        choices=MultipleScoring.choices,
        default=MultipleScoring.ALL_OR_NOTHING,
    )
    ignore_case = models.BooleanField(_("ignore upper and lower case"), default=True)
    ignore_spacing = models.BooleanField(_("ignore extra spaces"), default=True)
    ignore_diacritics = models.BooleanField(
        _("ignore Polish diacritics (ą = a, ł = l …)"), default=False
    )
    numeric_answer = models.DecimalField(
        _("correct number"), max_digits=16, decimal_places=6, null=True, blank=True
    )
    tolerance = models.DecimalField(
        _("tolerance (±)"),
        max_digits=16,
        decimal_places=6,
        default=Decimal("0"),
        validators=[MinValueValidator(0)],
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated"))

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["-updated_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(points__gte=0), name="question_points_not_negative"),
            models.CheckConstraint(
                condition=Q(tolerance__gte=0), name="question_tolerance_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]


class Choice(models.Model):
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="choices", verbose_name=_("question")
    )
    text = models.CharField(_("text"), max_length=500)
    is_correct = models.BooleanField(_("correct"), default=False)
    match_text = models.CharField(_("matching answer"), max_length=500, blank=True)
    feedback = models.CharField(_("feedback for this choice"), max_length=1000, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("choice")
        verbose_name_plural = _("choices")
        ordering = ["question", "position", "pk"]

    def __str__(self) -> str:
        return self.text


class QuizQuestion(models.Model):
    quiz = models.ForeignKey(
        Quiz, on_delete=models.CASCADE, related_name="placements", verbose_name=_("quiz")
    )
    question = models.ForeignKey(
        Question, on_delete=models.PROTECT, related_name="placements", verbose_name=_("question")
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    points = models.DecimalField(
        _("points in this quiz"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Leave empty to use the question's points."),
    )

    class Meta:
        verbose_name = _("question in a quiz")
        verbose_name_plural = _("questions in quizzes")
        ordering = ["quiz", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["quiz", "question"], name="quizquestion_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.quiz} / {self.question}"

    @property
    def effective_points(self) -> Decimal:
        return self.points if self.points is not None else self.question.points


class AttemptQuerySet(models.QuerySet):
    def finished(self):
        return self.exclude(state=Attempt.State.OPEN)


class Attempt(models.Model):
    class State(models.TextChoices):
        OPEN = "open", _("In progress")
        SUBMITTED = "submitted", _("Submitted")
        EXPIRED = "expired", _("Closed when time ran out")

    quiz = models.ForeignKey(
        Quiz, on_delete=models.CASCADE, related_name="attempts", verbose_name=_("quiz")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="quiz_attempts",
        verbose_name=_("user"),
    )
    enrollment = models.ForeignKey(
        Enrollment,
        on_delete=models.CASCADE,
        related_name="quiz_attempts",
        verbose_name=_("enrolment"),
    )
    number = models.PositiveSmallIntegerField(_("attempt"))
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.OPEN)
    # Frozen at start: question ids in the order shown, and each question's choice ids
    # in the order shown ({"<question id>": [choice ids]}).
    question_ids = models.JSONField(default=list, verbose_name=_("questions drawn"))
    choice_order = models.JSONField(default=dict, verbose_name=_("order of choices"))
    started_at = models.DateTimeField(_("started"))
    deadline = models.DateTimeField(_("deadline"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    points = models.DecimalField(_("points"), max_digits=9, decimal_places=3, null=True, blank=True)
    max_points = models.DecimalField(
        _("maximum points"), max_digits=9, decimal_places=3, null=True, blank=True
    )
    # The grade as a fraction 0..1.
    score = models.DecimalField(_("score"), max_digits=6, decimal_places=5, null=True, blank=True)
    passed = models.BooleanField(_("passed"), null=True, blank=True)

    objects = AttemptQuerySet.as_manager()

    class Meta:
        verbose_name = _("attempt")
        verbose_name_plural = _("attempts")
        ordering = ["quiz", "user", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["quiz", "user"],
                condition=Q(state="open"),
                name="attempt_one_open_per_learner",
            ),
            models.UniqueConstraint(
                fields=["quiz", "user", "number"], name="attempt_unique_number"
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | (Q(score__gte=0) & Q(score__lte=1)),
                name="attempt_score_fraction",
            ),
            models.CheckConstraint(
                condition=Q(state="open") | Q(submitted_at__isnull=False),
                name="attempt_finished_has_date",
            ),
        ]
        indexes = [models.Index(fields=["quiz", "state", "score"])]

    def __str__(self) -> str:
        return f"{self.user} / {self.quiz} #{self.number}"

    @property
    def is_open(self) -> bool:
        return self.state == self.State.OPEN

    @property
    def percent(self) -> int | None:
        return (
            None
            if self.score is None
            else int((self.score * 100).to_integral_value(rounding="ROUND_HALF_UP"))
        )


class Response(models.Model):
    attempt = models.ForeignKey(
        Attempt, on_delete=models.CASCADE, related_name="responses", verbose_name=_("attempt")
    )
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="responses", verbose_name=_("question")
    )
    value = models.JSONField(null=True, blank=True, verbose_name=_("answer"))
    # A flat form of the answer for aggregate answer distributions: ",12,15," for
    # chosen choice ids, the typed text for short and numeric answers.
    answer_key = models.CharField(
        max_length=255, blank=True, db_index=False, verbose_name=_("answer key")
    )
    saved_at = models.DateTimeField(verbose_name=_("saved"))
    # Set when the answer is final (checked with immediate feedback, or at submission).
    locked = models.BooleanField(default=False, verbose_name=_("locked"))
    credit = models.DecimalField(
        max_digits=6,
        decimal_places=5,
        null=True,
        blank=True,
        verbose_name=_("credit (share of the points)"),
    )
    points = models.DecimalField(
        max_digits=9, decimal_places=3, null=True, blank=True, verbose_name=_("points")
    )

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        constraints = [
            models.UniqueConstraint(fields=["attempt", "question"], name="response_unique"),
            models.CheckConstraint(
                condition=Q(credit__isnull=True) | (Q(credit__gte=0) & Q(credit__lte=1)),
                name="response_credit_fraction",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.attempt} / {self.question_id}"


class QuizOverride(models.Model):
    quiz = models.ForeignKey(
        Quiz, on_delete=models.CASCADE, related_name="overrides", verbose_name=_("quiz")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="quiz_overrides",
        verbose_name=_("user"),
    )
    extra_attempts = models.PositiveSmallIntegerField(_("extra attempts"), default=0)
    extra_minutes = models.PositiveIntegerField(_("extra minutes per attempt"), default=0)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("granted by"),
    )
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated"))

    class Meta:
        verbose_name = _("quiz exception")
        verbose_name_plural = _("quiz exceptions")
        constraints = [models.UniqueConstraint(fields=["quiz", "user"], name="quizoverride_unique")]

    def __str__(self) -> str:
        return f"{self.user} / {self.quiz}"
