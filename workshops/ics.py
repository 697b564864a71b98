"""iCalendar for bookings and the personal feed (``icalendar``).

Each booking has one ``UID`` for its whole life (``<booking uid>-<n>@<host>``, one event
per date block) and a ``SEQUENCE`` that grows with every change (``Booking.sequence``).
Invitations are ``METHOD:REQUEST``, cancellations ``METHOD:CANCEL``; times are written in
Europe/Warsaw with its ``VTIMEZONE``, so calendars keep the wall-clock time across the
daylight-saving changes. The feed (``METHOD:PUBLISH``) lists a user's sessions.
"""

from __future__ import annotations

import functools
from datetime import UTC, datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from icalendar import Calendar, Event, Timezone, vCalAddress, vText

from .models import WARSAW, Booking

PRODID = "-//Migration Academy//Workshops//PL"
TZID = "Europe/Warsaw"


def _host() -> str:
    return urlsplit(settings.ACADEMY_BASE_URL).hostname or "academy.local"


@functools.lru_cache(maxsize=1)
def _vtimezone() -> Timezone:
    # Building it from the zone's transitions takes ~9 ms; the component never changes.
    return Timezone.from_tzid(TZID)


def _calendar(method: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    calendar.add_component(_vtimezone())
    return calendar


def _location(session) -> str:
    parts = [session.venue_address, session.venue_room]
    return ", ".join(p for p in parts if p) or (session.get_mode_display())


def booking_events(booking: Booking, *, method: str, blocks=None, stamp=None) -> list[Event]:
    session = booking.session
    blocks = list(session.blocks.all()) if blocks is None else blocks
    stamp = stamp or datetime.now(UTC)
    events = []
    url = settings.ACADEMY_BASE_URL.rstrip("/") + reverse(
        "workshops:detail", kwargs={"pk": session.workshop_id}
    )
    cancelled = method == "CANCEL" or session.is_cancelled
    for index, block in enumerate(blocks, start=1):
        event = Event()
        event.add("uid", f"{booking.uid}-{index}@{_host()}")
        event.add("sequence", booking.sequence)
        event.add("dtstamp", stamp)
        event.add("dtstart", block.starts_at.astimezone(WARSAW))
        event.add("dtend", block.ends_at.astimezone(WARSAW))
        event.add("summary", str(session))
        event.add("location", _location(session))
        event.add("url", url)
        event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
        description = session.workshop.description[:2000]
        event.add("description", description)
        organizer = vCalAddress(f"mailto:{settings.DEFAULT_FROM_EMAIL}")
        organizer.params["cn"] = vText("Migration Academy")
        event["organizer"] = organizer
        attendee = vCalAddress(f"mailto:{booking.user.email}")
        attendee.params["cn"] = vText(str(booking.user))
        attendee.params["partstat"] = vText("DECLINED" if cancelled else "ACCEPTED")
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        event.add("attendee", attendee, encode=0)
        events.append(event)
    return events


def booking_ics(booking: Booking, *, method: str) -> bytes:
    calendar = _calendar(method)
    for event in booking_events(booking, method=method):
        calendar.add_component(event)
    return calendar.to_ical()


def attachment(*, booking_id: int, method: str, sequence: int | None = None) -> list:
    """The email attachment (``background.mail`` calls it at sending time)."""
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
            booking_ics(booking, method=method),
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
    """Every session the user holds or held a booking for (cancelled ones as CANCELLED,
    so subscribed calendars drop them). Two queries."""
    calendar = _calendar("PUBLISH")
    calendar.add("x-wr-calname", "Migration Academy")
    calendar.add("x-wr-timezone", TZID)
    bookings = (
        Booking.objects.filter(user=user)
        .exclude(
            status__in=(
                Booking.Status.REQUESTED,
                Booking.Status.WAITLISTED,
                Booking.Status.OFFERED,
                Booking.Status.DECLINED,
            )
        )
        .select_related("session__workshop", "user")
        .prefetch_related("session__blocks")
    )
    stamp = datetime.now(UTC)
    for booking in bookings:
        method = (
            "CANCEL"
            if booking.status in (Booking.Status.CANCELLED, Booking.Status.SESSION_CANCELLED)
            else "PUBLISH"
        )
        for event in booking_events(
            booking, method=method, blocks=list(booking.session.blocks.all()), stamp=stamp
        ):
            calendar.add_component(event)
    return calendar.to_ical()
