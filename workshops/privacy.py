"""The personal data ``workshops`` holds (see privacy/registry.py)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from privacy.registry import LegalBasis, PersonalData, register

from .models import Booking, BookingEvent, CalendarToken, Feedback, Workshop


def export_bookings(user) -> list[dict]:
    return [
        {
            "workshop": b.session.workshop.title,
            "session": str(b.session),
            "organisation": b.organisation.name if b.organisation_id else None,
            "starts_at": b.session.starts_at.isoformat() if b.session.starts_at else None,
            "status": b.status,
            "seat": b.seat,
            "attendance": b.attendance,
            "minutes": b.minutes,
            "late_cancellation": b.late_cancellation,
            "created_at": b.created_at.isoformat(),
            "history": [
                {"status": e.status, "reason": e.reason, "at": e.at.isoformat()}
                for e in b.events.all()
            ],
            "segments": [
                {
                    "source": s.source,
                    "joined_at": s.joined_at.isoformat(),
                    "left_at": s.left_at.isoformat() if s.left_at else None,
                }
                for s in b.segments.all()
            ],
        }
        for b in Booking.objects.filter(user=user)
        .select_related("session__workshop", "organisation")
        .prefetch_related("events", "segments")
    ]


def erase_bookings(user) -> None:
    """Bookings go (with their history, evidence and feedback): seat counts of past
    sessions are not kept per person; feedback ratings stay anonymous in aggregate only."""
    from .models import WebhookLog

    Feedback.objects.filter(booking__user=user).update(comment="")
    Booking.objects.filter(user=user).delete()
    # Raw meeting-platform deliveries may name the person (their email as the user id).
    WebhookLog.objects.filter(body__icontains=user.email).update(body="")


def export_events(user) -> list[dict]:
    return [
        {"booking": e.booking_id, "status": e.status, "reason": e.reason, "at": e.at.isoformat()}
        for e in BookingEvent.objects.filter(actor=user)
    ]


def erase_events(user) -> None:
    BookingEvent.objects.filter(actor=user).update(actor=None)


def export_token(user) -> list[dict]:
    return [
        # The feed's address is a secret: the export says it exists, not what it is.
        {"token": "(secret, not exported)", "created_at": t.created_at.isoformat()}
        for t in CalendarToken.objects.filter(user=user)
    ]


def erase_token(user) -> None:
    CalendarToken.objects.filter(user=user).delete()


def export_workshops(user) -> list[dict]:
    return [
        {"workshop": w.title, "created_at": w.created_at.isoformat()}
        for w in Workshop.objects.filter(created_by=user)
    ]


def erase_workshops(user) -> None:
    Workshop.objects.filter(created_by=user).update(created_by=None)


def export_trainer(user) -> list[dict]:
    from .models import Session

    return [
        {"session": str(s), "trainer": True}
        for s in Session.objects.filter(trainers=user).select_related("workshop")
    ]


def erase_trainer(user) -> None:
    user.workshop_sessions.clear()


register(
    PersonalData(
        model="workshops.Booking",
        user_fields=("user",),
        fields=("user", "organisation", "status", "attendance", "minutes"),
        purpose=_("Booking a seat in a live workshop and recording attendance"),
        legal_basis=LegalBasis.CONTRACT,
        retention=_("As long as the account exists; deleted on erasure"),
        export=export_bookings,
        erase=erase_bookings,
    )
)
register(
    PersonalData(
        model="workshops.BookingEvent",
        user_fields=("actor",),
        fields=("actor",),
        purpose=_("Who changed a booking (audit trail)"),
        legal_basis=LegalBasis.LEGITIMATE_INTEREST,
        retention=_("As long as the booking exists; the author is removed on erasure"),
        export=export_events,
        erase=erase_events,
    )
)
register(
    PersonalData(
        model="workshops.CalendarToken",
        user_fields=("user",),
        fields=("token",),
        purpose=_("The personal calendar feed of booked workshops"),
        legal_basis=LegalBasis.CONTRACT,
        retention=_("Until revoked or the account is erased"),
        export=export_token,
        erase=erase_token,
    )
)
register(
    PersonalData(
        model="workshops.Workshop",
        user_fields=("created_by",),
        fields=("created_by",),
        purpose=_("Who created a workshop"),
        legal_basis=LegalBasis.LEGITIMATE_INTEREST,
        retention=_("As long as the workshop exists; removed on erasure"),
        export=export_workshops,
        erase=erase_workshops,
    )
)
register(
    PersonalData(
        model="workshops.Session",
        user_fields=("trainers",),
        fields=("trainers",),
        purpose=_("The trainers who run a workshop session"),
        legal_basis=LegalBasis.LEGITIMATE_INTEREST,
        retention=_("As long as the session exists; removed on erasure"),
        export=export_trainer,
        erase=erase_trainer,
    )
)


def export_holds(user) -> list[dict]:
    from .models import SeatHold

    return [
        {"session": str(h.session), "seats": h.seats, "created_at": h.created_at.isoformat()}
        for h in SeatHold.objects.filter(held_by=user).select_related("session__workshop")
    ]


def erase_holds(user) -> None:
    from .models import SeatHold

    SeatHold.objects.filter(held_by=user).update(held_by=None)


register(
    PersonalData(
        model="workshops.SeatHold",
        user_fields=("held_by",),
        fields=("held_by",),
        purpose=_("Which coordinator held places for their organisation"),
        legal_basis=LegalBasis.LEGITIMATE_INTEREST,
        retention=_("As long as the hold exists; removed on erasure"),
        export=export_holds,
        erase=erase_holds,
    )
)
