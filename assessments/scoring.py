"""Scoring: pure functions over plain data. No ORM, no request.

``score_attempt(questions, answers)`` takes ``QuestionData`` (built once from the
database by the caller) and the learner's stored answers, and returns the credit of
each question and the attempt's total. It can be benchmarked on its own.

Answer values (as stored in ``Response.value``):

- single, true/false: a choice id (int)
- multiple: a list of choice ids
- short: the typed text; numeric: the typed number as text
- matching: {"<prompt choice id>": chosen choice id} — the learner pairs each prompt
  with one of the shown answers; the pair is right when both are the same choice
- ordering: a list of choice ids in the learner's order
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from courses.grading import grade_attempts

ZERO = Decimal(0)
ONE = Decimal(1)
FRACTION = Decimal("0.00001")

SINGLE, MULTIPLE, TRUE_FALSE, SHORT, NUMERIC, MATCHING, ORDERING = (
    "single", "multiple", "true_false", "short", "numeric", "matching", "ordering",
)
CHOICE_TYPES = {SINGLE, MULTIPLE, TRUE_FALSE}

# Letters NFKD does not decompose into base + combining mark.
_POLISH_EXTRA = str.maketrans({"ł": "l", "Ł": "L"})


@dataclass(frozen=True)
class ChoiceData:
    id: int
    text: str = ""
    is_correct: bool = False
    match_text: str = ""
    position: int = 0


@dataclass(frozen=True)
class QuestionData:
    id: int
    type: str
    points: Decimal = ONE
    choices: tuple[ChoiceData, ...] = ()
    partial: bool = False  # multiple choice: partial credit with penalties
    ignore_case: bool = True
    ignore_spacing: bool = True
    ignore_diacritics: bool = False
    numeric_answer: Decimal | None = None
    tolerance: Decimal = ZERO

    @property
    def choice_ids(self) -> frozenset[int]:
        return frozenset(choice.id for choice in self.choices)


@dataclass
class AttemptScore:
    points: Decimal
    max_points: Decimal
    credits: dict[int, Decimal] = field(default_factory=dict)  # question id -> 0..1

    @property
    def fraction(self) -> Decimal:
        if self.max_points <= 0:
            return ZERO
        return min(ONE, (self.points / self.max_points)).quantize(FRACTION)


class InvalidAnswer(ValueError):
    """An answer that does not fit its question (a foreign choice id, a malformed value)."""


def normalise_text(text: str, *, ignore_case: bool, ignore_spacing: bool, ignore_diacritics: bool) -> str:
    text = unicodedata.normalize("NFC", text or "").strip()
    if ignore_spacing:
        text = " ".join(text.split())
    if ignore_case:
        text = text.casefold()
    if ignore_diacritics:
        text = text.translate(_POLISH_EXTRA)
        text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return text


def parse_number(text) -> Decimal | None:
    """A number typed by a learner: accepts a decimal comma and spaces between thousands."""
    if text is None:
        return None
    cleaned = str(text).strip().replace("\u00a0", "").replace(" ", "").replace(",", ".")
    if not cleaned:
        return None
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def _clamp(value: Decimal) -> Decimal:
    return min(max(value, ZERO), ONE).quantize(FRACTION)


def score_question(question: QuestionData, value) -> Decimal:
    """The credit (0..1) ``value`` earns on ``question``. Unanswered or malformed: 0."""
    if value is None or value == "" or value == [] or value == {}:
        return ZERO
    kind = question.type
    if kind in (SINGLE, TRUE_FALSE):
        correct = {c.id for c in question.choices if c.is_correct}
        return ONE if _as_int(value) in correct else ZERO
    if kind == MULTIPLE:
        return _score_multiple(question, value)
    if kind == SHORT:
        return _score_short(question, value)
    if kind == NUMERIC:
        number = parse_number(value)
        if number is None or question.numeric_answer is None:
            return ZERO
        return ONE if abs(number - question.numeric_answer) <= question.tolerance else ZERO
    if kind == MATCHING:
        if not isinstance(value, Mapping) or not question.choices:
            return ZERO
        right = sum(1 for c in question.choices if _as_int(value.get(str(c.id))) == c.id)
        return _clamp(Decimal(right) / len(question.choices))
    if kind == ORDERING:
        if not isinstance(value, list) or not question.choices:
            return ZERO
        expected = [c.id for c in sorted(question.choices, key=lambda c: (c.position, c.id))]
        given = [_as_int(v) for v in value]
        right = sum(1 for index, choice_id in enumerate(expected) if index < len(given) and given[index] == choice_id)
        return _clamp(Decimal(right) / len(expected))
    return ZERO


def _score_multiple(question: QuestionData, value) -> Decimal:
    if not isinstance(value, list):
        return ZERO
    chosen = {_as_int(v) for v in value}
    correct = {c.id for c in question.choices if c.is_correct}
    wrong = question.choice_ids - correct
    if not question.partial:
        return ONE if chosen == correct else ZERO
    if not correct:
        return ONE if not chosen else ZERO
    # Each right choice earns 1/k, each wrong choice costs 1/k (k = number of right
    # choices), so ticking everything never pays; the total never goes below 0.
    share = ONE / len(correct)
    earned = share * len(chosen & correct) - share * len(chosen & wrong)
    return _clamp(earned)


def _score_short(question: QuestionData, value) -> Decimal:
    if not isinstance(value, str):
        return ZERO
    options = {
        "ignore_case": question.ignore_case,
        "ignore_spacing": question.ignore_spacing,
        "ignore_diacritics": question.ignore_diacritics,
    }
    given = normalise_text(value, **options)
    if not given:
        return ZERO
    accepted = {normalise_text(c.text, **options) for c in question.choices}
    return ONE if given in accepted else ZERO


def _as_int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def score_attempt(questions: Iterable[QuestionData], answers: Mapping[int, object]) -> AttemptScore:
    """Score every question of an attempt. ``answers`` maps question id -> stored value."""
    result = AttemptScore(points=ZERO, max_points=ZERO)
    for question in questions:
        credit = score_question(question, answers.get(question.id))
        result.credits[question.id] = credit
        result.points += credit * question.points
        result.max_points += question.points
    return result


def final_grade(method: str, scores: list[Decimal]) -> Decimal | None:
    """The quiz grade from finished attempts' scores in the order taken."""
    return grade_attempts(scores, method)


