"""The trainer studio: where courses are authored, published and taught.

The studio owns almost no data of its own; it writes ``courses`` models through
``studio.services``. Its one noun:

- **StudioInvitation**: a trainer asked someone without an account to join a course.
  When that email address is later verified (allauth's ``email_confirmed``), the new
  account is enrolled and the invitation is marked accepted.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


def _token() -> str:
    return secrets.token_urlsafe(24)


class StudioInvitation(models.Model):
    course = models.ForeignKey(
        "courses.Course",
        on_delete=models.CASCADE,
        related_name="studio_invitations",
        verbose_name=_("course"),
    )
    email = models.EmailField(_("email address"))
    token = models.CharField(
        max_length=64,
        unique=True,
        default=_token,
        editable=False,
        verbose_name=_("invitation token"),
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        constraints = [
            # One pending invitation per address and course: a second invite re-sends it.
            models.UniqueConstraint(
                fields=["course", "email"],
                condition=Q(accepted_at__isnull=True),
                name="studioinvitation_one_pending",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.course}"
