"""Reads: the upcoming list, a workshop's sessions with seat counts and the user's
booking, the roll call. Query counts do not grow with sessions or participants."""

from __future__ import annotations

from datetime import date, datetime, time

from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.utils import timezone

from .models import WARSAW, Booking, Session, SessionBlock, Workshop, attending_filter
from .permissions import visible_workshops

S = Booking.Status
HELD = (S.BOOKED, S.OFFERED)


# Every list of sessions or blocks is ordered by start, then id. Spelled out on each
# query: an aggregate (GROUP BY) drops Meta.ordering, and PostgreSQL then returns rows
# in any order (the second day was listed first).
SESSION_ORDER = ("starts_at", "pk")


def with_counts(sessions):
    """Sessions with seat counts, in SESSION_ORDER."""
    return sessions.annotate(
        room_taken=Count(
            "bookings", filter=Q(bookings__seat=Booking.Seat.ROOM, bookings__status__in=HELD)
        ),
        online_taken=Count(
            "bookings",
            filter=Q(bookings__seat=Booking.Seat.ONLINE, bookings__status__in=HELD)
            | Q(bookings__online_meanwhile=True, bookings__status__in=(S.WAITLISTED, S.OFFERED)),
        ),
        waiting=Count("bookings", filter=Q(bookings__status=S.WAITLISTED)),
    ).order_by(*SESSION_ORDER)


def workshop_for_item(item) -> Workshop | None:
    return Workshop.objects.filter(item_id=item.pk).first()


def sessions_for_user(workshop: Workshop, user) -> list[Session]:
    """The workshop's sessions with blocks, seat counts and ``my_booking`` (three queries)."""
    sessions = list(
        with_counts(Session.objects.filter(workshop=workshop)).prefetch_related(
            Prefetch("blocks", queryset=SessionBlock.objects.order_by(*SESSION_ORDER))
        )
    )
    mine = {}
    if user.is_authenticated:
        mine = {b.session_id: b for b in Booking.objects.filter(session__in=sessions, user=user)}
    # Places organisations hold and have not booked are not free for others (two queries).
    from .booking import unused_holds
    from .models import SeatHold

    membership = None
    if user.is_authenticated:
        from academy.models import Membership

        membership = (
            Membership.objects.filter(user=user)
            .approved()
            .values_list("organisation_id", flat=True)
            .first()
        )
    holds = list(SeatHold.objects.filter(session__in=sessions))
    unused = unused_holds(holds, exclude_organisation=membership)
    coordinated = set()
    if user.is_authenticated and getattr(user, "is_coordinator", False):
        from academy.models import Membership

        coordinated = set(
            Membership.objects.filter(
                user=user, role=Membership.Role.COORDINATOR, status=Membership.Status.APPROVED
            ).values_list("organisation_id", flat=True)
        )
    now = timezone.now()
    for session in sessions:
        session.room_taken += unused.get((session.pk, Booking.Seat.ROOM), 0)
        session.online_taken += unused.get((session.pk, Booking.Seat.ONLINE), 0)
        session.my_holds = [
            h for h in holds if h.session_id == session.pk and h.organisation_id in coordinated
        ]
        session.my_booking = mine.get(session.pk)
        session.room_free = (
            max(session.room_capacity - session.room_taken, 0) if session.has_room else 0
        )
        session.online_free = (
            max(session.online_capacity - session.online_taken, 0) if session.has_online else 0
        )
        own = session.my_booking
        online_now = own is not None and (
            (own.status == S.BOOKED and own.seat == Booking.Seat.ONLINE)
            or (own.online_meanwhile and own.status in (S.WAITLISTED, S.OFFERED))
        )
        session.show_link = bool(
            online_now
            and session.meeting_url
            and session.starts_at
            and now >= session.starts_at - timezone.timedelta(hours=24)
            and (session.ends_at is None or now <= session.ends_at)
        )
        session.is_past = bool(session.ends_at and session.ends_at < now)
        session.can_meanwhile = bool(
            own is not None
            and own.status == S.WAITLISTED
            and own.seat == Booking.Seat.ROOM
            and not own.online_meanwhile
            and session.mode == Session.Mode.HYBRID
            and session.online_free > 0
        )
        session.bookable = not session.is_cancelled and bool(
            session.starts_at and session.starts_at > now
        )
    return sessions


def upcoming(
    user,
    *,
    voivodeship: str = "",
    mode: str = "",
    day_from: date | None = None,
    day_to: date | None = None,
):
    """Workshops with a session not cancelled that starts from ``day_from`` (today by
    default) — filtered by voivodeship, mode and dates (Warsaw days)."""
    start = datetime.combine(day_from, time.min, tzinfo=WARSAW) if day_from else timezone.now()
    sessions = Session.objects.filter(cancelled_at__isnull=True, starts_at__gte=start)
    if day_to:
        sessions = sessions.filter(starts_at__lt=datetime.combine(day_to, time.max, tzinfo=WARSAW))
    if mode:
        sessions = sessions.filter(mode=mode)
    workshops = visible_workshops(user).filter(Exists(sessions.filter(workshop=OuterRef("pk"))))
    if voivodeship:
        workshops = workshops.filter(voivodeship=voivodeship)
    return (
        workshops.select_related("item__course")
        .prefetch_related(
            Prefetch(
                "sessions",
                queryset=sessions.order_by(*SESSION_ORDER),
                to_attr="upcoming_sessions",
            )
        )
        .order_by("title", "pk")
    )


def rollcall(session: Session) -> list[Booking]:
    """The roll call's rows: one query whatever the number of participants."""
    return list(
        Booking.objects.filter(attending_filter(), session=session)
        .select_related("user", "organisation")
        .order_by("user__full_name", "user__email", "pk")
    )


def session_bookings(session: Session) -> list[Booking]:
    return list(
        Booking.objects.filter(session=session)
        .select_related("user", "organisation")
        .order_by("status", "waiting_since", "created_at", "pk")
    )
