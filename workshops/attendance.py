"""Attendance: evidence in, minutes counted, a status proposed, the trainer confirms.

Evidence arrives as ``AttendanceSegment`` rows: the roll call, a QR check-in, a meeting
platform's join/leave events (``webhook_receive``: HMAC-signed, replayed or unknown
meetings refused and logged) or an imported CSV (Zoom/Teams/Jitsi-like columns).
Segments are clipped to the session's date blocks and merged, so overlapping joins are
counted once; ``propose`` turns minutes into present (≥ the workshop's threshold, 80 % by
default), partly or absent. ``attendance_confirm`` writes the final booking statuses and
completes the course step through ``courses.progress.progress_record`` when the
workshop's rule is met.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
import json
import logging
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from academy.safe_input import is_id

from .booking import BookingError, _change
from .models import (
    WARSAW,
    AttendanceSegment,
    Booking,
    Session,
    SessionBlock,
    WebhookLog,
    Workshop,
    attending_filter,
)

logger = logging.getLogger(__name__)
S = Booking.Status
A = Booking.Attendance

QR_SALT = "workshops.checkin"
QR_STEP_SECONDS = 60  # the code on the screen changes every minute
QR_VALID_SECONDS = 120  # a photographed code works for two minutes at most
CHECKIN_EARLY = timedelta(minutes=30)
WEBHOOK_MAX_AGE = timedelta(minutes=5)


class AttendanceError(BookingError):
    pass


# --- minutes ---------------------------------------------------------------------------


def merged_minutes(segments, blocks, *, now=None) -> int:
    """Minutes inside the blocks covered by at least one segment (open segments end now
    or at the block's end)."""
    now = now or timezone.now()
    intervals = []
    for segment in segments:
        end = segment.left_at or now
        for block in blocks:
            start, stop = max(segment.joined_at, block.starts_at), min(end, block.ends_at)
            if stop > start:
                intervals.append((start, stop))
    intervals.sort()
    total = timedelta()
    current = None
    for start, stop in intervals:
        if current and start <= current[1]:
            current = (current[0], max(current[1], stop))
        else:
            if current:
                total += current[1] - current[0]
            current = (start, stop)
    if current:
        total += current[1] - current[0]
    return int(total.total_seconds() // 60)


def scheduled_minutes(blocks) -> int:
    return sum(block.minutes for block in blocks)


def propose(*, minutes: int, scheduled: int, threshold: int) -> str:
    if scheduled <= 0 or minutes <= 0:
        return A.ABSENT
    if minutes * 100 >= threshold * scheduled:
        return A.PRESENT
    return A.PARTLY


def session_recount(session: Session, *, now=None) -> None:
    """Recount minutes and proposals of every booking of the session from its evidence
    (three queries and one update per changed booking)."""
    blocks = list(SessionBlock.objects.filter(session=session))
    scheduled = scheduled_minutes(blocks)
    threshold = session.workshop.attendance_threshold
    bookings = list(
        Booking.objects.filter(attending_filter(), session=session).prefetch_related("segments")
    )
    for booking in bookings:
        segments = list(booking.segments.all())
        if not segments:
            continue
        minutes = merged_minutes(segments, blocks, now=now)
        proposed = propose(minutes=minutes, scheduled=scheduled, threshold=threshold)
        if (
            any(
                s.source in (AttendanceSegment.Source.QR, AttendanceSegment.Source.ROLL_CALL)
                for s in segments
            )
            and proposed == A.ABSENT
        ):
            proposed = A.PRESENT  # seen in the room, before the platform or clock had minutes
        if (booking.minutes, booking.proposed) != (minutes, proposed):
            Booking.objects.filter(pk=booking.pk).update(minutes=minutes, proposed=proposed)


# --- roll call -------------------------------------------------------------------------


@transaction.atomic
def rollcall_set(*, session: Session, marks: dict[int, str], actor) -> int:
    """Set the trainer's marks {booking id: present|partly|absent} (bulk). Returns how many."""
    valid = {pk: mark for pk, mark in marks.items() if mark in A.values}
    rows = Booking.objects.filter(attending_filter(), session=session, pk__in=valid)
    changed = 0
    for booking in rows.only("pk", "attendance"):
        if booking.attendance != valid[booking.pk]:
            Booking.objects.filter(pk=booking.pk).update(attendance=valid[booking.pk])
            changed += 1
    return changed


# --- QR check-in -----------------------------------------------------------------------


def checkin_token(session: Session, *, now=None) -> str:
    """The code shown in the room now (changes every minute)."""
    now = now or timezone.now()
    step = int(now.timestamp()) // QR_STEP_SECONDS
    signer = signing.TimestampSigner(salt=f"{QR_SALT}:{session.checkin_key}")
    return signer.sign(f"{session.pk}.{step}")


def checkin(*, token: str, user, now=None) -> Booking:
    """Self check-in from the room's QR code. Raises AttendanceError for a forged or old
    code, outside the session's time, or for someone without a booking."""
    now = now or timezone.now()
    session_part = token.split(".", 1)[0]
    if not is_id(session_part):
        raise AttendanceError(_("This check-in code is not valid."), "bad")
    session = Session.objects.select_related("workshop").filter(pk=int(session_part)).first()
    if session is None:
        raise AttendanceError(_("This check-in code is not valid."), "bad")
    signer = signing.TimestampSigner(salt=f"{QR_SALT}:{session.checkin_key}")
    try:
        signer.unsign(token, max_age=QR_VALID_SECONDS)
    except signing.SignatureExpired:
        raise AttendanceError(
            _("This check-in code has expired. Scan the code on the screen again."), "expired"
        ) from None
    except signing.BadSignature:
        raise AttendanceError(_("This check-in code is not valid."), "bad") from None
    blocks = list(session.blocks.all())
    block = next((b for b in blocks if b.starts_at - CHECKIN_EARLY <= now <= b.ends_at), None)
    if block is None or session.is_cancelled:
        raise AttendanceError(_("Check-in is open only during the session."), "closed")
    booking = Booking.objects.filter(session=session, user=user, status=S.BOOKED).first()
    if booking is None:
        raise AttendanceError(_("You have no booking for this session."), "not_booked")
    with transaction.atomic():
        already = booking.segments.filter(
            source=AttendanceSegment.Source.QR, joined_at__gte=block.starts_at - CHECKIN_EARLY
        ).exists()
        if not already:
            AttendanceSegment.objects.create(
                booking=booking,
                source=AttendanceSegment.Source.QR,
                joined_at=max(now, block.starts_at),
                left_at=block.ends_at,
                evidence={"checked_in_at": now.isoformat()},
            )
        if not booking.attendance:
            Booking.objects.filter(pk=booking.pk).update(attendance=A.PRESENT)
    session_recount(session, now=now)
    return booking


# --- meeting-platform webhook ----------------------------------------------------------


def webhook_secret() -> bytes:
    return getattr(settings, "WORKSHOPS_WEBHOOK_SECRET", settings.SECRET_KEY).encode()


def webhook_sign(body: bytes, timestamp: str) -> str:
    message = timestamp.encode() + b"." + body
    return "sha256=" + hmac.new(webhook_secret(), message, hashlib.sha256).hexdigest()


def _log(
    *, body: bytes, reason: str, accepted: bool = False, session=None, digest=None
) -> WebhookLog:
    if not accepted:
        logger.warning("Workshop webhook refused: %s", reason)
    return WebhookLog.objects.create(
        digest=digest,
        session=session,
        accepted=accepted,
        reason=reason[:200],
        body=body.decode("utf-8", "replace")[:20000],
    )


def _bbb_events(payload) -> list[dict]:
    """BigBlueButton's webhook format: a list (or one) of {"data": {"id": "user-joined" |
    "user-left", "attributes": {"meeting": {"external-meeting-id"}, "user":
    {"external-user-id"}}, "event": {"ts": ms}}}."""
    items = payload if isinstance(payload, list) else [payload]
    events = []
    for item in items:
        data = item.get("data", {}) if isinstance(item, dict) else {}
        kind = data.get("id")
        if kind not in ("user-joined", "user-left"):
            continue
        attributes = data.get("attributes", {})
        events.append(
            {
                "kind": kind,
                "meeting": str(attributes.get("meeting", {}).get("external-meeting-id", "")),
                "user": str(attributes.get("user", {}).get("external-user-id", "")),
                "ts": data.get("event", {}).get("ts"),
            }
        )
    return events


def webhook_receive(*, body: bytes, signature: str, timestamp: str, now=None) -> tuple[bool, str]:
    """Check and apply one webhook delivery. Returns (accepted, reason); every delivery is
    logged. Refused: a bad signature, a stale timestamp, a replay, an unknown meeting."""
    now = now or timezone.now()
    expected = webhook_sign(body, timestamp or "")
    if not signature or not hmac.compare_digest(expected, signature):
        _log(body=body, reason="bad signature")
        return False, "bad signature"
    try:
        sent = datetime.fromtimestamp(int(timestamp), tz=UTC)
    except (TypeError, ValueError, OverflowError, OSError):
        _log(body=body, reason="bad timestamp")
        return False, "bad timestamp"
    if abs(now - sent) > WEBHOOK_MAX_AGE:
        _log(body=body, reason="stale timestamp")
        return False, "stale timestamp"
    digest = hashlib.sha256(timestamp.encode() + b"." + body).hexdigest()
    if WebhookLog.objects.filter(digest=digest).exists():
        _log(body=body, reason="replayed")
        return False, "replayed"
    try:
        payload = json.loads(body)
    except ValueError:
        _log(body=body, reason="not JSON", digest=digest)
        return False, "not JSON"
    events = _bbb_events(payload)
    meetings = {e["meeting"] for e in events}
    sessions = {
        s.meeting_id: s
        for s in Session.objects.filter(meeting_id__in=[m for m in meetings if m]).select_related(
            "workshop"
        )
    }
    if not events or any(m not in sessions for m in meetings):
        _log(body=body, reason="unknown meeting", digest=digest)
        return False, "unknown meeting"
    try:
        with transaction.atomic():
            log = _log(
                body=body,
                reason="",
                accepted=True,
                digest=digest,
                session=next(iter(sessions.values())),
            )
            for event in events:
                _apply_event(sessions[event["meeting"]], event, log=log, now=now)
    except IntegrityError:
        _log(body=body, reason="replayed")
        return False, "replayed"
    for session in sessions.values():
        session_recount(session, now=now)
    return True, "ok"


def _booking_for(session: Session, who: str):
    queryset = Booking.objects.filter(attending_filter(), session=session)
    if is_id(who):
        return queryset.filter(user_id=int(who)).first()
    return queryset.filter(user__email__iexact=who).first()


def _apply_event(session: Session, event: dict, *, log: WebhookLog, now) -> None:
    booking = _booking_for(session, event["user"])
    if booking is None:
        return
    try:
        at = datetime.fromtimestamp(int(event["ts"]) / 1000, tz=WARSAW)
    except (TypeError, ValueError, OverflowError, OSError):
        at = now
    if event["kind"] == "user-joined":
        AttendanceSegment.objects.create(
            booking=booking,
            source=AttendanceSegment.Source.WEBHOOK,
            joined_at=at,
            evidence={"webhook": log.pk},
        )
    else:
        open_segment = (
            booking.segments.filter(source=AttendanceSegment.Source.WEBHOOK, left_at__isnull=True)
            .order_by("-joined_at")
            .first()
        )
        if open_segment is not None:
            open_segment.left_at = max(at, open_segment.joined_at)
            open_segment.save(update_fields=["left_at"])


# --- CSV import ------------------------------------------------------------------------

_EMAIL = ("user email", "email", "e-mail", "participant email", "upn", "email address")
_JOIN = ("join time", "joined", "join", "first join", "first join time", "joined at")
_LEAVE = ("leave time", "left", "leave", "last leave", "last leave time", "left at")
_FORMATS = (
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%m/%d/%Y %I:%M:%S %p",
    "%m/%d/%Y %H:%M:%S",
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y, %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
    "%m/%d/%y, %I:%M:%S %p",
)


def _parse_time(value: str):
    value = (value or "").strip()
    try:
        parsed = datetime.fromisoformat(value)
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=WARSAW)
    except ValueError:
        pass
    for pattern in _FORMATS:
        try:
            return datetime.strptime(value, pattern).replace(tzinfo=WARSAW)
        except ValueError:
            continue
    return None


def _column(header: list[str], names) -> int | None:
    lowered = [h.strip().lower().lstrip("\ufeff") for h in header]
    for name in names:
        if name in lowered:
            return lowered.index(name)
    return None


@transaction.atomic
def csv_import(*, session: Session, data: bytes, actor) -> dict:
    """Import a meeting platform's attendance export; local times are Europe/Warsaw.
    Returns {"imported", "unknown", "skipped"}. Raises AttendanceError for a file without
    email, join and leave columns."""
    text = data.decode("utf-8-sig", errors="replace")
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = list(csv.reader(io.StringIO(text), dialect))
    header_index = next(
        (
            i
            for i, row in enumerate(rows[:20])
            if _column(row, _EMAIL) is not None and _column(row, _JOIN) is not None
        ),
        None,
    )
    if header_index is None:
        raise AttendanceError(
            _("The file needs columns for the email, the join time and the leave time."), "columns"
        )
    header = rows[header_index]
    email_at, join_at, leave_at = (
        _column(header, _EMAIL),
        _column(header, _JOIN),
        _column(header, _LEAVE),
    )
    if leave_at is None:
        raise AttendanceError(
            _("The file needs columns for the email, the join time and the leave time."), "columns"
        )
    bookings = {
        b.user.email.lower(): b
        for b in Booking.objects.filter(attending_filter(), session=session).select_related("user")
    }
    segments, unknown, skipped = [], set(), 0
    for row in rows[header_index + 1 :]:
        if len(row) <= max(email_at, join_at, leave_at):
            skipped += 1
            continue
        email = row[email_at].strip().lower()
        joined, left = _parse_time(row[join_at]), _parse_time(row[leave_at])
        if not email or joined is None or left is None or left < joined:
            skipped += 1
            continue
        booking = bookings.get(email)
        if booking is None:
            unknown.add(email)
            continue
        segments.append(
            AttendanceSegment(
                booking=booking,
                source=AttendanceSegment.Source.CSV,
                joined_at=joined,
                left_at=left,
                evidence={"row": row[:12]},
            )
        )
    AttendanceSegment.objects.bulk_create(segments)
    session_recount(session)
    return {"imported": len(segments), "unknown": sorted(unknown), "skipped": skipped}


# --- confirmation and completion -------------------------------------------------------

FINAL = {A.PRESENT: S.ATTENDED, A.PARTLY: S.PARTLY, A.ABSENT: S.NO_SHOW}


@transaction.atomic
def attendance_confirm(*, session: Session, actor, accept_proposals: bool = True) -> int:
    """One click: each booked participant's attendance (the roll call's mark, else the
    proposal from the evidence, else absent) becomes their final status; the course step
    completes for those who now meet the workshop's rule. Returns how many changed."""
    session = Session.objects.select_for_update().select_related("workshop").get(pk=session.pk)
    changed = 0
    users = []
    for booking in Booking.objects.filter(attending_filter(), session=session).select_related(
        "user"
    ):
        mark = booking.attendance or (booking.proposed if accept_proposals else "") or A.ABSENT
        status = FINAL[mark]
        if booking.status != status or booking.attendance != mark:
            _change(booking, status, actor=actor, reason=_("attendance confirmed"), attendance=mark)
            changed += 1
        users.append(booking.user)
    for user in users:
        workshop_completion_check(workshop=session.workshop, user=user)
    return changed


def rule_met(workshop: Workshop, bookings) -> bool:
    """The workshop's rule over the user's bookings of its sessions."""
    good = 0
    for booking in bookings:
        if workshop.rule == Workshop.Rule.ATTENDED:
            ok = booking.status == S.ATTENDED
        elif workshop.rule == Workshop.Rule.PARTLY:
            ok = booking.status in (S.ATTENDED, S.PARTLY)
        else:
            scheduled = sum(b.minutes for b in booking.session.blocks.all())
            ok = (
                booking.status in (S.ATTENDED, S.PARTLY)
                and scheduled > 0
                and (
                    booking.status == S.ATTENDED
                    and not booking.minutes
                    or booking.minutes * 100 >= workshop.rule_percent * scheduled
                )
            )
        good += ok
    return good >= workshop.sessions_required


def workshop_completion_check(*, workshop: Workshop, user) -> bool:
    """Complete the workshop's course step for ``user`` when the rule is met."""
    from courses.models import Enrollment
    from courses.progress import progress_record

    if workshop.item_id is None:
        return False
    bookings = list(
        Booking.objects.filter(session__workshop=workshop, user=user)
        .select_related("session")
        .prefetch_related("session__blocks")
    )
    if not rule_met(workshop, bookings):
        return False
    enrollment = Enrollment.objects.filter(
        user=user, course_id=workshop.item.course_id, status=Enrollment.Status.ACTIVE
    ).first()
    if enrollment is None:
        return False
    progress_record(enrollment=enrollment, item=workshop.item, completed=True)
    return True


def cpd_minutes(user) -> int:
    """Attended minutes for CPD hours: minutes counted, or the scheduled time when only
    the roll call says "present"."""
    total = 0
    for booking in Booking.objects.filter(
        user=user, status__in=(S.ATTENDED, S.PARTLY)
    ).prefetch_related("session__blocks"):
        total += booking.minutes or (
            scheduled_minutes(booking.session.blocks.all()) if booking.status == S.ATTENDED else 0
        )
    return total
