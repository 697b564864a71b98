"""Verification codes and register numbers (pure functions, no database).

A verification code is 140 random bits written in Crockford's base32 (no I, L, O, U),
shown in seven groups of four so it can be read over the phone and typed by hand.
Typed input is normalised: case, hyphens and spaces are ignored, I/L read as 1, O as 0.
"""

from __future__ import annotations

import re
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 28  # 28 symbols × 5 bits = 140 random bits
GROUP = 4
_CONFUSABLE = str.maketrans({"I": "1", "L": "1", "O": "0"})
_IGNORED = re.compile(r"[\s\-‐‑‒–—_.]+")
_VALID = re.compile(f"^[{ALPHABET}]{{{CODE_LENGTH}}}$")


def generate_code() -> str:
    """A new code in its stored form (28 symbols, no separators)."""
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(text: str) -> str | None:
    """The stored form of a code typed by a person, or None if it cannot be one."""
    cleaned = _IGNORED.sub("", (text or "").upper()).translate(_CONFUSABLE)
    return cleaned if _VALID.match(cleaned) else None


def format_code(code: str) -> str:
    """Grouped for people: ``7KQ2-M9XA-...``."""
    return "-".join(code[i : i + GROUP] for i in range(0, len(code), GROUP))


def format_number(year: int, sequence: int) -> str:
    return f"MA/{year}/{sequence:06d}"
