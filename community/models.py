"""The community of support: discussion spaces, questions to experts, and the
partnerships directory.

- **Space**: where people talk. One per course (its active learners and trainers; created
  with the course, switchable off), one per organisation (its approved members and
  coordinators; private), and thematic **communities** that staff create and verified
  members join or leave.
- **Topic**: a discussion, a question (answers can be marked helpful; the asker, a trainer
  or a moderator accepts one) or an announcement (moderators only; everyone in the space
  is told). Pinned, locked, moved between spaces.
- **Post**: sanitised rich text in a topic; *held* until a moderator approves it (first
  posts of new accounts where the space asks), *hidden* by a moderator. **PostRevision**
  keeps every earlier text with the reason; **Attachment** is an image or PDF in private
  storage; **Reaction** is one person's "helpful".
- **Follow**: a person follows a space or a topic (everyone follows what they post in).
- Moderation: **Report** (reason, outcome told to the reporter), **Suspension** (a member
  may not post in a space until a time), **BlockedWord**, **AuditEntry**.
- Partnerships: **PartnerProfile** (an organisation's public face), **Offer** (an offer or
  a need, expiring unless renewed), **ContactMessage** (a member writes to the
  organisation's coordinators; no address is shown).

Posts whose author erased their account keep their text with ``author`` empty ("deleted
user").
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from academy.models import Organisation, Voivodeship

from .storage import community_storage


class Space(models.Model):
    class Kind(models.TextChoices):
        COURSE = "course", _("Course space")
        ORGANISATION = "organisation", _("Organisation space")
        COMMUNITY = "community", _("Thematic community")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("address"), max_length=80, unique=True)
    description = models.TextField(_("description"), blank=True)
    course = models.OneToOneField(
        "courses.Course",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="community_space",
    )
    organisation = models.OneToOneField(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="community_space",
    )
    is_enabled = models.BooleanField(_("enabled"), default=True)
    hold_first_posts = models.BooleanField(
        _("hold first posts of new accounts for review"), default=False
    )
    moderators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="moderated_spaces",
        verbose_name=_("appointed moderators"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("space")
        verbose_name_plural = _("spaces")
        ordering = ["kind", "title"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind="course") & Q(course__isnull=False) & Q(organisation__isnull=True)
                )
                | (Q(kind="organisation") & Q(organisation__isnull=False) & Q(course__isnull=True))
                | (Q(kind="community") & Q(course__isnull=True) & Q(organisation__isnull=True)),
                name="community_space_kind_owner",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class CommunityMember(models.Model):
    """A person who joined a thematic community."""

    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="community_memberships"
    )
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["space", "user"], name="community_member_once")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.space_id}"


class Suspension(models.Model):
    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="suspensions")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="community_suspensions"
    )
    until = models.DateTimeField(_("until"))
    reason = models.CharField(_("reason"), max_length=300)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["space", "user", "until"], name="community_susp_idx")]

    def __str__(self) -> str:
        return f"{self.user_id} suspended in {self.space_id} until {self.until:%Y-%m-%d}"


class Topic(models.Model):
    class Kind(models.TextChoices):
        DISCUSSION = "discussion", _("Discussion")
        QUESTION = "question", _("Question")
        ANNOUNCEMENT = "announcement", _("Announcement")

    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="topics")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.DISCUSSION)
    title = models.CharField(_("title"), max_length=200)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="community_topics",
    )
    created_at = models.DateTimeField(default=timezone.now)
    last_post_at = models.DateTimeField(default=timezone.now)
    # Visible posts only (denormalised; the list never counts).
    post_count = models.PositiveIntegerField(default=0)
    is_pinned = models.BooleanField(_("pinned"), default=False)
    is_locked = models.BooleanField(_("locked"), default=False)
    # The topic's first post is held or hidden: the topic is too.
    is_visible = models.BooleanField(default=True)
    accepted_post = models.ForeignKey(
        "Post", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        indexes = [
            models.Index(
                fields=["space", "-is_pinned", "-last_post_at", "-id"],
                name="community_topic_list",
            )
        ]

    def __str__(self) -> str:
        return self.title


class Post(models.Model):
    class Status(models.TextChoices):
        VISIBLE = "visible", _("Visible")
        HELD = "held", _("Waiting for review")
        HIDDEN = "hidden", _("Hidden by a moderator")

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="community_posts",
    )
    body = models.TextField(_("text"))
    quoted = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.VISIBLE)
    helpful_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        indexes = [models.Index(fields=["topic", "id"], name="community_post_page")]

    def __str__(self) -> str:
        return f"post {self.pk} in {self.topic_id}"


class PostRevision(models.Model):
    """The text a post had before an edit."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    body = models.TextField()
    reason = models.CharField(max_length=300, blank=True)
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"revision of post {self.post_id}"


class Attachment(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(storage=community_storage, upload_to="community/%Y/%m/")
    name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField()

    def __str__(self) -> str:
        return self.name


class Reaction(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reactions")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="community_reactions"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["post", "user"], name="community_reaction_once")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} found post {self.post_id} helpful"


class Follow(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="community_follows"
    )
    space = models.ForeignKey(
        Space, null=True, blank=True, on_delete=models.CASCADE, related_name="follows"
    )
    topic = models.ForeignKey(
        Topic, null=True, blank=True, on_delete=models.CASCADE, related_name="follows"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(space__isnull=False, topic__isnull=True)
                | Q(space__isnull=True, topic__isnull=False),
                name="community_follow_one_target",
            ),
            models.UniqueConstraint(fields=["user", "space"], name="community_follow_space_once"),
            models.UniqueConstraint(fields=["user", "topic"], name="community_follow_topic_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} follows {self.space_id or self.topic_id}"


class Report(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Waiting")
        HIDDEN = "hidden", _("Post hidden")
        DISMISSED = "dismissed", _("No action needed")

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="community_reports",
    )
    reason = models.CharField(_("reason"), max_length=500)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"report of post {self.post_id} ({self.status})"


class BlockedWord(models.Model):
    word = models.CharField(_("word"), max_length=60, unique=True)

    class Meta:
        verbose_name = _("blocked word")
        verbose_name_plural = _("blocked words")

    def __str__(self) -> str:
        return self.word


class AuditEntry(models.Model):
    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="audit")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=40)
    topic = models.ForeignKey(
        Topic, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    post = models.ForeignKey(
        Post, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.action} in {self.space_id}"


class PartnerProfile(models.Model):
    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="partner_profile"
    )
    description = models.TextField(_("what we work on"), max_length=3000, blank=True)
    topics = models.ManyToManyField("courses.Topic", blank=True, verbose_name=_("topics"))
    is_listed = models.BooleanField(_("show in the partnerships directory"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"profile of {self.organisation_id}"


class OfferQuerySet(models.QuerySet):
    def current(self, now=None):
        return self.filter(
            expires_at__gt=now or timezone.now(),
            organisation__is_approved=True,
        )


class Offer(models.Model):
    class Kind(models.TextChoices):
        OFFER = "offer", _("We offer")
        NEED = "need", _("We need")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="offers")
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.OFFER)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("description"), max_length=5000)
    topic = models.ForeignKey(
        "courses.Topic",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("topic"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(_("valid until"))

    objects = OfferQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("offer or need")
        verbose_name_plural = _("offers and needs")

    def __str__(self) -> str:
        return self.title


class ContactMessage(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="contact_messages"
    )
    offer = models.ForeignKey(
        Offer, null=True, blank=True, on_delete=models.SET_NULL, related_name="messages"
    )
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(_("message"), max_length=3000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"message to {self.organisation_id}"


__all__ = ["Voivodeship"]
