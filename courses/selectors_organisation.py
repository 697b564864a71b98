"""What a coordinator may see of their organisation's learning: approved members and
their enrolments, read from Enrollment's denormalised counters (never recomputed here),
so the report costs the same few queries for 1 or 1,000 people.

Everything starts from ``academy.permissions.coordinated_organisations``: a person is
visible only through an approved membership of an organisation the viewer coordinates
(staff: every organisation).
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery

from academy.models import Membership, Organisation, User
from academy.permissions import coordinated_organisations

from .models import Course, Enrollment

# The learner-facing states a coordinator filters by.
STATE_NOT_STARTED = "not_started"
STATE_IN_PROGRESS = "in_progress"
STATE_COMPLETED = "completed"
STATE_REQUESTED = "requested"
STATES = (STATE_NOT_STARTED, STATE_IN_PROGRESS, STATE_COMPLETED, STATE_REQUESTED)

# Withdrawn and rejected enrolments are history, not staff progress.
REPORTED_STATUSES = (Enrollment.Status.ACTIVE, Enrollment.Status.REQUESTED)


def report_organisations(
    user: User, *, organisation_id: int | None = None
) -> QuerySet[Organisation]:
    """Organisations in the viewer's report, optionally narrowed to one (an id the
    viewer does not coordinate gives an empty queryset: the view turns that into 404)."""
    organisations = coordinated_organisations(user)
    if organisation_id is not None:
        organisations = organisations.filter(pk=organisation_id)
    return organisations.order_by("name")


def organisation_members(organisations: QuerySet[Organisation]) -> QuerySet[Membership]:
    """Approved memberships in ``organisations`` (a person in two of them appears twice)."""
    return Membership.objects.approved().filter(organisation__in=organisations)


def member_users(organisations: QuerySet[Organisation]) -> QuerySet[User]:
    """Approved members of ``organisations``, each once, by name."""
    return User.objects.filter(
        pk__in=organisation_members(organisations).values("user_id"), is_active=True
    ).order_by("full_name", "email")


def _organisation_name(organisations: QuerySet[Organisation]) -> Subquery:
    # The (first) coordinated organisation a person belongs to, for the report's column.
    return Subquery(
        organisation_members(organisations)
        .filter(user_id=OuterRef("user_id"))
        .order_by("organisation__name")
        .values("organisation__name")[:1]
    )


def state_filter(state: str) -> Q:
    """The Q for one of STATES, on Enrollment."""
    active = Q(status=Enrollment.Status.ACTIVE)
    started = Q(required_completed__gt=0) | Q(last_activity_at__isnull=False)
    return {
        STATE_NOT_STARTED: active & Q(completed_at__isnull=True) & ~started,
        STATE_IN_PROGRESS: active & Q(completed_at__isnull=True) & started,
        STATE_COMPLETED: active & Q(completed_at__isnull=False),
        STATE_REQUESTED: Q(status=Enrollment.Status.REQUESTED),
    }[state]


def progress_rows(
    organisations: QuerySet[Organisation],
    *,
    course: Course | None = None,
    state: str = "",
    search: str = "",
) -> QuerySet[Enrollment]:
    """One row per enrolment of an approved member: the report and its CSV export.

    Rows carry ``user``, ``course`` and ``organisation_name``; ordered by person, then
    course. One query, whatever the number of members or enrolments.
    """
    rows = (
        Enrollment.objects.filter(
            # Inactive accounts too: an anonymised person's enrolments stay in the report
            # as "Usunięty użytkownik" (privacy.erasure), so the statistics add up.
            user__in=organisation_members(organisations).values("user_id"),
            status__in=REPORTED_STATUSES,
        )
        .select_related("user", "course")
        .only(
            "status",
            "percent",
            "required_completed",
            "required_total",
            "completed_at",
            "last_activity_at",
            "enrolled_at",
            "requested_at",
            "user__full_name",
            "user__email",
            "user__job_title",
            "course__title",
            "course__slug",
        )
        .annotate(organisation_name=_organisation_name(organisations))
        .order_by("user__full_name", "user__email", "course__title", "pk")
    )
    if course is not None:
        rows = rows.filter(course=course)
    if state in STATES:
        rows = rows.filter(state_filter(state))
    if search:
        rows = rows.filter(Q(user__full_name__icontains=search) | Q(user__email__icontains=search))
    return rows


def members_without_enrolments(
    organisations: QuerySet[Organisation], *, search: str = ""
) -> QuerySet[User]:
    """Approved members with no current enrolment or request (whom to enrol next)."""
    members = member_users(organisations).exclude(
        Exists(Enrollment.objects.filter(user=OuterRef("pk"), status__in=REPORTED_STATUSES))
    )
    if search:
        members = members.filter(Q(full_name__icontains=search) | Q(email__icontains=search))
    return members.only("full_name", "email", "job_title")


def report_courses(organisations: QuerySet[Organisation]) -> QuerySet[Course]:
    """Courses at least one member is enrolled in or has requested: the course filter."""
    return (
        Course.objects.filter(
            Exists(
                Enrollment.objects.filter(
                    course=OuterRef("pk"),
                    status__in=REPORTED_STATUSES,
                    user__in=member_users(organisations).values("pk"),
                )
            )
        )
        .only("title", "slug")
        .order_by("title")
    )


def member_in_report(organisations: QuerySet[Organisation], user_id: int) -> User | None:
    """One approved member of ``organisations``, or None (missing and forbidden alike).
    Inactive accounts too, like the report's rows (an anonymised person's progress)."""
    return User.objects.filter(
        pk__in=organisation_members(organisations).values("user_id"), pk=user_id
    ).first()


def enrollable_courses() -> QuerySet[Course]:
    """Courses a coordinator may pick: published and not closed (the service still
    checks the window and capacity, under a lock)."""
    return (
        Course.objects.published()
        .exclude(enrolment_mode=Course.EnrolmentMode.CLOSED)
        .order_by("title")
    )


def staff_summary(user: User) -> dict | None:
    """For the dashboard hint: members and their enrolments in progress and completed,
    over every organisation ``user`` coordinates (None for non-coordinators). Two queries."""
    from django.db.models import Count

    from academy.permissions import is_coordinator

    if not is_coordinator(user):
        return None
    organisations = coordinated_organisations(user)
    counts = Enrollment.objects.filter(
        user__in=member_users(organisations).values("pk"), status=Enrollment.Status.ACTIVE
    ).aggregate(
        completed=Count("pk", filter=Q(completed_at__isnull=False)),
        in_progress=Count("pk", filter=Q(completed_at__isnull=True)),
        people=Count("user", distinct=True),
    )
    return counts


def member_courses(member: User) -> list[tuple[Enrollment, object]]:
    """A member's current enrolments, each with its item-by-item outline (see
    ``courses.outline``). Four queries, whatever the number of courses and items."""
    from .models import Item, ItemProgress, Module
    from .outline import build_outline

    enrollments = list(
        Enrollment.objects.filter(user=member, status__in=REPORTED_STATUSES)
        .select_related("course")
        .order_by("course__title", "pk")
    )
    course_ids = [e.course_id for e in enrollments]
    modules: dict[int, list] = {}
    for module in Module.objects.filter(course_id__in=course_ids).order_by("position", "pk"):
        modules.setdefault(module.course_id, []).append(module)
    items: dict[int, list] = {}
    for item in Item.objects.active().filter(course_id__in=course_ids).in_order():
        items.setdefault(item.course_id, []).append(item)
    rows: dict[int, list] = {}
    for row in ItemProgress.objects.filter(enrollment__in=[e.pk for e in enrollments]):
        rows.setdefault(row.enrollment_id, []).append(row)
    return [
        (
            e,
            build_outline(
                modules=modules.get(e.course_id, []),
                items=items.get(e.course_id, []),
                progress_rows=rows.get(e.pk, []),
                sequential=e.course.is_sequential,
            ),
        )
        for e in enrollments
    ]
