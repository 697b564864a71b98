"""Booking emails, in the participant's language, with the calendar attachment.

Queued through ``background.mail`` when the transaction commits; the key holds the
booking's sequence, so a retried task never sends one change twice.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _

from background.mail import email_queue, for_user

from .ics import online_place
from .models import WARSAW, Booking

S = Booking.Status
logger = logging.getLogger(__name__)


def when_text(session) -> str:
    """The session's date blocks in Europe/Warsaw wall-clock time."""
    parts = []
    for block in session.blocks.all():
        start, end = block.starts_at.astimezone(WARSAW), block.ends_at.astimezone(WARSAW)
        parts.append(f"{formats.date_format(start, 'DATE_FORMAT')} {start:%H:%M}–{end:%H:%M}")
    return "; ".join(parts) + " (Europe/Warsaw)"


def _link(session) -> str:
    return settings.ACADEMY_BASE_URL.rstrip("/") + reverse(
        "workshops:detail", kwargs={"pk": session.workshop_id}
    )


def _send(
    booking: Booking,
    *,
    subject: str,
    lines: list[str],
    method: str | None,
    online: bool | None = None,
) -> None:
    attachments = []
    if method:
        attachments = [
            {
                "function": "workshops.ics.attachment",
                "kwargs": {
                    "booking_id": booking.pk,
                    "method": method,
                    "sequence": booking.sequence,
                    "online": online_place(booking) if online is None else online,
                },
            }
        ]
    email_queue(
        key=f"workshops:booking:{booking.pk}:{booking.sequence}:{booking.status}",
        to=booking.user.email,
        recipient=booking.user,
        subject=subject,
        text="\n\n".join(lines),
        attachments=attachments,
    )


def _compose(booking: Booking, old: str, *, was_meanwhile: bool, updated: bool) -> None:
    """The email for one change. ``booking`` carries the status, sequence and online place
    it was queued with; ``was_meanwhile`` says whether it held an online place while
    waiting before the change (then it was in the participant's calendar)."""
    session, user = booking.session, booking.user
    new = booking.status
    online = online_place(booking)
    listed_before = old == S.BOOKED or (was_meanwhile and old in (S.WAITLISTED, S.OFFERED))
    with for_user(user):
        title = str(session)
        when = when_text(session)
        place = ", ".join(p for p in (session.venue_address, session.venue_room) if p)
        common = [_("When: %(when)s") % {"when": when}]
        if place and not online:
            common.append(_("Where: %(place)s") % {"place": place})
        common.append(_link(session))
        if updated:
            subject = _("“%(title)s” has changed") % {"title": title}
            _send(
                booking,
                subject=subject,
                lines=[subject + ".", *common, _("The invitation for your calendar is attached.")],
                method="REQUEST",
            )
        elif new == S.BOOKED:
            subject = _("Your place at “%(title)s” is booked") % {"title": title}
            if old == S.BOOKED:
                subject = _("“%(title)s” has changed") % {"title": title}
            _send(
                booking,
                subject=subject,
                lines=[subject + ".", *common, _("The invitation for your calendar is attached.")],
                method="REQUEST",
            )
        elif new in (S.CANCELLED, S.SESSION_CANCELLED) and old in (
            S.BOOKED,
            S.OFFERED,
            S.WAITLISTED,
            S.REQUESTED,
        ):
            if new == S.SESSION_CANCELLED:
                subject = _("“%(title)s” is cancelled") % {"title": title}
            else:
                subject = _("Your booking for “%(title)s” is cancelled") % {"title": title}
            _send(
                booking,
                subject=subject,
                lines=[subject + ".", *common],
                method="CANCEL" if listed_before else None,
                online=booking.seat == Booking.Seat.ONLINE or was_meanwhile,
            )
        elif new == S.OFFERED and booking.offer_expires_at is not None:
            expires = booking.offer_expires_at.astimezone(WARSAW)
            subject = _("A place at “%(title)s” is free for you") % {"title": title}
            lines = [
                subject + ".",
                _("Claim it by %(time)s (Europe/Warsaw), or it goes to the next person waiting.")
                % {"time": f"{formats.date_format(expires, 'DATE_FORMAT')} {expires:%H:%M}"},
                *common,
            ]
            _send(booking, subject=subject, lines=lines, method=None)
        elif new == S.WAITLISTED and old != S.WAITLISTED:
            subject = _("You are on the waiting list for “%(title)s”") % {"title": title}
            lines = [subject + ".", _("We will email you when a place frees up."), *common]
            if booking.online_meanwhile:
                lines.insert(1, _("Meanwhile you have an online place: you can take part online."))
                lines.append(_("The invitation for your calendar is attached."))
            _send(
                booking,
                subject=subject,
                lines=lines,
                method="REQUEST" if booking.online_meanwhile else None,
            )
        elif new == S.WAITLISTED and booking.online_meanwhile and not was_meanwhile:
            subject = _("You have an online place at “%(title)s”") % {"title": title}
            lines = [
                subject + ".",
                _("You keep your place on the waiting list for the room."),
                *common,
                _("The invitation for your calendar is attached."),
            ]
            _send(booking, subject=subject, lines=lines, method="REQUEST")
        elif new == S.WAITLISTED and was_meanwhile and not booking.online_meanwhile:
            subject = _("You gave up your online place at “%(title)s”") % {"title": title}
            lines = [subject + ".", _("You keep your place on the waiting list for the room.")]
            _send(booking, subject=subject, lines=[*lines, *common], method="CANCEL", online=True)
        elif new == S.REQUESTED:
            subject = _("Your booking request for “%(title)s” was sent") % {"title": title}
            _send(booking, subject=subject, lines=[subject + ".", *common], method=None)
        elif new == S.DECLINED and old == S.REQUESTED:
            subject = _("Your booking request for “%(title)s” was declined") % {"title": title}
            _send(booking, subject=subject, lines=[subject + ".", *common], method=None)


