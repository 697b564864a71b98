"""The dashboard's "Due dates" section: assigned training, soonest first."""

from __future__ import annotations

from .selectors import due_for


def due_dates(request) -> dict:
    return {"due": due_for(request.user)}
