"""Who is told what, computed in tasks. Recipients are always limited to people who may
read the space now (a follower who lost access hears nothing) and never include the
author."""

from __future__ import annotations

from django.db.models import Q

from academy.models import Membership, User
from notifications.services import notify

from . import notices, text
from .models import ContactMessage, Follow, Post, Report, Topic
from .selectors import space_moderator_ids, space_reader_ids
from .templatetags.community import display_name


def _params(post: Post) -> dict:
    topic, space = post.topic, post.topic.space
    return {
        "author": display_name(post.author),
        "topic": topic.title,
        "space": space.title,
        "group": "",
        "group_title": space.title,
    }


def post_fan_out(post_id: int, *, new_topic: bool) -> int:
    post = Post.objects.select_related("topic__space", "author").filter(pk=post_id).first()
    if post is None or post.status != Post.Status.VISIBLE:
        return 0
    topic, space = post.topic, post.topic.space
    readers = space_reader_ids(space)
    moderators = space_moderator_ids(space)
    params = _params(post)
    group = f"community:{space.pk}"
    event = f"post:{post.pk}:"
    author = post.author_id
    sent = 0
    mentioned: set[int] = set()
    names = text.mentioned_names(post.body)
    if names:
        candidates = User.objects.filter(full_name__in=names, is_active=True).filter(
            Q(pk__in=readers) | Q(pk__in=moderators)
        )
        mentioned = set(candidates.exclude(pk=author).values_list("pk", flat=True)[:20])
        sent += notify(
            type_key=notices.MENTION,
            recipient_ids=mentioned,
            event=event + "mention",
            params=params,
            target=topic,
            group=group,
        )
    if new_topic and topic.kind == Topic.Kind.ANNOUNCEMENT:
        everyone = User.objects.filter(Q(pk__in=readers) | Q(pk__in=moderators)).exclude(pk=author)
        return sent + notify(
            type_key=notices.ANNOUNCEMENT,
            recipient_ids=everyone.exclude(pk__in=mentioned)
            .values_list("pk", flat=True)
            .iterator(),
            event=event + "announcement",
            params=params,
            target=topic,
            group=group,
        )
    followers = (
        Follow.objects.filter(topic=topic) if not new_topic else Follow.objects.filter(space=space)
    )
    allowed = Q(user_id__in=readers) | Q(user_id__in=moderators)
    recipient_ids = set(
        followers.filter(allowed).exclude(user_id=author).values_list("user_id", flat=True)
    )
    if new_topic:
        recipient_ids.update(pk for pk in moderators if pk != author)
    recipient_ids -= mentioned
    return sent + notify(
        type_key=notices.NEW_TOPIC if new_topic else notices.REPLY,
        recipient_ids=sorted(recipient_ids),
        event=event + ("topic" if new_topic else "reply"),
        params=params,
        target=topic,
        group=group,
    )


def held_fan_out(post_id: int) -> int:
    post = Post.objects.select_related("topic__space", "author").filter(pk=post_id).first()
    if post is None or post.status != Post.Status.HELD:
        return 0
    params = _params(post)
    sent = notify(
        type_key=notices.HELD_POST,
        recipient_ids=[post.author_id] if post.author_id else [],
        event=f"held:{post.pk}",
        params=params,
        target=post.topic,
    )
    return sent + notify(
        type_key=notices.REPORT_WAITING,
        recipient_ids=space_moderator_ids(post.topic.space),
        event=f"held:{post.pk}",
        params=params,
        target=post.topic.space,
        role="trainer",
    )


def accepted_fan_out(post_id: int) -> int:
    post = Post.objects.select_related("topic__space", "author").filter(pk=post_id).first()
    if post is None or post.author_id is None:
        return 0
    return notify(
        type_key=notices.ACCEPTED,
        recipient_ids=[post.author_id],
        event=f"accepted:{post.pk}",
        params=_params(post),
        target=post.topic,
    )


def report_fan_out(report_id: int) -> int:
    report = (
        Report.objects.select_related("post__topic__space", "post__author")
        .filter(pk=report_id)
        .first()
    )
    if report is None:
        return 0
    space = report.post.topic.space
    return notify(
        type_key=notices.REPORT_WAITING,
        recipient_ids=[pk for pk in space_moderator_ids(space) if pk != report.reporter_id],
        event=f"report:{report.pk}",
        params=_params(report.post),
        target=space,
        role="trainer",
    )


OUTCOMES = {
    Report.Status.HIDDEN: notices.REPORT_HIDDEN,
    Report.Status.DISMISSED: notices.REPORT_DISMISSED,
}


def report_outcome_fan_out(report_id: int) -> int:
    report = (
        Report.objects.select_related("post__topic__space", "post__author")
        .filter(pk=report_id)
        .first()
    )
    if report is None or report.reporter_id is None or report.status == Report.Status.OPEN:
        return 0
    return notify(
        type_key=OUTCOMES[report.status],
        recipient_ids=[report.reporter_id],
        event=f"report:{report.pk}:{report.status}",
        params=_params(report.post),
        target=report.post.topic,
    )


def contact_fan_out(message_id: int) -> int:
    message = (
        ContactMessage.objects.select_related("organisation", "offer", "sender")
        .filter(pk=message_id)
        .first()
    )
    if message is None:
        return 0
    coordinators = Membership.objects.filter(
        organisation=message.organisation,
        role=Membership.Role.COORDINATOR,
        status=Membership.Status.APPROVED,
    ).exclude(user_id=message.sender_id)
    return notify(
        type_key=notices.CONTACT,
        recipient_ids=list(coordinators.values_list("user_id", flat=True)),
        event=f"contact:{message.pk}",
        params={
            "sender": display_name(message.sender),
            "organisation": message.organisation.name,
            "subject": message.offer.title if message.offer else message.organisation.name,
        },
        target=message,
        role="coordinator",
    )
