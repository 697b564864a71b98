"""The privacy app's use cases: account deletion with a grace period, data-subject
requests, the coordinators' access log."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import conf
from .models import AccessLog, AccountDeletion, DataRequest, DataRequestEvent, InactivityWarning


class PrivacyError(Exception):
    """A step that does not apply (e.g. a second pending deletion)."""


def deletion_pending(user) -> AccountDeletion | None:
    return AccountDeletion.objects.filter(user=user, status=AccountDeletion.Status.PENDING).first()


@transaction.atomic
def deletion_request(*, user, withdraw_certificates: bool = False, now=None) -> AccountDeletion:
    """Start the grace period. Raises PrivacyError when one is already pending."""
    if deletion_pending(user):
        raise PrivacyError(_("Your account is already waiting to be deleted."))
    now = now or timezone.now()
    deletion = AccountDeletion.objects.create(
        user=user,
        withdraw_certificates=withdraw_certificates,
        requested_at=now,
        erase_after=now + timedelta(days=conf.get("PRIVACY_DELETION_GRACE_DAYS")),
    )
    from .notices import deletion_scheduled

    deletion_scheduled(deletion)
    return deletion


def deletion_cancel(*, user) -> bool:
    """Signing in cancels a pending deletion; True if one was cancelled."""
    return bool(
        AccountDeletion.objects.filter(user=user, status=AccountDeletion.Status.PENDING).update(
            status=AccountDeletion.Status.CANCELLED, cancelled_at=timezone.now()
        )
    )


def deletions_run(*, now=None) -> int:
    """Anonymise every account whose grace period is over (the scheduled job)."""
    from .erasure import erase_user

    now = now or timezone.now()
    done = 0
    due = AccountDeletion.objects.filter(
        status=AccountDeletion.Status.PENDING, erase_after__lte=now
    ).select_related("user")
    for deletion in due:
        erase_user(user=deletion.user, withdraw_certificates=deletion.withdraw_certificates)
        done += 1
    return done


def add_months(day: date, months: int) -> date:
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def request_due_on(received_on: date) -> date:
    """One month from receipt (art. 12(3) GDPR)."""
    return add_months(received_on, conf.get("PRIVACY_REQUEST_DUE_MONTHS"))


def request_log(request: DataRequest, *, action: str, by=None, note: str = "") -> DataRequestEvent:
    return DataRequestEvent.objects.create(request=request, action=action, by=by, note=note)


@transaction.atomic
def request_create(
    *, kind: str, subject=None, contact: str = "", details: str = "", received_on=None, by=None
) -> DataRequest:
    received_on = received_on or timezone.localdate()
    request = DataRequest.objects.create(
        kind=kind,
        subject=subject,
        contact=contact,
        details=details,
        received_on=received_on,
        due_on=request_due_on(received_on),
    )
    request_log(request, action="received", by=by)
    return request


@transaction.atomic
def request_set_status(
    *, request: DataRequest, status: str, by=None, note: str = ""
) -> DataRequest:
    request.status = status
    request.handled_by = by or request.handled_by
    closing = status in {DataRequest.Status.DONE, DataRequest.Status.REJECTED}
    request.closed_at = timezone.now() if closing else None
    request.save(update_fields=["status", "handled_by", "closed_at"])
    request_log(request, action=f"status:{status}", by=by, note=note)
    return request


def request_export(*, request: DataRequest, by) -> None:
    """Answer an access request with the same export as self-service."""
    from .export import export_request

    if request.subject is None:
        raise PrivacyError(_("The request is not linked to an account."))
    export_request(user=request.subject, by=by)
    request_log(request, action="export", by=by)


def request_erase(*, request: DataRequest, by, withdraw_certificates: bool = False) -> None:
    """Answer an erasure request with the same erasure as self-service."""
    from .erasure import erase_user

    if request.subject is None:
        raise PrivacyError(_("The request is not linked to an account."))
    erase_user(user=request.subject, withdraw_certificates=withdraw_certificates, by=by)
    request_log(request, action="erased", by=by)


def request_restrict(*, request: DataRequest, by) -> None:
    """Restriction (art. 18): the account is deactivated (no sign-in, no emails, no new
    processing) while its data is kept; staff reactivate it when the restriction ends."""
    if request.subject is None:
        raise PrivacyError(_("The request is not linked to an account."))
    type(request.subject).objects.filter(pk=request.subject_id).update(is_active=False)
    request_log(request, action="restricted", by=by)


def requests_remind(*, today=None) -> int:
    """Tell staff about open requests due within the reminder window (daily job)."""
    from django.contrib.auth import get_user_model

    from .notices import request_due

    today = today or timezone.localdate()
    window = today + timedelta(days=conf.get("PRIVACY_REQUEST_REMINDER_DAYS"))
    staff_ids = list(
        get_user_model().objects.filter(is_staff=True, is_active=True).values_list("pk", flat=True)
    )
    count = 0
    for request in DataRequest.objects.filter(
        status__in=[DataRequest.Status.NEW, DataRequest.Status.IN_PROGRESS], due_on__lte=window
    ):
        request_due(request, staff_ids, days_left=(request.due_on - today).days)
        count += 1
    return count


def access_record(*, viewer, subject_ids, action: str) -> None:
    """Log that ``viewer`` saw (or exported) these people's learning data."""
    if not viewer.is_authenticated:
        return
    now = timezone.now()
    AccessLog.objects.bulk_create(
        [
            AccessLog(viewer=viewer, subject_id=pk, action=action, at=now)
            for pk in dict.fromkeys(subject_ids)
            if pk != viewer.pk
        ]
    )


def inactivity_forget(*, user) -> None:
    InactivityWarning.objects.filter(user=user).delete()
