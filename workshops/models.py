"""Live and hybrid workshops.

- ``Workshop``: a live training, optionally a step (``Item`` of kind ``workshop``) in a
  course; it holds the approval mode, the cancellation deadline and the attendance rule
  that completes the step.
- ``Session``: one occurrence of a workshop (in person, online or hybrid) with its own
  venue, meeting link, trainers and separate room and online capacities.
- ``SessionBlock``: a stretch of time of a session (a two-day training has two blocks).
  Times are stored in UTC and always shown in Europe/Warsaw.
- ``Booking``: one row per user and session; its status and seat type change only
  through ``workshops.booking``; ``BookingEvent`` keeps who changed it, when and why.
- ``AttendanceSegment``: evidence of presence (roll call, QR check-in, a meeting
  platform's join/leave events, an imported CSV); ``WebhookLog`` keeps every webhook
  delivery, accepted or refused.
- ``CalendarToken``: the secret of a user's personal calendar feed (revocable).
"""

from __future__ import annotations

import secrets
import uuid
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from academy.models import Organisation, Voivodeship

WARSAW = ZoneInfo("Europe/Warsaw")


def validate_https(value: str) -> None:
    if value and not value.lower().startswith("https://"):
        raise ValidationError(_("The meeting link must start with https://."), code="not_https")


class WorkshopQuerySet(models.QuerySet):
    def listed(self):
        return self.filter(is_listed=True)


