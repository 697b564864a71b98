"""Reads that own their joins: who reads a space, who moderates it, the topic list and a
topic's posts."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet

from academy.models import Membership, User
from courses.models import Course, Enrollment

from .models import CommunityMember, Post, Reaction, Space, Topic


def space_reader_ids(space: Space) -> QuerySet:
    """Ids of everyone who may read and be notified in ``space`` (staff excepted)."""
    if space.kind == Space.Kind.COURSE:
        learners = Enrollment.objects.filter(
            course_id=space.course_id,
            status=Enrollment.Status.ACTIVE,
            course__status=Course.Status.PUBLISHED,
        ).values("user_id")
        trainers = Course.trainers.through.objects.filter(course_id=space.course_id).values(
            "user_id"
        )
        return User.objects.filter(Q(pk__in=learners) | Q(pk__in=trainers), is_active=True).values(
            "pk"
        )
    if space.kind == Space.Kind.ORGANISATION:
        return User.objects.filter(
            is_active=True,
            memberships__organisation_id=space.organisation_id,
            memberships__status=Membership.Status.APPROVED,
        ).values("pk")
    return User.objects.filter(
        is_active=True, pk__in=CommunityMember.objects.filter(space=space).values("user_id")
    ).values("pk")


def space_moderator_ids(space: Space) -> list[int]:
    ids: set[int] = set(space.moderators.values_list("pk", flat=True))
    if space.kind == Space.Kind.COURSE:
        ids.update(
            Course.trainers.through.objects.filter(course_id=space.course_id).values_list(
                "user_id", flat=True
            )
        )
    elif space.kind == Space.Kind.ORGANISATION:
        ids.update(
            Membership.objects.filter(
                organisation_id=space.organisation_id,
                role=Membership.Role.COORDINATOR,
                status=Membership.Status.APPROVED,
            ).values_list("user_id", flat=True)
        )
    return sorted(ids)


def topic_list(space: Space, *, moderator: bool, kind: str = "", unanswered: bool = False):
    topics = Topic.objects.filter(space=space)
    if not moderator:
        topics = topics.filter(is_visible=True)
    if kind:
        topics = topics.filter(kind=kind)
    if unanswered:
        topics = topics.filter(kind=Topic.Kind.QUESTION, accepted_post__isnull=True)
    return topics.select_related("author").order_by("-is_pinned", "-last_post_at", "-pk")


def topic_posts(topic: Topic, *, user, moderator: bool):
    posts = Post.objects.filter(topic=topic)
    if not moderator:
        own = user.pk if user.is_authenticated else None
        posts = posts.filter(
            Q(status=Post.Status.VISIBLE) | Q(status=Post.Status.HELD, author_id=own)
        )
    if user.is_authenticated:
        posts = posts.annotate(
            helpful_mine=Exists(Reaction.objects.filter(post=OuterRef("pk"), user=user))
        )
    return posts.select_related("author").prefetch_related("attachments").order_by("pk")
