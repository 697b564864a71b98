"""Personal data held by ``training`` (see privacy/registry.py)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from privacy.registry import LegalBasis, PersonalData, register

from .models import (
    Assignee,
    Assignment,
    DeadlineExtension,
    EvaluationResponse,
    Invitation,
    PathCompletion,
    RecordIssue,
    ReportSubscription,
    StaffProfile,
)

KEPT = _("As long as the account exists; anonymised on erasure")
PATH_CERTIFICATES_KEPT = _(
    "Permanently, as certified, like course certificates (art. 17(3)(b) and (e) GDPR); on "
    "erasure the person may instead withdraw them: name removed, verification says so"
)


def _iso(value):
    return value.isoformat() if value else None


def export_profiles(user):
    return [
        {
            "organisation": p.organisation.name,
            "department": p.department.name if p.department else "",
        }
        for p in StaffProfile.objects.filter(user=user).select_related("organisation", "department")
    ]


def erase_profiles(user):
    StaffProfile.objects.filter(user=user).delete()


def export_invitations(user):
    return [
        {
            "organisation": i.organisation.name,
            "email": i.email,
            "full_name": i.full_name,
            "job_title": i.job_title,
            "accepted_at": _iso(i.accepted_at),
        }
        for i in Invitation.objects.filter(accepted_by=user).select_related("organisation")
    ]


def erase_invitations(user):
    # The invitation's address and name are the person's; the count of invitations stays.
    Invitation.objects.filter(accepted_by=user).update(
        email="erased@invalid", full_name="", job_title="", accepted_by=None
    )
    Invitation.objects.filter(email__iexact=user.email).delete()
    Invitation.objects.filter(invited_by=user).update(invited_by=None)


def export_assigned_by(user):
    """Training this person assigned to others, as a coordinator."""
    return [
        {
            "organisation": a.organisation.name,
            "due_on": _iso(a.due_on),
            "created_at": _iso(a.created_at),
        }
        for a in Assignment.objects.filter(created_by=user).select_related("organisation")
    ]


def export_extended_by(user):
    return [
        {"reason": e.reason, "new_due_on": _iso(e.new_due_on), "created_at": _iso(e.created_at)}
        for e in DeadlineExtension.objects.filter(by=user)
    ]


def export_assignments(user):
    return [
        {
            "assignment": a.assignment.title,
            "due_on": _iso(a.due_on),
            "completed_at": _iso(a.completed_at),
            "extensions": [
                {"from": _iso(e.previous_due_on), "to": _iso(e.new_due_on), "reason": e.reason}
                for e in a.extensions.all()
            ],
        }
        for a in Assignee.objects.filter(user=user)
        .select_related("assignment__course", "assignment__path")
        .prefetch_related("extensions")
    ]


def erase_assignees(user):
    Assignee.objects.filter(user=user).delete()


def erase_created_by(user):
    Assignment.objects.filter(created_by=user).update(created_by=None)


def erase_extension_by(user):
    DeadlineExtension.objects.filter(by=user).update(by=None)


def export_paths(user):
    return [
        {
            "path": c.path.title,
            "number": c.number,
            "code": c.code,
            "full_name": c.full_name,
            "completed_at": _iso(c.completed_at),
            "withdrawn_at": _iso(c.withdrawn_at),
        }
        for c in PathCompletion.objects.filter(user=user).select_related("path")
    ]


def erase_paths(user):
    """Like course certificates (certificates/privacy.py): path certificates are a register
    an employer verifies, so they stay as certified; if the person chose to withdraw their
    certificates, each is marked withdrawn and loses the name (verification says so)."""
    from django.utils import timezone

    from privacy import conf
    from privacy.erasure import options

    if not options().withdraw_certificates:
        return
    PathCompletion.objects.filter(user=user, withdrawn_at__isnull=True).update(
        withdrawn_at=timezone.now()
    )
    PathCompletion.objects.filter(user=user).update(full_name=conf.get("PRIVACY_ERASED_NAME"))


def export_records(user):
    return [
        {"code": r.code, "issued_at": _iso(r.issued_at), "summary": r.summary}
        for r in RecordIssue.objects.filter(user=user)
    ]


def erase_records(user):
    RecordIssue.objects.filter(user=user).delete()
    RecordIssue.objects.filter(issued_by=user).update(issued_by=None)


def export_subscriptions(user):
    return [
        {"organisation": s.organisation.name, "frequency": s.frequency}
        for s in ReportSubscription.objects.filter(user=user).select_related("organisation")
    ]


def erase_subscriptions(user):
    ReportSubscription.objects.filter(user=user).delete()


def export_evaluations(user):
    return [
        {
            "course": r.course.title,
            "satisfaction": r.satisfaction,
            "usefulness": r.usefulness,
            "comment": r.comment,
        }
        for r in EvaluationResponse.objects.filter(user=user).select_related("course")
    ]


def erase_evaluations(user):
    # Scores stay for the course's statistics; the link to the person and the words go.
    EvaluationResponse.objects.filter(user=user).update(user=None, comment="")


def register_all() -> None:
    declarations = [
        (
            "training.StaffProfile",
            ("user",),
            ("user", "department"),
            _("Your department in your organisation"),
            LegalBasis.PUBLIC_TASK,
            export_profiles,
            erase_profiles,
        ),
        (
            "training.Invitation",
            ("invited_by", "accepted_by"),
            ("email", "full_name", "job_title", "invited_by", "accepted_by"),
            _("Inviting staff to join their organisation"),
            LegalBasis.PUBLIC_TASK,
            export_invitations,
            erase_invitations,
        ),
        (
            "training.Assignment",
            ("created_by",),
            ("created_by",),
            _("Who assigned training"),
            LegalBasis.PUBLIC_TASK,
            export_assigned_by,
            erase_created_by,
        ),
        (
            "training.Assignee",
            ("user",),
            ("user", "due_on", "completed_at"),
            _("Training your organisation assigned to you, with due dates"),
            LegalBasis.PUBLIC_TASK,
            export_assignments,
            erase_assignees,
        ),
        (
            "training.DeadlineExtension",
            ("by",),
            ("by", "reason"),
            _("Who extended a due date"),
            LegalBasis.PUBLIC_TASK,
            export_extended_by,
            erase_extension_by,
        ),
        (
            "training.PathCompletion",
            ("user",),
            ("user", "number", "code", "full_name", "completed_at", "withdrawn_at"),
            _("Learning paths you completed and their certificates, verifiable by employers"),
            LegalBasis.LEGITIMATE_INTEREST,
            export_paths,
            erase_paths,
        ),
        (
            "training.RecordIssue",
            ("user", "issued_by"),
            ("user", "summary", "issued_by"),
            _("Training records handed out and their verification"),
            LegalBasis.CONTRACT,
            export_records,
            erase_records,
        ),
        (
            "training.ReportSubscription",
            ("user",),
            ("user", "frequency"),
            _("Scheduled reports you subscribed to"),
            LegalBasis.CONSENT,
            export_subscriptions,
            erase_subscriptions,
        ),
        (
            "training.EvaluationResponse",
            ("user",),
            ("user", "comment"),
            _("Your course evaluations"),
            LegalBasis.CONSENT,
            export_evaluations,
            erase_evaluations,
        ),
    ]
    for model, user_fields, fields, purpose, basis, export, erase in declarations:
        register(
            PersonalData(
                model=model,
                user_fields=user_fields,
                fields=fields,
                purpose=purpose,
                legal_basis=basis,
                retention=PATH_CERTIFICATES_KEPT if model == "training.PathCompletion" else KEPT,
                export=export,
                erase=erase,
            )
        )


register_all()
