"""Reads of assigned training, scoped by ``academy.permissions.coordinated_organisations``."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Case, CharField, Q, QuerySet, Value, When
from django.utils import timezone

from academy.models import Organisation, User
from academy.permissions import coordinated_organisations

from .models import Assignee, Assignment, Department, Invitation
from .services import SOON_DAYS

ON_TRACK, DUE_SOON, OVERDUE, COMPLETED = "on_track", "due_soon", "overdue", "completed"
STATES = (ON_TRACK, DUE_SOON, OVERDUE, COMPLETED)


def state_q(state: str, today: date | None = None) -> Q:
    today = today or timezone.localdate()
    soon = today + timedelta(days=SOON_DAYS)
    open_ = Q(completed_at__isnull=True)
    return {
        COMPLETED: Q(completed_at__isnull=False),
        OVERDUE: open_ & Q(due_on__lt=today),
        DUE_SOON: open_ & Q(due_on__gte=today, due_on__lte=soon),
        ON_TRACK: open_ & Q(due_on__gt=soon),
    }[state]


def with_state(rows: QuerySet[Assignee], today: date | None = None) -> QuerySet[Assignee]:
    return rows.annotate(
        state=Case(
            *(When(state_q(s, today), then=Value(s)) for s in (COMPLETED, OVERDUE, DUE_SOON)),
            default=Value(ON_TRACK),
            output_field=CharField(),
        )
    )


def organisation_for(user: User, organisation_id: str | None) -> Organisation | None:
    """The organisation a coordinator works on: the one asked for (None if not theirs),
    or their first one."""
    from academy.safe_input import is_id

    organisations = coordinated_organisations(user).order_by("name")
    if organisation_id:
        if not is_id(organisation_id):
            return None
        return organisations.filter(pk=int(organisation_id)).first()
    return organisations.first()


def assignments_of(organisation: Organisation) -> QuerySet[Assignment]:
    return (
        Assignment.objects.filter(organisation=organisation)
        .select_related("course", "path", "department")
        .order_by("due_on", "pk")
    )


def assignee_rows(
    organisation: Organisation,
    *,
    assignment: Assignment | None = None,
    state: str = "",
    department: Department | None = None,
    search: str = "",
) -> QuerySet[Assignee]:
    """One row per person and assignment, with ``state``: one query per page."""
    rows = with_state(
        Assignee.objects.filter(assignment__organisation=organisation)
        .select_related("user", "invitation", "assignment__course", "assignment__path")
        .only(
            "due_on",
            "completed_at",
            "assignment__due_on",
            "assignment__course__title",
            "assignment__path__title",
            "user__full_name",
            "user__email",
            "user__job_title",
            "invitation__full_name",
            "invitation__email",
        )
    ).order_by("due_on", "user__full_name", "invitation__full_name", "pk")
    if assignment is not None:
        rows = rows.filter(assignment=assignment)
    if state in STATES:
        rows = rows.filter(state_q(state))
    if department is not None:
        rows = rows.filter(
            Q(
                user__staff_profiles__organisation=organisation,
                user__staff_profiles__department=department,
            )
            | Q(invitation__department=department)
        )
    if search:
        rows = rows.filter(
            Q(user__full_name__icontains=search)
            | Q(user__email__icontains=search)
            | Q(invitation__email__icontains=search)
            | Q(invitation__full_name__icontains=search)
        )
    return rows


def invitations_of(organisation: Organisation) -> QuerySet[Invitation]:
    return Invitation.objects.filter(organisation=organisation).select_related("department")


def due_for(user: User) -> list[Assignee]:
    """A learner's open assigned training, soonest first (the dashboard)."""
    return list(
        with_state(
            Assignee.objects.filter(user=user, completed_at__isnull=True).select_related(
                "assignment__course", "assignment__path", "assignment__organisation"
            )
        ).order_by("due_on", "pk")[:20]
    )


def user_in_organisation(organisation: Organisation, user_id: str) -> User | None:
    from academy.models import Membership
    from academy.safe_input import is_id

    if not is_id(user_id):
        return None
    return User.objects.filter(
        pk=int(user_id),
        memberships__organisation=organisation,
        memberships__status=Membership.Status.APPROVED,
    ).first()


def coordinator_may_see(viewer: User, person: User) -> bool:
    """A coordinator (or staff) of an organisation ``person`` is an approved member of."""
    from academy.models import Membership

    if viewer.pk == person.pk:
        return True
    return Membership.objects.filter(
        user=person,
        status=Membership.Status.APPROVED,
        organisation__in=coordinated_organisations(viewer),
    ).exists()
