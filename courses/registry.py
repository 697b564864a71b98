"""The item-kind registry: how ``courses`` renders and completes kinds it does not own.

``courses`` never imports ``assessments``, ``h5p`` or ``certificates``; each of those
registers its kind in ``AppConfig.ready()``::

    register_kind(ItemKind(key="quiz", label=_("Quiz"), icon="?", completion=Completion.PASS,
                           template="assessments/player/quiz_item.html",
                           context=quiz_player_context))
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum


class Completion(StrEnum):
    MANUAL = "manual"  # the learner marks it complete (or on view, if the course says so)
    PASS = "pass"  # the kind's app reports a pass through progress_record(passed=True)
    ATTEND = "attend"  # attendance recorded by a trainer (workshops)


@dataclass(frozen=True)
class ItemKind:
    key: str
    label: str
    icon: str
    completion: Completion
    # Template included in the player's item page; gets ``item``, ``enrollment``,
    # ``progress`` (ItemProgress or None), ``preview`` and the dict from ``context``.
    template: str
    context: Callable | None = None  # (request, item, enrollment) -> dict
    # Where a trainer edits the kind-specific detail: (item) -> url or None.
    studio_url: Callable | None = None
    # Problems that block publishing: (course) -> list[(message, url)].
    publish_problems: Callable | None = None
    # Copy the kind-specific detail when a course is duplicated: (old_item, new_item) -> None.
    duplicate: Callable | None = None
    # Where a trainer creates a new item of this kind in a module: (module) -> url.
    create_url: Callable | None = None
    # Plain words for the completion rule, e.g. "pass “Final quiz” with at least 70%":
    # (items: list[Item]) -> {item_id: str}; one query per kind, never one per item.
    describe_rules: Callable | None = None
    extra: dict = field(default_factory=dict)


_kinds: dict[str, ItemKind] = {}


def register_kind(kind: ItemKind) -> None:
    _kinds[kind.key] = kind


def get_kind(key: str) -> ItemKind | None:
    return _kinds.get(key)


def kinds() -> dict[str, ItemKind]:
    return dict(_kinds)


# --- Course-level hooks for apps that are not item kinds (certificates, workshops) ---

@dataclass(frozen=True)
class CourseTool:
    """A link on a course's studio page to another app's editor or report."""

    key: str
    label: str
    url: Callable  # (course) -> url
    order: int = 100


_publish_checks: dict[str, Callable] = {}
_course_tools: dict[str, CourseTool] = {}


def register_publish_check(key: str, check: Callable) -> None:
    """``check(course) -> list[(message, url)]``: problems that block publishing."""
    _publish_checks[key] = check


def publish_checks() -> list[Callable]:
    return list(_publish_checks.values())


def register_course_tool(tool: CourseTool) -> None:
    _course_tools[tool.key] = tool


def course_tools() -> list[CourseTool]:
    return sorted(_course_tools.values(), key=lambda tool: tool.order)
