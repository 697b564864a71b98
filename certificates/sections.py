"""Other certificates on "My certificates" (``/certificates/``): an app that issues a
certificate of its own (``training``: learning-path certificates) registers a section from
its ``ready()``; ``certificates`` never imports it. ``context(request)`` returns the
template's context (one query), or None to show nothing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class MineSection:
    key: str
    template: str
    context: Callable
    order: int = 100


_sections: dict[str, MineSection] = {}


def register_mine_section(section: MineSection) -> None:
    _sections[section.key] = section


def mine_sections(request) -> list[tuple[str, dict]]:
    """(template, context) of every registered section that has something to show."""
    shown = []
    for section in sorted(_sections.values(), key=lambda s: (s.order, s.key)):
        context = section.context(request)
        if context is not None:
            shown.append((section.template, context))
    return shown
