"""Attended workshops on the training record ("karta szkoleń", training.record): one row
per attended or partly attended session, with the minutes counted from its attendance."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from .models import Booking


def attended_sessions(user) -> list:
    from training.record import HOURS, RecordRow

    bookings = (
        Booking.objects.filter(
            user=user, status__in=(Booking.Status.ATTENDED, Booking.Status.PARTLY)
        )
        .select_related("session__workshop")
        .only("minutes", "session__starts_at", "session__title", "session__workshop__title")
        .order_by("session__starts_at", "pk")
    )
    rows = []
    for booking in bookings:
        session = booking.session
        title = session.workshop.title
        if session.title:
            title = f"{title}: {session.title}"
        hours = (Decimal(booking.minutes) / 60).quantize(HOURS) if booking.minutes else None
        day = session.starts_at.date() if session.starts_at else None
        rows.append(RecordRow(title=title, completed_on=day, hours=hours))
    return rows


def register() -> None:
    from training.record import RecordSection, register_section

    register_section(
        RecordSection(
            key="workshops", title=_("Workshops attended"), rows=attended_sessions, order=30
        )
    )
