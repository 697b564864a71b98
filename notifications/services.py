"""Writes of the notifications app.

``notify`` fans one event out to many recipients in batches with a constant number of
queries per batch; email and digests happen later in tasks, which look at the recipient's
preference *then* (a type switched to the daily digest before its email went out waits
for the digest) and render in the recipient's language *then*.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.cache import cache
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from background.mail import email_compose, email_queue_many

from . import registry
from .models import Channel, Notification, NotificationPreference, NotificationSettings

BATCH = 1000
UNSUBSCRIBE_SALT = "notifications.unsubscribe"
DIGEST_WINDOW = timedelta(days=14)


def unread_cache_key(user_id: int) -> str:
    return f"notifications:unread:{user_id}"


def forget_unread(user_ids: Iterable[int]) -> None:
    cache.delete_many([unread_cache_key(pk) for pk in user_ids])


def preferences_for(*, type_key: str, user_ids: list[int]) -> dict[int, str]:
    return dict(
        NotificationPreference.objects.filter(type=type_key, user_id__in=user_ids).values_list(
            "user_id", "channel"
        )
    )


def channel_for(*, notification_type, role: str, chosen: str | None) -> str:
    return chosen or notification_type.default_for(role)


def notify(
    *,
    type_key: str,
    recipient_ids: Iterable[int],
    event: str,
    params: dict | None = None,
    target=None,
    group: str = "",
    role: str = "learner",
) -> int:
    """Notify each recipient once about ``event``; return how many notifications were created.

    Per batch of 1000: one query for preferences, one for those already told, one insert,
    and one query for the new ids plus one enqueued email task when anyone in the batch
    wants email at once.
    Raises KeyError for an unregistered type.
    """
    notification_type = registry.get(type_key)
    if notification_type is None:
        raise KeyError(type_key)
    target_type = ContentType.objects.get_for_model(target) if target is not None else None
    target_id = target.pk if target is not None else None
    ids = list(dict.fromkeys(recipient_ids))
    created = 0
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        chosen = preferences_for(type_key=type_key, user_ids=batch)
        already = set(
            Notification.objects.filter(
                type=type_key, event=event[:120], recipient_id__in=batch
            ).values_list("recipient_id", flat=True)
        )
        wanted = [
            pk
            for pk in batch
            if pk not in already
            and channel_for(notification_type=notification_type, role=role, chosen=chosen.get(pk))
            != Channel.OFF
        ]
        if not wanted:
            continue
        Notification.objects.bulk_create(
            [
                Notification(
                    recipient_id=pk,
                    type=type_key,
                    event=event[:120],
                    params=params or {},
                    role=role,
                    group=group,
                    target_type=target_type,
                    target_id=target_id,
                )
                for pk in wanted
            ],
            ignore_conflicts=True,  # a concurrent notify of the same event
        )
        emailed = [
            pk
            for pk in wanted
            if channel_for(notification_type=notification_type, role=role, chosen=chosen.get(pk))
            == Channel.EMAIL
        ]
        if emailed:
            new_ids = list(
                Notification.objects.filter(
                    type=type_key,
                    event=event[:120],
                    recipient_id__in=emailed,
                    emailed_at__isnull=True,
                ).values_list("pk", flat=True)
            )
            transaction.on_commit(lambda new_ids=new_ids: _enqueue_emails(new_ids))
        transaction.on_commit(lambda wanted=wanted: forget_unread(wanted))
        created += len(wanted)
    return created


def _enqueue_emails(ids: list[int]) -> None:
    from .tasks import email_notifications

    email_notifications.enqueue(ids)


def render_message(notification: Notification) -> str:
    notification_type = registry.get(notification.type)
    if notification_type is None:
        return gettext("A notification of a kind this academy no longer sends.")
    try:
        return str(notification_type.message) % notification.params
    except (KeyError, TypeError, ValueError):
        return str(notification_type.label)


def link_for(notification: Notification) -> str | None:
    """The link to the target, or None when there is none or it was deleted."""
    notification_type = registry.get(notification.type)
    if notification_type is None or notification.target_id is None:
        return None
    target = notification.target
    if target is None:
        return None
    return notification_type.link(target)


def absolute(path: str) -> str:
    return f"{settings.ACADEMY_BASE_URL.rstrip('/')}{path}"


def unsubscribe_token(*, user_id: int, type_key: str) -> str:
    return signing.dumps({"u": user_id, "t": type_key}, salt=UNSUBSCRIBE_SALT, compress=True)


def unsubscribe_url(*, user_id: int, type_key: str) -> str:
    # reverse() once per language for a placeholder, then fill in the token (digests send thousands).
    prefix = _unsubscribe_prefix(translation.get_language() or "", settings.ACADEMY_BASE_URL)
    return f"{prefix}{unsubscribe_token(user_id=user_id, type_key=type_key)}/"


@functools.lru_cache(maxsize=8)
def _unsubscribe_prefix(language: str, base_url: str) -> str:
    return absolute(reverse("notifications:unsubscribe", kwargs={"token": "T"}))[:-2]


def unsubscribe_read(token: str) -> tuple[int, str]:
    """Return (user id, type) of a valid token; raises signing.BadSignature (or its
    subclass SignatureExpired) for a tampered or expired one, ValueError for an unknown type."""
    max_age = timedelta(days=getattr(settings, "NOTIFICATIONS_UNSUBSCRIBE_DAYS", 90))
    data = signing.loads(token, salt=UNSUBSCRIBE_SALT, max_age=max_age)
    if not isinstance(data, dict) or registry.get(data.get("t", "")) is None:
        raise ValueError("unknown notification type")
    return int(data["u"]), data["t"]


@transaction.atomic
def preference_set(*, user, type_key: str, channel: str) -> NotificationPreference:
    if registry.get(type_key) is None or channel not in Channel.values:
        raise ValueError(f"{type_key}: {channel}")
    preference, _ = NotificationPreference.objects.update_or_create(
        user=user, type=type_key, defaults={"channel": channel}
    )
    return preference


@transaction.atomic
def digest_hour_set(*, user, hour: int) -> None:
    if not 0 <= hour <= 23:
        raise ValueError(hour)
    NotificationSettings.objects.update_or_create(user=user, defaults={"digest_hour": hour})


def notification_mark_read(*, user, notification_id: int | None = None) -> int:
    """Mark one (or, with no id, every) unread notification of ``user`` read."""
    queryset = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_id is not None:
        queryset = queryset.filter(pk=notification_id)
    count = queryset.update(read_at=timezone.now())
    forget_unread([user.pk])
    return count


def _wants(notification: Notification, chosen: dict[tuple[int, str], str], channel: str) -> bool:
    notification_type = registry.get(notification.type)
    if notification_type is None:
        return False
    picked = chosen.get((notification.recipient_id, notification.type))
    return (
        channel_for(notification_type=notification_type, role=notification.role, chosen=picked)
        == channel
    )


def _chosen_for(notifications: list[Notification]) -> dict[tuple[int, str], str]:
    users = {n.recipient_id for n in notifications}
    types = {n.type for n in notifications}
    return {
        (user_id, type_key): channel
        for user_id, type_key, channel in NotificationPreference.objects.filter(
            user_id__in=users, type__in=types
        ).values_list("user_id", "type", "channel")
    }


def notifications_email(*, ids: list[int]) -> int:
    """Email the given notifications whose recipients (still) want email at once.

    Idempotent: each notification is emailed under its own key and marked ``emailed_at``.
    """
    notifications = list(
        Notification.objects.filter(pk__in=ids, emailed_at__isnull=True, digested_at__isnull=True)
        .select_related("recipient")
        .prefetch_related("target")
    )
    chosen = _chosen_for(notifications)
    sent, deliveries = [], []
    preferences_url = absolute(reverse("notifications:preferences"))
    for notification in notifications:
        user = notification.recipient
        if not _wants(notification, chosen, Channel.EMAIL) or not user.email or not user.is_active:
            continue
        with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
            message = render_message(notification)
            link = link_for(notification)
            notification_type = registry.get(notification.type)
            text = render_to_string(
                "notifications/email/one.txt",
                {
                    "user": user,
                    "message": message,
                    "link": absolute(link) if link else "",
                    "preferences_url": preferences_url,
                },
            )
            reason = gettext(
                "You receive this email because your notification settings send “%(type)s” by email."
            ) % {"type": notification_type.label}
            deliveries.append(
                email_compose(
                    key=f"notification:{notification.pk}",
                    to=user.email,
                    recipient=user,
                    subject=message[:300],
                    text=text,
                    reason=reason,
                    unsubscribe_url=unsubscribe_url(user_id=user.pk, type_key=notification.type),
                )
            )
        sent.append(notification.pk)
    with transaction.atomic():
        email_queue_many([d for d in deliveries if d is not None])
        Notification.objects.filter(pk__in=sent).update(emailed_at=timezone.now())
    return len(sent)


def _digest_users(hour: int) -> list[int]:
    """Users whose digest hour is ``hour`` and who have something waiting for a digest."""
    since = timezone.now() - DIGEST_WINDOW
    waiting = (
        Notification.objects.filter(
            digested_at__isnull=True, emailed_at__isnull=True, created_at__gte=since
        )
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    custom = NotificationSettings.objects.exclude(digest_hour=hour).values_list(
        "user_id", flat=True
    )
    if hour == NotificationSettings.DEFAULT_HOUR:
        users = waiting.exclude(recipient_id__in=custom)
    else:
        users = waiting.filter(recipient__notification_settings__digest_hour=hour)
    return list(users)


def digests_send(*, now=None) -> int:
    """Send the digests due this hour (daily every day, weekly on Mondays); return how many.

    Each digest is one email per user in their language, items grouped by course, and
    marks its items ``digested_at`` in the same transaction that queues it: no item is
    sent twice.
    """
    now = now or timezone.now()
    local = timezone.localtime(now)
    channels = [Channel.DAILY] + ([Channel.WEEKLY] if local.weekday() == 0 else [])
    user_ids = _digest_users(local.hour)
    sent = 0
    for start in range(0, len(user_ids), 500):
        sent += _digest_batch(user_ids[start : start + 500], channels=channels, now=now)
    return sent


def _digest_batch(user_ids: list[int], *, channels: list[str], now) -> int:
    since = now - DIGEST_WINDOW
    notifications = list(
        Notification.objects.filter(
            recipient_id__in=user_ids,
            digested_at__isnull=True,
            emailed_at__isnull=True,
            created_at__gte=since,
        )
        .only("pk", "recipient_id", "type", "params", "group", "role")
        .order_by("recipient_id", "group", "created_at")
    )
    users = {
        user.pk: user
        for user in get_user_model()
        .objects.filter(pk__in=user_ids)
        .only("pk", "email", "is_active", "preferred_language", "full_name")
    }
    chosen = _chosen_for(notifications)
    by_user: dict[int, list[Notification]] = defaultdict(list)
    for notification in notifications:
        if any(_wants(notification, chosen, channel) for channel in channels):
            by_user[notification.recipient_id].append(notification)
    done: list[int] = []
    deliveries = []
    preferences_url = absolute(reverse("notifications:preferences"))
    with transaction.atomic():
        for user_id, items in by_user.items():
            user = users.get(user_id)
            if user is None or not user.email or not user.is_active:
                continue
            language = user.preferred_language or settings.LANGUAGE_CODE
            with translation.override(language):
                groups: dict[str, dict] = {}
                for item in items:
                    group = groups.setdefault(
                        item.group,
                        {
                            "title": item.params.get("group_title") or gettext("Other"),
                            "messages": [],
                        },
                    )
                    group["messages"].append(render_message(item))
                context = {
                    "user": user,
                    "groups": list(groups.values()),
                    "preferences_url": preferences_url,
                }
                subject = gettext("Your Migration Academy digest: %(count)d new") % {
                    "count": len(items)
                }
                delivery = email_compose(
                    key=f"digest:{user.pk}:{now:%Y%m%d%H}",
                    to=user.email,
                    recipient=user,
                    subject=subject,
                    text=render_to_string("notifications/email/digest.txt", context),
                    html=render_to_string("notifications/email/digest.html", context),
                    reason=gettext(
                        "You receive this digest because your notification settings collect these notifications in a digest."
                    ),
                    unsubscribe_url=unsubscribe_url(user_id=user.pk, type_key=items[0].type),
                )
            if delivery is not None:
                deliveries.append(delivery)
            done.extend(item.pk for item in items)
        email_queue_many(deliveries)
        Notification.objects.filter(pk__in=done).update(digested_at=now)
    finished = set(done)
    return len({n.recipient_id for n in notifications if n.pk in finished})
