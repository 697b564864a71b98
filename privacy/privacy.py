"""Personal data held by ``privacy`` itself and by the third-party apps the academy uses
(the admin's log, allauth's addresses and authenticators, sessions)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from .helpers import delete_by, export_by, rows, scrub_mentions, unlink
from .registry import LegalBasis, PersonalData, register


def _keep(user) -> None:
    return None


# --- privacy ---


def erase_exports(user) -> None:
    from .export import export_storage
    from .models import DataExport

    storage = export_storage()
    for export in DataExport.objects.filter(user=user):
        if export.path:
            storage.delete(export.path)
    DataExport.objects.filter(user=user).delete()
    unlink(DataExport, user, "requested_by")


def erase_requests(user) -> None:
    # The request and its trail stay: they prove the request was answered (art. 5(2)).
    from .models import DataRequest, DataRequestEvent

    unlink(DataRequest, user, "handled_by")
    unlink(DataRequestEvent, user, "by")
    scrub_mentions(DataRequest, ("contact", "details"), user)
    scrub_mentions(DataRequestEvent, ("note",), user)
    scrub_mentions(
        DataRequest,
        ("contact", "details"),
        user,
        queryset=DataRequest.objects.filter(subject=user),
        job_title=True,
    )
    scrub_mentions(
        DataRequestEvent,
        ("note",),
        user,
        queryset=DataRequestEvent.objects.filter(request__subject=user),
        job_title=True,
    )


def export_request_events(user):
    from .models import DataRequestEvent

    return rows(
        DataRequestEvent.objects.filter(request__subject=user), ("request", "action", "note", "at")
    )


def erase_access_log(user) -> None:
    from .models import AccessLog

    unlink(AccessLog, user, "viewer")


def export_access_log(user):
    from django.db.models import Q

    from .models import AccessLog

    return [
        {
            "id": entry.pk,
            "viewer": entry.viewer.full_name
            if entry.viewer_id and entry.subject_id == user.pk
            else entry.viewer_id,
            "subject": entry.subject_id,
            "action": entry.action,
            "at": entry.at.isoformat(),
        }
        for entry in AccessLog.objects.filter(Q(subject=user) | Q(viewer=user))
        .select_related("viewer")
        .order_by("pk")
    ]


register(
    PersonalData(
        model="privacy.DataExport",
        user_fields=("user", "requested_by"),
        fields=("status", "created_at", "ready_at", "expires_at"),
        purpose=_("Copies of a person's data they asked to download"),
        legal_basis=LegalBasis.LEGAL_OBLIGATION,
        retention=_("The file is deleted 7 days after it was made"),
        export=export_by(
            "privacy.DataExport", ("user",), ("status", "created_at", "ready_at", "expires_at")
        ),
        erase=erase_exports,
    )
)
register(
    PersonalData(
        model="privacy.AccountDeletion",
        user_fields=("user",),
        fields=("status", "withdraw_certificates", "requested_at", "erase_after", "cancelled_at"),
        purpose=_("A request to delete the account, during its grace period"),
        legal_basis=LegalBasis.LEGAL_OBLIGATION,
        retention=_("Kept, without personal values, as proof that the account was anonymised"),
        export=export_by(
            "privacy.AccountDeletion",
            ("user",),
            ("status", "withdraw_certificates", "requested_at", "erase_after", "cancelled_at"),
        ),
        erase=_keep,
    )
)
register(
    PersonalData(
        model="privacy.DataRequest",
        user_fields=("subject", "handled_by"),
        fields=("kind", "contact", "details", "received_on", "due_on", "status", "closed_at"),
        purpose=_("Data-subject requests and how they were answered"),
        legal_basis=LegalBasis.LEGAL_OBLIGATION,
        retention=_("5 years after closing (accountability); names scrubbed on erasure"),
        export=export_by(
            "privacy.DataRequest",
            ("subject",),
            ("kind", "contact", "details", "received_on", "due_on", "status", "closed_at"),
        ),
        erase=erase_requests,
    )
)
register(
    PersonalData(
        model="privacy.DataRequestEvent",
        user_fields=("by",),
        fields=("request", "action", "note", "at"),
        purpose=_("The audit trail of data-subject requests"),
        legal_basis=LegalBasis.LEGAL_OBLIGATION,
        retention=_("With its request; the staff member is unlinked on erasure"),
        export=export_request_events,
        erase=_keep,
    )
)
register(
    PersonalData(
        model="privacy.AccessLog",
        user_fields=("viewer", "subject"),
        fields=("viewer", "subject", "action", "at"),
        purpose=_("Who viewed or exported a person's learning progress, and when"),
        legal_basis=LegalBasis.LEGITIMATE_INTEREST,
        retention=_("2 years"),
        export=export_access_log,
        erase=erase_access_log,
    )
)
register(
    PersonalData(
        model="privacy.InactivityWarning",
        user_fields=("user",),
        fields=("warned_at",),
        purpose=_("When an inactive account was warned before anonymisation"),
        legal_basis=LegalBasis.LEGITIMATE_INTEREST,
        retention=_("Deleted when the person signs in or the account is anonymised"),
        export=export_by("privacy.InactivityWarning", ("user",), ("warned_at",)),
        erase=delete_by("privacy.InactivityWarning"),
    )
)


# --- third-party apps ---


def erase_log_entries(user) -> None:
    from django.contrib.admin.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    from . import conf

    # Staff actions stay in the log (accountability); entries about the person lose the name.
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(user), object_id=str(user.pk)
    ).update(object_repr=conf.get("PRIVACY_ERASED_NAME"))
    scrub_mentions(LogEntry, ("object_repr", "change_message"), user)


def erase_sessions(user) -> None:
    """Sign the person out everywhere (database sessions; other engines expire)."""
    from django.contrib.sessions.models import Session

    for session in Session.objects.all().iterator():
        try:
            data = session.get_decoded()
        except Exception:  # noqa: BLE001, S112 - a damaged session belongs to no one
            continue
        if str(data.get("_auth_user_id")) == str(user.pk):
            session.delete()


def export_authenticators(user):
    from allauth.mfa.models import Authenticator

    return rows(Authenticator.objects.filter(user=user), ("type", "created_at", "last_used_at"))


register(
    PersonalData(
        model="admin.LogEntry",
        user_fields=("user",),
        fields=("action_time", "object_repr", "change_message"),
        purpose=_("What staff changed in the administration"),
        legal_basis=LegalBasis.LEGITIMATE_INTEREST,
        retention=_("Permanently (accountability); names scrubbed on erasure"),
        export=export_by(
            "admin.LogEntry", ("user",), ("action_time", "object_repr", "change_message")
        ),
        erase=erase_log_entries,
    )
)
register(
    PersonalData(
        model="account.EmailAddress",
        user_fields=("user",),
        fields=("email", "verified", "primary"),
        purpose=_("Email addresses used to sign in and to receive emails"),
        legal_basis=LegalBasis.CONTRACT,
        retention=_("As long as the account exists; deleted on erasure"),
        export=export_by("account.EmailAddress", ("user",), ("email", "verified", "primary")),
        erase=delete_by("account.EmailAddress"),
    )
)
register(
    PersonalData(
        model="mfa.Authenticator",
        user_fields=("user",),
        fields=("type", "created_at", "last_used_at"),
        purpose=_("Two-factor authentication (secrets are never exported)"),
        legal_basis=LegalBasis.LEGITIMATE_INTEREST,
        retention=_("As long as the account exists; deleted on erasure"),
        export=export_authenticators,
        erase=delete_by("mfa.Authenticator"),
    )
)
register(
    PersonalData(
        model="sessions.Session",
        user_fields=(),
        fields=("expire_date",),
        purpose=_("Being signed in (a necessary cookie)"),
        legal_basis=LegalBasis.CONTRACT,
        retention=_("Until signing out or 2 weeks; deleted on erasure"),
        export=lambda user: [],
        erase=erase_sessions,
    )
)
