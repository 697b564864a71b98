"""Use cases that change people and organisations. Tests and commands call these too."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import notices
from .models import Membership, Organisation, User
from .permissions import can_decide_membership


@transaction.atomic
def organisation_request(*, user: User, name: str, kind: str, voivodeship: str = "") -> Membership:
    """A newcomer asks for a new organisation; they will coordinate it once staff approve.

    Raises ValidationError if the organisation data is invalid.
    """
    organisation = Organisation(
        name=name.strip(), kind=kind, voivodeship=voivodeship, requested_by=user, is_approved=False
    )
    organisation.full_clean()
    organisation.save()
    return Membership.objects.create(
        user=user,
        organisation=organisation,
        role=Membership.Role.COORDINATOR,
        status=Membership.Status.PENDING,
    )


@transaction.atomic
def membership_join(*, user: User, organisation: Organisation) -> Membership:
    """Ask to join an approved organisation; a coordinator approves it later.

    Raises ValidationError if the organisation is not approved.
    """
    if not organisation.is_approved:
        raise ValidationError(_("This organisation has not been approved yet."))
    membership, created = Membership.objects.get_or_create(
        user=user, organisation=organisation, defaults={"role": Membership.Role.MEMBER}
    )
    if created and membership.status == Membership.Status.PENDING:
        transaction.on_commit(lambda: notices.member_waiting(membership=membership))
    return membership


@transaction.atomic
def membership_decide(*, membership: Membership, by: User, approve: bool) -> Membership:
    """Approve or reject a pending membership. Raises PermissionDenied for the wrong user."""
    if not can_decide_membership(by, membership):
        raise PermissionDenied
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    membership.status = Membership.Status.APPROVED if approve else Membership.Status.REJECTED
    membership.decided_by = by
    membership.decided_at = timezone.now()
    membership.save(update_fields=["status", "decided_by", "decided_at"])
    return membership


@transaction.atomic
def organisation_approve(*, organisation: Organisation, by: User) -> Organisation:
    """Staff approve a requested organisation; its requester becomes its coordinator."""
    if not by.is_staff:
        raise PermissionDenied
    organisation.is_approved = True
    organisation.save(update_fields=["is_approved"])
    organisation.memberships.filter(
        status=Membership.Status.PENDING, role=Membership.Role.COORDINATOR
    ).update(status=Membership.Status.APPROVED, decided_by=by, decided_at=timezone.now())
    return organisation


def user_set_language(*, user: User, language: str) -> None:
    if user.is_authenticated and user.preferred_language != language:
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])
