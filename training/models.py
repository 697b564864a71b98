"""Assigned training inside an organisation, and the reports built on it.

- **Department**: a unit of an organisation ("Wydział Spraw Społecznych").
- **StaffProfile**: a member's department in one organisation (job title lives on User).
- **Invitation**: an email invited to join an organisation; expires; accepting it makes an
  approved membership (no second approval).
- **Assignment**: a course or a learning path an organisation requires, with a due date,
  given to members, a department or everyone. **Assignee** is one person's copy of it
  (their own due date, extendable; ``completed_at`` kept by the ``course_completed``
  receiver, so the coordinator's view filters and counts in SQL); an Assignee may wait
  for an Invitation. **DeadlineExtension** logs each extension.
- **LearningPath** / **PathStep**: courses in order; **PathCompletion** the record that a
  person finished every course of a path (numbered, shown on the training record, with a
  path certificate PDF and a public verification code; it survives erasure like a course
  certificate).
- **RecordIssue**: a training record PDF handed out, with its public verification code.
- **ReportSubscription**: a coordinator's weekly or monthly XLSX report by email.
- **CourseEvaluation** / **EvaluationResponse**: the end-of-course survey a trainer
  switches on, and the answers (aggregated, small cells suppressed).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

USER = settings.AUTH_USER_MODEL


class Department(models.Model):
    organisation = models.ForeignKey(
        "academy.Organisation",
        on_delete=models.CASCADE,
        related_name="departments",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("name"), max_length=200)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="department_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class StaffProfile(models.Model):
    user = models.ForeignKey(
        USER, on_delete=models.CASCADE, related_name="staff_profiles", verbose_name=_("user")
    )
    organisation = models.ForeignKey(
        "academy.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    department = models.ForeignKey(
        Department,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="profiles",
        verbose_name=_("department"),
    )

    class Meta:
        verbose_name = _("staff profile")
        verbose_name_plural = _("staff profiles")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="staffprofile_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} @ {self.organisation_id}"


class Invitation(models.Model):
    organisation = models.ForeignKey(
        "academy.Organisation",
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("organisation"),
    )
    email = models.EmailField(_("email"))
    full_name = models.CharField(_("name"), max_length=150)
    job_title = models.CharField(_("job title"), max_length=150, blank=True)
    department = models.ForeignKey(
        Department, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    token = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "email"],
                condition=Q(accepted_at__isnull=True),
                name="invitation_one_open_per_email",
            )
        ]

    def __str__(self) -> str:
        return self.email

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.expires_at > timezone.now()


class LearningPath(models.Model):
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    summary = models.CharField(_("summary"), max_length=400, blank=True)
    is_published = models.BooleanField(_("published"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("learning path")
        verbose_name_plural = _("learning paths")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class PathStep(models.Model):
    path = models.ForeignKey(LearningPath, on_delete=models.CASCADE, related_name="steps")
    course = models.ForeignKey(
        "courses.Course", on_delete=models.PROTECT, related_name="+", verbose_name=_("course")
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("path step")
        verbose_name_plural = _("path steps")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["path", "course"], name="pathstep_unique_course")
        ]

    def __str__(self) -> str:
        return f"{self.path_id}:{self.position}"


class PathCompletion(models.Model):
    user = models.ForeignKey(
        USER, on_delete=models.CASCADE, related_name="path_completions", verbose_name=_("user")
    )
    path = models.ForeignKey(LearningPath, on_delete=models.PROTECT, related_name="completions")
    number = models.CharField(_("number"), max_length=32, unique=True)
    completed_at = models.DateTimeField(_("completed"), default=timezone.now)
    # The public verification code (128 random bits, like a certificate's): the number
    # alone is too short to publish a lookup by it.
    code = models.CharField(_("verification code"), max_length=40, unique=True)
    # The name as certified, kept when the account is erased (the certificate register).
    full_name = models.CharField(_("name as certified"), max_length=150, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    class Meta:
        verbose_name = _("path completion")
        verbose_name_plural = _("path completions")
        constraints = [
            models.UniqueConstraint(fields=["user", "path"], name="pathcompletion_unique")
        ]

    def __str__(self) -> str:
        return self.number


class Assignment(models.Model):
    class Scope(models.TextChoices):
        MEMBERS = "members", _("Chosen people")
        DEPARTMENT = "department", _("A department")
        ORGANISATION = "organisation", _("The whole organisation")

    organisation = models.ForeignKey(
        "academy.Organisation",
        on_delete=models.CASCADE,
        related_name="assignments",
        verbose_name=_("organisation"),
    )
    course = models.ForeignKey(
        "courses.Course",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("course"),
    )
    path = models.ForeignKey(
        LearningPath,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="assignments",
        verbose_name=_("learning path"),
    )
    scope = models.CharField(_("given to"), max_length=16, choices=Scope.choices)
    department = models.ForeignKey(
        Department, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    due_on = models.DateField(_("due date"))
    created_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(course__isnull=False, path__isnull=True)
                | Q(course__isnull=True, path__isnull=False),
                name="assignment_course_xor_path",
            )
        ]

    def __str__(self) -> str:
        return str(self.course or self.path)

    @property
    def title(self) -> str:
        return self.course.title if self.course_id else self.path.title


class Assignee(models.Model):
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="assignees")
    user = models.ForeignKey(
        USER,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="assignments",
        verbose_name=_("user"),
    )
    invitation = models.ForeignKey(
        Invitation, null=True, blank=True, on_delete=models.CASCADE, related_name="assignees"
    )
    due_on = models.DateField(_("due date"))
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("assignee")
        verbose_name_plural = _("assignees")
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "user"],
                condition=Q(user__isnull=False),
                name="assignee_unique_user",
            ),
            models.UniqueConstraint(
                fields=["assignment", "invitation"],
                condition=Q(invitation__isnull=False),
                name="assignee_unique_invitation",
            ),
            models.CheckConstraint(
                condition=Q(user__isnull=False) | Q(invitation__isnull=False),
                name="assignee_person",
            ),
        ]
        indexes = [models.Index(fields=["due_on", "completed_at"])]

    def __str__(self) -> str:
        return f"{self.assignment_id}:{self.user_id or self.invitation_id}"


class DeadlineExtension(models.Model):
    assignee = models.ForeignKey(Assignee, on_delete=models.CASCADE, related_name="extensions")
    previous_due_on = models.DateField(_("previous due date"))
    new_due_on = models.DateField(_("new due date"))
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("deadline extension")
        verbose_name_plural = _("deadline extensions")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.previous_due_on} → {self.new_due_on}"


class RecordIssue(models.Model):
    user = models.ForeignKey(
        USER, on_delete=models.CASCADE, related_name="training_records", verbose_name=_("user")
    )
    code = models.CharField(_("verification code"), max_length=40, unique=True)
    issued_at = models.DateTimeField(_("issued"), default=timezone.now)
    issued_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    summary = models.JSONField(_("what the record listed"), default=dict)

    class Meta:
        verbose_name = _("training record")
        verbose_name_plural = _("training records")

    def __str__(self) -> str:
        return self.code


class ReportSubscription(models.Model):
    class Frequency(models.TextChoices):
        WEEKLY = "weekly", _("Weekly (Mondays)")
        MONTHLY = "monthly", _("Monthly (on the 1st)")

    user = models.ForeignKey(
        USER, on_delete=models.CASCADE, related_name="report_subscriptions", verbose_name=_("user")
    )
    organisation = models.ForeignKey(
        "academy.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    frequency = models.CharField(_("how often"), max_length=16, choices=Frequency.choices)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_sent_on = models.DateField(_("last sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("report subscription")
        verbose_name_plural = _("report subscriptions")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="subscription_unique")
        ]
        permissions = [("view_programme_reports", _("Can view programme reports (funders)"))]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.frequency}"


class CourseEvaluation(models.Model):
    course = models.OneToOneField(
        "courses.Course", on_delete=models.CASCADE, related_name="+", verbose_name=_("course")
    )
    enabled = models.BooleanField(_("ask learners for an evaluation"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("course evaluation")
        verbose_name_plural = _("course evaluations")

    def __str__(self) -> str:
        return str(self.course_id)


SCALE = [MinValueValidator(1), MaxValueValidator(5)]


class EvaluationResponse(models.Model):
    course = models.ForeignKey("courses.Course", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(
        USER,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="evaluations",
        verbose_name=_("user"),
    )
    satisfaction = models.PositiveSmallIntegerField(_("satisfaction"), validators=SCALE)
    usefulness = models.PositiveSmallIntegerField(_("usefulness"), validators=SCALE)
    comment = models.TextField(_("comment"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("evaluation response")
        verbose_name_plural = _("evaluation responses")
        constraints = [
            models.UniqueConstraint(
                fields=["course", "user"],
                condition=Q(user__isnull=False),
                name="evaluation_one_per_person",
            ),
            models.CheckConstraint(
                condition=Q(satisfaction__gte=1, satisfaction__lte=5, usefulness__gte=1)
                & Q(usefulness__lte=5),
                name="evaluation_scale",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.course_id}:{self.pk}"
