"""Reading a learner's answers from a POST. Pure: no ORM, no request object.

Field names never carry anything that hints at the right answer: matching and
ordering fields use positions in the attempt's frozen, shuffled lists, because
choice ids follow the order a trainer typed them in (for ordering, the answer).

- ``q-<question>``: a choice id (single, true/false), repeated for multiple choice,
  or the typed text (short, numeric);
- ``q-<question>-m<i>``: the i-th shown prompt of a matching question; the value is
  the index of the chosen answer in the shown answers;
- ``q-<question>-o<i>``: the rank (1..n) the learner gave the i-th shown item;
- ``shown``: the question ids on the page, so that clearing an answer saves "no answer".
"""

from __future__ import annotations

from . import scoring


def matching_options_key(question_id: int) -> str:
    return f"{question_id}:options"


def answers_from_post(post, *, types: dict[int, str], choice_order: dict) -> dict[int, object]:
    """Raw answers {question id: value} ready for ``scoring.clean_answer``.

    Raises scoring.InvalidAnswer for malformed field names or positions out of range;
    question ids outside the attempt pass through so the service can refuse them.
    """
    answers: dict[int, object] = {}
    for raw_id in post.getlist("shown"):
        question_id = _int(raw_id)
        answers[question_id] = None
    for key in post:
        if not key.startswith("q-"):
            continue
        parts = key.split("-")
        question_id = _int(parts[1]) if len(parts) > 1 else None
        if question_id is None or len(parts) > 3:
            raise scoring.InvalidAnswer(key)
        kind = types.get(question_id)
        if len(parts) == 2:
            values = post.getlist(key)
            answers[question_id] = (
                values if kind == scoring.MULTIPLE else (values[-1] if values else None)
            )
            continue
        sub = parts[2]
        shown = choice_order.get(str(question_id), [])
        index = _int(sub[1:])
        if index is None or not 0 <= index < len(shown):
            raise scoring.InvalidAnswer(key)
        value = post.get(key, "")
        current = answers.get(question_id) or {}
        if sub[0] == "m" and kind == scoring.MATCHING:
            options = choice_order.get(matching_options_key(question_id), [])
            chosen = _int(value) if value != "" else None
            if value != "" and (chosen is None or not 0 <= chosen < len(options)):
                raise scoring.InvalidAnswer(key)
            current[str(shown[index])] = options[chosen] if chosen is not None else None
        elif sub[0] == "o" and kind == scoring.ORDERING:
            current[str(shown[index])] = value
        else:
            raise scoring.InvalidAnswer(key)
        answers[question_id] = current
    return answers


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
