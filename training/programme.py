"""Programme reports for staff and funders: aggregates only, never a person.

Every figure comes from one grouped SQL query (every metric a filtered aggregate of the
same scan; by month, one per date) and the totals, then goes through ``protect``:

1. **Primary suppression**: a count of 1–4 people is hidden (``Cell.hidden``).
2. **Complementary suppression**: in a column where exactly one cell is hidden and a total
   is shown, the next smallest cell is hidden too, so ``total − the others`` does not
   give the hidden one back.
3. **Rounding**: every count shown is rounded to the nearest 5 (hours to the nearest 10).
   Two reports with different filters then differ by a multiple of 5, so subtracting one
   from the other (the "differencing" attack) never yields an exact count of 1–4 people.

A person counts in each organisation they are an approved member of (rare; said in the
docs). Topics: an enrolment counts under each topic of its course.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from academy.models import Membership, Organisation, Voivodeship
from courses.models import Course, Enrollment, Topic

THRESHOLD = 5
ROUND_TO = 5
HOURS_ROUND_TO = 10
FUNDERS_GROUP = "Funders"

DIMENSIONS = {
    "voivodeship": _("Voivodeship"),
    "kind": _("Kind of organisation"),
    "course": _("Course"),
    "topic": _("Topic"),
    "period": _("Month"),
}
METRICS = ("enrolments", "learners", "completions", "hours")


def can_view(user) -> bool:
    return user.is_authenticated and (
        user.is_staff or user.has_perm("training.view_programme_reports")
    )


@dataclass
class Cell:
    value: int | None  # rounded, None when hidden
    hidden: bool = False
    raw: int = 0  # never rendered or exported; used to protect the table


@dataclass
class ReportRow:
    key: object
    label: str
    cells: dict[str, Cell] = field(default_factory=dict)


@dataclass
class Filters:
    voivodeship: str = ""
    kind: str = ""
    course: Course | None = None
    topic: Topic | None = None
    start: date | None = None
    end: date | None = None


def _org(prefix: str = "user__memberships__organisation") -> dict:
    return {"voivodeship": f"{prefix}__voivodeship", "kind": f"{prefix}__kind"}


def _base(filters: Filters):
    rows = Enrollment.objects.filter(
        status=Enrollment.Status.ACTIVE,
        user__memberships__status=Membership.Status.APPROVED,
    )
    if filters.voivodeship:
        rows = rows.filter(user__memberships__organisation__voivodeship=filters.voivodeship)
    if filters.kind:
        rows = rows.filter(user__memberships__organisation__kind=filters.kind)
    if filters.course is not None:
        rows = rows.filter(course=filters.course)
    if filters.topic is not None:
        rows = rows.filter(course__topics=filters.topic)
    return rows


def _between(field_name: str, filters: Filters) -> Q:
    q = Q(**{f"{field_name}__isnull": False})
    tz = timezone.get_current_timezone()
    if filters.start:
        q &= Q(**{f"{field_name}__gte": datetime.combine(filters.start, time.min, tzinfo=tz)})
    if filters.end:
        q &= Q(**{f"{field_name}__lte": datetime.combine(filters.end, time.max, tzinfo=tz)})
    return q


def _group(dimension: str, date_field: str):
    if dimension == "period":
        return TruncMonth(date_field)
    return F(
        {
            "voivodeship": "user__memberships__organisation__voivodeship",
            "kind": "user__memberships__organisation__kind",
            "course": "course_id",
            "topic": "course__topics__id",
        }[dimension]
    )


def raw_figures(dimension: str, filters: Filters) -> dict[object, dict[str, int]]:
    """{group key: {metric: true value}}: two aggregate queries."""
    base = _base(filters)
    figures: dict[object, dict[str, int]] = {}
    if dimension != "period":
        # One scan: every metric as a filtered aggregate of the same grouping.
        enrolled_q, completed_q = (
            _between("enrolled_at", filters),
            _between("completed_at", filters),
        )
        for row in (
            base.filter(enrolled_q | completed_q)
            .annotate(group=_group(dimension, ""))
            .values("group")
            .annotate(
                enrolments=Count("pk", filter=enrolled_q, distinct=True),
                learners=Count("user", filter=enrolled_q, distinct=True),
                completions=Count("pk", filter=completed_q, distinct=True),
                hours=Sum("course__estimated_hours", filter=completed_q),
            )
            .order_by()
        ):
            group = row.pop("group")
            row["hours"] = row["hours"] or Decimal(0)
            figures[group] = row
        return figures
    enrolled = (
        base.filter(_between("enrolled_at", filters))
        .annotate(group=_group(dimension, "enrolled_at"))
        .values("group")
        .annotate(enrolments=Count("pk", distinct=True), learners=Count("user", distinct=True))
        .order_by()
    )
    for row in enrolled:
        figures.setdefault(row["group"], {}).update(
            enrolments=row["enrolments"], learners=row["learners"]
        )
    completed = (
        base.filter(_between("completed_at", filters))
        .annotate(group=_group(dimension, "completed_at"))
        .values("group")
        .annotate(
            completions=Count("pk", distinct=True),
            hours=Sum("course__estimated_hours"),
        )
        .order_by()
    )
    for row in completed:
        figures.setdefault(row["group"], {}).update(
            completions=row["completions"], hours=row["hours"] or Decimal(0)
        )
    for values in figures.values():
        for metric in METRICS:
            values.setdefault(metric, 0)
    return figures


def raw_total(filters: Filters) -> dict[str, int]:
    """The true totals (people counted once): two aggregate queries."""
    base = _base(filters)
    enrolled_q, completed_q = _between("enrolled_at", filters), _between("completed_at", filters)
    counts = base.filter(enrolled_q | completed_q).aggregate(
        enrolments=Count("pk", filter=enrolled_q, distinct=True),
        learners=Count("user", filter=enrolled_q, distinct=True),
        completions=Count("pk", filter=completed_q, distinct=True),
    )
    hours = (
        Enrollment.objects.filter(
            pk__in=base.filter(_between("completed_at", filters)).values("pk")
        ).aggregate(hours=Sum("course__estimated_hours"))["hours"]
        or 0
    )
    return {**counts, "hours": hours}


def _rounded(value, step: int) -> int:
    return int((Decimal(value) / step).quantize(Decimal(1), rounding="ROUND_HALF_UP")) * step


def protect(rows: list[ReportRow], total: ReportRow) -> None:
    """Suppress and round in place (see the module docstring)."""
    people_metrics = ("enrolments", "learners", "completions")
    for row in [*rows, total]:
        for metric in people_metrics:
            cell = row.cells[metric]
            cell.hidden = 0 < cell.raw < THRESHOLD
        # Hours reveal completions for a single course: hidden with them.
        row.cells["hours"].hidden = row.cells["completions"].hidden
    for metric in METRICS:
        driver = "completions" if metric == "hours" else metric
        hidden = [r for r in rows if r.cells[metric].hidden]
        if len(hidden) == 1 and not total.cells[metric].hidden:
            shown = [r for r in rows if not r.cells[metric].hidden and r.cells[driver].raw > 0]
            if shown:
                victim = min(shown, key=lambda r: (r.cells[driver].raw, str(r.label)))
                victim.cells[metric].hidden = True
                if metric == "completions":
                    victim.cells["hours"].hidden = True
    for row in [*rows, total]:
        for metric in METRICS:
            cell = row.cells[metric]
            step = HOURS_ROUND_TO if metric == "hours" else ROUND_TO
            cell.value = None if cell.hidden else _rounded(cell.raw, step)


def _labels(dimension: str, keys) -> dict:
    if dimension == "voivodeship":
        return {
            k: Voivodeship(k).label if k in Voivodeship.values else str(_("not given"))
            for k in keys
        }
    if dimension == "kind":
        return {
            k: Organisation.Kind(k).label if k in Organisation.Kind.values else str(k) for k in keys
        }
    if dimension == "course":
        return dict(Course.objects.filter(pk__in=keys).values_list("pk", "title"))
    if dimension == "topic":
        return dict(Topic.objects.filter(pk__in=keys).values_list("pk", "name"))
    from django.utils import formats

    return {k: formats.date_format(k, "YEAR_MONTH_FORMAT") if k else "" for k in keys}


def programme_report(dimension: str, filters: Filters) -> tuple[list[ReportRow], ReportRow]:
    """The protected table: rows by ``dimension`` and the total row (3–4 queries)."""
    if dimension not in DIMENSIONS:
        dimension = "voivodeship"
    figures = raw_figures(dimension, filters)
    figures.pop(None, None)  # no voivodeship given / course without topic
    labels = _labels(dimension, list(figures))
    rows = [
        ReportRow(
            key=key,
            label=str(labels.get(key, key)),
            cells={m: Cell(value=None, raw=values[m]) for m in METRICS},
        )
        for key, values in figures.items()
    ]
    rows.sort(key=lambda r: r.key if dimension == "period" else r.label)
    total = ReportRow(
        key=None,
        label=str(_("Total")),
        cells={m: Cell(value=None, raw=v) for m, v in raw_total(filters).items()},
    )
    protect(rows, total)
    return rows, total


def impact_by_voivodeship() -> list[ReportRow]:
    """Officials (members of public bodies) with at least one completed course, per
    voivodeship, protected like every programme figure. One query."""
    public = [
        Organisation.Kind.MUNICIPALITY,
        Organisation.Kind.COUNTY_OFFICE,
        Organisation.Kind.VOIVODESHIP_OFFICE,
        Organisation.Kind.PUBLIC_INSTITUTION,
    ]
    figures = dict(
        Enrollment.objects.filter(
            completed_at__isnull=False,
            user__memberships__status=Membership.Status.APPROVED,
            user__memberships__organisation__kind__in=public,
        )
        .exclude(user__memberships__organisation__voivodeship="")
        .values_list("user__memberships__organisation__voivodeship")
        .annotate(people=Count("user", distinct=True))
        .order_by()
    )
    rows = [
        ReportRow(
            key=key,
            label=str(Voivodeship(key).label) if key in Voivodeship.values else key,
            cells={m: Cell(value=None, raw=(people if m == "learners" else 0)) for m in METRICS},
        )
        for key, people in figures.items()
    ]
    rows.sort(key=lambda r: r.label)
    total = ReportRow(
        key=None,
        label=str(_("Total")),
        cells={m: Cell(value=None, raw=sum(r.cells[m].raw for r in rows)) for m in METRICS},
    )
    protect(rows, total)
    return rows, total


def chart(rows: list[ReportRow], metric: str, width: int = 400) -> list[dict]:
    """Bar geometry for the server-rendered SVG (hidden cells get no bar)."""
    values = [r.cells[metric].value or 0 for r in rows]
    top = max(values, default=0) or 1
    return [
        {
            "label": r.label,
            "value": r.cells[metric].value,
            "hidden": r.cells[metric].hidden,
            "width": int(width * (r.cells[metric].value or 0) / top),
            "y": index * 28,
            "text_y": index * 28 + 16,
        }
        for index, r in enumerate(rows)
    ]
