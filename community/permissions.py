"""Who may see, post in and moderate a space. Each rule has a predicate for one object
and the queryset filter that says the same for lists, so lists, counts, search and
notifications never include a space the person may not see.

- course space: the course's active learners (course published) and its trainers;
  moderated by its trainers;
- organisation space: the organisation's approved members; moderated by its coordinators;
- community: readable by every verified member (an approved member of an organisation),
  writable by those who joined; moderated by staff and appointed moderators;
- staff see and moderate everything. A disabled space is seen by its moderators only.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from academy.models import Membership
from courses.models import Course, Enrollment

from .models import CommunityMember, Post, Space, Suspension, Topic


def is_verified(user) -> bool:
    """A verified member: staff, or an approved member of an approved organisation."""
    if not user.is_authenticated:
        return False
    if user.is_staff:
        return True
    return Membership.objects.filter(
        user=user, status=Membership.Status.APPROVED, organisation__is_approved=True
    ).exists()


def _moderated_q(user) -> Q:
    taught = Course.trainers.through.objects.filter(
        user_id=user.pk, course_id=OuterRef("course_id")
    )
    coordinated = Membership.objects.filter(
        user=user,
        organisation_id=OuterRef("organisation_id"),
        role=Membership.Role.COORDINATOR,
        status=Membership.Status.APPROVED,
    )
    appointed = Space.moderators.through.objects.filter(user_id=user.pk, space_id=OuterRef("pk"))
    return (
        Q(kind=Space.Kind.COURSE, course__isnull=False) & Q(Exists(taught))
        | Q(kind=Space.Kind.ORGANISATION) & Q(Exists(coordinated))
        | Q(Exists(appointed))
    )


def moderated_spaces(user) -> QuerySet[Space]:
    if not user.is_authenticated:
        return Space.objects.none()
    if user.is_staff:
        return Space.objects.all()
    return Space.objects.filter(_moderated_q(user))


def visible_spaces(user) -> QuerySet[Space]:
    if not user.is_authenticated:
        return Space.objects.none()
    if user.is_staff:
        return Space.objects.all()
    enrolled = Enrollment.objects.filter(
        user=user,
        status=Enrollment.Status.ACTIVE,
        course_id=OuterRef("course_id"),
        course__status=Course.Status.PUBLISHED,
    )
    member = Membership.objects.filter(
        user=user,
        organisation_id=OuterRef("organisation_id"),
        status=Membership.Status.APPROVED,
    )
    readable = Q(kind=Space.Kind.COURSE) & Q(Exists(enrolled)) | Q(
        kind=Space.Kind.ORGANISATION
    ) & Q(Exists(member))
    if is_verified(user):
        readable |= Q(kind=Space.Kind.COMMUNITY)
    return Space.objects.filter(Q(is_enabled=True) & readable | _moderated_q(user))


def can_moderate_space(user, space: Space) -> bool:
    """The predicate face of ``moderated_spaces`` (one or two small queries)."""
    if not user.is_authenticated:
        return False
    if user.is_staff:
        return True
    if space.kind == Space.Kind.COURSE:
        owner = Course.trainers.through.objects.filter(user_id=user.pk, course_id=space.course_id)
    elif space.kind == Space.Kind.ORGANISATION:
        owner = Membership.objects.filter(
            user=user,
            organisation_id=space.organisation_id,
            role=Membership.Role.COORDINATOR,
            status=Membership.Status.APPROVED,
        )
    else:
        owner = None
    if owner is not None and owner.exists():
        return True
    return Space.moderators.through.objects.filter(user_id=user.pk, space_id=space.pk).exists()


def can_see_space(user, space: Space, *, moderator: bool | None = None) -> bool:
    """The predicate face of ``visible_spaces``."""
    if not user.is_authenticated:
        return False
    if moderator if moderator is not None else can_moderate_space(user, space):
        return True
    if not space.is_enabled:
        return False
    if space.kind == Space.Kind.COURSE:
        return Enrollment.objects.filter(
            user=user,
            status=Enrollment.Status.ACTIVE,
            course_id=space.course_id,
            course__status=Course.Status.PUBLISHED,
        ).exists()
    if space.kind == Space.Kind.ORGANISATION:
        return Membership.objects.filter(
            user=user, organisation_id=space.organisation_id, status=Membership.Status.APPROVED
        ).exists()
    return is_verified(user)


def is_suspended(user, space: Space) -> bool:
    return Suspension.objects.filter(space=space, user=user, until__gt=timezone.now()).exists()


def can_post_in_space(
    user, space: Space, *, moderator: bool | None = None, seen: bool = False, suspended=None
) -> bool:
    """See the space; joined it if it is a community; not suspended; space enabled.
    A view that fetched ``space`` through ``visible_spaces`` passes ``seen=True`` and the
    ``suspended`` it already read, saving their queries."""
    if not user.is_authenticated:
        return False
    moderator = can_moderate_space(user, space) if moderator is None else moderator
    if moderator:
        return True
    if not space.is_enabled or not (seen or can_see_space(user, space)):
        return False
    if is_suspended(user, space) if suspended is None else suspended:
        return False
    if space.kind == Space.Kind.COMMUNITY:
        return CommunityMember.objects.filter(space=space, user=user).exists()
    return True


def can_announce(user, space: Space) -> bool:
    return can_moderate_space(user, space)


def visible_topics(user) -> QuerySet[Topic]:
    return Topic.objects.filter(space__in=visible_spaces(user))


def visible_posts(user, *, moderator: bool = False) -> QuerySet[Post]:
    """Posts of visible spaces; held and hidden ones only for moderators (and held ones
    for their author)."""
    posts = Post.objects.filter(topic__space__in=visible_spaces(user))
    if moderator:
        return posts
    return posts.filter(
        Q(status=Post.Status.VISIBLE)
        | Q(status=Post.Status.HELD, author_id=user.pk if user.is_authenticated else None)
    )


def can_accept_answer(user, topic: Topic, *, moderator: bool) -> bool:
    return topic.kind == Topic.Kind.QUESTION and (
        moderator or (user.is_authenticated and topic.author_id == user.pk)
    )


def can_edit_post(user, post: Post, *, moderator: bool) -> bool:
    return moderator or (user.is_authenticated and post.author_id == user.pk)


def audience_tokens(user) -> list[str]:
    """The search audiences of the spaces ``user`` may read (see community.search)."""
    from .search import space_audience

    if not user.is_authenticated:
        return []
    return [space_audience(pk) for pk in visible_spaces(user).values_list("pk", flat=True)]
