"""What the templates get for a question: plain rows built by the view, holding the
right answers and per-choice feedback *only* when the quiz's policy reveals them, so
that no template can leak them by mistake."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import scoring
from .answers import matching_options_key
from .models import Question, Quiz


@dataclass
class Row:
    token: str  # the value/field suffix sent back (choice id, or a position)
    text: str
    checked: bool = False
    value: str = ""  # matching: chosen option index; ordering: rank
    correct: bool | None = None  # None unless revealed
    feedback: str = ""  # only when revealed and the learner chose it
    right_answer: str = ""  # matching: the right answer's text, when revealed


@dataclass
class ShownQuestion:
    number: int
    question: Question
    type: str
    rows: list[Row] = field(default_factory=list)
    options: list[tuple[int, str]] = field(default_factory=list)  # matching answers
    text_value: str = ""
    answered: bool = False
    locked: bool = False
    revealed: bool = False  # feedback shown for this question
    reveal_correct: bool = False
    credit: Decimal | None = None
    points: Decimal | None = None
    max_points: Decimal | None = None
    general_feedback: str = ""
    accepted: list[str] = field(default_factory=list)  # short/numeric, when revealed
    correct_order: list[str] = field(default_factory=list)  # ordering, when revealed

    @property
    def field_name(self) -> str:
        return f"q-{self.question.pk}"

    @property
    def is_choice(self) -> bool:
        return self.type in scoring.CHOICE_TYPES

    @property
    def credit_percent(self) -> int | None:
        return None if self.credit is None else int(self.credit * 100)

    @property
    def rank_choices(self) -> list[int]:
        return list(range(1, len(self.rows) + 1))


def shown_questions(
    *, attempt, questions: dict, responses: dict, finished: bool, preview: bool = False
) -> list[ShownQuestion]:
    """Questions of ``attempt`` in its frozen order. Feedback and correct answers are
    included only for finished attempts (per policy) or answers checked with immediate
    feedback; ``preview`` (trainers) reveals everything."""
    quiz: Quiz = attempt.quiz
    shown = []
    for number, question_id in enumerate(attempt.question_ids, start=1):
        if question_id not in questions:
            continue
        question, data = questions[question_id]
        response = responses.get(question_id)
        value = response.value if response else None
        locked = bool(response and response.locked)
        reveal = preview or (
            quiz.feedback != Quiz.Feedback.NEVER
            and (finished or (locked and quiz.feedback == Quiz.Feedback.IMMEDIATE))
        )
        reveal_correct = preview or (reveal and quiz.show_correct_answers)
        order = attempt.choice_order.get(str(question_id)) or [c.id for c in data.choices]
        choices = {c.pk: c for c in question.choices.all()}
        item = ShownQuestion(
            number=number,
            question=question,
            type=question.type,
            locked=locked or finished,
            revealed=reveal,
            reveal_correct=reveal_correct,
            answered=value not in (None, "", [], {}),
            max_points=data.points,
        )
        if (
            reveal
            and (finished or locked or preview)
            and response is not None
            and response.credit is not None
        ):
            item.credit, item.points = response.credit, response.points
        elif reveal and finished and not preview:
            item.credit, item.points = Decimal(0), Decimal(0)  # unanswered
        if reveal:
            item.general_feedback = question.general_feedback
        if question.type in scoring.CHOICE_TYPES:
            chosen = set(value if isinstance(value, list) else [value] if value is not None else [])
            for choice_id in order:
                choice = choices.get(choice_id)
                if choice is None:
                    continue
                row = Row(token=str(choice.pk), text=choice.text, checked=choice.pk in chosen)
                if reveal_correct:
                    row.correct = choice.is_correct
                if reveal and (row.checked or preview):
                    row.feedback = choice.feedback
                item.rows.append(row)
        elif question.type in (Question.Type.SHORT, Question.Type.NUMERIC):
            item.text_value = value or ""
            if reveal_correct:
                item.accepted = (
                    [c.text for c in question.choices.all()]
                    if question.type == Question.Type.SHORT
                    else [_format_number(question.numeric_answer, question.tolerance)]
                )
        elif question.type == Question.Type.MATCHING:
            options = attempt.choice_order.get(matching_options_key(question_id)) or order
            index_of = {choice_id: index for index, choice_id in enumerate(options)}
            item.options = [
                (i, choices[c].match_text) for i, c in enumerate(options) if c in choices
            ]
            pairs = value if isinstance(value, dict) else {}
            for position, choice_id in enumerate(order):
                choice = choices.get(choice_id)
                if choice is None:
                    continue
                picked = pairs.get(str(choice_id))
                row = Row(
                    token=f"m{position}",
                    text=choice.text,
                    value="" if picked is None else str(index_of.get(picked, "")),
                )
                if reveal_correct:
                    row.correct = picked == choice_id
                    row.right_answer = choice.match_text
                item.rows.append(row)
        elif question.type == Question.Type.ORDERING:
            given = value if isinstance(value, list) else []
            rank = {choice_id: index for index, choice_id in enumerate(given, start=1)}
            for position, choice_id in enumerate(order):
                choice = choices.get(choice_id)
                if choice is None:
                    continue
                item.rows.append(
                    Row(token=f"o{position}", text=choice.text, value=str(rank.get(choice_id, "")))
                )
            if reveal_correct:
                item.correct_order = [
                    c.text for c in sorted(choices.values(), key=lambda c: (c.position, c.pk))
                ]
        shown.append(item)
    return shown


def _format_number(number, tolerance) -> str:
    if number is None:
        return ""
    text = f"{number.normalize():f}"
    if tolerance:
        text += f" ± {tolerance.normalize():f}"
    return text


def describe_rules(
    quiz: Quiz, *, question_count: int, extra_attempts: int = 0, extra_minutes: int = 0
) -> list[str]:
    """The quiz's rules in plain words for the start page."""
    rules = []
    drawn = min(quiz.draw_count, question_count) if quiz.draw_count else question_count
    rules.append(ngettext("%(count)d question.", "%(count)d questions.", drawn) % {"count": drawn})
    rules.append(_("You pass with at least %(mark)d%%.") % {"mark": quiz.pass_mark})
    grading = {
        Quiz.Grading.HIGHEST: _("Your best attempt counts."),
        Quiz.Grading.LAST: _("Your last attempt counts."),
        Quiz.Grading.FIRST: _("Only your first attempt counts."),
        Quiz.Grading.AVERAGE: _("The average of your attempts counts."),
    }[quiz.grading]
    if quiz.attempts_allowed is None:
        rules += [_("You may try as many times as you need."), grading]
    else:
        allowed = quiz.attempts_allowed + extra_attempts
        rules.append(
            ngettext("You have %(count)d attempt.", "You have %(count)d attempts.", allowed)
            % {"count": allowed}
        )
        if allowed > 1:
            rules.append(grading)
    if quiz.time_limit_minutes:
        minutes = quiz.time_limit_minutes + extra_minutes
        rules.append(
            ngettext(
                "You have %(count)d minute once you start; when time is up, the answers saved so far are submitted.",
                "You have %(count)d minutes once you start; when time is up, the answers saved so far are submitted.",
                minutes,
            )
            % {"count": minutes}
        )
    else:
        rules.append(_("There is no time limit. Your answers are saved as you go."))
    if quiz.wait_minutes:
        rules.append(
            ngettext(
                "Between attempts you wait at least %(count)d minute.",
                "Between attempts you wait at least %(count)d minutes.",
                quiz.wait_minutes,
            )
            % {"count": quiz.wait_minutes}
        )
    if quiz.closes_at:
        rules.append(
            _("The quiz closes on %(date)s.")
            % {"date": date_format(timezone.localtime(quiz.closes_at), "DATETIME_FORMAT")}
        )
    rules.append(
        {
            Quiz.Feedback.IMMEDIATE: _(
                "You can check each answer as you go; a checked answer cannot be changed."
            ),
            Quiz.Feedback.AFTER_SUBMIT: _("You see feedback on each question after you submit."),
            Quiz.Feedback.NEVER: _(
                "You see your score after you submit, without feedback on each question."
            ),
        }[quiz.feedback]
    )
    return rules
