"""A small registry through which apps add sections to the learner dashboard.

``academy`` must not import the course apps, so each app registers its own section in
its ``AppConfig.ready()``: a template and a function that builds its context with a
constant number of queries.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class DashboardSection:
    key: str
    template: str
    context: Callable  # (request) -> dict
    order: int = 100


_sections: dict[str, DashboardSection] = {}


def register_section(section: DashboardSection) -> None:
    _sections[section.key] = section


def sections() -> list[DashboardSection]:
    return sorted(_sections.values(), key=lambda section: section.order)
