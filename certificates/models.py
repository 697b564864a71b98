"""Certificates of completion.

- **CertificateTemplate**: a course's texts and look for its certificates (title, body
  with placeholders, images, up to three signatories, accent colour, the certificate's
  own language, optionally bilingual with English, an optional validity period).
- **Certificate**: the immutable record that one learner completed one course. It keeps
  a **snapshot** of exactly what was certified and printed, a gapless register
  ``number`` (``MA/2026/000123``), a random verification ``code``, the stored PDF (its
  sha256 and version) and its lifecycle: revoked (with a reason) or replaced by a newer
  certificate. Certificates are never deleted.
- **CertificateCounter**: one row per year holding the last register number used;
  locked while a number is taken, so numbers have no gaps and no duplicates.
- **CertificateEvent**: the audit trail (issue, re-issue, re-render, revoke, un-revoke,
  replace), with who and why.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courses.models import Course, Enrollment

from .codes import format_code

CERTIFICATE_LANGUAGES = [("pl", _("Polish")), ("en", _("English")), ("uk", _("Ukrainian"))]


class CertificateTemplate(models.Model):
    course = models.OneToOneField(
        Course,
        on_delete=models.CASCADE,
        related_name="certificate_template",
        verbose_name=_("course"),
    )
    language = models.CharField(
        _("certificate language"),
        max_length=2,
        choices=CERTIFICATE_LANGUAGES,
        default="pl",
        help_text=_(
            "The language the certificate is printed in, whatever the learner's interface language."
        ),
    )
    bilingual = models.BooleanField(
        _("also in English"),
        default=False,
        help_text=_("Print an English version of each text under the main one."),
    )
    title = models.CharField(
        _("title"),
        max_length=120,
        blank=True,
        help_text=_("Leave empty for the standard title in the certificate language."),
    )
    body = models.TextField(
        _("text"), max_length=600, blank=True, help_text=_("Leave empty for the standard text.")
    )
    title_en = models.CharField(_("title in English"), max_length=120, blank=True)
    body_en = models.TextField(_("text in English"), max_length=600, blank=True)
    background = models.ImageField(
        _("background image (JPEG)"),
        upload_to="certificates/backgrounds/",
        blank=True,
        help_text=_("A4 landscape JPEG, at most 2 MB. Keep it light so the text stays readable."),
    )
    logo = models.ImageField(
        _("logo (PNG or JPEG)"),
        upload_to="certificates/logos/",
        blank=True,
        help_text=_("Printed in the top left corner, at most 1 MB."),
    )
    accent_colour = models.CharField(
        _("accent colour"),
        max_length=7,
        default="#1f4e79",
        validators=[
            RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Enter a colour as #RRGGBB, e.g. #1f4e79."))
        ],
    )
    signatory1_name = models.CharField(_("first signatory: name"), max_length=120, blank=True)
    signatory1_role = models.CharField(_("first signatory: role"), max_length=160, blank=True)
    signatory2_name = models.CharField(_("second signatory: name"), max_length=120, blank=True)
    signatory2_role = models.CharField(_("second signatory: role"), max_length=160, blank=True)
    signatory3_name = models.CharField(_("third signatory: name"), max_length=120, blank=True)
    signatory3_role = models.CharField(_("third signatory: role"), max_length=160, blank=True)
    validity_months = models.PositiveSmallIntegerField(
        _("valid for (months)"),
        null=True,
        blank=True,
        help_text=_("Leave empty if the certificate does not expire."),
    )
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated"))

    class Meta:
        verbose_name = _("certificate template")
        verbose_name_plural = _("certificate templates")
        constraints = [
            models.CheckConstraint(
                condition=Q(accent_colour__regex=r"^#[0-9a-fA-F]{6}$"),
                name="certificatetemplate_accent_hex",
            ),
            models.CheckConstraint(
                condition=Q(validity_months__isnull=True) | Q(validity_months__gte=1),
                name="certificatetemplate_validity_positive",
            ),
        ]

    def __str__(self) -> str:
        return str(self.course)

    def signatories(self) -> list[dict]:
        people = []
        for index in (1, 2, 3):
            name = getattr(self, f"signatory{index}_name").strip()
            if name:
                people.append(
                    {"name": name, "role": getattr(self, f"signatory{index}_role").strip()}
                )
        return people


class CertificateCounter(models.Model):
    year = models.PositiveIntegerField(primary_key=True, verbose_name=_("year"))
    last = models.PositiveIntegerField(default=0, verbose_name=_("last number"))

    class Meta:
        verbose_name = _("certificate counter")
        verbose_name_plural = _("certificate counters")

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class CertificateQuerySet(models.QuerySet):
    def current(self):
        """Not replaced by a newer certificate (revoked ones included)."""
        return self.filter(replaced_at__isnull=True)


class Certificate(models.Model):
    class Status(models.TextChoices):
        VALID = "valid", _("Valid")
        REVOKED = "revoked", _("Revoked")
        REPLACED = "replaced", _("Replaced")
        EXPIRED = "expired", _("Expired")

    enrollment = models.ForeignKey(
        Enrollment,
        on_delete=models.PROTECT,
        related_name="certificates",
        verbose_name=_("enrolment"),
    )
    # Denormalised from the enrollment so lists filter without joins.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="certificates",
        verbose_name=_("user"),
    )
    course = models.ForeignKey(
        Course, on_delete=models.PROTECT, related_name="certificates", verbose_name=_("course")
    )
    year = models.PositiveIntegerField(verbose_name=_("year"))
    sequence = models.PositiveIntegerField(verbose_name=_("sequence number"))
    number = models.CharField(_("number"), max_length=20, unique=True)
    code = models.CharField(_("verification code"), max_length=28, unique=True)
    snapshot = models.JSONField(_("what was certified"))
    issued_at = models.DateTimeField(_("issued"), default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Empty when issued automatically on completion."),
        verbose_name=_("issued by"),
    )
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("revoked by"),
    )
    revocation_reason = models.TextField(_("reason for revocation"), blank=True)
    replaced_at = models.DateTimeField(_("replaced"), null=True, blank=True)
    replaced_by = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaces",
        verbose_name=_("replaced by"),
    )
    pdf_path = models.CharField(max_length=200, blank=True, verbose_name=_("PDF file"))
    pdf_sha256 = models.CharField(
        max_length=64, blank=True, verbose_name=_("PDF checksum (SHA-256)")
    )
    pdf_size = models.PositiveIntegerField(default=0, verbose_name=_("PDF size (bytes)"))
    pdf_version = models.PositiveIntegerField(default=1, verbose_name=_("PDF version"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))

    objects = CertificateQuerySet.as_manager()

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_at", "-pk"]
        constraints = [
            # One current certificate per enrollment; replaced ones stay as history.
            models.UniqueConstraint(
                fields=["enrollment"],
                condition=Q(replaced_at__isnull=True),
                name="certificate_one_current_per_enrollment",
            ),
            models.UniqueConstraint(
                fields=["year", "sequence"], name="certificate_unique_year_sequence"
            ),
            models.CheckConstraint(
                condition=(Q(revoked_at__isnull=True) & Q(revocation_reason=""))
                | (Q(revoked_at__isnull=False) & ~Q(revocation_reason="")),
                name="certificate_revocation_needs_reason",
            ),
            models.CheckConstraint(
                condition=Q(replaced_by__isnull=True) | Q(replaced_at__isnull=False),
                name="certificate_replaced_has_date",
            ),
            models.CheckConstraint(
                condition=Q(pdf_version__gte=1), name="certificate_pdf_version_positive"
            ),
        ]
        indexes = [
            models.Index(fields=["course", "issued_at"]),
            models.Index(fields=["user", "issued_at"]),
        ]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("certificates:verify", kwargs={"code": self.display_code})

    @property
    def display_code(self) -> str:
        return format_code(self.code)

    @property
    def is_expired(self) -> bool:
        return self.valid_until is not None and self.valid_until < timezone.localdate()

    @property
    def status(self) -> str:
        if self.replaced_at:
            return self.Status.REPLACED
        if self.revoked_at:
            return self.Status.REVOKED
        if self.is_expired:
            return self.Status.EXPIRED
        return self.Status.VALID

    def get_status_display(self) -> str:
        return self.Status(self.status).label


class CertificateEvent(models.Model):
    class Action(models.TextChoices):
        ISSUED = "issued", _("Issued")
        REISSUED = "reissued", _("Re-issued")
        RERENDERED = "rerendered", _("PDF rendered again")
        REVOKED = "revoked", _("Revoked")
        UNREVOKED = "unrevoked", _("Revocation withdrawn")
        REPLACED = "replaced", _("Replaced")

    certificate = models.ForeignKey(
        Certificate, on_delete=models.PROTECT, related_name="events", verbose_name=_("certificate")
    )
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(default=timezone.now, verbose_name=_("when"))
    note = models.TextField(_("note"), blank=True)
    details = models.JSONField(default=dict, blank=True, verbose_name=_("details"))

    class Meta:
        verbose_name = _("certificate event")
        verbose_name_plural = _("certificate events")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.certificate}: {self.action}"
