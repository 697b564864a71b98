"""iCalendar for bookings and the personal feed.

Each booking has one ``UID`` for its whole life (``<booking uid>-<n>@<host>``, one event
per date block) and a ``SEQUENCE`` that grows with every change (``Booking.sequence``).
Invitations are ``METHOD:REQUEST``, cancellations ``METHOD:CANCEL``; times are written in
Europe/Warsaw with its ``VTIMEZONE``, so calendars keep the wall-clock time across the
daylight-saving changes. The feed (``METHOD:PUBLISH``) lists a user's sessions.

A booking is in the participant's calendar while they hold a place (booked, attended…)
or an online place while waiting for the room (hybrid): that one is written as an online
event; when the room seat becomes theirs the same UID comes with a higher SEQUENCE and the
venue. The meeting link is never written into a calendar (an invitation is sent days
before the link may be shown): the event's URL is the workshop page, which shows the link
to booked participants from 24 hours before the start.

Events are written line by line with ``icalendar``'s value encoders (``vText``,
``Parameters``) and folded here: building ``icalendar`` components and folding them
character by character took 30–60 ms for a feed of 50 sessions (docs/performance.md).
The VTIMEZONE comes from ``icalendar`` once per process.
"""

from __future__ import annotations

import functools
from datetime import UTC, datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from icalendar import Parameters, Timezone
from icalendar.prop import vText

from background.mail import for_user

from .models import WARSAW, Booking

PRODID = "-//Migration Academy//Workshops//PL"
TZID = "Europe/Warsaw"
S = Booking.Status
CRLF = b"\r\n"


def _host() -> str:
    return urlsplit(settings.ACADEMY_BASE_URL).hostname or "academy.local"


@functools.lru_cache(maxsize=1)
def _vtimezone() -> bytes:
    # Building it from the zone's transitions takes ~9 ms; the component never changes.
    return Timezone.from_tzid(TZID).to_ical()


def fold(line: str) -> bytes:
    """One content line, folded at 75 octets (RFC 5545 3.1) without splitting a UTF-8
    character or a backslash escape (some clients mis-read an escape split by a fold)."""
    data = line.encode()
    if len(data) <= 75:
        return data
    parts, start, limit = [], 0, 75
    while len(data) - start > limit:
        end = start + limit
        while data[end] & 0xC0 == 0x80:  # a UTF-8 continuation byte: step back
            end -= 1
        slashes = 0
        while data[end - 1 - slashes] == 0x5C:  # "\"
            slashes += 1
        if slashes % 2:  # the fold would fall inside an escape
            end -= 1
        parts.append(data[start:end])
        start, limit = end, 74  # a continuation line starts with a space
    parts.append(data[start:])
    return b"\r\n ".join(parts)


def _text(value: str) -> str:
    return vText(value).to_ical().decode()


def _when(moment: datetime) -> str:
    return f"TZID={TZID}:{moment.astimezone(WARSAW):%Y%m%dT%H%M%S}"


def listed_filter() -> Q:
    """Bookings in the participant's calendar: every status but the waiting ones and the
    undecided or declined requests — except those waiting for the room with an online
    place meanwhile. Cancelled ones stay (as CANCELLED) so calendars drop them."""
    return ~Q(status__in=(S.REQUESTED, S.WAITLISTED, S.OFFERED, S.DECLINED)) | Q(
        online_meanwhile=True, status__in=(S.WAITLISTED, S.OFFERED)
    )


def online_place(booking: Booking) -> bool:
    """The participant takes part online (booked online, or online while waiting)."""
    return booking.seat == Booking.Seat.ONLINE or (
        booking.online_meanwhile and booking.status in (S.WAITLISTED, S.OFFERED)
    )


def _location(session, *, online: bool) -> str:
    if online:
        return _("Online")
    parts = [session.venue_address, session.venue_room]
    return ", ".join(p for p in parts if p) or session.get_mode_display()


@functools.lru_cache(maxsize=256)
def _attendee(name: str, email: str, *, cancelled: bool) -> bytes:
    params = Parameters(
        {
            "CN": name,
            "PARTSTAT": "DECLINED" if cancelled else "ACCEPTED",
            "ROLE": "REQ-PARTICIPANT",
        }
    )
    return fold(f"ATTENDEE;{params.to_ical(sorted=False).decode()}:mailto:{email}")


@functools.lru_cache(maxsize=4)
def _organizer(email: str) -> bytes:
    params = Parameters({"CN": "Migration Academy"}).to_ical().decode()
    return fold(f"ORGANIZER;{params}:mailto:{email}")


def _url(workshop_id: int, known: dict[int, str]) -> str:
    if workshop_id not in known:
        known[workshop_id] = settings.ACADEMY_BASE_URL.rstrip("/") + reverse(
            "workshops:detail", kwargs={"pk": workshop_id}
        )
    return known[workshop_id]


