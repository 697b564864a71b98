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

Other apps add people metrics from their own ``ready()`` (``register_metric``): the
workshops app adds *workshop attendees* (``workshops/programme.py``). ``training`` never
imports them; they build their queries with ``scoped``, ``between`` and ``group_by`` so
every filter and grouping means the same thing, and their figures are protected with the
others.
"""

from __future__ import annotations

from collections.abc import Callable
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
PEOPLE_METRICS = ("enrolments", "learners", "completions")


@dataclass(frozen=True)
class ProgrammeMetric:
    """A count of people another app adds to the report (one column)."""

    key: str
    label: object  # a lazy string
    # (dimension, filters) -> {group key: true count}: one grouped query.
    figures: Callable
    # (filters) -> true total, people counted once: one query.
    total: Callable
    order: int = 100


_extra: dict[str, ProgrammeMetric] = {}


def register_metric(metric: ProgrammeMetric) -> None:
    _extra[metric.key] = metric


def extra_metrics() -> list[ProgrammeMetric]:
    return sorted(_extra.values(), key=lambda m: (m.order, m.key))


def metrics() -> tuple[str, ...]:
    """Every column, in order: the enrolment metrics, then the registered ones."""
    return METRICS + tuple(m.key for m in extra_metrics())


def people_metrics() -> tuple[str, ...]:
    return PEOPLE_METRICS + tuple(m.key for m in extra_metrics())


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


def scoped(rows, filters: Filters, *, user: str = "user", course: str = "course"):
    """``rows`` of approved members, narrowed by the filters. ``user`` and ``course`` are
    the lookups from the rows' model to the person and the course."""
    organisation = f"{user}__memberships__organisation"
    rows = rows.filter(**{f"{user}__memberships__status": Membership.Status.APPROVED})
    if filters.voivodeship:
        rows = rows.filter(**{f"{organisation}__voivodeship": filters.voivodeship})
    if filters.kind:
        rows = rows.filter(**{f"{organisation}__kind": filters.kind})
    if filters.course is not None:
        rows = rows.filter(**{course: filters.course})
    if filters.topic is not None:
        rows = rows.filter(**{f"{course}__topics": filters.topic})
    return rows


def _base(filters: Filters):
    return scoped(Enrollment.objects.filter(status=Enrollment.Status.ACTIVE), filters)


def between(field_name: str, filters: Filters) -> Q:
    """``field_name`` set and inside the filters' period (whole days, Warsaw time)."""
    q = Q(**{f"{field_name}__isnull": False})
    tz = timezone.get_current_timezone()
    if filters.start:
        q &= Q(**{f"{field_name}__gte": datetime.combine(filters.start, time.min, tzinfo=tz)})
    if filters.end:
        q &= Q(**{f"{field_name}__lte": datetime.combine(filters.end, time.max, tzinfo=tz)})
    return q


def group_by(dimension: str, *, date_field: str, user: str = "user", course: str = "course"):
    """The grouping expression of ``dimension`` for rows reaching ``user`` and ``course``."""
    if dimension == "period":
        return TruncMonth(date_field)
    return F(
        {
            "voivodeship": f"{user}__memberships__organisation__voivodeship",
            "kind": f"{user}__memberships__organisation__kind",
            "course": f"{course}_id",
            "topic": f"{course}__topics__id",
        }[dimension]
    )


def raw_figures(dimension: str, filters: Filters) -> dict[object, dict[str, int]]:
    """{group key: {metric: true value}}: one or two aggregate queries, and one for each
    registered metric."""
    figures = _enrolment_figures(dimension, filters)
    for metric in extra_metrics():
        for group, value in metric.figures(dimension, filters).items():
            figures.setdefault(group, {})[metric.key] = value
    for values in figures.values():
        for metric in metrics():
            values.setdefault(metric, 0)
    return figures


def _enrolment_figures(dimension: str, filters: Filters) -> dict[object, dict[str, int]]:
    base = _base(filters)
    figures: dict[object, dict[str, int]] = {}
    if dimension != "period":
        # One scan: every metric as a filtered aggregate of the same grouping.
        enrolled_q, completed_q = (
            between("enrolled_at", filters),
            between("completed_at", filters),
        )
        for row in (
            base.filter(enrolled_q | completed_q)
            .annotate(group=group_by(dimension, date_field=""))
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
        base.filter(between("enrolled_at", filters))
        .annotate(group=group_by(dimension, date_field="enrolled_at"))
        .values("group")
        .annotate(enrolments=Count("pk", distinct=True), learners=Count("user", distinct=True))
        .order_by()
    )
    for row in enrolled:
        figures.setdefault(row["group"], {}).update(
            enrolments=row["enrolments"], learners=row["learners"]
        )
    completed = (
        base.filter(between("completed_at", filters))
        .annotate(group=group_by(dimension, date_field="completed_at"))
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
    return figures


def raw_total(filters: Filters) -> dict[str, int]:
    """The true totals (people counted once): two aggregate queries."""
    base = _base(filters)
    enrolled_q, completed_q = between("enrolled_at", filters), between("completed_at", filters)
    counts = base.filter(enrolled_q | completed_q).aggregate(
        enrolments=Count("pk", filter=enrolled_q, distinct=True),
        learners=Count("user", filter=enrolled_q, distinct=True),
        completions=Count("pk", filter=completed_q, distinct=True),
    )
    hours = (
        Enrollment.objects.filter(
            pk__in=base.filter(between("completed_at", filters)).values("pk")
        ).aggregate(hours=Sum("course__estimated_hours"))["hours"]
        or 0
    )
    extra = {metric.key: metric.total(filters) for metric in extra_metrics()}
    return {**counts, "hours": hours, **extra}


def _rounded(value, step: int) -> int:
    return int((Decimal(value) / step).quantize(Decimal(1), rounding="ROUND_HALF_UP")) * step


def protect(rows: list[ReportRow], total: ReportRow) -> None:
    """Suppress and round in place (see the module docstring)."""
    # The columns this table has (a hand-built table may leave out registered ones).
    columns = [m for m in metrics() if m in total.cells]
    for row in [*rows, total]:
        for metric in (m for m in people_metrics() if m in total.cells):
            cell = row.cells[metric]
            cell.hidden = 0 < cell.raw < THRESHOLD
        # Hours reveal completions for a single course: hidden with them.
        row.cells["hours"].hidden = row.cells["completions"].hidden
    for metric in columns:
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
        for metric in columns:
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
    """The protected table: rows by ``dimension`` and the total row (4–5 queries, and
    two for each registered metric)."""
    if dimension not in DIMENSIONS:
        dimension = "voivodeship"
    figures = raw_figures(dimension, filters)
    figures.pop(None, None)  # no voivodeship given / course without topic
    labels = _labels(dimension, list(figures))
    rows = [
        ReportRow(
            key=key,
            label=str(labels.get(key, key)),
            cells={m: Cell(value=None, raw=values[m]) for m in metrics()},
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
            cells={m: Cell(value=None, raw=(people if m == "learners" else 0)) for m in metrics()},
        )
        for key, people in figures.items()
    ]
    rows.sort(key=lambda r: r.label)
    total = ReportRow(
        key=None,
        label=str(_("Total")),
        cells={m: Cell(value=None, raw=sum(r.cells[m].raw for r in rows)) for m in metrics()},
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
