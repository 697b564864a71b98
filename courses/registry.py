"""The item-kind registry: how ``courses`` renders and completes kinds it does not own.

Kinds are plug-ins. ``courses`` never imports ``assessments``, ``h5p`` or ``certificates``
and lists no kind of theirs; each app has one ``kinds.py`` whose ``register()`` its
``AppConfig.ready()`` calls::

    # assessments/kinds.py
    QUIZ = "quiz"

    def register() -> None:
        register_kind(ItemKind(key=QUIZ, label=_("Quiz"), icon="?", completion=Completion.PASS,
                               template="assessments/player/quiz_item.html", context=player_context))

``Item.kind`` is validated against this registry (``validate_kind``), so a new app adds a
kind without editing ``courses``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class Completion(StrEnum):
    MANUAL = "manual"  # the learner marks it complete (or on view, if the course says so)
    PASS = "pass"  # the kind's app reports a pass through progress_record(passed=True)
    ATTEND = "attend"  # attendance recorded by a trainer (workshops)


# The hooks' signatures (items are ``Item`` instances or the outline's ``ItemRow``s).
PlayerContext = Callable[[Any, Any, Any], dict]  # (request, item, enrollment | None) -> dict
ItemUrl = Callable[[Any], "str | None"]  # (item) -> url
ModuleUrl = Callable[[Any], str]  # (module) -> url
PublishProblems = Callable[[Any], list]  # (course) -> [(message, url | None)]
Duplicate = Callable[[Any, Any], None]  # (old_item, new_item) -> None
DescribeRules = Callable[[list], dict]  # (items) -> {item_id: str}


@dataclass(frozen=True)
class ItemKind:
    key: str
    label: str
    icon: str
    completion: Completion
    # Template included in the player's item page; gets ``item``, ``enrollment``,
    # ``progress`` (ItemProgress or None), ``preview`` and the dict from ``context``.
    template: str
    context: PlayerContext | None = None
    # Where a trainer edits the kind-specific detail.
    studio_url: ItemUrl | None = None
    # Problems that block publishing.
    publish_problems: PublishProblems | None = None
    # Copy the kind-specific detail when a course is duplicated.
    duplicate: Duplicate | None = None
    # Where a trainer creates a new item of this kind in a module.
    create_url: ModuleUrl | None = None
    # Plain words for the completion rule, e.g. "pass “Final quiz” with at least 70%";
    # one query per kind, never one per item.
    describe_rules: DescribeRules | None = None
    # The kind's own template tells the learner what completes the step (it depends on
    # the item's settings), so the player adds no generic "complete when you pass it".
    explains_completion: bool = False
    # False: opening the step is not yet a start (the kind reports the start itself, as
    # H5P does once its content really runs), so a step that never ran never looks begun.
    starts_on_visit: bool = True
    extra: dict = field(default_factory=dict)


_kinds: dict[str, ItemKind] = {}


def register_kind(kind: ItemKind) -> None:
    if len(kind.key) > 16:
        raise ValueError(f"Item kind keys have at most 16 characters: {kind.key!r}")
    _kinds[kind.key] = kind


def validate_kind(value: str) -> None:
    """``Item.kind``'s validator: only registered kinds."""
    if value not in _kinds:
        raise ValidationError(_("Choose what kind of step to add."), code="invalid_kind")


def kind_choices() -> list[tuple[str, str]]:
    return [(key, kind.label) for key, kind in _kinds.items()]


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


@dataclass(frozen=True)
class CompletionPanel:
    """A part of the "course complete" panel that another app fills (the certificate)."""

    key: str
    template: str  # included with ``panel`` = the dict from ``context``
    context: Callable  # (enrollment) -> dict, or None to show nothing; at most one query
    order: int = 100


_completion_panels: dict[str, CompletionPanel] = {}


def register_completion_panel(panel: CompletionPanel) -> None:
    _completion_panels[panel.key] = panel


def completion_panels() -> list[CompletionPanel]:
    return sorted(_completion_panels.values(), key=lambda panel: panel.order)
