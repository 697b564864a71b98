"""The read model of a course's structure: its modules and active items, in order, as
frozen plain data, cached with Django's cache framework.

The course page, the player and the dashboard show the outline on every request; it is
the same for every learner and changes only when a trainer edits the course. So it is
cached under ``course-structure:{course id}:{structure token}`` in the default cache
(local memory in each process by default, the shared Redis cache when ``REDIS_URL`` is
set, so every host sees the same entries).

Why this never serves a stale outline: every write to a module or an item goes through
``courses.authoring``, whose ``structure_changed`` event writes a fresh random token to
the course row in the same transaction (a check in DEBUG and in the tests refuses any
other write). A request reads the token with the course row, so it sees the old token
with the old structure or the new token with the new one; an entry under an old token
is never asked for again and simply expires. Random rather than counted, so a rolled
back transaction or a restored database can never bring back a token that some cache
holds with other content. Entries are immutable values: nothing one request does can
reach another.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

from .models import Course, Item, Module


@dataclass(frozen=True, slots=True)
class ModuleRow:
    pk: int
    course_id: int
    title: str
    summary: str
    position: int

    @property
    def id(self) -> int:
        return self.pk


@dataclass(frozen=True, slots=True)
class ItemRow:
    """An active item as the outline shows it (the player loads its item in full)."""

    pk: int
    course_id: int
    module_id: int
    kind: str
    title: str
    position: int
    is_required: bool
    estimated_minutes: int

    @property
    def id(self) -> int:
        return self.pk

    archived_at = None  # only active items are in a structure


@dataclass(frozen=True, slots=True)
class CourseStructure:
    modules: tuple[ModuleRow, ...]
    items: tuple[ItemRow, ...]


_MODULE_FIELDS = ("pk", "course_id", "title", "summary", "position")
_ITEM_FIELDS = (
    "pk",
    "course_id",
    "module_id",
    "kind",
    "title",
    "position",
    "is_required",
    "estimated_minutes",
)


def structure_key(course_id: int, token) -> str:
    return f"course-structure:{course_id}:{token}"


def _timeout() -> int:
    return settings.COURSES_STRUCTURE_CACHE_SECONDS


def load_structures(course_ids) -> dict[int, CourseStructure]:
    """The structures of these courses read from the database: two queries for any number."""
    ids = list(course_ids)
    modules: dict[int, list] = {pk: [] for pk in ids}
    items: dict[int, list] = {pk: [] for pk in ids}
    for values in (
        Module.objects.filter(course_id__in=ids)
        .order_by("position", "pk")
        .values_list(*_MODULE_FIELDS)
    ):
        modules[values[1]].append(ModuleRow(*values))
    for values in (
        Item.objects.active().filter(course_id__in=ids).in_order().values_list(*_ITEM_FIELDS)
    ):
        items[values[1]].append(ItemRow(*values))
    return {pk: CourseStructure(tuple(modules[pk]), tuple(items[pk])) for pk in ids}


def course_structures(courses) -> dict[int, CourseStructure]:
    """The structures of ``courses`` (instances with ``structure_token`` loaded): one
    cache round trip, and two queries for those no cache holds in their current version."""
    keys = {structure_key(course.pk, course.structure_token): course.pk for course in courses}
    found = cache.get_many(list(keys)) if keys else {}
    structures = {keys[key]: value for key, value in found.items()}
    missing = [pk for pk in keys.values() if pk not in structures]
    if missing:
        loaded = load_structures(missing)
        cache.set_many(
            {key: loaded[pk] for key, pk in keys.items() if pk in loaded}, timeout=_timeout()
        )
        structures.update(loaded)
    return structures


def course_structure(course: Course) -> CourseStructure:
    """The course's modules and active items in order: two queries the first time any
    process sharing the cache sees this version of the course, none after."""
    if "structure_token" in course.get_deferred_fields():
        return load_structures([course.pk])[course.pk]  # no token to check: read, do not cache
    key = structure_key(course.pk, course.structure_token)
    structure = cache.get(key)
    if structure is None:
        structure = load_structures([course.pk])[course.pk]
        cache.set(key, structure, timeout=_timeout())
    return structure
