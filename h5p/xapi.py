"""Reading xAPI statements and grading attempts: pure computation, no ORM.

Clients control everything in a statement, so only the fields we need are read, each
typed and bounded, and the scaled score is recomputed as ``raw / max`` and clamped.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from courses.grading import grade_attempts

ATTEMPT_VERBS = {"answered", "completed"}
STORED_VERBS = ATTEMPT_VERBS | {"passed", "failed", "progressed"}
MAX_SCORE = Decimal("9999999")


class StatementError(ValueError):
    """The statement is not an object we can read."""


@dataclass(frozen=True)
class ParsedStatement:
    verb: str
    object_id: str
    description: str
    interaction_type: str
    response: str
    raw: Decimal | None
    max: Decimal | None
    scaled: Decimal | None
    success: bool | None
    completion: bool | None
    duration: str
    is_child: bool

    @property
    def opens_attempt(self) -> bool:
        return not self.is_child and self.verb in ATTEMPT_VERBS


def _number(value) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    if not number.is_finite():
        return None
    return max(min(number, MAX_SCORE), -MAX_SCORE).quantize(Decimal("0.01"))


def _bool(value) -> bool | None:
    return value if isinstance(value, bool) else None


def _text(value, limit: int) -> str:
    if isinstance(value, dict):  # a language map: prefer English, else the first entry
        value = value.get("en-US") or value.get("en") or next(iter(value.values()), "")
    return value[:limit] if isinstance(value, str) else ""


def scaled_score(raw: Decimal | None, maximum: Decimal | None) -> Decimal | None:
    if raw is None or maximum is None or maximum <= 0:
        return None
    return min(max(raw / maximum, Decimal(0)), Decimal(1)).quantize(Decimal("0.00001"))


def parse_statement(statement) -> ParsedStatement:
    if not isinstance(statement, dict):
        raise StatementError("not an object")
    verb_id = _text(
        (statement.get("verb") or {}).get("id") if isinstance(statement.get("verb"), dict) else "",
        200,
    )
    verb = verb_id.rstrip("/").rsplit("/", 1)[-1]
    if not verb:
        raise StatementError("no verb")
    target = statement.get("object") if isinstance(statement.get("object"), dict) else {}
    definition = target.get("definition") if isinstance(target.get("definition"), dict) else {}
    result = statement.get("result") if isinstance(statement.get("result"), dict) else {}
    score = result.get("score") if isinstance(result.get("score"), dict) else {}
    context = statement.get("context") if isinstance(statement.get("context"), dict) else {}
    activities = (
        context.get("contextActivities")
        if isinstance(context.get("contextActivities"), dict)
        else {}
    )
    parent = activities.get("parent")
    raw, maximum = _number(score.get("raw")), _number(score.get("max"))
    return ParsedStatement(
        verb=verb[:40],
        object_id=_text(target.get("id"), 500),
        description=_text(definition.get("description") or definition.get("name") or "", 500),
        interaction_type=_text(definition.get("interactionType"), 40),
        response=_text(result.get("response"), 2000),
        raw=raw,
        max=maximum,
        scaled=scaled_score(raw, maximum),
        success=_bool(result.get("success")),
        completion=_bool(result.get("completion")),
        duration=_text(result.get("duration"), 40),
        is_child=bool(parent) and isinstance(parent, list),
    )


def grade(scores: list[Decimal], method: str) -> Decimal | None:
    """The activity's grade from the attempts' scaled scores in attempt order."""
    return grade_attempts(scores, method)
