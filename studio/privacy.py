"""Personal data held by ``studio``: invitations to co-teach a course."""

from __future__ import annotations

from privacy.helpers import rows, unlink
from privacy.registry import LegalBasis, PersonalData, register

FIELDS = ("course", "email", "invited_by", "created_at", "accepted_at")


def export_invitations(user):
    from django.db.models import Q

    from .models import StudioInvitation

    return rows(
        StudioInvitation.objects.filter(Q(invited_by=user) | Q(email__iexact=user.email)), FIELDS
    )


def erase_invitations(user) -> None:
    from .models import StudioInvitation

    StudioInvitation.objects.filter(email__iexact=user.email).delete()
    unlink(StudioInvitation, user, "invited_by")


register(
    PersonalData(
        model="studio.StudioInvitation",
        user_fields=("invited_by",),
        fields=FIELDS,
        purpose="Invitations to teach a course, sent by email",
        legal_basis=LegalBasis.LEGITIMATE_INTEREST,
        retention="Until accepted or the course is deleted; deleted on erasure",
        export=export_invitations,
        erase=erase_invitations,
    )
)
