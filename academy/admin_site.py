"""The academy's admin site: branded, and its index opens with a short overview for staff
(what waits for them, what happened this month). Apps add figures from their admin.py."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import admin
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class OverviewFigure:
    key: str
    label: str
    count: Callable[[], int]  # one query
    url: Callable[[], str]
    order: int = 100


_figures: dict[str, OverviewFigure] = {}


def register_overview_figure(figure: OverviewFigure) -> None:
    _figures[figure.key] = figure


def overview_figures() -> list[OverviewFigure]:
    return sorted(_figures.values(), key=lambda figure: figure.order)


class AcademyAdminSite(admin.AdminSite):
    site_header = _("Migration Academy: administration")
    site_title = _("Migration Academy")
    index_title = _("Overview and administration")

    def index(self, request, extra_context=None):
        overview = [
            {"label": figure.label, "count": figure.count(), "url": figure.url()}
            for figure in overview_figures()
        ]
        return super().index(request, {"overview": overview, **(extra_context or {})})
