"""Input that PostgreSQL or a parser cannot take is refused at the door.

PostgreSQL text and JSONB cannot hold a NUL character, and no UTF-8 text holds a lone
surrogate: such values reach the database only to fail there with a 500. Python's JSON
parser recurses once per nesting level, so a 10,000-level document raises
RecursionError. This module says what is acceptable; ``BadInputMiddleware`` (query,
form and path) and the JSON endpoints and H5P package reader apply it, answering 400 or
a form error.
"""

from __future__ import annotations

import json
import re

MAX_JSON_DEPTH = 100  # H5P content nests perhaps 15 levels; xAPI statements fewer
MAX_QUERY_VALUE = 4096  # characters in one query-string value (search boxes, filters)

_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
_JSON_STRING = re.compile(r'"(?:\\.|[^"\\])*"', re.DOTALL)


class BadInput(ValueError):
    """Text or JSON the academy refuses to process."""


def unstorable(text: str) -> bool:
    """True for text with a NUL or a lone surrogate."""
    return bool(_UNSTORABLE.search(text))


def is_id(value: str) -> bool:
    """A database id as typed in a form or query: ASCII digits, at most 18 (a bigint).
    Unlike ``str.isdigit()``, refuses "²" (which int() cannot read) and 5,000 digits."""
    return value.isascii() and value.isdigit() and len(value) <= 18


def json_depth(text: str) -> int:
    """The deepest nesting of ``[``/``{`` in a JSON text, counted without recursion."""
    depth = deepest = 0
    for char in _JSON_STRING.sub("", text):
        if char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest


def loads(data: str | bytes, *, max_depth: int = MAX_JSON_DEPTH):
    """``json.loads`` that raises BadInput for invalid JSON, nesting deeper than
    ``max_depth``, and keys or strings with a NUL or a lone surrogate."""
    try:
        text = data.decode("utf-8-sig") if isinstance(data, bytes) else data
    except UnicodeDecodeError as error:
        raise BadInput("not UTF-8") from error
    if json_depth(text) > max_depth:
        raise BadInput("nested too deeply")
    try:
        value = json.loads(text)
    except (ValueError, RecursionError) as error:
        raise BadInput("not JSON") from error
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if unstorable(item):
                raise BadInput("unstorable text")
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return value