def event_lines(
    booking: Booking,
    *,
    blocks,
    cancelled: bool,
    stamp: str,
    online: bool,
    user=None,
    urls: dict[int, str] | None = None,
) -> list[bytes]:
    """The VEVENTs (one per date block) of a booking, as folded lines. ``urls`` memoises
    the workshop pages' addresses over a feed."""
    session = booking.session
    user = user or booking.user
    cancelled = cancelled or session.is_cancelled
    url = _url(session.workshop_id, {} if urls is None else urls)
    description = session.workshop.description[:2000]
    if online:
        note = _("The join link is on the workshop page from 24 hours before the start.")
        description = f"{note}\n\n{description}" if description else note
    common = [
        f"SEQUENCE:{booking.sequence}",
        f"DTSTAMP:{stamp}",
        f"SUMMARY:{_text(str(session))}",
        f"LOCATION:{_text(_location(session, online=online))}",
        f"URL:{url}",
        f"STATUS:{'CANCELLED' if cancelled else 'CONFIRMED'}",
        f"DESCRIPTION:{_text(description)}",
    ]
    common = [fold(line) for line in common]
    common += [
        _organizer(settings.DEFAULT_FROM_EMAIL),
        _attendee(str(user), user.email, cancelled=cancelled),
        b"END:VEVENT",
    ]
    lines = []
    for index, block in enumerate(blocks, start=1):
        lines += [
            b"BEGIN:VEVENT",
            fold(f"UID:{booking.uid}-{index}@{_host()}"),
            f"DTSTART;{_when(block.starts_at)}".encode(),
            f"DTEND;{_when(block.ends_at)}".encode(),
            *common,
        ]
    return lines


def _calendar(method: str, events: list[bytes], *, extra: tuple[str, ...] = ()) -> bytes:
    head = [
        "BEGIN:VCALENDAR",
        f"PRODID:{PRODID}",
        "VERSION:2.0",
        "CALSCALE:GREGORIAN",
        f"METHOD:{method}",
        *extra,
    ]
    return b"".join(
        [
            CRLF.join(fold(line) for line in head),
            CRLF,
            _vtimezone(),
            CRLF.join(events),
            CRLF if events else b"",
            b"END:VCALENDAR\r\n",
        ]
    )


def _stamp() -> str:
    return f"{datetime.now(UTC):%Y%m%dT%H%M%SZ}"


def booking_ics(booking: Booking, *, method: str, online: bool | None = None) -> bytes:
    """An invitation (REQUEST) or cancellation (CANCEL) of one booking. ``online`` is the
    place it was sent for (by default the booking's place now)."""
    online = online_place(booking) if online is None else online
    with for_user(booking.user):
        lines = event_lines(
            booking,
            blocks=list(booking.session.blocks.all()),
            cancelled=method == "CANCEL",
            stamp=_stamp(),
            online=online,
        )
    return _calendar(method, lines)


def attachment(
    *, booking_id: int, method: str, sequence: int | None = None, online: bool | None = None
) -> list:
    """The email attachment (``background.mail`` calls it at sending time) with the sequence
    and the place (online or in the room) the email was queued with."""
    booking = (
        Booking.objects.select_related("session__workshop", "user").filter(pk=booking_id).first()
    )
    if booking is None:
        return []
    if sequence is not None:
        booking.sequence = sequence
    name = "invite.ics" if method == "REQUEST" else "cancel.ics"
    return [
        (
            name,
            booking_ics(booking, method=method, online=online),
            f"text/calendar; method={method}; charset=UTF-8",
        )
    ]


FEED_CACHE_SECONDS = 24 * 3600


def feed_cached(user) -> bytes:
    """The feed from the cache, under a key that changes with any change of the user's
    bookings (every status change and every session change saves the booking: its
    ``updated_at`` and ``sequence`` move). One query on a hit."""
    from django.core.cache import cache
    from django.db.models import Count, Max, Sum

    version = Booking.objects.filter(user=user).aggregate(
        n=Count("pk"), at=Max("updated_at"), seq=Sum("sequence")
    )
    stamp = version["at"].timestamp() if version["at"] else 0
    key = f"workshops:feed:{user.pk}:{version['n']}:{stamp}:{version['seq'] or 0}"
    data = cache.get(key)
    if data is None:
        data = feed_ics(user)
        cache.set(key, data, FEED_CACHE_SECONDS)
    return data


def feed_ics(user) -> bytes:
    """Every session the user holds or held a place in (cancelled ones as CANCELLED, so
    subscribed calendars drop them), in the user's language. Two queries."""
    from .models import SessionBlock

    bookings = (
        Booking.objects.filter(listed_filter(), user=user)
        .select_related("session__workshop")
        .only(
            "uid",
            "sequence",
            "status",
            "seat",
            "online_meanwhile",
            "session__title",
            "session__mode",
            "session__venue_address",
            "session__venue_room",
            "session__cancelled_at",
            "session__workshop__title",
            "session__workshop__description",
        )
        .order_by("session__starts_at", "pk")
    )
    bookings = list(bookings)
    blocks: dict[int, list] = {}
    for block in SessionBlock.objects.filter(session_id__in={b.session_id for b in bookings}).only(
        "session_id", "starts_at", "ends_at"
    ):
        blocks.setdefault(block.session_id, []).append(block)
    stamp = _stamp()
    events: list[bytes] = []
    urls: dict[int, str] = {}
    with for_user(user):
        for booking in bookings:
            events += event_lines(
                booking,
                blocks=blocks.get(booking.session_id, []),
                cancelled=booking.status in (S.CANCELLED, S.SESSION_CANCELLED),
                stamp=stamp,
                online=online_place(booking),
                user=user,
                urls=urls,
            )
    return _calendar(
        "PUBLISH", events, extra=("X-WR-CALNAME:Migration Academy", f"X-WR-TIMEZONE:{TZID}")
    )