def status_changed(*, booking: Booking, old: str, was_meanwhile: bool = False) -> None:
    """Email the participant about this change once it commits. Composing (templates, the
    participant's language) happens in a task, so a booking holds no one up for it."""
    queued = (booking.pk, old, booking.status, booking.sequence)
    flags = {"meanwhile": booking.online_meanwhile, "was_meanwhile": was_meanwhile}
    transaction.on_commit(lambda: _enqueue(*queued, **flags))


def invitation_updated(*, booking: Booking) -> None:
    """The session changed (time, place, link): an updated invitation, same status."""
    queued = (booking.pk, booking.status, booking.status, booking.sequence)
    flags = {
        "meanwhile": booking.online_meanwhile,
        "was_meanwhile": booking.online_meanwhile,
        "updated": True,
    }
    transaction.on_commit(lambda: _enqueue(*queued, **flags))


def _enqueue(booking_id: int, old: str, status: str, sequence: int, **flags) -> None:
    from .tasks import booking_email

    try:
        booking_email.enqueue(booking_id, old, status, sequence, **flags)
    except Exception:  # noqa: BLE001 - the change is committed; log, do not fail the click
        logger.exception("Could not enqueue the email for booking %s", booking_id)


def booking_email_send(
    *,
    booking_id: int,
    old: str,
    status: str,
    sequence: int,
    meanwhile: bool = False,
    was_meanwhile: bool = False,
    updated: bool = False,
) -> None:
    """The task's work: compose the email for the change as it was queued (status,
    sequence, online place meanwhile), whatever happened to the booking since."""
    booking = (
        Booking.objects.select_related("session__workshop", "user").filter(pk=booking_id).first()
    )
    if booking is None:
        return
    booking.status, booking.sequence, booking.online_meanwhile = status, sequence, meanwhile
    _compose(booking, old, was_meanwhile=was_meanwhile, updated=updated)
