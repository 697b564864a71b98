"""Courses and how learners move through them.

- **Course**: a published unit of learning with trainers, an enrolment mode and a
  completion rule (every required, non-archived item complete; quizzes and H5P count
  only when passed).
- **Module**: an ordered chapter of a course. **Item**: an ordered step in a module;
  its ``kind`` says which app renders it (registry in ``courses.registry``) and the
  kind-specific detail is a one-to-one model (``courses.Page``, ``assessments.Quiz`` …).
  Items removed from a course that learners have seen are *archived*, never deleted.
- **Enrollment**: a learner's place in a course, with denormalised progress counters
  kept by the progress engine (``courses.progress``).
- **ItemProgress**: one learner's state on one item.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .registry import get_kind, validate_kind


class Topic(models.Model):
    """A subject the academy itself defines, so it is named in every interface language
    (unlike course content, which keeps the language the trainer wrote it in)."""

    name = models.CharField(_("name (Polish)"), max_length=100, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=100, blank=True)
    name_uk = models.CharField(_("name (Ukrainian)"), max_length=100, blank=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """The name in the active interface language, Polish when no translation is set."""
        language = (get_language() or "pl").split("-")[0]
        return {"en": self.name_en, "uk": self.name_uk}.get(language) or self.name


class StructureTokenField(models.UUIDField):
    """A course's structure token (``courses.structure``): written by the
    ``courses.authoring.structure_changed`` event only. Saving a course instance never
    writes it back (an instance read before a module or item changed holds the old token,
    and restoring it would bring back a cached structure from before the change): on
    update its value is the column itself. Stored as a plain UUID column."""

    def pre_save(self, model_instance, add):
        if add:
            return super().pre_save(model_instance, add)
        return models.F(self.attname)

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.UUIDField", args, kwargs


class ProgressTokenField(StructureTokenField):
    """An enrolment's progress token (``courses.fragments``): renewed by the progress
    engine (``courses.progress``) whenever the learner's progress rows change, and, like
    the structure token, never written back by saving an instance read before."""


class CourseQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Course.Status.PUBLISHED)

    def visible_to(self, user):
        """Published courses, plus drafts and archived ones the user teaches (staff: all)."""
        if user.is_authenticated and user.is_staff:
            return self
        if user.is_authenticated:
            # EXISTS rather than a join: no DISTINCT, and the plan stays small.
            teaches = Course.trainers.through.objects.filter(
                course_id=OuterRef("pk"), user_id=user.pk
            )
            return self.filter(Q(status=Course.Status.PUBLISHED) | Exists(teaches))
        return self.published()

    def editable_by(self, user):
        if not user.is_authenticated:
            return self.none()
        if user.is_staff:
            return self
        return self.filter(trainers=user)


class Course(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        ARCHIVED = "archived", _("Archived")

    class Level(models.TextChoices):
        BEGINNER = "beginner", _("Beginner")
        INTERMEDIATE = "intermediate", _("Intermediate")
        ADVANCED = "advanced", _("Advanced")

    class EnrolmentMode(models.TextChoices):
        OPEN = "open", _("Open: anyone may enrol")
        APPROVAL = "approval", _("On approval by a trainer")
        CLOSED = "closed", _("Closed")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    summary = models.CharField(_("summary"), max_length=400, blank=True)
    description = models.TextField(_("description"), blank=True, help_text=_("Sanitised HTML."))
    language = models.CharField(
        _("content language"), max_length=8, choices=settings.LANGUAGES, default="pl"
    )
    topics = models.ManyToManyField(
        Topic, verbose_name=_("topics"), blank=True, related_name="courses"
    )
    level = models.CharField(
        _("level"), max_length=16, choices=Level.choices, default=Level.BEGINNER
    )
    estimated_hours = models.DecimalField(
        _("estimated hours"), max_digits=5, decimal_places=1, default=1
    )
    cover_image = models.ImageField(_("cover image"), upload_to="courses/covers/", blank=True)
    cover_alt = models.CharField(_("cover image text alternative"), max_length=250, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    trainers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("trainers"),
        blank=True,
        related_name="taught_courses",
    )
    enrolment_mode = models.CharField(
        _("enrolment"), max_length=16, choices=EnrolmentMode.choices, default=EnrolmentMode.OPEN
    )
    enrolment_opens_at = models.DateTimeField(_("enrolment opens"), null=True, blank=True)
    enrolment_closes_at = models.DateTimeField(_("enrolment closes"), null=True, blank=True)
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    is_sequential = models.BooleanField(
        _("sequential"), default=False, help_text=_("Learners must finish required items in order.")
    )
    complete_pages_on_view = models.BooleanField(
        _("complete pages on view"),
        default=False,
        help_text=_("Pages count as complete when opened, without a 'mark as complete' button."),
    )
    certificate_enabled = models.BooleanField(_("certificate"), default=True)
    inactive_reminder_days = models.PositiveSmallIntegerField(
        _("remind inactive learners after (days)"),
        null=True,
        blank=True,
        help_text=_("Empty: the academy's default. 0: no reminders for this course."),
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated"))
    # Renewed by every change to the course's modules or items (courses.authoring).
    structure_token = StructureTokenField(
        default=uuid.uuid4, editable=False, verbose_name=_("structure version")
    )

    objects = CourseQuerySet.as_manager()

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(cover_image="") | ~Q(cover_alt=""), name="course_cover_needs_alt"
            ),
            models.CheckConstraint(
                condition=Q(enrolment_opens_at__isnull=True)
                | Q(enrolment_closes_at__isnull=True)
                | Q(enrolment_closes_at__gt=models.F("enrolment_opens_at")),
                name="course_enrolment_window_order",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("courses:detail", kwargs={"slug": self.slug})

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    def enrolment_window_open(self, now=None) -> bool:
        now = now or timezone.now()
        if self.enrolment_opens_at and now < self.enrolment_opens_at:
            return False
        return not (self.enrolment_closes_at and now >= self.enrolment_closes_at)


class Module(models.Model):
    course = models.ForeignKey(
        Course, on_delete=models.CASCADE, related_name="modules", verbose_name=_("course")
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("module")
        verbose_name_plural = _("modules")
        ordering = ["course", "position", "pk"]
        indexes = [models.Index(fields=["course", "position"])]

    def __str__(self) -> str:
        return self.title


class ItemQuerySet(models.QuerySet):
    def active(self):
        return self.filter(archived_at__isnull=True)

    def in_order(self):
        return self.order_by("module__position", "module_id", "position", "pk")


class Item(models.Model):
    class Kind(models.TextChoices):
        """The kinds ``courses`` owns (materials); other apps register theirs in
        ``courses.registry`` (quizzes, H5P …), and ``kind`` accepts every registered key."""

        PAGE = "page", _("Page")
        VIDEO = "video", _("Video")
        DOCUMENT = "document", _("Document")
        LINK = "link", _("Link")

    # ``course`` duplicates ``module.course`` so counters and outlines need no join.
    course = models.ForeignKey(
        Course, on_delete=models.CASCADE, related_name="items", verbose_name=_("course")
    )
    module = models.ForeignKey(
        Module, on_delete=models.CASCADE, related_name="items", verbose_name=_("module")
    )
    kind = models.CharField(_("kind"), max_length=16, validators=[validate_kind])
    title = models.CharField(_("title"), max_length=200)
    position = models.PositiveIntegerField(_("position"), default=0)
    is_required = models.BooleanField(_("required"), default=True)
    estimated_minutes = models.PositiveIntegerField(_("estimated minutes"), default=10)
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))

    objects = ItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("item")
        verbose_name_plural = _("items")
        ordering = ["module__position", "position", "pk"]
        indexes = [
            models.Index(fields=["module", "position"]),
            models.Index(fields=["course", "archived_at"]),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("courses:item", kwargs={"slug": self.course.slug, "item_id": self.pk})

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    @property
    def kind_label(self) -> str:
        """The registered kind's name (the key itself for a kind no app registers now)."""
        kind = get_kind(self.kind)
        return kind.label if kind else self.kind


class EnrollmentQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=Enrollment.Status.ACTIVE)


class Enrollment(models.Model):
    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        ACTIVE = "active", _("Enrolled")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="enrollments",
        verbose_name=_("user"),
    )
    course = models.ForeignKey(
        Course, on_delete=models.CASCADE, related_name="enrollments", verbose_name=_("course")
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.ACTIVE
    )
    requested_at = models.DateTimeField(_("requested"), default=timezone.now)
    enrolled_at = models.DateTimeField(_("enrolled"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("decided by"),
    )
    # Denormalised by the progress engine, in the same transaction as ItemProgress.
    required_total = models.PositiveIntegerField(default=0, verbose_name=_("required steps"))
    required_completed = models.PositiveIntegerField(
        default=0, verbose_name=_("required steps completed")
    )
    percent = models.PositiveSmallIntegerField(default=0, verbose_name=_("percent complete"))
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    last_item = models.ForeignKey(
        Item,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("last step opened"),
    )
    last_activity_at = models.DateTimeField(null=True, blank=True, verbose_name=_("last activity"))
    # Renewed with every change to this enrolment's ItemProgress rows: the cached outline
    # of a learner is keyed by it (courses.fragments).
    progress_token = ProgressTokenField(
        default=uuid.uuid4, editable=False, verbose_name=_("progress version")
    )

    objects = EnrollmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "course"], name="enrollment_unique_user_course"
            ),
            models.CheckConstraint(
                condition=Q(percent__lte=100), name="enrollment_percent_max_100"
            ),
            models.CheckConstraint(
                condition=Q(required_completed__lte=models.F("required_total")),
                name="enrollment_completed_le_total",
            ),
        ]
        indexes = [models.Index(fields=["course", "status"])]

    def __str__(self) -> str:
        return f"{self.user} → {self.course}"

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    @property
    def is_complete(self) -> bool:
        return self.completed_at is not None

    @property
    def steps_added_since_completion(self) -> int:
        """Required steps added after the course was completed: they are there for the
        learner but do not reopen the course (ARCHITECTURE §2), so the percent may be
        below 100 next to "completed". Every page and report says so with this number."""
        return max(self.required_total - self.required_completed, 0) if self.completed_at else 0


