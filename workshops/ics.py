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
from typing import NamedTuple
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from icalendar import Parameters, Timezone
from icalendar.prop import vText

from background.mail import for_user

from .models import WARSAW, Booking, Session

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
    return _online(booking.seat, booking.status, booking.online_meanwhile)


def _online(seat: str, status: str, meanwhile: bool) -> bool:
    return seat == Booking.Seat.ONLINE or (meanwhile and status in (S.WAITLISTED, S.OFFERED))


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


class Entry(NamedTuple):
    """What one booking's events say (from a model or from the feed's rows)."""

    uid: str
    sequence: int
    summary: str
    venue: str  # address and room; empty for online places
    mode: str
    workshop_id: int
    description: str
    cancelled: bool
    online: bool
    blocks: list[tuple[datetime, datetime]]


def entry(booking: Booking, *, cancelled: bool, online: bool) -> Entry:
    session = booking.session
    return Entry(
        uid=str(booking.uid),
        sequence=booking.sequence,
        summary=str(session),
        venue=", ".join(p for p in (session.venue_address, session.venue_room) if p),
        mode=session.mode,
        workshop_id=session.workshop_id,
        description=session.workshop.description,
        cancelled=cancelled or session.is_cancelled,
        online=online,
        blocks=[(b.starts_at, b.ends_at) for b in session.blocks.all()],
    )


def event_lines(item: Entry, *, user, stamp: str, urls: dict[int, str]) -> list[bytes]:
    """The VEVENTs (one per date block) of a booking, as folded lines. ``urls`` memoises
    the workshop pages' addresses over a feed."""
    if item.workshop_id not in urls:
        urls[item.workshop_id] = settings.ACADEMY_BASE_URL.rstrip("/") + reverse(
            "workshops:detail", kwargs={"pk": item.workshop_id}
        )
    description = item.description[:2000]
    if item.online:
        note = _("The join link is on the workshop page from 24 hours before the start.")
        description = f"{note}\n\n{description}" if description else note
        location = _("Online")
    else:
        location = item.venue or str(Session.Mode(item.mode).label)
    common = [
        fold(f"SEQUENCE:{item.sequence}"),
        fold(f"DTSTAMP:{stamp}"),
        fold(f"SUMMARY:{_text(item.summary)}"),
        fold(f"LOCATION:{_text(location)}"),
        fold(f"URL:{urls[item.workshop_id]}"),
        b"STATUS:CANCELLED" if item.cancelled else b"STATUS:CONFIRMED",
        fold(f"DESCRIPTION:{_text(description)}"),
        _organizer(settings.DEFAULT_FROM_EMAIL),
        _attendee(str(user), user.email, cancelled=item.cancelled),
        b"END:VEVENT",
    ]
    host = _host()
    lines = []
    for index, (starts, ends) in enumerate(item.blocks, start=1):
        lines += [
            b"BEGIN:VEVENT",
            fold(f"UID:{item.uid}-{index}@{host}"),
            f"DTSTART;{_when(starts)}".encode(),
            f"DTEND;{_when(ends)}".encode(),
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
    item = entry(booking, cancelled=method == "CANCEL", online=online)
    with for_user(booking.user):
        lines = event_lines(item, user=booking.user, stamp=_stamp(), urls={})
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


FEED_FIELDS = (
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
    "session__workshop_id",
    "session__workshop__title",
    "session__workshop__description",
    "session__blocks__starts_at",
    "session__blocks__ends_at",
)


def feed_ics(user) -> bytes:
    """Every session the user holds or held a place in (cancelled ones as CANCELLED, so
    subscribed calendars drop them), in the user's language. One query: a row per date
    block (plain values: building 50 bookings with their sessions and blocks as models
    cost as much as writing the events)."""
    rows = (
        Booking.objects.filter(listed_filter(), user=user, session__blocks__isnull=False)
        .order_by("session__starts_at", "pk", "session__blocks__starts_at", "session__blocks__pk")
        .values_list(*FEED_FIELDS)
    )
    entries: dict[str, Entry] = {}
    for row in rows:
        uid, sequence, status, seat, meanwhile, title, mode, address, room = row[:9]
        cancelled_at, workshop_id, workshop_title, description, starts, ends = row[9:]
        item = entries.get(uid)
        if item is None:
            item = entries[uid] = Entry(
                uid=str(uid),
                sequence=sequence,
                summary=title or workshop_title,
                venue=", ".join(p for p in (address, room) if p),
                mode=mode,
                workshop_id=workshop_id,
                description=description,
                cancelled=cancelled_at is not None or status in (S.CANCELLED, S.SESSION_CANCELLED),
                online=_online(seat, status, meanwhile),
                blocks=[],
            )
        item.blocks.append((starts, ends))
    stamp = _stamp()
    events: list[bytes] = []
    urls: dict[int, str] = {}
    with for_user(user):
        for item in entries.values():
            events += event_lines(item, user=user, stamp=stamp, urls=urls)
    return _calendar(
        "PUBLISH", events, extra=("X-WR-CALNAME:Migration Academy", f"X-WR-TIMEZONE:{TZID}")
    )
