"""The workshops app's rows of the richly seeded person (tests/privacy/scenario.py on main
discovers this module): a booking with history, evidence, feedback, a webhook delivery
naming them, a calendar token, a held seat and a session they train."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from workshops import services
from workshops.models import (
    AttendanceSegment,
    Booking,
    BookingEvent,
    CalendarToken,
    Feedback,
    SeatHold,
    WebhookLog,
)


def seed(user, *, organisation, trainer, coordinator, course, enrollment):
    start = timezone.now() + timedelta(days=5)
    workshop = services.workshop_create(title=f"Warsztat {user.pk}", actor=user)
    session = services.session_create(
        workshop=workshop,
        blocks=[(start, start + timedelta(hours=2))],
        room_capacity=5,
        venue_address="ul. Długa 1",
        trainers=[user],
    )
    booking = Booking.objects.create(
        session=session, user=user, organisation=organisation, status=Booking.Status.ATTENDED
    )
    BookingEvent.objects.create(booking=booking, actor=user, status=Booking.Status.ATTENDED)
    AttendanceSegment.objects.create(
        booking=booking,
        source=AttendanceSegment.Source.CSV,
        joined_at=start,
        left_at=start + timedelta(hours=1),
        evidence={"row": [user.full_name, user.email]},
    )
    Feedback.objects.create(booking=booking, rating=5, comment=f"{user.full_name}: dziękuję")
    WebhookLog.objects.create(body=f'{{"external-user-id": "{user.email}"}}', accepted=True)
    CalendarToken.objects.create(user=user)
    SeatHold.objects.create(
        session=session, organisation=organisation, seat="room", seats=1, held_by=user
    )
