"""The notification types the community sends. Sent from tasks (``community.tasks``), so
the author's request never waits for the fan-out; never to the author."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from notifications.models import Channel
from notifications.registry import NotificationType, register

REPLY = "community.reply"
NEW_TOPIC = "community.new_topic"
ANNOUNCEMENT = "community.announcement"
MENTION = "community.mention"
ACCEPTED = "community.accepted"
REPORT_WAITING = "community.report_waiting"
REPORT_HIDDEN = "community.report_hidden"
REPORT_DISMISSED = "community.report_dismissed"
HELD_POST = "community.held_post"
CONTACT = "community.contact"


def _topic(target) -> str | None:
    return reverse("community:topic", kwargs={"pk": target.pk}) if target is not None else None


def _queue(target) -> str | None:
    return (
        reverse("community:moderation", kwargs={"slug": target.slug})
        if target is not None
        else None
    )


def _inbox(target) -> str:
    return reverse("community:inbox")


def register_types() -> None:
    register(
        NotificationType(
            key=REPLY,
            label=_("A reply in a discussion you follow"),
            message=_("%(author)s replied in “%(topic)s”."),
            link=_topic,
        )
    )
    register(
        NotificationType(
            key=NEW_TOPIC,
            label=_("A new topic in a space you follow or moderate"),
            message=_("%(author)s started “%(topic)s” in %(space)s."),
            link=_topic,
        )
    )
    register(
        NotificationType(
            key=ANNOUNCEMENT,
            label=_("An announcement in your discussion space"),
            message=_("Announcement in %(space)s: “%(topic)s”."),
            link=_topic,
            defaults={"*": Channel.EMAIL},
        )
    )
    register(
        NotificationType(
            key=MENTION,
            label=_("Someone mentioned you in a discussion"),
            message=_("%(author)s mentioned you in “%(topic)s”."),
            link=_topic,
        )
    )
    register(
        NotificationType(
            key=ACCEPTED,
            label=_("Your answer was accepted"),
            message=_("Your answer in “%(topic)s” was accepted."),
            link=_topic,
        )
    )
    register(
        NotificationType(
            key=REPORT_WAITING,
            label=_("A reported or held post waits for moderation"),
            message=_("A post in %(space)s waits for moderation."),
            link=_queue,
        )
    )
    register(
        NotificationType(
            key=HELD_POST,
            label=_("Your post waits for a moderator"),
            message=_("Your post in “%(topic)s” will appear once a moderator approves it."),
            link=_topic,
        )
    )
    register(
        NotificationType(
            key=REPORT_HIDDEN,
            label=_("The outcome of your report: the post was hidden"),
            message=_("Thank you: the post you reported in “%(topic)s” was hidden."),
            link=_topic,
        )
    )
    register(
        NotificationType(
            key=REPORT_DISMISSED,
            label=_("The outcome of your report: no breach found"),
            message=_(
                "A moderator read the post you reported in “%(topic)s” and found no breach "
                "of the rules."
            ),
            link=_topic,
        )
    )
    register(
        NotificationType(
            key=CONTACT,
            label=_("A message to your organisation from the partnerships directory"),
            message=_("%(sender)s wrote to %(organisation)s about “%(subject)s”."),
            link=_inbox,
            defaults={"*": Channel.EMAIL},
            audience="coordinator",
        )
    )