class Workshop(models.Model):
    class Approval(models.TextChoices):
        NONE = "none", _("No approval: first come, first served")
        COORDINATOR = "coordinator", _("Approved by the participant's organisation coordinator")
        TRAINER = "trainer", _("Approved by the trainer")

    class Rule(models.TextChoices):
        ATTENDED = "attended", _("Attended")
        PARTLY = "partly", _("At least partly attended")
        PERCENT = "percent", _("A share of the scheduled minutes")

    item = models.OneToOneField(
        "courses.Item",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="workshop",
        verbose_name=_("course step"),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    voivodeship = models.CharField(
        _("voivodeship"), max_length=32, choices=Voivodeship.choices, blank=True
    )
    approval = models.CharField(
        _("approval"), max_length=16, choices=Approval.choices, default=Approval.NONE
    )
    is_listed = models.BooleanField(_("listed among upcoming workshops"), default=True)
    cancellation_hours = models.PositiveIntegerField(
        _("free cancellation until (hours before the start)"), default=48
    )
    promotion_cutoff_hours = models.PositiveIntegerField(
        _("no seats offered from the waiting list later than (hours before the start)"),
        default=2,
    )
    attendance_threshold = models.PositiveSmallIntegerField(
        _("attended from (percent of the scheduled time)"),
        default=80,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    rule = models.CharField(
        _("completion rule"), max_length=16, choices=Rule.choices, default=Rule.ATTENDED
    )
    rule_percent = models.PositiveSmallIntegerField(
        _("minimum share of minutes (percent)"),
        default=80,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    sessions_required = models.PositiveSmallIntegerField(
        _("sessions that must meet the rule"), default=1, validators=[MinValueValidator(1)]
    )
    materials_url = models.URLField(_("materials"), max_length=500, blank=True)
    recording_url = models.URLField(_("recording"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = WorkshopQuerySet.as_manager()

    class Meta:
        verbose_name = _("workshop")
        verbose_name_plural = _("workshops")
        ordering = ["title", "pk"]

    def __str__(self) -> str:
        return self.title


class Session(models.Model):
    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")
        HYBRID = "hybrid", _("Hybrid")

    workshop = models.ForeignKey(
        Workshop, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("workshop")
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    mode = models.CharField(_("mode"), max_length=16, choices=Mode.choices, default=Mode.IN_PERSON)
    venue_address = models.CharField(_("address"), max_length=300, blank=True)
    venue_room = models.CharField(_("room"), max_length=120, blank=True)
    accessibility = models.TextField(_("accessibility notes"), blank=True)
    meeting_url = models.URLField(
        _("meeting link"), max_length=500, blank=True, validators=[validate_https]
    )
    # The meeting platform's id for this session (BigBlueButton's external meeting id).
    meeting_id = models.CharField(_("meeting id"), max_length=100, blank=True, db_index=True)
    room_capacity = models.PositiveIntegerField(_("places in the room"), default=0)
    online_capacity = models.PositiveIntegerField(_("places online"), default=0)
    trainers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="workshop_sessions",
        verbose_name=_("trainers"),
    )
    starts_at = models.DateTimeField(_("starts"), null=True, blank=True, db_index=True)
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    cancel_reason = models.CharField(_("reason"), max_length=300, blank=True)
    checkin_key = models.CharField(max_length=64, default=secrets.token_hex, editable=False)
    feedback_enabled = models.BooleanField(_("ask for feedback"), default=True)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_at", "pk"]

    def __str__(self) -> str:
        return self.title or self.workshop.title

    @property
    def has_room(self) -> bool:
        return self.mode in (self.Mode.IN_PERSON, self.Mode.HYBRID)

    @property
    def has_online(self) -> bool:
        return self.mode in (self.Mode.ONLINE, self.Mode.HYBRID)

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def local_start(self):
        return timezone.localtime(self.starts_at, WARSAW) if self.starts_at else None


class SessionBlock(models.Model):
    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="blocks", verbose_name=_("session")
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))

    class Meta:
        verbose_name = _("date block")
        verbose_name_plural = _("date blocks")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="workshop_block_ends_after"
            )
        ]

    def __str__(self) -> str:
        return f"{self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)


def attending_filter() -> Q:
    """Bookings whose holder takes part: booked, already marked, or waiting for the room
    while attending online meanwhile."""
    S = Booking.Status
    return Q(status__in=(S.BOOKED, S.ATTENDED, S.PARTLY, S.NO_SHOW)) | Q(
        online_meanwhile=True, status__in=(S.WAITLISTED, S.OFFERED)
    )


class Booking(models.Model):
    class Status(models.TextChoices):
        REQUESTED = "requested", _("Waiting for approval")
        APPROVED = "approved", _("Approved")
        BOOKED = "booked", _("Booked")
        WAITLISTED = "waitlisted", _("On the waiting list")
        OFFERED = "offered", _("Seat offered")
        CANCELLED = "cancelled", _("Cancelled by the participant")
        SESSION_CANCELLED = "session_cancelled", _("Cancelled with the session")
        DECLINED = "declined", _("Declined")
        NO_SHOW = "no_show", _("Did not attend")
        PARTLY = "partly", _("Partly attended")
        ATTENDED = "attended", _("Attended")

    class Seat(models.TextChoices):
        ROOM = "room", _("In the room")
        ONLINE = "online", _("Online")

    class Attendance(models.TextChoices):
        PRESENT = "present", _("Present")
        PARTLY = "partly", _("Partly")
        ABSENT = "absent", _("Absent")

    HOLDS_SEAT = (Status.BOOKED, Status.OFFERED, Status.APPROVED)
    WAITING = (Status.WAITLISTED,)
    ACTIVE = (Status.REQUESTED, Status.APPROVED, Status.BOOKED, Status.WAITLISTED, Status.OFFERED)
    ATTENDANCE_DONE = (Status.ATTENDED, Status.PARTLY, Status.NO_SHOW)

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="bookings", verbose_name=_("session")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="workshop_bookings",
        verbose_name=_("participant"),
    )
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("organisation"),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    seat = models.CharField(_("seat"), max_length=8, choices=Seat.choices, default=Seat.ROOM)
    auto_book = models.BooleanField(_("book automatically when a seat frees up"), default=False)
    # Hybrid: waiting for the room while holding an online place (keeps the room queue place).
    online_meanwhile = models.BooleanField(
        _("online place while waiting for the room"), default=False
    )
    waiting_since = models.DateTimeField(_("waiting since"), null=True, blank=True)
    offer_expires_at = models.DateTimeField(_("offer expires"), null=True, blank=True)
    late_cancellation = models.BooleanField(_("late cancellation"), default=False)
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0)
    # Attendance: the trainer's roll call, the proposal from the evidence, the minutes.
    attendance = models.CharField(
        _("attendance"), max_length=8, choices=Attendance.choices, blank=True
    )
    proposed = models.CharField(
        _("proposed attendance"), max_length=8, choices=Attendance.choices, blank=True
    )
    minutes = models.PositiveIntegerField(_("minutes attended"), default=0)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["session", "user"], name="workshop_booking_once")
        ]
        indexes = [models.Index(fields=["session", "status", "seat"])]

    def __str__(self) -> str:
        return f"{self.user} · {self.session}"


