"""The knowledge base: what the consortium publishes, and in which versions.

- **Publication**: a work, e.g. "Monitoring of collective accommodation". It has a type
  (report, position, policy paper …), topics shared with courses, audiences, a region,
  authors and publishing organisations, a licence, related courses and, when a newer
  work replaces it, ``superseded_by``. It is visible to the public once ``status`` is
  published and ``published_at`` has come (a future date is a scheduled publication).
- **Edition**: one dated version of a publication (version label, what changed). Exactly
  one edition is *current*; the older ones are *superseded* — positions change as the
  law changes, and readers must see which text is in force.
- **LanguageVersion**: an edition in one language (pl / uk / en) with its file (PDF, DOCX
  or ODT, type sniffed from the content), page count, checksum and the text extracted
  from it in a background task (``knowledge.tasks``). ``translation_of`` points to the
  version it was translated from.
- **NewsItem**: a dated post with an optional attachment.
- **Audience** and **Publisher**: small vocabularies editors pick from.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courses.models import Course, Topic


def _knowledge_storage():
    # Files of drafts must not be reachable: everything is served by a view that checks
    # the publication's visibility (knowledge.views.public.download).
    from courses.storage import private_storage

    return private_storage()


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class Region(models.TextChoices):
    NATIONAL = "national", _("Poland (national)")
    EU = "eu", _("European Union")
    DOLNOSLASKIE = "dolnoslaskie", _("Lower Silesian Voivodeship")
    KUJAWSKO_POMORSKIE = "kujawsko-pomorskie", _("Kuyavian-Pomeranian Voivodeship")
    LUBELSKIE = "lubelskie", _("Lublin Voivodeship")
    LUBUSKIE = "lubuskie", _("Lubusz Voivodeship")
    LODZKIE = "lodzkie", _("Łódź Voivodeship")
    MALOPOLSKIE = "malopolskie", _("Lesser Poland Voivodeship")
    MAZOWIECKIE = "mazowieckie", _("Masovian Voivodeship")
    OPOLSKIE = "opolskie", _("Opole Voivodeship")
    PODKARPACKIE = "podkarpackie", _("Subcarpathian Voivodeship")
    PODLASKIE = "podlaskie", _("Podlaskie Voivodeship")
    POMORSKIE = "pomorskie", _("Pomeranian Voivodeship")
    SLASKIE = "slaskie", _("Silesian Voivodeship")
    SWIETOKRZYSKIE = "swietokrzyskie", _("Holy Cross Voivodeship")
    WARMINSKO_MAZURSKIE = "warminsko-mazurskie", _("Warmian-Masurian Voivodeship")
    WIELKOPOLSKIE = "wielkopolskie", _("Greater Poland Voivodeship")
    ZACHODNIOPOMORSKIE = "zachodniopomorskie", _("West Pomeranian Voivodeship")


class Audience(models.Model):
    """Who a publication is for: gmina, powiat, voivodeship office, NGO …"""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)

    class Meta:
        verbose_name = _("audience")
        verbose_name_plural = _("audiences")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Publisher(models.Model):
    """An organisation that publishes or co-publishes works."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    url = models.URLField(_("web address"), blank=True)

    class Meta:
        verbose_name = _("publishing organisation")
        verbose_name_plural = _("publishing organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PublicationQuerySet(models.QuerySet):
    def published(self, now=None):
        """Published and due: scheduled publications appear when their time comes."""
        return self.filter(status=Status.PUBLISHED, published_at__lte=now or timezone.now())

    def visible_to(self, user):
        from .permissions import is_knowledge_editor

        return self if is_knowledge_editor(user) else self.published()

    def editable_by(self, user):
        from .permissions import is_knowledge_editor

        return self if is_knowledge_editor(user) else self.none()


class Publication(models.Model):
    class Type(models.TextChoices):
        REPORT = "report", _("Report")
        POSITION = "position", _("Position")
        POLICY_PAPER = "policy-paper", _("Policy paper")
        GUIDE = "guide", _("Guide")
        LEGAL_ANALYSIS = "legal-analysis", _("Legal analysis")
        TEMPLATE = "template", _("Template")
        OPEN_LETTER = "open-letter", _("Open letter")
        NEWS = "news", _("News")

    class Licence(models.TextChoices):
        CC_BY = "cc-by-4.0", "CC BY 4.0"
        CC_BY_SA = "cc-by-sa-4.0", "CC BY-SA 4.0"
        CC_BY_NC = "cc-by-nc-4.0", "CC BY-NC 4.0"
        RESERVED = "all-rights-reserved", _("All rights reserved")

    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    type = models.CharField(_("type"), max_length=20, choices=Type.choices)
    summary = models.TextField(_("summary"), blank=True)
    language = models.CharField(
        _("original language"), max_length=8, choices=settings.LANGUAGES, default="pl"
    )
    topics = models.ManyToManyField(
        Topic, verbose_name=_("topics"), blank=True, related_name="publications"
    )
    audiences = models.ManyToManyField(
        Audience, verbose_name=_("audience"), blank=True, related_name="publications"
    )
    region = models.CharField(
        _("region"), max_length=24, choices=Region.choices, default=Region.NATIONAL
    )
    authors = models.CharField(
        _("authors"), max_length=500, blank=True, help_text=_("As printed, comma-separated.")
    )
    publishers = models.ManyToManyField(
        Publisher,
        verbose_name=_("publishing organisations"),
        blank=True,
        related_name="publications",
    )
    licence = models.CharField(
        _("licence"), max_length=24, choices=Licence.choices, default=Licence.CC_BY
    )
    related_courses = models.ManyToManyField(
        Course, verbose_name=_("related courses"), blank=True, related_name="publications"
    )
    superseded_by = models.ForeignKey(
        "self",
        verbose_name=_("superseded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="supersedes",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(
        _("publication time"),
        null=True,
        blank=True,
        help_text=_("A future time schedules the publication."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PublicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        ordering = ["-published_at", "-pk"]
        indexes = [models.Index(fields=["status", "published_at"], name="knowledge_pub_visible")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="knowledge_published_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(superseded_by=models.F("pk")), name="knowledge_not_superseded_by_self"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("knowledge:publication", kwargs={"slug": self.slug})

    def is_visible(self, now=None) -> bool:
        return (
            self.status == Status.PUBLISHED
            and self.published_at is not None
            and (self.published_at <= (now or timezone.now()))
        )


class Edition(models.Model):
    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="editions")
    version_label = models.CharField(
        _("version"), max_length=40, help_text=_("e.g. “2nd edition” or “2025-03”.")
    )
    issued_on = models.DateField(_("date"))
    changes = models.TextField(_("what changed"), blank=True)
    is_current = models.BooleanField(_("current"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("edition")
        verbose_name_plural = _("editions")
        ordering = ["-issued_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["publication", "version_label"], name="knowledge_edition_label_unique"
            ),
            models.UniqueConstraint(
                fields=["publication"],
                condition=Q(is_current=True),
                name="knowledge_one_current_edition",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.publication} ({self.version_label})"


class LanguageVersion(models.Model):
    class Extraction(models.TextChoices):
        PENDING = "pending", _("Waiting for text extraction")
        EXTRACTED = "extracted", _("Text extracted")
        NO_TEXT = "no-text", _("No text layer — scanned?")
        FAILED = "failed", _("Failed")

    class FileType(models.TextChoices):
        PDF = "pdf", "PDF"
        DOCX = "docx", "DOCX"
        ODT = "odt", "ODT"

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="versions")
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"), blank=True)
    file = models.FileField(
        _("file"), upload_to="knowledge/", storage=_knowledge_storage, max_length=300
    )
    file_type = models.CharField(_("file type"), max_length=8, choices=FileType.choices)
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0)
    checksum = models.CharField(_("SHA-256"), max_length=64)
    page_count = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    text = models.TextField(_("extracted text"), blank=True)
    extraction_status = models.CharField(
        _("text extraction"), max_length=16, choices=Extraction.choices, default=Extraction.PENDING
    )
    extraction_error = models.CharField(_("extraction error"), max_length=300, blank=True)
    extracted_at = models.DateTimeField(null=True, blank=True)
    translation_of = models.ForeignKey(
        "self",
        verbose_name=_("translation of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="translations",
    )

    class Meta:
        verbose_name = _("language version")
        verbose_name_plural = _("language versions")
        ordering = ["language"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "language"], name="knowledge_one_version_per_language"
            ),
            # A failed extraction keeps no half text and no page count (nothing half-indexed).
            models.CheckConstraint(
                condition=~Q(extraction_status="failed")
                | (Q(text="") & Q(page_count__isnull=True)),
                name="knowledge_failed_has_no_text",
            ),
            models.CheckConstraint(
                condition=~Q(translation_of=models.F("pk")), name="knowledge_not_own_translation"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} [{self.language}]"

    def get_download_url(self) -> str:
        return reverse("knowledge:download", kwargs={"pk": self.pk})

    @property
    def status_text(self) -> str:
        if self.extraction_status == self.Extraction.FAILED:
            return _("Failed: %(reason)s") % {"reason": self.extraction_error}
        return str(self.get_extraction_status_display())


class NewsQuerySet(models.QuerySet):
    def published(self, now=None):
        return self.filter(status=Status.PUBLISHED, published_at__lte=now or timezone.now())

    def visible_to(self, user):
        from .permissions import is_knowledge_editor

        return self if is_knowledge_editor(user) else self.published()


class NewsItem(models.Model):
    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="pl"
    )
    body = models.TextField(_("text"))
    topics = models.ManyToManyField(
        Topic, verbose_name=_("topics"), blank=True, related_name="news"
    )
    attachment = models.FileField(
        _("attachment"),
        upload_to="knowledge/news/",
        storage=_knowledge_storage,
        blank=True,
        max_length=300,
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(_("publication time"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = NewsQuerySet.as_manager()

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news")
        ordering = ["-published_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="knowledge_news_published_has_time",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("knowledge:news", kwargs={"slug": self.slug})
