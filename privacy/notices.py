"""The notification types ``privacy`` sends and the emails of the deletion and retention
process (all through the notifications API and ``background.mail``)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from background.mail import email_queue, for_user
from notifications.models import Channel
from notifications.registry import NotificationType, register
from notifications.services import notify

EXPORT_READY = "privacy.export_ready"
REQUEST_DUE = "privacy.request_due"


def _my_data(target) -> str:
    return reverse("privacy:my_data")


def _request_admin(target) -> str:
    return reverse("admin:privacy_datarequest_change", args=[target.pk])


def register_types() -> None:
    register(
        NotificationType(
            key=EXPORT_READY,
            label=gettext_lazy("Your data export is ready"),
            message=gettext_lazy("Your data is ready to download until %(expires)s."),
            link=_my_data,
            defaults={"*": Channel.EMAIL},
        )
    )
    register(
        NotificationType(
            key=REQUEST_DUE,
            label=gettext_lazy("A data-subject request is due soon (staff)"),
            message=gettext_lazy("Data-subject request #%(number)s is due on %(due)s."),
            link=_request_admin,
            defaults={"*": Channel.EMAIL},
            audience="staff",
        )
    )


def export_ready(export) -> None:
    notify(
        type_key=EXPORT_READY,
        recipient_ids=[export.user_id],
        event=f"export:{export.pk}",
        params={"expires": formats.date_format(export.expires_at.date(), "SHORT_DATE_FORMAT")},
        target=export,
    )


def request_due(request, staff_ids, *, days_left: int) -> None:
    notify(
        type_key=REQUEST_DUE,
        recipient_ids=staff_ids,
        event=f"request:{request.pk}:due:{days_left}",
        params={"number": request.pk, "due": request.due_on.isoformat()},
        target=request,
        role="staff",
    )


def deletion_scheduled(deletion) -> None:
    user = deletion.user
    with for_user(user):
        when = formats.date_format(deletion.erase_after, "DATE_FORMAT")
        email_queue(
            key=f"privacy:deletion:{deletion.pk}:scheduled",
            to=user.email,
            recipient=user,
            subject=_("Your account will be deleted on %(date)s") % {"date": when},
            text=_(
                "You asked us to delete your account. It will be anonymised on %(date)s. "
                "If you change your mind, simply sign in before then: that cancels the deletion."
            )
            % {"date": when},
        )


def inactivity_warning(user, *, erase_on) -> None:
    with for_user(user):
        when = formats.date_format(erase_on, "DATE_FORMAT")
        email_queue(
            key=f"privacy:inactive:{user.pk}:{erase_on.isoformat()}",
            to=user.email,
            recipient=user,
            subject=_("Your account will be anonymised on %(date)s") % {"date": when},
            text=_(
                "You have not signed in to the academy for a long time. To protect your data "
                "we will anonymise your account on %(date)s; your certificates stay valid. "
                "Sign in before then to keep your account."
            )
            % {"date": when},
        )
