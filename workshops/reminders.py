"""Reminders 7 days, 1 day and 1 hour before a session.

Recomputed at sending time: only bookings that are ``booked`` now, for sessions not
cancelled and not started, are reminded; the email key holds the session's start, so a
moved session is reminded again for its new time and a retried run sends nothing twice.
"""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from background.mail import email_queue, for_user
from background.models import EmailDelivery

from .mails import _link, when_text
from .models import WARSAW, Booking

REMINDERS = (
    ("7d", timedelta(days=7), timedelta(hours=12)),
    ("1d", timedelta(days=1), timedelta(hours=3)),
    ("1h", timedelta(hours=1), timedelta(minutes=40)),
)


def due(*, now=None):
    """(kind, booking) pairs due now."""
    now = now or timezone.now()
    for kind, before, grace in REMINDERS:
        bookings = (
            Booking.objects.filter(
                Q(status=Booking.Status.BOOKED)
                | Q(
                    online_meanwhile=True,
                    status__in=(Booking.Status.WAITLISTED, Booking.Status.OFFERED),
                ),
                session__cancelled_at__isnull=True,
                session__starts_at__lte=now + before,
                session__starts_at__gt=now + before - grace,
            )
            .select_related("session__workshop", "user")
            .prefetch_related("session__blocks")
        )
        for booking in bookings:
            yield kind, booking


def reminders_send(*, now=None) -> int:
    sent = 0
    for kind, booking in due(now=now):
        session = booking.session
        key = f"workshops:reminder:{booking.pk}:{kind}:{session.starts_at.isoformat()}"
        if EmailDelivery.objects.filter(key=key).exists():
            continue
        with for_user(booking.user):
            start = session.starts_at.astimezone(WARSAW)
            subject = _("Reminder: “%(title)s” starts %(when)s") % {
                "title": str(session),
                "when": f"{formats.date_format(start, 'DATE_FORMAT')} {start:%H:%M}",
            }
            lines = [subject + ".", _("When: %(when)s") % {"when": when_text(session)}]
            if booking.seat == Booking.Seat.ROOM and session.venue_address:
                lines.append(_("Where: %(place)s") % {"place": session.venue_address})
            online = booking.seat == Booking.Seat.ONLINE or booking.online_meanwhile
            if kind == "1h" and online and session.meeting_url:
                lines.append(_("Join the meeting: %(url)s") % {"url": session.meeting_url})
            lines.append(_link(session))
        delivery = email_queue(
            key=key,
            to=booking.user.email,
            recipient=booking.user,
            subject=subject,
            text="\n\n".join(lines),
        )
        sent += delivery is not None
    return sent
