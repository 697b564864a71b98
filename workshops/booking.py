"""Seats: booking, the waiting list, offers, cancellations and capacity.

Every function that changes who holds a seat locks the session row first
(``select_for_update``) and counts seats under that lock, in one transaction, so two
people can never take the last seat and a cancellation racing a promotion promotes once.
(SQLite runs transactions as IMMEDIATE: writers wait for each other there too.)

Seats are held by bookings that are ``booked`` or ``offered``. When a seat frees up,
``_promote`` offers it to the first person waiting for that seat type (or books it for
them when they opted in to automatic booking); no promotion happens after the workshop's
cut-off before the start. Every status change writes a ``BookingEvent`` (who, when, why),
raises the booking's calendar ``sequence`` and, on commit, emails the participant (with an
iCalendar REQUEST or CANCEL where the calendar must change).

Errors are ``BookingError`` with a message for people (``CapacityError`` for capacity).
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.db.models import Count, Exists, Max, Min, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from academy.models import Membership

from .models import Booking, BookingEvent, SeatHold, Session, Workshop

S = Booking.Status


class BookingError(Exception):
    def __init__(self, message: str, code: str = "invalid"):
        super().__init__(message)
        self.message, self.code = message, code


class CapacityError(BookingError):
    pass


def _lock(session_id: int) -> Session:
    # of=("self",): lock the session row only, not its workshop's (PostgreSQL locks every
    # joined row otherwise, and bookings of a workshop's other sessions would queue too).
    return (
        Session.objects.select_for_update(of=("self",))
        .select_related("workshop")
        .get(pk=session_id)
    )


def _held_counts(session_ids, organisation_ids) -> dict:
    """{(session id, organisation id, seat): seats held by bookings}: one query."""
    rows = (
        Booking.objects.filter(
            session_id__in=session_ids,
            organisation_id__in=organisation_ids,
            status__in=(S.BOOKED, S.OFFERED),
        )
        .values_list("session_id", "organisation_id", "seat")
        .annotate(n=Count("pk"))
    )
    return {(sid, oid, seat): n for sid, oid, seat, n in rows}


def unused_holds(holds, *, exclude_organisation=None) -> dict[tuple[int, str], int]:
    """{(session id, seat): places held for organisations and not yet booked by them}."""
    holds = [h for h in holds if h.organisation_id != exclude_organisation]
    if not holds:
        return {}
    booked = _held_counts({h.session_id for h in holds}, {h.organisation_id for h in holds})
    unused: dict[tuple[int, str], int] = {}
    for hold in holds:
        left = max(
            hold.seats - booked.get((hold.session_id, hold.organisation_id, hold.seat), 0), 0
        )
        key = (hold.session_id, hold.seat)
        unused[key] = unused.get(key, 0) + left
    return unused


def seats_taken(
    session: Session, *, for_organisation: int | None = None, with_holds: bool = True
) -> dict[str, int]:
    """{"room": n, "online": n}: seats held (booked or offered; online also those waiting
    for the room with an online place meanwhile) plus the places organisations hold and
    have not booked yet (except ``for_organisation``'s own). Two queries (three with holds)."""
    held = (S.BOOKED, S.OFFERED)
    counts = Booking.objects.filter(session=session).aggregate(
        room=Count("pk", filter=Q(seat=Booking.Seat.ROOM, status__in=held)),
        online=Count(
            "pk",
            filter=Q(seat=Booking.Seat.ONLINE, status__in=held)
            | Q(online_meanwhile=True, status__in=(S.WAITLISTED, S.OFFERED)),
        ),
    )
    taken = {"room": counts["room"], "online": counts["online"]}
    if with_holds:
        unused = unused_holds(
            list(SeatHold.objects.filter(session=session)), exclude_organisation=for_organisation
        )
        for (_session_id, seat), left in unused.items():
            taken[seat] += left
    return taken


def _booking_state(session: Session, user, *, for_organisation: int | None):
    """For a new booking, under the session lock: (seats taken as in ``seats_taken``, the
    user's existing booking or None). One query when no organisation holds places and the
    user has no booking yet (the common case); the rest only when needed."""
    held = (S.BOOKED, S.OFFERED)
    row = (
        Session.objects.filter(pk=session.pk)
        .annotate(
            n_room=Count(
                "bookings",
                filter=Q(bookings__seat=Booking.Seat.ROOM, bookings__status__in=held),
            ),
            n_online=Count(
                "bookings",
                filter=Q(bookings__seat=Booking.Seat.ONLINE, bookings__status__in=held)
                | Q(
                    bookings__online_meanwhile=True,
                    bookings__status__in=(S.WAITLISTED, S.OFFERED),
                ),
            ),
            my_booking=Max("bookings__pk", filter=Q(bookings__user=user)),
            has_holds=Exists(SeatHold.objects.filter(session=OuterRef("pk"))),
        )
        .values_list("n_room", "n_online", "my_booking", "has_holds")
        .get()
    )
    room, online, mine, holds = row
    taken = {"room": room, "online": online}
    if holds:
        unused = unused_holds(
            list(SeatHold.objects.filter(session=session)), exclude_organisation=for_organisation
        )
        for (_session_id, seat), left in unused.items():
            taken[seat] += left
    booking = Booking.objects.get(pk=mine) if mine is not None else None
    return taken, booking


def capacity_of(session: Session, seat: str) -> int:
    if seat == Booking.Seat.ROOM:
        return session.room_capacity if session.has_room else 0
    return session.online_capacity if session.has_online else 0


def claim_window(*, session: Session, now) -> timedelta:
    """How long an offered seat waits for its claim: shorter close to the date."""
    until = (session.starts_at - now) if session.starts_at else timedelta(days=30)
    if until > timedelta(days=7):
        window = timedelta(hours=48)
    elif until > timedelta(days=2):
        window = timedelta(hours=12)
    elif until > timedelta(days=1):
        window = timedelta(hours=4)
    else:
        window = timedelta(hours=1)
    cutoff = promotion_cutoff(session)
    if cutoff is not None:
        window = max(min(window, cutoff - now), timedelta(minutes=5))
    return window


def promotion_cutoff(session: Session):
    if session.starts_at is None:
        return None
    return session.starts_at - timedelta(hours=session.workshop.promotion_cutoff_hours)


def cancellation_deadline(session: Session):
    if session.starts_at is None:
        return None
    return session.starts_at - timedelta(hours=session.workshop.cancellation_hours)


def _change(
    booking: Booking, status: str, *, actor, reason: str = "", now=None, **fields
) -> Booking:
    """Write a status change with its event; the caller holds the session lock."""
    from . import mails

    now = now or timezone.now()
    old, was_meanwhile = booking.status, booking.online_meanwhile
    booking.status = status
    booking.sequence = (booking.sequence or 0) + (1 if booking.pk else 0)
    for name, value in fields.items():
        setattr(booking, name, value)
    if booking.pk is None:
        booking.save()
    else:
        booking.save(update_fields=["status", "sequence", "updated_at", *fields])
    BookingEvent.objects.create(
        booking=booking,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        old_status=old or "",
        status=status,
        reason=reason[:300],
        at=now,
    )
    mails.status_changed(booking=booking, old=old or "", was_meanwhile=was_meanwhile)
    return booking


def _meanwhile_possible(booking: Booking, session: Session, taken: dict[str, int]) -> bool:
    """A hybrid session's room is what they wait for, and an online place is free."""
    return (
        booking.seat == Booking.Seat.ROOM
        and session.mode == Session.Mode.HYBRID
        and taken["online"] < capacity_of(session, Booking.Seat.ONLINE)
    )


def _allocate(
    booking: Booking,
    session: Session,
    *,
    actor,
    reason: str,
    now,
    online_meanwhile=False,
    taken: dict[str, int] | None = None,
) -> Booking:
    """Book the seat if one is free, else put them on the waiting list (with an online
    place meanwhile when they asked for one and one is free: one change, one email).
    ``taken``: the seats counted under this lock already, if the caller has them."""
    # Members of an organisation may take the places their coordinator holds for it.
    if taken is None:
        taken = seats_taken(session, for_organisation=booking.organisation_id)
    if taken[booking.seat] < capacity_of(session, booking.seat):
        return _change(
            booking, S.BOOKED, actor=actor, reason=reason, now=now, offer_expires_at=None
        )
    meanwhile = online_meanwhile and _meanwhile_possible(booking, session, taken)
    if meanwhile:
        reason = _("on the waiting list for the room, online place meanwhile")
    return _change(
        booking,
        S.WAITLISTED,
        actor=actor,
        reason=reason,
        now=now,
        waiting_since=now,
        online_meanwhile=meanwhile,
    )


def can_book_for(actor, user) -> bool:
    """A coordinator may book (and approve) the staff of the organisations they coordinate."""
    if actor is None or actor == user:
        return False
    return Membership.objects.coordinated_by(actor).filter(user=user).approved().exists()


def booking_request(
    *,
    session: Session,
    user,
    seat: str,
    actor=None,
    auto_book: bool = False,
    online_meanwhile: bool = False,
    now=None,
) -> Booking:
    """Book ``user`` a seat (or put them on the waiting list, or ask for approval).

    ``actor`` is who clicked (the user themselves when None). Raises BookingError for a
    cancelled, started or unknown-seat session, or when the user already holds a booking."""
    actor = actor or user
    # Who the user is (organisation, the coordinator's right) needs no lock: read it
    # before the transaction, so bookings of one session queue for as short a time as
    # possible (on SQLite the IMMEDIATE transaction is the lock).
    organisation_id = (
        Membership.objects.filter(user=user).approved().values_list("organisation_id", flat=True)
    ).first()
    pre_approved = actor != user and (
        getattr(actor, "is_staff", False) or can_book_for(actor, user)
    )
    return _request_locked(
        session_id=session.pk,
        user=user,
        seat=seat,
        actor=actor,
        auto_book=auto_book,
        online_meanwhile=online_meanwhile,
        organisation_id=organisation_id,
        pre_approved=pre_approved,
        now=now or timezone.now(),
    )


@transaction.atomic
def _request_locked(
    *,
    session_id: int,
    user,
    seat: str,
    actor,
    auto_book: bool,
    online_meanwhile: bool,
    organisation_id: int | None,
    pre_approved: bool,
    now,
) -> Booking:
    """booking_request's work under the session lock: four statements in the common case
    (lock, count, insert the booking, insert its event)."""
    session = _lock(session_id)
    if session.is_cancelled:
        raise BookingError(_("This session was cancelled."), "cancelled")
    if session.starts_at is None or session.starts_at <= now:
        raise BookingError(_("This session can no longer be booked."), "closed")
    if not (
        (seat == Booking.Seat.ROOM and session.has_room)
        or (seat == Booking.Seat.ONLINE and session.has_online)
    ):
        raise BookingError(_("Choose a place this session offers."), "seat")
    taken, booking = _booking_state(session, user, for_organisation=organisation_id)
    if booking is not None and booking.status in Booking.ACTIVE:
        raise BookingError(_("You already have a booking for this session."), "duplicate")
    if booking is None:
        booking = Booking(session=session, user=user, status="")
    booking.seat, booking.auto_book = seat, auto_book
    booking.online_meanwhile = False
    booking.late_cancellation = False
    booking.attendance = booking.proposed = ""
    booking.organisation_id = organisation_id
    if session.workshop.approval != Workshop.Approval.NONE and not pre_approved:
        return _change(booking, S.REQUESTED, actor=actor, reason=_("booking requested"), now=now)
    reason = _("booked by the coordinator") if actor != user else _("booked")
    return _allocate(
        booking,
        session,
        actor=actor,
        reason=reason,
        now=now,
        online_meanwhile=online_meanwhile,
        taken=taken,
    )


def meanwhile_take(booking: Booking, session: Session, *, now=None) -> bool:
    """A hybrid participant waiting for the room takes a free online place meanwhile; they
    keep their place in the room queue and get a calendar invitation for the online place
    (a change: event, higher SEQUENCE, email). The caller holds the session lock."""
    if booking.status != S.WAITLISTED or booking.online_meanwhile:
        return False
    taken = seats_taken(session, for_organisation=booking.organisation_id)
    if not _meanwhile_possible(booking, session, taken):
        return False
    _change(
        booking,
        S.WAITLISTED,
        actor=booking.user,
        reason=_("online place while waiting for the room"),
        now=now,
        online_meanwhile=True,
    )
    return True


@transaction.atomic
def booking_meanwhile(*, booking: Booking, user) -> Booking:
    """Take a free online place while waiting for the room (hybrid sessions). Raises
    BookingError when none is free or the booking is not waiting for the room."""
    session = _lock(booking.session_id)
    booking = Booking.objects.select_related("user").get(pk=booking.pk)
    if booking.user_id != user.pk or not meanwhile_take(booking, session):
        raise BookingError(_("No online place is free for you now."), "no_online")
    return booking


@transaction.atomic
def booking_meanwhile_release(*, booking: Booking, user, now=None) -> Booking:
    """Give up the online place held while waiting for the room, and keep the place in the
    room's queue; the freed online place goes to the next person waiting for one. Raises
    BookingError when the booking holds no such place."""
    now = now or timezone.now()
    session = _lock(booking.session_id)
    booking = Booking.objects.select_related("user").get(pk=booking.pk)
    if booking.user_id != user.pk or booking.status != S.WAITLISTED or not booking.online_meanwhile:
        raise BookingError(_("You hold no online place to give up."), "no_meanwhile")
    _change(
        booking,
        S.WAITLISTED,
        actor=user,
        reason=_("gave up the online place, still waiting for the room"),
        now=now,
        online_meanwhile=False,
    )
    _promote(session, Booking.Seat.ONLINE, actor=user, now=now)
    return booking


def can_decide(actor, booking: Booking) -> bool:
    from .permissions import can_manage_session

    approval = booking.session.workshop.approval
    if approval == Workshop.Approval.COORDINATOR and can_book_for(actor, booking.user):
        return True
    return can_manage_session(actor, booking.session)


@transaction.atomic
def booking_decide(
    *, booking: Booking, actor, approve: bool, reason: str = "", now=None
) -> Booking:
    """Approve (then book or waitlist) or decline a requested booking."""
    now = now or timezone.now()
    session = _lock(booking.session_id)
    booking = Booking.objects.get(pk=booking.pk)
    if booking.status != S.REQUESTED:
        raise BookingError(_("This request was already decided."), "decided")
    if not approve:
        return _change(booking, S.DECLINED, actor=actor, reason=reason or _("declined"), now=now)
    _change(booking, S.APPROVED, actor=actor, reason=reason or _("approved"), now=now)
    return _allocate(booking, session, actor=actor, reason=_("approved"), now=now)


def _promote(session: Session, seat: str, *, actor=None, now) -> list[Booking]:
    """Offer (or book, for auto-book) free seats of ``seat`` to those waiting, in order.
    The caller holds the session lock."""
    promoted = []
    cutoff = promotion_cutoff(session)
    if session.is_cancelled or (cutoff is not None and now >= cutoff):
        return promoted
    free = capacity_of(session, seat) - seats_taken(session)[seat]
    if free <= 0:
        return promoted
    waiting = Booking.objects.filter(session=session, seat=seat, status=S.WAITLISTED).order_by(
        "waiting_since", "pk"
    )[:free]
    for booking in waiting:
        if booking.auto_book:
            promoted.append(
                _change(
                    booking,
                    S.BOOKED,
                    actor=actor,
                    reason=_("a seat freed up"),
                    now=now,
                    online_meanwhile=False,
                )
            )
        else:
            expires = now + claim_window(session=session, now=now)
            promoted.append(
                _change(
                    booking,
                    S.OFFERED,
                    actor=actor,
                    reason=_("a seat freed up"),
                    now=now,
                    offer_expires_at=expires,
                )
            )
    if seat == Booking.Seat.ROOM and promoted:
        # Someone booked into the room may have freed an online place held meanwhile.
        promoted += _promote(session, Booking.Seat.ONLINE, actor=actor, now=now)
    return promoted


@transaction.atomic
def booking_cancel(*, booking: Booking, actor, reason: str = "", now=None) -> Booking:
    """The participant (or a trainer for them) cancels; late after the deadline. The freed
    seat is offered to the next person waiting."""
    now = now or timezone.now()
    session = _lock(booking.session_id)
    booking = Booking.objects.select_related("user").get(pk=booking.pk)
    if booking.status not in Booking.ACTIVE:
        raise BookingError(_("This booking is no longer active."), "inactive")
    held = booking.status in (S.BOOKED, S.OFFERED)
    meanwhile = booking.online_meanwhile
    deadline = cancellation_deadline(session)
    late = booking.status == S.BOOKED and deadline is not None and now > deadline
    _change(
        booking,
        S.CANCELLED,
        actor=actor,
        reason=reason or _("cancelled"),
        now=now,
        late_cancellation=late,
        offer_expires_at=None,
        online_meanwhile=False,
    )
    if held:
        _promote(session, booking.seat, actor=None, now=now)
    if meanwhile:
        _promote(session, Booking.Seat.ONLINE, actor=None, now=now)
    return booking


def _offer_lapsed(booking: Booking, session: Session, *, actor, reason: str, now) -> None:
    """An offer declined or expired: a participant attending online meanwhile keeps that
    online place (booked online); anyone else is declined. The room seat goes on."""
    if booking.online_meanwhile:
        _change(
            booking,
            S.BOOKED,
            actor=actor,
            reason=reason,
            now=now,
            offer_expires_at=None,
            online_meanwhile=False,
            seat=Booking.Seat.ONLINE,
        )
    else:
        _change(booking, S.DECLINED, actor=actor, reason=reason, now=now, offer_expires_at=None)


def _book_from_queue(booking: Booking, session, *, actor, reason, now, by_hand=False) -> Booking:
    """A waiting or offered participant gets their seat; the online place they held
    meanwhile (hybrid, waiting for the room) goes to the next person waiting online
    (offered in the trainer's name when they promoted by hand)."""
    meanwhile = booking.online_meanwhile
    _change(
        booking,
        S.BOOKED,
        actor=actor,
        reason=reason,
        now=now,
        offer_expires_at=None,
        online_meanwhile=False,
    )
    if meanwhile:
        _promote(session, Booking.Seat.ONLINE, actor=actor if by_hand else None, now=now)
    return booking


@transaction.atomic
def booking_claim(*, booking: Booking, user, now=None) -> Booking:
    """Take an offered seat before the offer expires. Raises BookingError otherwise."""
    now = now or timezone.now()
    session = _lock(booking.session_id)
    booking = Booking.objects.get(pk=booking.pk)
    if booking.user_id != user.pk or booking.status != S.OFFERED:
        raise BookingError(_("There is no seat offered to you here."), "no_offer")
    if booking.offer_expires_at and booking.offer_expires_at <= now:
        raise BookingError(_("This offer has expired."), "expired")
    return _book_from_queue(booking, session, actor=user, reason=_("offer claimed"), now=now)


@transaction.atomic
def booking_decline_offer(*, booking: Booking, user, now=None) -> Booking:
    now = now or timezone.now()
    session = _lock(booking.session_id)
    booking = Booking.objects.get(pk=booking.pk)
    if booking.user_id != user.pk or booking.status != S.OFFERED:
        raise BookingError(_("There is no seat offered to you here."), "no_offer")
    seat = booking.seat
    _offer_lapsed(booking, session, actor=user, reason=_("offer declined"), now=now)
    _promote(session, seat, now=now)
    return booking


def offers_expire(*, now=None) -> int:
    """Expired offers go to the next person waiting (the scheduler calls this)."""
    now = now or timezone.now()
    expired = 0
    session_ids = set(
        Booking.objects.filter(status=S.OFFERED, offer_expires_at__lte=now).values_list(
            "session_id", flat=True
        )
    )
    for session_id in session_ids:
        with transaction.atomic():
            session = _lock(session_id)
            for booking in Booking.objects.filter(
                session=session, status=S.OFFERED, offer_expires_at__lte=now
            ):
                _offer_lapsed(booking, session, actor=None, reason=_("offer expired"), now=now)
                expired += 1
            for seat in Booking.Seat.values:
                _promote(session, seat, now=now)
    return expired


@transaction.atomic
def booking_move_first(*, booking: Booking, actor, now=None) -> Booking:
    """Put a waiting participant at the head of the queue (trainer or coordinator), logged."""
    now = now or timezone.now()
    _lock(booking.session_id)
    booking = Booking.objects.get(pk=booking.pk)
    if booking.status != S.WAITLISTED:
        raise BookingError(_("Only people on the waiting list can be moved."), "not_waiting")
    first = Booking.objects.filter(
        session_id=booking.session_id, seat=booking.seat, status=S.WAITLISTED
    ).aggregate(first=Min("waiting_since"))["first"]
    since = (first or now) - timedelta(seconds=1)
    return _change(
        booking,
        S.WAITLISTED,
        actor=actor,
        reason=_("moved to the top of the waiting list"),
        now=now,
        waiting_since=since,
    )


@transaction.atomic
def booking_promote(*, booking: Booking, actor, now=None) -> Booking:
    """Book a waiting participant by hand; refused when no seat is free (never oversold)."""
    now = now or timezone.now()
    session = _lock(booking.session_id)
    booking = Booking.objects.get(pk=booking.pk)
    if booking.status not in (S.WAITLISTED, S.OFFERED):
        raise BookingError(_("Only people on the waiting list can be promoted."), "not_waiting")
    if booking.status == S.WAITLISTED and seats_taken(session)[booking.seat] >= capacity_of(
        session, booking.seat
    ):
        raise CapacityError(_("No seat is free. Raise the capacity first."), "full")
    return _book_from_queue(
        booking, session, actor=actor, reason=_("promoted by hand"), now=now, by_hand=True
    )


@transaction.atomic
def session_capacity_set(
    *, session: Session, room: int, online: int, actor=None, now=None
) -> Session:
    """Change the capacities. Lowering one below the seats already held is refused with a
    clear message (nobody is silently dropped); raising one offers the new seats."""
    now = now or timezone.now()
    session = _lock(session.pk)
    taken = seats_taken(session, with_holds=False)
    if room < taken["room"]:
        raise CapacityError(
            _(
                "%(booked)d people already hold a place in the room: the capacity cannot go "
                "below that. Cancel bookings first if you must."
            )
            % {"booked": taken["room"]},
            "room",
        )
    if online < taken["online"]:
        raise CapacityError(
            _(
                "%(booked)d people already hold an online place: the capacity cannot go "
                "below that. Cancel bookings first if you must."
            )
            % {"booked": taken["online"]},
            "online",
        )
    session.room_capacity, session.online_capacity = room, online
    session.save(update_fields=["room_capacity", "online_capacity"])
    for seat in Booking.Seat.values:
        _promote(session, seat, actor=actor, now=now)
    return session


@transaction.atomic
def session_cancel(*, session: Session, actor, reason: str = "", now=None) -> int:
    """Cancel a session: every active booking is cancelled with it (those with a calendar
    entry get a CANCEL). Returns how many bookings were cancelled."""
    from . import notices

    now = now or timezone.now()
    session = _lock(session.pk)
    if session.is_cancelled:
        raise BookingError(_("This session is already cancelled."), "cancelled")
    session.cancelled_at, session.cancel_reason = now, reason[:300]
    session.save(update_fields=["cancelled_at", "cancel_reason"])
    count = 0
    recipients = []
    for booking in Booking.objects.filter(
        session=session, status__in=Booking.ACTIVE
    ).select_related("user"):
        _change(
            booking,
            S.SESSION_CANCELLED,
            actor=actor,
            reason=reason or _("session cancelled"),
            now=now,
            offer_expires_at=None,
        )
        recipients.append(booking.user_id)
        count += 1
    transaction.on_commit(lambda: notices.session_cancelled(session=session, user_ids=recipients))
    return count


@transaction.atomic
def session_changed(*, session: Session, actor=None, now=None) -> int:
    """Times, place or link changed: booked participants (and those online while waiting
    for the room) get an updated invitation (same UID, higher SEQUENCE). Returns how many."""
    from . import mails

    _lock(session.pk)
    count = 0
    listed = Q(status=S.BOOKED) | Q(online_meanwhile=True, status__in=(S.WAITLISTED, S.OFFERED))
    for booking in Booking.objects.filter(listed, session=session).select_related("user"):
        booking.sequence += 1
        booking.save(update_fields=["sequence", "updated_at"])
        mails.invitation_updated(booking=booking)
        count += 1
    return count


@transaction.atomic
def seat_hold_set(*, session: Session, organisation, seat: str, seats: int, actor, now=None) -> int:
    """Hold ``seats`` places of ``seat`` for ``organisation`` (0 releases them; released
    places go to those waiting). Raises CapacityError when not enough places are free."""
    now = now or timezone.now()
    session = _lock(session.pk)
    if seat not in Booking.Seat.values or capacity_of(session, seat) == 0:
        raise BookingError(_("Choose a place this session offers."), "seat")
    if session.is_cancelled:
        raise BookingError(_("This session was cancelled."), "cancelled")
    seats = max(int(seats), 0)
    others = seats_taken(session, for_organisation=organisation.pk)[seat]
    own = Booking.objects.filter(
        session=session, organisation=organisation, seat=seat, status__in=(S.BOOKED, S.OFFERED)
    ).count()
    free = capacity_of(session, seat) - others
    if max(seats - own, 0) > free:
        raise CapacityError(
            _("Only %(free)d places are free: hold at most that many.") % {"free": free}, "full"
        )
    if seats == 0:
        SeatHold.objects.filter(session=session, organisation=organisation, seat=seat).delete()
    else:
        SeatHold.objects.update_or_create(
            session=session,
            organisation=organisation,
            seat=seat,
            defaults={"seats": seats, "held_by": actor},
        )
    _promote(session, seat, actor=actor, now=now)
    return seats
