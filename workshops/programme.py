"""Workshop attendance in the programme report (``training.programme``): the people who
attended or partly attended a workshop session, by the session's start, counted with the
report's own filters and groupings (the session's course, the person's organisations).
Registered from ``ready()``; ``training`` does not import ``workshops``."""

from __future__ import annotations

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from .models import Booking

ATTENDED = (Booking.Status.ATTENDED, Booking.Status.PARTLY)
COURSE = "session__workshop__item__course"
STARTS = "session__starts_at"


def _attended(filters):
    from training.programme import between, scoped

    rows = scoped(Booking.objects.filter(status__in=ATTENDED), filters, course=COURSE)
    return rows.filter(between(STARTS, filters))


def attendance_figures(dimension: str, filters) -> dict[object, int]:
    """{group: distinct people who attended}: one grouped query."""
    from training.programme import group_by

    return dict(
        _attended(filters)
        .annotate(group=group_by(dimension, date_field=STARTS, course=COURSE))
        .values_list("group")
        .annotate(people=Count("user", distinct=True))
        .order_by()
    )


def attendance_total(filters) -> int:
    """People who attended, each counted once: one query."""
    return _attended(filters).aggregate(people=Count("user", distinct=True))["people"]


def register() -> None:
    from training.programme import ProgrammeMetric, register_metric

    register_metric(
        ProgrammeMetric(
            key="attendees",
            label=_("Workshop attendees"),
            figures=attendance_figures,
            total=attendance_total,
            order=10,
        )
    )
