"""Durable records of work done outside the request.

- **EmailDelivery**: one email to one address, rendered in the recipient's language when
  it was queued. Its ``key`` is unique: queueing the same message twice (a retried task,
  a double click) creates one row and sends one email. The row is the truth about the
  email: pending until the mail server accepts it, failed (with the last error) after the
  last attempt, and an admin can send it again.
- **SchedulerLease**: the one row that says which scheduler process may enqueue periodic
  work, until when. Every scheduler renews or takes it; only its holder runs jobs.
- **ScheduledRun**: when each periodic job last ran, so a restarted scheduler runs a
  missed job once, not once per missed slot.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class EmailDelivery(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("waiting to be sent")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")
        SKIPPED = "skipped", _("not sent (no address)")

    key = models.CharField(_("idempotency key"), max_length=200, unique=True)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",  # a deleted account gets nothing more
    )
    to = models.EmailField(_("address"), blank=True)
    language = models.CharField(_("language"), max_length=8)
    subject = models.CharField(_("subject"), max_length=300)
    text = models.TextField(_("plain text"))
    html = models.TextField(_("HTML"), blank=True)
    headers = models.JSONField(_("headers"), default=dict, blank=True)
    # Attachments are produced when the email is sent: a dotted path to a function and
    # its keyword arguments, returning [(filename, bytes, mimetype), ...].
    attachments = models.JSONField(_("attachments"), default=list, blank=True)
    transactional = models.BooleanField(_("transactional"), default=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("queued at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("email delivery")
        verbose_name_plural = _("email deliveries")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.to or '—'}: {self.subject}"


class SchedulerLease(models.Model):
    name = models.CharField(max_length=50, unique=True)
    holder = models.CharField(max_length=100)
    expires_at = models.DateTimeField()

    class Meta:
        verbose_name = _("scheduler lease")
        verbose_name_plural = _("scheduler leases")

    def __str__(self) -> str:
        return f"{self.name}: {self.holder} until {self.expires_at:%Y-%m-%d %H:%M:%S}"


class ScheduledRun(models.Model):
    job = models.CharField(_("job"), max_length=100, unique=True)
    last_run_at = models.DateTimeField(_("last run at"))

    class Meta:
        verbose_name = _("scheduled job run")
        verbose_name_plural = _("scheduled job runs")

    def __str__(self) -> str:
        return self.job
