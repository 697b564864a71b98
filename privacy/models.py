"""Personal data: what people asked for, what the academy keeps, and the legal pages.

- **DataExport**: one "download my data" ZIP, built in the background, stored privately,
  downloadable by its owner until it expires (7 days by default).
- **AccountDeletion**: a person's request to delete their account. It waits for a grace
  period (14 days by default; signing in cancels it), then the scheduler anonymises the
  account (``privacy.erasure.erase_user``). The row stays as proof of what was done.
- **DataRequest**: a data-subject request handled by staff (access, rectification,
  erasure, restriction), due one month after it was received, with its audit trail in
  **DataRequestEvent**.
- **AccessLog**: who (a coordinator, staff) viewed or exported whose learning data, when.
  Shown to staff and included in the person's own export.
- **InactivityWarning**: when an inactive account was warned that it will be anonymised.
- **LegalPage**: the privacy notice, terms, cookie policy and accessibility statement, per
  language, edited by staff in the admin (no deploy needed).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DataExport(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Being prepared")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")
        EXPIRED = "expired", _("Expired")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="data_exports",
        verbose_name=_("person"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("requested by"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    path = models.CharField(_("file"), max_length=200, blank=True)
    size = models.PositiveBigIntegerField(_("size (bytes)"), default=0)
    created_at = models.DateTimeField(_("requested"), default=timezone.now)
    ready_at = models.DateTimeField(_("ready"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)

    class Meta:
        verbose_name = _("data export")
        verbose_name_plural = _("data exports")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.user_id} {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def is_downloadable(self) -> bool:
        return (
            self.status == self.Status.READY
            and self.expires_at is not None
            and self.expires_at > timezone.now()
        )


class AccountDeletion(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the grace period")
        CANCELLED = "cancelled", _("Cancelled")
        DONE = "done", _("Account anonymised")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="account_deletions",
        verbose_name=_("person"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    withdraw_certificates = models.BooleanField(
        _("withdraw certificates"),
        default=False,
        help_text=_("Revoke the certificates instead of keeping them in the register."),
    )
    requested_at = models.DateTimeField(_("requested"), default=timezone.now)
    erase_after = models.DateTimeField(_("anonymise after"))
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    done_at = models.DateTimeField(_("anonymised"), null=True, blank=True)

    class Meta:
        verbose_name = _("account deletion")
        verbose_name_plural = _("account deletions")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(status="pending"),
                name="privacy_one_pending_deletion",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.status}"


class DataRequest(models.Model):
    class Kind(models.TextChoices):
        ACCESS = "access", _("Access (art. 15 GDPR)")
        RECTIFICATION = "rectification", _("Rectification (art. 16 GDPR)")
        ERASURE = "erasure", _("Erasure (art. 17 GDPR)")
        RESTRICTION = "restriction", _("Restriction of processing (art. 18 GDPR)")

    class Status(models.TextChoices):
        NEW = "new", _("New")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        REJECTED = "rejected", _("Rejected")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="data_requests",
        verbose_name=_("person (account)"),
    )
    contact = models.CharField(
        _("how to reach the person"),
        max_length=200,
        blank=True,
        help_text=_("When the person has no account, or wants the answer elsewhere."),
    )
    details = models.TextField(_("what was asked"), blank=True)
    received_on = models.DateField(_("received"), default=timezone.localdate)
    due_on = models.DateField(_("due"), blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default="new")
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("handled by"),
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        verbose_name = _("data-subject request")
        verbose_name_plural = _("data-subject requests")
        ordering = ["status", "due_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status in {self.Status.NEW, self.Status.IN_PROGRESS}

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due_on < timezone.localdate()


class DataRequestEvent(models.Model):
    request = models.ForeignKey(
        DataRequest, on_delete=models.CASCADE, related_name="events", verbose_name=_("request")
    )
    at = models.DateTimeField(_("when"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("by"),
    )
    action = models.CharField(_("action"), max_length=32)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("request event")
        verbose_name_plural = _("request events")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.request_id}: {self.action}"


class AccessLog(models.Model):
    class Action(models.TextChoices):
        VIEW_REPORT = "view_report", _("Viewed the progress report")
        VIEW_PERSON = "view_person", _("Viewed a person's progress")
        EXPORT_CSV = "export_csv", _("Exported the progress report")

    viewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("viewed by"),
    )
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("person"),
    )
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("access to personal data")
        verbose_name_plural = _("accesses to personal data")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["subject", "at"])]

    def __str__(self) -> str:
        return f"{self.viewer_id} → {self.subject_id}: {self.action}"


class InactivityWarning(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="inactivity_warning",
        verbose_name=_("person"),
    )
    warned_at = models.DateTimeField(_("warned"), default=timezone.now)

    class Meta:
        verbose_name = _("inactivity warning")
        verbose_name_plural = _("inactivity warnings")

    def __str__(self) -> str:
        return f"{self.user_id} {self.warned_at:%Y-%m-%d}"


class LegalPage(models.Model):
    class Slug(models.TextChoices):
        PRIVACY = "privacy", _("Privacy notice")
        TERMS = "terms", _("Terms of use")
        COOKIES = "cookies", _("Cookies")
        ACCESSIBILITY = "accessibility", _("Accessibility statement")

    slug = models.CharField(_("page"), max_length=16, choices=Slug.choices)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(
        _("text (HTML)"), help_text=_("Headings, paragraphs, lists and links; sanitised.")
    )
    prepared_on = models.DateField(_("prepared on"), default=timezone.localdate)
    reviewed_on = models.DateField(_("last reviewed on"), default=timezone.localdate)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("legal page")
        verbose_name_plural = _("legal pages")
        ordering = ["slug", "language"]
        constraints = [
            models.UniqueConstraint(fields=["slug", "language"], name="legalpage_unique")
        ]

    def __str__(self) -> str:
        return f"{self.get_slug_display()} ({self.language})"
