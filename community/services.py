"""Writes of the community. Every function checks what it needs and raises
``CommunityError`` (a ValidationError with a code and a message for the person) when the
action is not allowed; side effects (notifications, the search index) run in tasks
after commit."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from . import permissions, text
from .models import (
    Attachment,
    AuditEntry,
    BlockedWord,
    CommunityMember,
    ContactMessage,
    Follow,
    Offer,
    PartnerProfile,
    Post,
    PostRevision,
    Reaction,
    Report,
    Space,
    Suspension,
    Topic,
)


class CommunityError(ValidationError):
    pass


def _setting(name: str, default):
    return getattr(settings, name, default)


def _after_commit(task, *args) -> None:
    transaction.on_commit(lambda: task.enqueue(*args))


def _audit(*, space, actor, action, topic=None, post=None, subject=None, note="") -> None:
    AuditEntry.objects.create(
        space=space,
        actor=actor,
        action=action,
        topic=topic,
        post=post,
        subject=subject,
        note=note[:500],
    )


def _reindex_topic(topic_id: int) -> None:
    from .tasks import topic_reindex

    _after_commit(topic_reindex, topic_id)


# --- spaces -------------------------------------------------------------------------


def _unique_slug(base: str) -> str:
    base = (slugify(base) or "space")[:70]
    slug, number = base, 2
    while Space.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


def _space_ensure(kind: str, owner: dict, *, title: str, slug_base: str) -> Space:
    # get_or_create: two first visits at once create one space (the loser reads it).
    space, _created = Space.objects.get_or_create(
        **owner, defaults={"kind": kind, "title": title, "slug": _unique_slug(slug_base)}
    )
    return space


def course_space_ensure(course) -> Space:
    return _space_ensure(
        Space.Kind.COURSE, {"course": course}, title=course.title, slug_base=f"kurs-{course.slug}"
    )


def organisation_space_ensure(organisation) -> Space:
    return _space_ensure(
        Space.Kind.ORGANISATION,
        {"organisation": organisation},
        title=organisation.name,
        slug_base=f"org-{organisation.name}",
    )


def community_create(*, title: str, description: str = "", slug: str = "") -> Space:
    return Space.objects.create(
        kind=Space.Kind.COMMUNITY,
        title=title,
        description=description,
        slug=slug or _unique_slug(title),
    )


def space_settings_update(*, space: Space, actor, is_enabled: bool, hold_first_posts: bool) -> None:
    Space.objects.filter(pk=space.pk).update(
        is_enabled=is_enabled, hold_first_posts=hold_first_posts
    )
    _audit(
        space=space,
        actor=actor,
        action="settings",
        note=f"enabled={is_enabled} hold_first_posts={hold_first_posts}",
    )


def community_join(*, space: Space, user) -> None:
    if space.kind != Space.Kind.COMMUNITY or not permissions.can_see_space(user, space):
        raise CommunityError(_("You cannot join this space."), code="cannot_join")
    CommunityMember.objects.get_or_create(space=space, user=user)
    Follow.objects.get_or_create(user=user, space=space)


def community_leave(*, space: Space, user) -> None:
    CommunityMember.objects.filter(space=space, user=user).delete()
    Follow.objects.filter(user=user, space=space).delete()


def follow_set(*, user, space: Space | None = None, topic: Topic | None = None, on: bool) -> None:
    target = {"space": space} if space is not None else {"topic": topic}
    if on:
        Follow.objects.get_or_create(user=user, **target)
    else:
        Follow.objects.filter(user=user, **target).delete()


# --- checks before writing ----------------------------------------------------------


def _check_rate(user) -> None:
    """At most COMMUNITY_POSTS_PER_WINDOW posts, reports or reactions per window, shared
    by every worker through the cache."""
    limit = _setting("COMMUNITY_POSTS_PER_WINDOW", 6)
    window = _setting("COMMUNITY_RATE_WINDOW_SECONDS", 60)
    slot = int(timezone.now().timestamp() // window)
    key = f"community:rate:{user.pk}:{slot}"
    cache.add(key, 0, window + 5)
    try:
        count = cache.incr(key)
    except ValueError:
        count = 1
    if count > limit:
        raise CommunityError(
            _(
                "You are writing very quickly. Please wait a minute before you post again "
                "(at most %(limit)s posts per minute)."
            )
            % {"limit": limit},
            code="rate_limited",
        )


def _check_words(*pieces: str) -> None:
    words = list(BlockedWord.objects.values_list("word", flat=True))
    if not words:
        return
    found = text.blocked_words_in(" ".join(pieces), words)
    if found:
        raise CommunityError(
            _("Your text contains words that are not allowed here: %(words)s.")
            % {"words": ", ".join(found)},
            code="blocked_words",
        )


def _check_can_post(user, space: Space, *, moderator: bool) -> None:
    if not user.is_authenticated:
        raise CommunityError(_("Sign in to write."), code="anonymous")
    if not moderator and permissions.is_suspended(user, space):
        raise CommunityError(
            _("You are suspended in this space and cannot write, react or report."),
            code="suspended",
        )
    if not permissions.can_post_in_space(user, space, moderator=moderator):
        raise CommunityError(_("You cannot write in this space."), code="cannot_post")


def _held(user, space: Space, *, moderator: bool) -> bool:
    if moderator or not space.hold_first_posts:
        return False
    days = _setting("COMMUNITY_NEW_ACCOUNT_DAYS", 14)
    if user.date_joined < timezone.now() - timedelta(days=days):
        return False
    return not Post.objects.filter(
        topic__space=space, author=user, status=Post.Status.VISIBLE
    ).exists()


def _attach(post: Post, files) -> None:
    from .uploads import check_upload

    for upload in files or ():
        content_type = check_upload(upload)
        Attachment.objects.create(
            post=post,
            file=upload,
            name=(upload.name or "file")[:200],
            content_type=content_type,
            size=upload.size,
        )


def _fan_out(post: Post, *, new_topic: bool) -> None:
    from .tasks import post_notify

    _after_commit(post_notify, post.pk, new_topic)


# --- topics and posts ---------------------------------------------------------------


@transaction.atomic
def topic_create(*, space: Space, author, kind: str, title: str, body: str, files=()) -> Topic:
    """Raises CommunityError (anonymous, suspended, cannot_post, announce, empty,
    rate_limited, blocked_words, attachment errors)."""
    moderator = permissions.can_moderate_space(author, space)
    _check_can_post(author, space, moderator=moderator)
    if kind not in Topic.Kind.values:
        kind = Topic.Kind.DISCUSSION
    if kind == Topic.Kind.ANNOUNCEMENT and not moderator:
        raise CommunityError(
            _("Only trainers, coordinators and moderators post announcements."), code="announce"
        )
    title = " ".join((title or "").split())[:200]
    body = text.clean_body(body)
    if not title or not body:
        raise CommunityError(_("Write a title and a text."), code="empty")
    _check_words(title, body)
    _check_rate(author)
    held = _held(author, space, moderator=moderator)
    now = timezone.now()
    topic = Topic.objects.create(
        space=space,
        kind=kind,
        title=title,
        author=author,
        created_at=now,
        last_post_at=now,
        post_count=0 if held else 1,
        is_visible=not held,
    )
    post = Post.objects.create(
        topic=topic,
        author=author,
        body=body,
        created_at=now,
        status=Post.Status.HELD if held else Post.Status.VISIBLE,
    )
    _attach(post, files)
    Follow.objects.get_or_create(user=author, topic=topic)
    if held:
        _held_notice(post)
    else:
        _fan_out(post, new_topic=True)
        _reindex_topic(topic.pk)
    return topic


@transaction.atomic
def post_create(*, topic: Topic, author, body: str, quoted: Post | None = None, files=()) -> Post:
    space = topic.space
    moderator = permissions.can_moderate_space(author, space)
    _check_can_post(author, space, moderator=moderator)
    if topic.is_locked and not moderator:
        raise CommunityError(_("This topic is locked."), code="locked")
    body = text.clean_body(body)
    if not body:
        raise CommunityError(_("Write a text."), code="empty")
    if quoted is not None and quoted.topic_id == topic.pk and quoted.status == Post.Status.VISIBLE:
        from .templatetags.community import display_name

        body = text.quote_html(author=display_name(quoted.author), body=quoted.body) + body
    else:
        quoted = None
    _check_words(body)
    _check_rate(author)
    held = _held(author, space, moderator=moderator)
    now = timezone.now()
    post = Post.objects.create(
        topic=topic,
        author=author,
        body=body,
        quoted=quoted,
        created_at=now,
        status=Post.Status.HELD if held else Post.Status.VISIBLE,
    )
    _attach(post, files)
    Follow.objects.get_or_create(user=author, topic=topic)
    if held:
        _held_notice(post)
    else:
        Topic.objects.filter(pk=topic.pk).update(post_count=F("post_count") + 1, last_post_at=now)
        _fan_out(post, new_topic=False)
        _reindex_topic(topic.pk)
    return post


def _held_notice(post: Post) -> None:
    from .tasks import held_notify

    _after_commit(held_notify, post.pk)


def _recount(topic_id: int) -> None:
    visible = Post.objects.filter(topic_id=topic_id, status=Post.Status.VISIBLE)
    first = (
        Post.objects.filter(topic_id=topic_id)
        .order_by("pk")
        .values_list("status", flat=True)
        .first()
    )
    Topic.objects.filter(pk=topic_id).update(
        post_count=visible.count(), is_visible=first == Post.Status.VISIBLE
    )


@transaction.atomic
def post_edit(*, post: Post, editor, body: str, reason: str = "") -> Post:
    space = post.topic.space
    moderator = permissions.can_moderate_space(editor, space)
    if not permissions.can_edit_post(editor, post, moderator=moderator):
        raise CommunityError(_("You cannot edit this post."), code="cannot_edit")
    if not moderator:
        _check_can_post(editor, space, moderator=False)
    if moderator and post.author_id != editor.pk and not reason.strip():
        raise CommunityError(_("Say why you edit someone else's post."), code="reason_required")
    body = text.clean_body(body)
    if not body:
        raise CommunityError(_("Write a text."), code="empty")
    _check_words(body)
    PostRevision.objects.create(post=post, body=post.body, reason=reason[:300], editor=editor)
    Post.objects.filter(pk=post.pk).update(body=body, edited_at=timezone.now())
    if moderator and post.author_id != editor.pk:
        _audit(space=space, actor=editor, action="edit", topic=post.topic, post=post, note=reason)
    _reindex_topic(post.topic_id)
    post.refresh_from_db()
    return post


@transaction.atomic
def answer_accept(*, post: Post, user) -> None:
    topic = post.topic
    moderator = permissions.can_moderate_space(user, topic.space)
    if not permissions.can_accept_answer(user, topic, moderator=moderator):
        raise CommunityError(_("You cannot accept an answer here."), code="cannot_accept")
    if post.status != Post.Status.VISIBLE or post.topic_id != topic.pk:
        raise CommunityError(_("This post cannot be accepted."), code="not_visible")
    Topic.objects.filter(pk=topic.pk).update(accepted_post=post)
    if post.author_id and post.author_id != user.pk:
        from .tasks import accepted_notify

        _after_commit(accepted_notify, post.pk)


@transaction.atomic
def helpful_toggle(*, post: Post, user) -> bool:
    """Mark or unmark ``post`` as helpful; returns whether it is marked now."""
    space = post.topic.space
    _check_can_post(user, space, moderator=permissions.can_moderate_space(user, space))
    if post.author_id == user.pk:
        raise CommunityError(_("You cannot mark your own post."), code="own_post")
    deleted, _rows = Reaction.objects.filter(post=post, user=user).delete()
    if deleted:
        Post.objects.filter(pk=post.pk).update(helpful_count=F("helpful_count") - 1)
        return False
    _check_rate(user)
    Reaction.objects.create(post=post, user=user)
    Post.objects.filter(pk=post.pk).update(helpful_count=F("helpful_count") + 1)
    return True


# --- moderation ---------------------------------------------------------------------


@transaction.atomic
def post_report(*, post: Post, reporter, reason: str) -> Report:
    space = post.topic.space
    if not reporter.is_authenticated:
        raise CommunityError(_("Sign in to report."), code="anonymous")
    if permissions.is_suspended(reporter, space):
        raise CommunityError(
            _("You are suspended in this space and cannot write, react or report."),
            code="suspended",
        )
    reason = " ".join((reason or "").split())[:500]
    if not reason:
        raise CommunityError(_("Say what is wrong with this post."), code="empty")
    if Report.objects.filter(post=post, reporter=reporter, status=Report.Status.OPEN).exists():
        raise CommunityError(_("You have already reported this post."), code="duplicate")
    _check_rate(reporter)
    report = Report.objects.create(post=post, reporter=reporter, reason=reason)
    from .tasks import report_notify

    _after_commit(report_notify, report.pk)
    return report


def _check_moderator(user, space: Space) -> None:
    if not permissions.can_moderate_space(user, space):
        raise CommunityError(_("Only moderators of this space can do this."), code="not_moderator")


def _drop_notifications(post: Post) -> None:
    """A hidden post leaves the notifications not yet read, mailed or put in a digest."""
    from notifications.models import Notification

    Notification.objects.filter(
        type__startswith="community.",
        event__startswith=f"post:{post.pk}:",
        read_at__isnull=True,
        emailed_at__isnull=True,
        digested_at__isnull=True,
    ).delete()


@transaction.atomic
def post_hide(*, post: Post, moderator, reason: str = "") -> None:
    space = post.topic.space
    _check_moderator(moderator, space)
    Post.objects.filter(pk=post.pk).update(status=Post.Status.HIDDEN)
    _recount(post.topic_id)
    _drop_notifications(post)
    _audit(space=space, actor=moderator, action="hide", topic=post.topic, post=post, note=reason)
    _reports_close(post=post, moderator=moderator, status=Report.Status.HIDDEN)
    _reindex_topic(post.topic_id)


@transaction.atomic
def post_restore(*, post: Post, moderator) -> None:
    """Restore a hidden post or approve a held one."""
    space = post.topic.space
    _check_moderator(moderator, space)
    was_held = post.status == Post.Status.HELD
    Post.objects.filter(pk=post.pk).update(status=Post.Status.VISIBLE)
    _recount(post.topic_id)
    _audit(
        space=space,
        actor=moderator,
        action="approve" if was_held else "restore",
        topic=post.topic,
        post=post,
    )
    if was_held:
        Topic.objects.filter(pk=post.topic_id).update(last_post_at=timezone.now())
        post.refresh_from_db()
        _fan_out(
            post, new_topic=not Post.objects.filter(topic_id=post.topic_id, pk__lt=post.pk).exists()
        )
    _reindex_topic(post.topic_id)


def _reports_close(*, post: Post, moderator, status: str) -> None:
    open_ids = list(
        Report.objects.filter(post=post, status=Report.Status.OPEN).values_list("pk", flat=True)
    )
    if not open_ids:
        return
    Report.objects.filter(pk__in=open_ids).update(
        status=status, decided_by=moderator, decided_at=timezone.now()
    )
    from .tasks import report_outcome_notify

    for pk in open_ids:
        _after_commit(report_outcome_notify, pk)


@transaction.atomic
def report_dismiss(*, report: Report, moderator) -> None:
    space = report.post.topic.space
    _check_moderator(moderator, space)
    _audit(
        space=space, actor=moderator, action="dismiss", post=report.post, topic=report.post.topic
    )
    _reports_close(post=report.post, moderator=moderator, status=Report.Status.DISMISSED)


@transaction.atomic
def topic_moderate(
    *, topic: Topic, moderator, action: str, target_space: Space | None = None
) -> None:
    space = topic.space
    _check_moderator(moderator, space)
    changes = {
        "pin": {"is_pinned": True},
        "unpin": {"is_pinned": False},
        "lock": {"is_locked": True},
        "unlock": {"is_locked": False},
    }
    if action in changes:
        Topic.objects.filter(pk=topic.pk).update(**changes[action])
    elif action == "move" and target_space is not None:
        _check_moderator(moderator, target_space)
        Topic.objects.filter(pk=topic.pk).update(space=target_space)
        _audit(space=target_space, actor=moderator, action="move-in", topic=topic, note=space.title)
        _reindex_topic(topic.pk)
    else:
        raise CommunityError(_("Unknown action."), code="unknown_action")
    _audit(space=space, actor=moderator, action=action, topic=topic)


@transaction.atomic
def member_suspend(*, space: Space, moderator, user, days: int, reason: str) -> Suspension:
    _check_moderator(moderator, space)
    if user.pk == moderator.pk or permissions.can_moderate_space(user, space):
        raise CommunityError(_("Moderators cannot be suspended here."), code="moderator")
    reason = " ".join((reason or "").split())[:300]
    if not reason:
        raise CommunityError(_("Give a reason for the suspension."), code="empty")
    days = max(1, min(int(days), 365))
    suspension = Suspension.objects.create(
        space=space,
        user=user,
        until=timezone.now() + timedelta(days=days),
        reason=reason,
        created_by=moderator,
    )
    _audit(space=space, actor=moderator, action="suspend", subject=user, note=f"{days} d: {reason}")
    return suspension


# --- partnerships -------------------------------------------------------------------


def profile_update(*, organisation, description: str, topics, is_listed: bool) -> PartnerProfile:
    profile, _created = PartnerProfile.objects.get_or_create(organisation=organisation)
    profile.description = (description or "")[:3000]
    profile.is_listed = is_listed
    profile.save()
    profile.topics.set(topics)
    from .tasks import organisation_offers_reindex

    _after_commit(organisation_offers_reindex, organisation.pk)
    return profile


def _offer_days() -> int:
    return _setting("COMMUNITY_OFFER_DAYS", 90)


@transaction.atomic
def offer_create(*, organisation, author, kind: str, title: str, body: str, topic=None) -> Offer:
    title = " ".join((title or "").split())[:200]
    body = (body or "").strip()[:5000]
    if not title or not body:
        raise CommunityError(_("Write a title and a description."), code="empty")
    _check_words(title, body)
    PartnerProfile.objects.get_or_create(organisation=organisation)
    offer = Offer.objects.create(
        organisation=organisation,
        author=author,
        kind=kind if kind in Offer.Kind.values else Offer.Kind.OFFER,
        title=title,
        body=body,
        topic=topic,
        expires_at=timezone.now() + timedelta(days=_offer_days()),
    )
    from .tasks import offer_reindex

    _after_commit(offer_reindex, offer.pk)
    return offer


def offer_renew(*, offer: Offer) -> None:
    Offer.objects.filter(pk=offer.pk).update(
        expires_at=timezone.now() + timedelta(days=_offer_days())
    )
    from .tasks import offer_reindex

    _after_commit(offer_reindex, offer.pk)


def offer_delete(*, offer: Offer) -> None:
    pk = offer.pk
    offer.delete()
    from .tasks import offer_reindex

    _after_commit(offer_reindex, pk)


@transaction.atomic
def contact_send(*, organisation, sender, body: str, offer: Offer | None = None) -> ContactMessage:
    body = (body or "").strip()[:3000]
    if not body:
        raise CommunityError(_("Write your message."), code="empty")
    _check_rate(sender)
    message = ContactMessage.objects.create(
        organisation=organisation, offer=offer, sender=sender, body=body
    )
    from .tasks import contact_notify

    _after_commit(contact_notify, message.pk)
    return message
