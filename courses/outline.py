"""The outline state of a course for one learner, computed from rows already loaded.

Pure: no queries. ``build_outline`` takes the course's modules and active items in
order and the learner's ItemProgress rows, and returns each item's state and, for
sequential courses, why it is locked (the first unfinished required item before it).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class OutlineItem:
    item: object
    state: str  # "not_started" | "in_progress" | "completed" | "locked"
    progress: object | None = None
    locked_by: object | None = None  # the Item to finish first

    @property
    def is_locked(self) -> bool:
        return self.state == "locked"

    @property
    def is_complete(self) -> bool:
        return self.state == "completed"


@dataclass
class OutlineModule:
    module: object
    entries: list[OutlineItem] = field(default_factory=list)

    @property
    def required_total(self) -> int:
        return sum(1 for entry in self.entries if entry.item.is_required)

    @property
    def required_completed(self) -> int:
        return sum(1 for entry in self.entries if entry.item.is_required and entry.is_complete)

    @property
    def percent(self) -> int:
        total = self.required_total
        return 100 if total == 0 else int(100 * self.required_completed / total)


@dataclass
class Outline:
    modules: list[OutlineModule]
    # What the outline was read as (``courses.access.course_outline``): the course's
    # structure token and the enrolment's progress token, read before the rows. None
    # when it was computed in memory (after a write, in a preview): never cached then.
    version: tuple | None = None

    def entries(self) -> list[OutlineItem]:
        return [entry for module in self.modules for entry in module.entries]

    def entry_for(self, item_id: int) -> OutlineItem | None:
        for entry in self.entries():
            if entry.item.pk == item_id:
                return entry
        return None

    def neighbours(self, item_id: int) -> tuple[OutlineItem | None, OutlineItem | None]:
        entries = self.entries()
        for index, entry in enumerate(entries):
            if entry.item.pk == item_id:
                previous = entries[index - 1] if index > 0 else None
                following = entries[index + 1] if index + 1 < len(entries) else None
                return previous, following
        return None, None

    def next_step(self) -> OutlineItem | None:
        """The first item that is neither complete nor locked (required items first)."""
        open_entries = [e for e in self.entries() if not e.is_complete and not e.is_locked]
        for entry in open_entries:
            if entry.item.is_required:
                return entry
        return open_entries[0] if open_entries else None


def build_outline(*, modules, items, progress_rows, sequential: bool, version=None) -> Outline:
    """``items`` in course order (module position, item position); archived items excluded."""
    by_item = {row.item_id: row for row in progress_rows}
    outline_modules = {module.pk: OutlineModule(module=module) for module in modules}
    blocker = None  # first unfinished required item seen so far
    for item in items:
        row = by_item.get(item.pk)
        state = row.state if row is not None else "not_started"
        entry = OutlineItem(item=item, state=state, progress=row)
        if sequential and blocker is not None and state != "completed":
            entry.state, entry.locked_by = "locked", blocker
        if item.is_required and state != "completed" and blocker is None:
            blocker = item
        if item.module_id in outline_modules:
            outline_modules[item.module_id].entries.append(entry)
    return Outline(modules=list(outline_modules.values()), version=version)
