"""H5P interactive activities.

- **Library**: an H5P content type or helper library (JavaScript and CSS), stored once per
  ``machineName-major.minor`` and replaced when a package brings a higher patch. Libraries
  are code: content that needs an unapproved library cannot be published or played.
- **Activity**: the H5P detail of a course ``Item`` of kind ``h5p``: the extracted
  content (stored under its package's SHA-256), the libraries it needs, how attempts are
  graded and what completes it.
- **Attempt**: one learner's try, opened by a top-level ``answered``/``completed`` xAPI
  statement (Moodle's mod_h5pactivity model); **Result**: a per-question outcome inside
  an attempt (child statements). **Statement**: the raw xAPI statement, size-capped.
- **SavedState**: the content's user data for one learner, restored on return.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Library(models.Model):
    machine_name = models.CharField(_("machine name"), max_length=127)
    major_version = models.PositiveIntegerField(_("major version"))
    minor_version = models.PositiveIntegerField(_("minor version"))
    patch_version = models.PositiveIntegerField(_("patch version"))
    title = models.CharField(_("title"), max_length=200)
    runnable = models.BooleanField(_("runnable"), default=False)
    # Storage folder of the current patch: "h5p/libraries/<key>/<patch>-<hash>".
    path = models.CharField(max_length=300, verbose_name=_("storage path"))
    metadata = models.JSONField(default=dict, verbose_name=_("metadata"))
    # Keys ("machineName-major.minor") of its preloaded and dynamic dependencies.
    dependencies = models.JSONField(default=list, verbose_name=_("dependencies"))
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("approved by"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated"))

    class Meta:
        verbose_name = _("H5P library")
        verbose_name_plural = _("H5P libraries")
        ordering = ["machine_name", "major_version", "minor_version"]
        constraints = [
            models.UniqueConstraint(
                fields=["machine_name", "major_version", "minor_version"],
                name="h5p_library_unique_version",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.machine_name} {self.major_version}.{self.minor_version}.{self.patch_version}"

    @property
    def key(self) -> str:
        return f"{self.machine_name}-{self.major_version}.{self.minor_version}"

    @property
    def is_approved(self) -> bool:
        return self.approved_at is not None


class Activity(models.Model):
    class Grading(models.TextChoices):
        HIGHEST = "highest", _("Highest attempt")
        LAST = "last", _("Last attempt")
        AVERAGE = "average", _("Average of attempts")
        FIRST = "first", _("First attempt")

    class CompletionMode(models.TextChoices):
        # The rules are in h5p/completion.py.
        VIEWED = "viewed", _("Viewed (opened in the player)")
        INTERACTED = "interacted", _("Interacted (did anything in the content)")
        COMPLETED = "completed", _("Completed (any finished attempt)")
        PASSED = "passed", _("Passed with the minimum score")

    item = models.OneToOneField(
        "courses.Item",
        on_delete=models.CASCADE,
        related_name="h5p_activity",
        verbose_name=_("step"),
    )
    title = models.CharField(_("title from the package"), max_length=200, blank=True)
    main_library = models.ForeignKey(
        Library, on_delete=models.PROTECT, related_name="main_for", verbose_name=_("main library")
    )
    libraries = models.ManyToManyField(
        Library, related_name="activities", verbose_name=_("libraries")
    )
    content_hash = models.CharField(max_length=64, verbose_name=_("content checksum"))
    content_path = models.CharField(
        max_length=300, verbose_name=_("content path")
    )  # "h5p/content/<sha256>"
    h5p_json = models.JSONField(default=dict, verbose_name=_("package description (h5p.json)"))
    package_size = models.PositiveBigIntegerField(default=0, verbose_name=_("package size (bytes)"))
    # Origins the content loads media or embeds from (package.external_origins).
    external_origins = models.JSONField(
        default=list, blank=True, verbose_name=_("third-party origins it loads from")
    )
    grading = models.CharField(
        _("grading"), max_length=16, choices=Grading.choices, default=Grading.HIGHEST
    )
    completion = models.CharField(
        _("completion"),
        max_length=16,
        choices=CompletionMode.choices,
        default=CompletionMode.PASSED,
    )
    pass_percent = models.PositiveSmallIntegerField(_("pass mark (%)"), default=70)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))

    class Meta:
        verbose_name = _("H5P activity")
        verbose_name_plural = _("H5P activities")
        constraints = [
            models.CheckConstraint(
                condition=Q(pass_percent__lte=100), name="h5p_activity_pass_percent_max_100"
            ),
        ]

    def __str__(self) -> str:
        return self.title or str(self.item_id)

    @property
    def blocked_origins(self) -> list[str]:
        """External origins the content needs that this deployment does not allow."""
        allowed = set(settings.H5P_ALLOWED_EXTERNAL_ORIGINS)
        return [origin for origin in self.external_origins if origin not in allowed]


class ActivityError(models.Model):
    """The content threw while starting or later, in a learner's player: shown to the
    course's trainers on the activity's settings and results pages."""

    class Phase(models.TextChoices):
        START = "start", _("Could not start")
        RUNTIME = "runtime", _("Error while running")

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="errors", verbose_name=_("activity")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("user"),
    )
    phase = models.CharField(_("when"), max_length=10, choices=Phase.choices)
    library = models.CharField(_("library"), max_length=200, blank=True)
    message = models.CharField(_("message"), max_length=1000)
    created_at = models.DateTimeField(_("date"), auto_now_add=True)

    class Meta:
        verbose_name = _("H5P error")
        verbose_name_plural = _("H5P errors")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["activity", "-created_at"])]

    def __str__(self) -> str:
        return self.message[:80]


class Attempt(models.Model):
    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="attempts", verbose_name=_("activity")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="h5p_attempts",
        verbose_name=_("user"),
    )
    number = models.PositiveIntegerField(_("attempt"))
    raw_score = models.DecimalField(
        _("score"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    max_score = models.DecimalField(
        _("maximum"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    # Recomputed on the server as raw / max, clamped to 0..1; never taken from the client.
    scaled = models.DecimalField(
        _("scaled score"), max_digits=6, decimal_places=5, null=True, blank=True
    )
    success = models.BooleanField(_("success"), null=True, blank=True)
    completion = models.BooleanField(_("completion"), default=False)
    duration = models.CharField(_("duration"), max_length=40, blank=True)
    # The verb that finished the attempt; an ``answered`` may be followed by its
    # ``completed``. Empty while the attempt is open: its questions are being answered.
    verb = models.CharField(max_length=20, verbose_name=_("xAPI verb"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated"))

    class Meta:
        verbose_name = _("H5P attempt")
        verbose_name_plural = _("H5P attempts")
        ordering = ["activity", "user", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "user", "number"], name="h5p_attempt_unique_number"
            ),
            models.CheckConstraint(
                condition=Q(scaled__isnull=True) | (Q(scaled__gte=0) & Q(scaled__lte=1)),
                name="h5p_attempt_scaled",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} #{self.number}"

    @property
    def percent(self) -> int | None:
        return None if self.scaled is None else round(self.scaled * 100)

    @property
    def is_open(self) -> bool:
        return not self.verb


class Result(models.Model):
    """One question inside an attempt (a child statement)."""

    # Child statements arrive before the top-level one that finishes their attempt: the
    # first of them opens it (see services.statement_record).
    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="+", verbose_name=_("activity")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    attempt = models.ForeignKey(
        Attempt,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="results",
        verbose_name=_("attempt"),
    )
    object_id = models.CharField(max_length=500, verbose_name=_("object identifier"))
    description = models.CharField(_("question"), max_length=500, blank=True)
    interaction_type = models.CharField(
        max_length=40, blank=True, verbose_name=_("interaction type")
    )
    response = models.TextField(_("response"), blank=True)
    raw_score = models.DecimalField(
        max_digits=9, decimal_places=2, null=True, blank=True, verbose_name=_("raw score")
    )
    max_score = models.DecimalField(
        max_digits=9, decimal_places=2, null=True, blank=True, verbose_name=_("maximum score")
    )
    success = models.BooleanField(null=True, blank=True, verbose_name=_("success"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))

    class Meta:
        verbose_name = _("H5P question result")
        verbose_name_plural = _("H5P question results")
        ordering = ["attempt", "pk"]
        indexes = [models.Index(fields=["activity", "user", "attempt"])]

    def __str__(self) -> str:
        return self.description or self.object_id


class Statement(models.Model):
    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="statements", verbose_name=_("activity")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    attempt = models.ForeignKey(
        Attempt,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("attempt"),
    )
    verb = models.CharField(max_length=40, verbose_name=_("xAPI verb"))
    raw_score = models.DecimalField(
        max_digits=9, decimal_places=2, null=True, blank=True, verbose_name=_("raw score")
    )
    max_score = models.DecimalField(
        max_digits=9, decimal_places=2, null=True, blank=True, verbose_name=_("maximum score")
    )
    scaled = models.DecimalField(
        max_digits=6, decimal_places=5, null=True, blank=True, verbose_name=_("scaled score")
    )
    success = models.BooleanField(null=True, blank=True, verbose_name=_("success"))
    completion = models.BooleanField(null=True, blank=True, verbose_name=_("completion"))
    duration = models.CharField(max_length=40, blank=True, verbose_name=_("duration"))
    is_child = models.BooleanField(default=False, verbose_name=_("part of an activity"))
    raw = models.JSONField(verbose_name=_("raw statement"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))

    class Meta:
        verbose_name = _("xAPI statement")
        verbose_name_plural = _("xAPI statements")
        indexes = [models.Index(fields=["activity", "user", "created_at"])]

    def __str__(self) -> str:
        return self.verb


class SavedState(models.Model):
    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="saved_states", verbose_name=_("activity")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    data = models.TextField(verbose_name=_("data"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated"))

    class Meta:
        verbose_name = _("H5P saved state")
        verbose_name_plural = _("H5P saved states")
        constraints = [
            models.UniqueConstraint(fields=["activity", "user"], name="h5p_saved_state_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} / {self.activity_id}"
