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
    "single",
    "multiple",
    "true_false",
    "short",
    "numeric",
    "matching",
    "ordering",
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
    """An answer that does not fit its question (a foreign choice id, a malformed value).

    ``reason`` says which rule was broken, so that the caller can explain it:
    "choice" (not one of the shown choices or malformed), "duplicate_rank" (two items of
    an ordering question share a position), "duplicate_match" (one answer of a matching
    question used twice), "number" (not a finite number of sensible size), "text" (too long).
    """

    def __init__(self, question_id=None, reason: str = "choice"):
        super().__init__(question_id, reason)
        self.question_id = question_id
        self.reason = reason


# Bounds on what a learner can type. A short answer is compared with the trainer's
# options, a number with the expected value: nothing longer has a use, and huge
# values cost CPU (Decimal arithmetic on 5,000 digits) and storage.
MAX_TEXT_LENGTH = 500
MAX_NUMBER_LENGTH = 40
MAX_NUMBER_EXPONENT = 30


def normalise_text(
    text: str, *, ignore_case: bool, ignore_spacing: bool, ignore_diacritics: bool
) -> str:
    text = unicodedata.normalize("NFC", text or "").strip()
    if ignore_spacing:
        text = " ".join(text.split())
    if ignore_case:
        text = text.casefold()
    if ignore_diacritics:
        text = text.translate(_POLISH_EXTRA)
        text = "".join(
            c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)
        )
    return text


def parse_number(text) -> Decimal | None:
    """A number typed by a learner: accepts a decimal comma and spaces between thousands.

    None for anything that is not a finite number of at most MAX_NUMBER_LENGTH
    characters with an exponent within ±MAX_NUMBER_EXPONENT (so NaN, ``-1e999`` and
    5,000-digit strings are not numbers)."""
    if text is None:
        return None
    cleaned = str(text).strip().replace("\u00a0", "").replace(" ", "").replace(",", ".")
    if not cleaned or len(cleaned) > MAX_NUMBER_LENGTH or not cleaned.isascii():
        return None
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    if not value.is_finite() or (value and abs(value.adjusted()) > MAX_NUMBER_EXPONENT):
        return None
    return value


def clean_text(text: str) -> str:
    """Typed text as stored: NFC, without control characters (NUL included) or lone
    surrogates, surrounding spaces stripped."""
    text = "".join(
        " " if char in "\t\n\r" else char
        for char in text
        if char in "\t\n\r" or unicodedata.category(char) not in ("Cc", "Cs")
    )
    return unicodedata.normalize("NFC", text).strip()


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
        chosen = [_as_int(v) for v in value.values()]
        # Each answer belongs to one prompt: an answer given to several prompts earns
        # nothing for any of them (else "the same answer everywhere" scores 1/n free).
        reused = {c for c in chosen if c is not None and chosen.count(c) > 1}
        right = sum(
            1
            for c in question.choices
            if _as_int(value.get(str(c.id))) == c.id and c.id not in reused
        )
        return _clamp(Decimal(right) / len(question.choices))
    if kind == ORDERING:
        if not isinstance(value, list) or not question.choices:
            return ZERO
        expected = [c.id for c in sorted(question.choices, key=lambda c: (c.position, c.id))]
        given = [_as_int(v) for v in value]
        placed = [v for v in given if v is not None]
        # Ranks must be a permutation: a stored order that names an item twice or has
        # more places than items was not made by our form, and scores nothing.
        if len(given) > len(expected) or len(placed) != len(set(placed)):
            return ZERO
        right = sum(
            1
            for index, choice_id in enumerate(expected)
            if index < len(given) and given[index] == choice_id
        )
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
        if not isinstance(raw, str):
            raise InvalidAnswer(question.id)
        text = clean_text(raw)
        if kind == SHORT and len(text) > MAX_TEXT_LENGTH:
            raise InvalidAnswer(question.id, "text")
        if kind == NUMERIC and text and parse_number(text) is None:
            raise InvalidAnswer(question.id, "number")
        return text or None
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
        if len(set(cleaned.values())) != len(cleaned):
            raise InvalidAnswer(question.id, "duplicate_match")
        return cleaned or None
    if kind == ORDERING:
        # raw: {choice id: position typed/selected by the learner}. The positions must
        # be distinct and within 1..n: choice ids follow the trainer's order, so any
        # tie-break between equal ranks would reveal the answer.
        if not isinstance(raw, Mapping):
            raise InvalidAnswer(question.id)
        places: list[int | None] = [None] * len(allowed)
        for choice, rank in raw.items():
            choice_id, number = _as_int(choice), _as_int(rank)
            if choice_id not in allowed:
                raise InvalidAnswer(question.id)
            if number is None:
                if rank not in (None, ""):
                    raise InvalidAnswer(question.id)
                continue
            if not 1 <= number <= len(places):
                raise InvalidAnswer(question.id)
            if places[number - 1] is not None:
                raise InvalidAnswer(question.id, "duplicate_rank")
            places[number - 1] = choice_id
        if all(place is None for place in places):
            return None
        # Unranked places stay None (a half-finished answer can be saved and resumed).
        while places and places[-1] is None:
            places.pop()
        return places
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
            value,
            ignore_case=question.ignore_case,
            ignore_spacing=question.ignore_spacing,
            ignore_diacritics=question.ignore_diacritics,
        )[:255]
    if question.type == NUMERIC:
        number = parse_number(value)
        return str(number.normalize()) if number is not None else str(value)[:255]
    return ""