class SeatHold(models.Model):
    """Places a coordinator holds for their organisation in a session: counted as taken
    for everyone else until members of that organisation book them."""

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="holds", verbose_name=_("session")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+", verbose_name=_("organisation")
    )
    seat = models.CharField(_("seat"), max_length=8, choices=Booking.Seat.choices)
    seats = models.PositiveIntegerField(_("places held"))
    held_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("held by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("places held for an organisation")
        verbose_name_plural = _("places held for organisations")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "organisation", "seat"], name="workshop_hold_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.seats}"


class BookingEvent(models.Model):
    booking = models.ForeignKey(
        Booking, on_delete=models.CASCADE, related_name="events", verbose_name=_("booking")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("changed by"),
    )
    old_status = models.CharField(_("from"), max_length=20, blank=True)
    status = models.CharField(_("to"), max_length=20)
    reason = models.CharField(_("why"), max_length=300, blank=True)
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("booking event")
        verbose_name_plural = _("booking events")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.old_status} → {self.status}"


class AttendanceSegment(models.Model):
    class Source(models.TextChoices):
        ROLL_CALL = "roll_call", _("Roll call")
        QR = "qr", _("QR check-in")
        WEBHOOK = "webhook", _("Meeting platform")
        CSV = "csv", _("Imported list")

    booking = models.ForeignKey(
        Booking, on_delete=models.CASCADE, related_name="segments", verbose_name=_("booking")
    )
    source = models.CharField(_("source"), max_length=16, choices=Source.choices)
    joined_at = models.DateTimeField(_("joined"))
    left_at = models.DateTimeField(_("left"), null=True, blank=True)
    evidence = models.JSONField(_("evidence"), default=dict, blank=True)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("attendance segment")
        verbose_name_plural = _("attendance segments")
        ordering = ["joined_at", "pk"]

    def __str__(self) -> str:
        return f"{self.source} {self.joined_at:%Y-%m-%d %H:%M}"


class WebhookLog(models.Model):
    """Every meeting-platform webhook delivery, accepted or refused (the evidence)."""

    digest = models.CharField(max_length=64, unique=True, null=True, blank=True)
    session = models.ForeignKey(
        Session, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    accepted = models.BooleanField(default=False)
    reason = models.CharField(max_length=200, blank=True)
    body = models.TextField(blank=True)
    received_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-received_at", "-pk"]

    def __str__(self) -> str:
        return self.reason or "ok"


class Feedback(models.Model):
    booking = models.OneToOneField(
        Booking, on_delete=models.CASCADE, related_name="feedback", verbose_name=_("booking")
    )
    rating = models.PositiveSmallIntegerField(
        _("rating"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(_("comment"), blank=True, max_length=2000)
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.rating}/5"


class CalendarToken(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="workshop_calendar",
        verbose_name=_("user"),
    )
    token = models.CharField(max_length=64, unique=True, default=secrets.token_urlsafe)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"calendar of {self.user_id}"
