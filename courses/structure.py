"""A course's structure (its modules and active items, in order), cached per process.

The course page and the player show the whole outline on every request; for the
80-item courses of the scale data, loading it was a quarter of the player's time
(docs/performance.md). The structure is the same for every learner and changes only
when a trainer edits the course, so each process keeps the last one it loaded per
course, keyed by the course's ``structure_token``.

Why this cannot serve a stale outline: every write to a module or an item (model
``save``/``delete`` and the querysets' ``update``/``delete``/``bulk_create``/
``bulk_update``, see ``courses.models.StructureQuerySet``) writes a fresh random token
to the course row in the same transaction. A request reads the token with the course
row, so it sees the old token with the old structure or the new token with the new
one. Random rather than counted, so a rolled-back transaction or a restored database
can never bring back a token that a process has cached with other content.
Code that changes modules or items with raw SQL must call
``courses.models.structure_changed``.

Requests get copies of the cached instances, so nothing one request sets on an item
(or caches on it, like a related object) reaches another.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from django.db.models.base import ModelState

from academy.prepared import Prepared

from .models import Course, Item, Module

# Fields the outline shows; the player loads its item in full by itself.
ITEM_FIELDS = ("course_id", "module_id", "kind", "title", "position", "is_required")
MAX_COURSES = 500

_cache: OrderedDict[int, tuple] = OrderedDict()
_lock = threading.Lock()


def _copy(instance, course: Course | None = None):
    clone = instance.__class__.__new__(instance.__class__)
    clone.__dict__.update(instance.__dict__)
    clone._state = state = ModelState()
    state.adding, state.db = False, instance._state.db
    if course is not None:
        state.fields_cache["course"] = course
    return clone


_modules = Prepared(lambda course_id: Module.objects.filter(course_id=course_id).order_by("position", "pk"),
                    course_id=int)
_items = Prepared(
    lambda course_id: Item.objects.active().filter(course_id=course_id).in_order().only(*ITEM_FIELDS),
    course_id=int,
)


def _load(course: Course) -> tuple[list[Module], list[Item]]:
    return _modules(course_id=course.pk), _items(course_id=course.pk)


def course_structure(course: Course) -> tuple[list[Module], list[Item]]:
    """The course's modules and active items in order: two queries the first time a
    process sees this version of the course, none after."""
    if "structure_token" in course.get_deferred_fields():
        return _load(course)  # no token to check against: read it fresh, do not cache
    token = course.structure_token
    with _lock:
        cached = _cache.get(course.pk)
        if cached is not None and cached[0] == token:
            _cache.move_to_end(course.pk)
    if cached is None or cached[0] != token:
        modules, items = _load(course)
        cached = (token, modules, items)
        with _lock:
            _cache[course.pk] = cached
            _cache.move_to_end(course.pk)
            while len(_cache) > MAX_COURSES:
                _cache.popitem(last=False)
    _token, modules, items = cached
    return [_copy(m, course) for m in modules], [_copy(i, course) for i in items]


def forget_all() -> None:
    """Empty this process's cache (the micro-benchmark of the first request after an edit)."""
    with _lock:
        _cache.clear()