def has_passed(grade: Decimal | None, pass_mark: int) -> bool:
    return grade is not None and grade * 100 >= pass_mark


# --- Validating what a learner sends -----------------------------------------------

def clean_answer(question: QuestionData, shown_choice_ids: list[int], raw):
    """Check a submitted value against the question as the learner saw it.

    Returns the value to store (None for "no answer"). Raises InvalidAnswer for a
    choice id that is not one of this question's shown choices, or a malformed value.
    """
    allowed = set(shown_choice_ids) or set(question.choice_ids)
    kind = question.type
    if raw in (None, "", [], {}):
        return None
    if kind in (SINGLE, TRUE_FALSE):
        choice_id = _as_int(raw)
        if choice_id not in allowed:
            raise InvalidAnswer(question.id)
        return choice_id
    if kind == MULTIPLE:
        ids = [_as_int(v) for v in (raw if isinstance(raw, list) else [raw])]
        if any(i not in allowed for i in ids):
            raise InvalidAnswer(question.id)
        return sorted(set(ids)) or None
    if kind in (SHORT, NUMERIC):
        if not isinstance(raw, str) or len(raw) > 500:
            raise InvalidAnswer(question.id)
        return raw.strip() or None
    if kind == MATCHING:
        if not isinstance(raw, Mapping):
            raise InvalidAnswer(question.id)
        cleaned = {}
        for prompt, chosen in raw.items():
            prompt_id, chosen_id = _as_int(prompt), _as_int(chosen)
            if prompt_id not in allowed:
                raise InvalidAnswer(question.id)
            if chosen in (None, ""):
                continue
            if chosen_id not in allowed:
                raise InvalidAnswer(question.id)
            cleaned[str(prompt_id)] = chosen_id
        return cleaned or None
    if kind == ORDERING:
        # raw: {choice id: position typed/selected by the learner}
        if not isinstance(raw, Mapping):
            raise InvalidAnswer(question.id)
        ranked = []
        for choice, rank in raw.items():
            choice_id, number = _as_int(choice), _as_int(rank)
            if choice_id not in allowed:
                raise InvalidAnswer(question.id)
            if number is None:
                if rank not in (None, ""):
                    raise InvalidAnswer(question.id)
                continue
            ranked.append((number, choice_id))
        if not ranked:
            return None
        return [choice_id for _rank, choice_id in sorted(ranked)]
    raise InvalidAnswer(question.id)


def answer_key(question: QuestionData, value) -> str:
    """The flat form stored for answer distributions (see Response.answer_key)."""
    if value is None:
        return ""
    if question.type in (SINGLE, TRUE_FALSE):
        return f",{value},"
    if question.type == MULTIPLE:
        return "," + ",".join(str(v) for v in value) + ","
    if question.type == SHORT:
        return normalise_text(
            value, ignore_case=question.ignore_case, ignore_spacing=question.ignore_spacing,
            ignore_diacritics=question.ignore_diacritics,
        )[:255]
    if question.type == NUMERIC:
        number = parse_number(value)
        return str(number.normalize()) if number is not None else str(value)[:255]
    return ""
