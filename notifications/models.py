"""Notifications: telling people what happened, in the academy and by email.

- **Notification**: one event for one recipient. It stores the event's *type* (a key in
  the registry, ``registry.py``) and its *params*; the message is rendered from them in the
  recipient's language when it is shown or sent, never stored as text. ``target`` is the
  object it is about; when that object is deleted the notification still renders, without
  its link. ``event`` identifies the event, so notifying twice about it creates one row.
- **NotificationPreference**: how one user wants one type delivered: in the academy only,
  also by email at once, in a daily or weekly digest, or not at all. Without a row the
  type's default for the recipient's role applies.
- **NotificationSettings**: the hour (Europe/Warsaw) at which a user's digests go out.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    IN_APP = "in_app", _("In the academy only")
    EMAIL = "email", _("In the academy and by email at once")
    DAILY = "daily", _("In the academy and in a daily email digest")
    WEEKLY = "weekly", _("In the academy and in a weekly email digest")
    OFF = "off", _("Off")


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    # Indexed through the unique constraint below (recipient first): fan-out inserts
    # thousands of rows, so every index counts.
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
        db_index=False,
    )
    type = models.CharField(_("type"), max_length=64)
    event = models.CharField(_("event"), max_length=120)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    # The role the recipient is told in (learner, trainer, coordinator): picks the default channel.
    role = models.CharField(_("role"), max_length=16, default="learner")
    # Digests group by this (usually "course:<id>"); its title is params["group_title"].
    group = models.CharField(_("group"), max_length=64, blank=True)
    target_type = models.ForeignKey(
        ContentType,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
    )
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("emailed at"), null=True, blank=True)
    digested_at = models.DateTimeField(_("sent in a digest at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "type", "event"], name="notification_once_per_event"
            ),
        ]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread_idx"),
            # Only what still waits for an email or a digest (a small part of the table).
            models.Index(
                fields=["recipient", "created_at"],
                name="notification_waiting_idx",
                condition=models.Q(digested_at__isnull=True, emailed_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.type} → {self.recipient_id}"


class NotificationPreference(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    type = models.CharField(_("type"), max_length=64)
    channel = models.CharField(_("delivery"), max_length=10, choices=Channel.choices)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "type"], name="notification_preference_once")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.type}: {self.channel}"


class NotificationSettings(models.Model):
    DEFAULT_HOUR = 7

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_settings"
    )
    digest_hour = models.PositiveSmallIntegerField(
        _("digest hour"),
        default=DEFAULT_HOUR,
        help_text=_("Digests are sent at this hour, Polish time (Europe/Warsaw)."),
    )

    class Meta:
        verbose_name = _("notification settings")
        verbose_name_plural = _("notification settings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(digest_hour__lte=23), name="digest_hour_valid"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} at {self.digest_hour}:00"
