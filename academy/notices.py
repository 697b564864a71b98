"""The notification type the people domain sends: a member waits for a coordinator."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from notifications.models import Channel
from notifications.registry import NotificationType, register
from notifications.services import notify

MEMBER_WAITING = "academy.member_waiting"


def _members(target) -> str:
    return reverse("members")


def register_types() -> None:
    register(
        NotificationType(
            key=MEMBER_WAITING,
            label=_("A new member waits for approval (coordinators)"),
            message=_("%(member)s asks to join %(organisation)s."),
            link=_members,
            defaults={"*": Channel.EMAIL},
            audience="coordinator",
        )
    )


def member_waiting(*, membership) -> None:
    from .models import Membership

    organisation = membership.organisation
    coordinators = Membership.objects.filter(
        organisation=organisation,
        role=Membership.Role.COORDINATOR,
        status=Membership.Status.APPROVED,
    ).values_list("user_id", flat=True)
    notify(
        type_key=MEMBER_WAITING,
        recipient_ids=list(coordinators),
        event=f"membership:{membership.pk}",
        params={
            "member": str(membership.user),
            "organisation": organisation.name,
            "group_title": organisation.name,
        },
        target=membership,
        role="coordinator",
        group=f"organisation:{organisation.pk}",
    )
