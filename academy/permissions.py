"""Who may act on people and organisations.

Each rule has two faces side by side: a predicate for one object and the queryset
filter that says the same for lists (views fetch through the filter, so "missing"
and "forbidden" give the same 404).
"""

from __future__ import annotations

from .models import Membership, Organisation, User


def coordinated_memberships(user: User):
    """Memberships ``user`` may decide on: those in organisations they coordinate."""
    return (
        Membership.objects.coordinated_by(user).exclude(user=user)
        if user.is_authenticated
        else Membership.objects.none()
    )


def can_decide_membership(user: User, membership: Membership) -> bool:
    if not user.is_authenticated or membership.user_id == user.pk:
        return False
    if user.is_staff:
        return True
    return Membership.objects.filter(
        user=user,
        organisation_id=membership.organisation_id,
        role=Membership.Role.COORDINATOR,
        status=Membership.Status.APPROVED,
    ).exists()


def coordinated_organisations(user: User):
    if not user.is_authenticated:
        return Organisation.objects.none()
    if user.is_staff:
        return Organisation.objects.all()
    return Organisation.objects.filter(
        memberships__user=user,
        memberships__role=Membership.Role.COORDINATOR,
        memberships__status=Membership.Status.APPROVED,
    ).distinct()


def is_coordinator(user: User) -> bool:
    if not user.is_authenticated:
        return False
    # Read with the user on every request (academy.backends); queried for other users.
    coordinates = getattr(user, "_coordinates", None)
    if coordinates is None:
        coordinates = Membership.objects.filter(
            user=user, role=Membership.Role.COORDINATOR, status=Membership.Status.APPROVED
        ).exists()
    return user.is_staff or coordinates


def can_create_courses(user: User) -> bool:
    return user.is_authenticated and user.is_trainer
