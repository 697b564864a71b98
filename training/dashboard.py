"""Dashboard sections: the learner's due dates (first) and the coordinator's card."""

from __future__ import annotations

from academy.permissions import is_coordinator

from .programme import can_view
from .selectors import due_for


def due_dates(request) -> dict:
    return {"due": due_for(request.user)}


def coordinator_card(request) -> dict:
    return {
        "coordinator": is_coordinator(request.user),
        "funder": can_view(request.user),
    }