class ItemProgress(models.Model):
    class State(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        COMPLETED = "completed", _("Complete")

    enrollment = models.ForeignKey(
        Enrollment, on_delete=models.CASCADE, related_name="progress", verbose_name=_("enrolment")
    )
    item = models.ForeignKey(
        Item, on_delete=models.CASCADE, related_name="progress", verbose_name=_("step")
    )
    state = models.CharField(
        _("state"), max_length=16, choices=State.choices, default=State.IN_PROGRESS
    )
    # The kind's current grade as a fraction 0..1 (quizzes, H5P); None for materials.
    score = models.DecimalField(_("score"), max_digits=6, decimal_places=5, null=True, blank=True)
    passed = models.BooleanField(_("passed"), null=True, blank=True)
    started_at = models.DateTimeField(default=timezone.now, verbose_name=_("started"))
    completed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("completed"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated"))

    class Meta:
        verbose_name = _("item progress")
        verbose_name_plural = _("item progress")
        constraints = [
            models.UniqueConstraint(fields=["enrollment", "item"], name="itemprogress_unique"),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | (Q(score__gte=0) & Q(score__lte=1)),
                name="itemprogress_score_fraction",
            ),
            models.CheckConstraint(
                condition=~Q(state="completed") | Q(completed_at__isnull=False),
                name="itemprogress_completed_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enrollment} / {self.item}: {self.state}"

    @property
    def is_complete(self) -> bool:
        return self.state == self.State.COMPLETED


# --- Material kinds: the kind-specific detail of page, video, document and link items ---


def _private_storage():
    # Learners' course files are never under MEDIA_URL: they are served by a view that
    # checks the enrolment (courses.views.files).
    from .storage import private_storage

    return private_storage()


class Page(models.Model):
    """A page of rich text written by a trainer; ``body`` is sanitised HTML (nh3)."""

    item = models.OneToOneField(
        Item,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="page",
        verbose_name=_("step"),
    )
    body = models.TextField(_("text"), blank=True)

    class Meta:
        verbose_name = _("page")
        verbose_name_plural = _("pages")

    def __str__(self) -> str:
        return self.item.title


class Video(models.Model):
    """An uploaded video with WebVTT captions and a transcript, or an embed from a
    privacy-enhanced YouTube or Vimeo player URL (validated in ``courses.forms``)."""

    item = models.OneToOneField(
        Item,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="video",
        verbose_name=_("step"),
    )
    file = models.FileField(
        _("video file"), upload_to="courses/videos/", storage=_private_storage, blank=True
    )
    file_type = models.CharField(_("video format"), max_length=40, blank=True)
    captions = models.FileField(
        _("captions (WebVTT)"), upload_to="courses/captions/", storage=_private_storage, blank=True
    )
    captions_language = models.CharField(
        _("captions language"), max_length=8, choices=settings.LANGUAGES, blank=True
    )
    embed_url = models.URLField(_("embed address"), max_length=500, blank=True)
    transcript = models.TextField(_("transcript"), blank=True)

    class Meta:
        verbose_name = _("video")
        verbose_name_plural = _("videos")
        constraints = [
            models.CheckConstraint(
                condition=(Q(file="") & ~Q(embed_url="")) | (~Q(file="") & Q(embed_url="")),
                name="video_file_xor_embed",
            )
        ]

    def __str__(self) -> str:
        return self.item.title

    @property
    def is_accessible(self) -> bool:
        """Captions or a transcript exist (the studio's publish check uses it)."""
        return bool(self.captions) or bool(self.transcript.strip())

    @property
    def watch_url(self) -> str:
        """The provider's own page for an embedded video: the plain link shown when the
        embed cannot load or embeds are turned off (COURSES_VIDEO_EMBEDS)."""
        embed = self.embed_url
        for prefix, page in (
            ("https://www.youtube-nocookie.com/embed/", "https://www.youtube.com/watch?v="),
            ("https://player.vimeo.com/video/", "https://vimeo.com/"),
        ):
            if embed.startswith(prefix):
                return page + embed[len(prefix) :].split("?")[0].split("/")[0]
        return embed


class Document(models.Model):
    """A downloadable file (PDF, DOCX, ODT, XLSX, PPTX) whose type was sniffed from
    its content on upload."""

    item = models.OneToOneField(
        Item,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="document",
        verbose_name=_("step"),
    )
    file = models.FileField(_("file"), upload_to="courses/documents/", storage=_private_storage)
    file_type = models.CharField(_("file type"), max_length=8)
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return self.item.title


class Link(models.Model):
    """An external web page (http or https) with a short description of why to read it."""

    item = models.OneToOneField(
        Item,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="link",
        verbose_name=_("step"),
    )
    url = models.URLField(_("address"), max_length=1000)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("link")
        verbose_name_plural = _("links")

    def __str__(self) -> str:
        return self.item.title
