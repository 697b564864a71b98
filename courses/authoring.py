"""The one owner of writes to a course and its structure: its modules and items.

Every create, rename, move, reorder, archive and delete of a module or an item is a
function here, and so are the course's own writes (create, details, publish, unpublish,
archive, duplicate, delete); the studio, the quiz and H5P editors, the admin, the demo
data and the tests call them. Each one runs in one transaction that first locks the course row
with the ``structure_changed`` event (an UPDATE renewing the course's structure token
takes the row lock), so two editors working on one course are serialised and
positions stay 1..n whatever the order of requests.

``structure_changed(course, recount=...)`` is the only event of a structure change:

- it renews ``Course.structure_token``, so no process or host serves a cached
  structure from before the change (``courses.structure``);
- with ``recount=True`` it schedules the recount of enrolled learners' counters for
  when the transaction commits (``course_recompute``).

Code that must write modules or items in bulk (seed data, the benchmarks, test
factories) does it inside ``structure_edit(course)``, which ends with the event.
With ``COURSES_CHECK_STRUCTURE_WRITES`` (on in DEBUG and in the tests) every SQL write
to the module and item tables outside such a block fails with ``StructureWriteError``
(``courses.apps`` installs the check on each database connection).

Errors are ``ValidationError`` with a message for the trainer, and
``PermissionDenied`` where the caller may not create or copy a course.
"""

from __future__ import annotations

import contextvars
import re
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from functools import wraps

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from academy.permissions import can_create_courses

from . import notices, registry
from .checklist import course_problems
from .models import Course, Item, ItemProgress, Module
from .permissions import can_edit_course
from .progress import course_recompute


class StructureWriteError(AssertionError):
    """A module or item was written without the ``structure_changed`` event."""


# --- The event -------------------------------------------------------------------------


@dataclass
class _Edit:
    wrote: bool = False
    announced: bool = False


_edits: contextvars.ContextVar[tuple[_Edit, ...]] = contextvars.ContextVar(
    "structure_edits", default=()
)


def _course_id(course) -> int:
    return course if isinstance(course, int) else course.pk


def structure_changed(course: Course | int, *, recount: bool = False) -> None:
    """The course's modules or items change in the current transaction: renew its
    structure token (which also locks the course row until the transaction ends) and,
    with ``recount``, recount its learners' counters once the transaction commits."""
    course_id = _course_id(course)
    Course.objects.filter(pk=course_id).update(structure_token=uuid.uuid4())
    for edit in _edits.get():
        edit.announced = True
    if recount:
        transaction.on_commit(lambda: course_recompute(course=Course(pk=course_id)))


@contextmanager
def structure_edit(*courses, recount: bool = False):
    """A transaction in which modules and items of ``courses`` may be written; it ends
    with ``structure_changed`` for each of them. Courses created in the block need not be
    listed (their tokens are new)."""
    with transaction.atomic(), _editing() as edit:
        yield
        for course in dict.fromkeys(_course_id(c) for c in courses if c is not None):
            structure_changed(course, recount=recount)
        edit.announced = True  # no course given: courses created in this block, tokens new


@contextmanager
def _editing():
    edit = _Edit()
    token = _edits.set((*_edits.get(), edit))
    try:
        yield edit
    finally:
        _edits.reset(token)
    if edit.wrote and not edit.announced:
        raise StructureWriteError("Modules or items were written without structure_changed().")


def _edits_structure(function):
    """One transaction in which the function may write modules and items; it must call
    ``structure_changed`` before it returns (checked with the structure-write check)."""

    @wraps(function)
    def wrapper(*args, **kwargs):
        with transaction.atomic(), _editing():
            return function(*args, **kwargs)

    return wrapper


_TABLES = "|".join(re.escape(model._meta.db_table) for model in (Module, Item))
_STRUCTURE_WRITE = re.compile(
    rf'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+[`"]?(?:{_TABLES})[`"]?[\s(]', re.IGNORECASE
)


def check_structure_writes(execute, sql, params, many, context):
    """A database execute wrapper (``connection.execute_wrappers``): refuse SQL that
    writes modules or items outside ``structure_edit`` or an authoring function."""
    if isinstance(sql, str) and _STRUCTURE_WRITE.match(sql):
        edits = _edits.get()
        if not edits:
            raise StructureWriteError(
                "Modules and items are written through courses.authoring (structure_changed() was skipped): "
                + sql[:120]
            )
        edits[-1].wrote = True
    return execute(sql, params, many, context)


# --- Positions -------------------------------------------------------------------------


def renumber(objects: list, *, start: int = 1) -> None:
    """Give ``objects`` (modules of a course, or items of a module) positions from
    ``start`` in list order, writing only the rows whose position changed (one UPDATE)."""
    changed = []
    for position, obj in enumerate(objects, start=start):
        if obj.position != position:
            obj.position = position
            changed.append(obj)
    if changed:
        type(changed[0]).objects.bulk_update(changed, ["position"])


def _module_items(module_id: int) -> list[Item]:
    # Active items first in their order, archived ones after: learners never see those.
    items = list(Item.objects.filter(module_id=module_id).order_by("position", "pk"))
    return [i for i in items if i.archived_at is None] + [
        i for i in items if i.archived_at is not None
    ]


def _course_modules(course_id: int) -> list[Module]:
    return list(Module.objects.filter(course_id=course_id).order_by("position", "pk"))


# --- Modules ---------------------------------------------------------------------------


@_edits_structure
def module_create(*, course: Course, title: str, summary: str = "") -> Module:
    """Append a module at the end of the course. Raises ValidationError for an empty or
    too long title."""
    structure_changed(course)
    modules = _course_modules(course.pk)
    module = Module(
        course=course, title=(title or "").strip(), summary=summary, position=len(modules) + 1
    )
    module.full_clean()
    module.save()
    renumber(modules)
    return module


@_edits_structure
def module_rename(*, module: Module, title: str) -> Module:
    structure_changed(module.course_id)
    module.title = (title or "").strip()
    module.full_clean()
    module.save(update_fields=["title"])
    return module


@_edits_structure
def module_move(*, module: Module, index: int) -> Module:
    """Put ``module`` at 0-based ``index`` among the course's modules (clamped)."""
    structure_changed(module.course_id)
    modules = [m for m in _course_modules(module.course_id) if m.pk != module.pk]
    index = max(0, min(index, len(modules)))
    modules.insert(index, module)
    renumber(modules)
    return module


@_edits_structure
def module_delete(*, module: Module) -> bool:
    """Remove a module and its items. Items learners have worked on are archived (their
    progress stays) and handed, still archived and invisible, to a neighbouring module so
    the module itself can go. Only the course's last module with such items stays, empty
    for learners. Returns True if the module row was deleted."""
    course = module.course
    archived = []
    structure_changed(course, recount=True)
    for item in _module_items(module.pk):
        if item.archived_at is not None or _item_remove(item) == "archived":
            archived.append(item)
    others = [m for m in _course_modules(course.pk) if m.pk != module.pk]
    if archived:
        if not others:
            return False
        before = [m for m in others if (m.position, m.pk) < (module.position, module.pk)]
        heir = before[-1] if before else others[0]
        Item.objects.filter(pk__in=[i.pk for i in archived]).update(module=heir)
        renumber(_module_items(heir.pk))
    module.delete()
    renumber(others)
    return True


# --- Items -----------------------------------------------------------------------------


@_edits_structure
def item_create(
    *,
    module: Module,
    kind: str,
    title: str,
    is_required: bool = True,
    estimated_minutes: int = 10,
) -> Item:
    """Append an item after the module's active items (archived ones keep their places
    after them). The kind's detail (Page, Quiz, H5P activity …) is saved by the kind's
    own service in the same transaction. Enrolled learners' counters include a required
    item once this commits; completed courses stay completed (``progress_recompute``).
    Raises ValidationError for an unknown kind or an empty title."""
    if registry.get_kind(kind) is None:
        raise ValidationError({"kind": _("Choose what kind of step to add.")})
    structure_changed(module.course_id, recount=is_required)
    siblings = list(Item.objects.filter(module=module).order_by("position", "pk"))
    active = [i for i in siblings if i.archived_at is None]
    archived = [i for i in siblings if i.archived_at is not None]
    item = Item(
        course_id=module.course_id,
        module=module,
        kind=kind,
        title=(title or "").strip(),
        is_required=is_required,
        estimated_minutes=estimated_minutes,
        position=len(active) + 1,
    )
    item.full_clean()
    item.save()
    renumber(archived, start=len(active) + 2)
    transaction.on_commit(lambda: notices.step_added(item=item))
    return item


@_edits_structure
def item_rename(*, item: Item, title: str) -> Item:
    structure_changed(item.course_id)
    item.title = (title or "").strip()
    item.full_clean()
    item.save(update_fields=["title"])
    return item


@_edits_structure
def item_update(*, item_form, detail_form=None) -> Item:
    """Save an item editor: the common fields (a validated ModelForm of the item) and the
    kind's detail (a validated ModelForm or None). Learners' counters are recounted when
    the item became required or optional."""
    item = item_form.instance
    course = item.course
    required_before = Item.objects.filter(pk=item.pk).values_list("is_required", flat=True).first()
    recount = required_before is not None and required_before != item.is_required
    structure_changed(course, recount=recount)
    item = item_form.save()
    if detail_form is not None:
        detail = detail_form.save(commit=False)
        detail.item = item
        detail.save()
    return item


@_edits_structure
def item_reorder(*, module: Module, item_ids: list[int]) -> None:
    """Set the order of ``module``'s items to ``item_ids`` (drag and drop).

    ``item_ids`` must list every active item of the module once; it may also list
    items of other modules of the same course, which move into this module. Raises
    ValidationError for anything else (a stale page or a tampered request): the
    outline is then re-rendered from the database.
    """
    structure_changed(module.course_id)
    if len(set(item_ids)) != len(item_ids):
        raise ValidationError(_("The new order lists a step twice. Reload the page and try again."))
    found = {
        i.pk: i for i in Item.objects.active().filter(course_id=module.course_id, pk__in=item_ids)
    }
    current = [i for i in _module_items(module.pk) if i.archived_at is None]
    if len(found) != len(item_ids) or not {i.pk for i in current} <= set(item_ids):
        raise ValidationError(
            _(
                "The outline changed while you were editing it. It has been reloaded: "
                "please try again."
            )
        )
    moved_from = {i.module_id for i in found.values() if i.module_id != module.pk}
    ordered = [found[pk] for pk in item_ids]
    for item in ordered:
        item.module = module
    archived = [i for i in _module_items(module.pk) if i.archived_at is not None]
    if moved_from:
        Item.objects.bulk_update(ordered, ["module"])
    renumber([*ordered, *archived])
    for other in moved_from:
        renumber(_module_items(other))


@_edits_structure
def item_move(*, item: Item, index: int, module: Module | None = None) -> Item:
    """Put ``item`` at 0-based ``index`` of ``module`` (default: its own module),
    clamped to the ends. Used by the move up/down buttons and "move to module"."""
    target = module or item.module
    if target.course_id != item.course_id:
        raise ValidationError(_("Steps can only move between modules of the same course."))
    structure_changed(item.course_id)
    item = Item.objects.get(pk=item.pk)
    source_id = item.module_id
    siblings = [i for i in _module_items(target.pk) if i.pk != item.pk]
    active = [i for i in siblings if i.archived_at is None]
    index = max(0, min(index, len(active)))
    active.insert(index, item)
    if item.module_id != target.pk:
        item.module = target
        item.save(update_fields=["module"])
    renumber([*active, *[i for i in siblings if i.archived_at is not None]])
    if source_id != target.pk:
        renumber(_module_items(source_id))
    return item


def _item_remove(item: Item) -> str:
    """Archive an item learners have worked on, delete an untouched one (the caller
    holds the course lock and sends the event)."""
    if ItemProgress.objects.filter(item=item).exists():
        if item.archived_at is None:
            item.archived_at = timezone.now()
            item.save(update_fields=["archived_at"])
        return "archived"
    item.delete()
    return "deleted"


@_edits_structure
def item_archive(*, item: Item) -> str:
    """Remove an item from the course. If any learner has progress on it, it is archived
    (hidden from learners, progress kept) and enrolled learners' counters are
    recounted; otherwise it is deleted (and they are recounted too: it no longer counts).
    Returns "archived" or "deleted"."""
    structure_changed(item.course_id, recount=True)
    item = Item.objects.get(pk=item.pk)
    module_id = item.module_id
    outcome = _item_remove(item)
    renumber(_module_items(module_id))
    return outcome


# --- Courses ---------------------------------------------------------------------------


def _lock(course: Course) -> Course:
    return Course.objects.select_for_update().get(pk=course.pk)


def _unique_slug(title: str, *, exclude_pk: int | None = None) -> str:
    # slugify drops letters without an ASCII decomposition; Polish ł is the common one.
    base = (slugify(title.replace("ł", "l").replace("Ł", "L")) or "kurs")[:180]
    taken = set(
        Course.objects.filter(slug__startswith=base)
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    )
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def course_create(*, by, title: str, language: str = "pl") -> Course:
    """A new draft taught by ``by``. Raises PermissionDenied unless ``by`` is in the
    Trainers group or staff, ValidationError for a blank title."""
    if not can_create_courses(by):
        raise PermissionDenied(_("Only trainers can create courses."))
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Give the course a title.")})
    course = Course(
        title=title, slug=_unique_slug(title), language=language, status=Course.Status.DRAFT
    )
    course.full_clean()
    course.save()
    course.trainers.add(by)
    return course


@transaction.atomic
def course_update(*, course: Course, form) -> Course:
    """Save the validated details form (``studio.forms.CourseForm``); its ``clean``
    sanitises the description and requires alt text for a cover image. The details are
    not part of the cached structure, so no ``structure_changed``."""
    _lock(course)
    return form.save()


@transaction.atomic
def course_publish(*, course: Course) -> Course:
    """Publish, if the checklist (``courses.checklist``) is clean. Raises
    ValidationError listing the problems."""
    course = _lock(course)
    problems = course_problems(course)
    if problems:
        raise ValidationError([message for message, _url in problems])
    course.status = Course.Status.PUBLISHED
    course.published_at = course.published_at or timezone.now()
    course.save(update_fields=["status", "published_at", "updated_at"])
    # Items may have changed while the course was a draft.
    structure_changed(course, recount=True)
    return course


@transaction.atomic
def course_unpublish(*, course: Course) -> Course:
    """Back to draft: learners lose access until it is published again; their
    enrolments and progress are kept."""
    course = _lock(course)
    course.status = Course.Status.DRAFT
    course.save(update_fields=["status", "updated_at"])
    return course


@transaction.atomic
def course_archive(*, course: Course) -> Course:
    """Close the course for good: it leaves the catalog, progress and certificates stay."""
    course = _lock(course)
    course.status = Course.Status.ARCHIVED
    course.save(update_fields=["status", "updated_at"])
    return course


@transaction.atomic
def course_duplicate(*, course: Course, by) -> Course:
    """A deep copy as a new draft taught by ``by`` and the original's trainers:
    modules, active items and each kind's detail (``course_copy_structure``).
    Enrolments are not copied. Raises PermissionDenied unless ``by`` may create
    courses or edits this one."""
    if not can_create_courses(by) and not can_edit_course(by, course):
        raise PermissionDenied(_("You cannot copy this course."))
    source = _lock(course)
    topics = list(source.topics.all())
    trainers = list(source.trainers.all())
    copy = Course.objects.get(pk=source.pk)
    copy.pk = None
    copy.id = None
    copy.title = (_("%(title)s (copy)") % {"title": source.title})[:200]
    copy.slug = _unique_slug(copy.title)
    copy.status = Course.Status.DRAFT
    copy.published_at = None
    copy.save()
    copy.topics.set(topics)
    copy.trainers.set({*trainers, by})
    course_copy_structure(source=source, copy=copy)
    return copy


@_edits_structure
def course_copy_structure(*, source: Course, copy: Course) -> None:
    """Copy ``source``'s modules and active items, with each kind's detail (through the
    registry's ``duplicate`` hook, e.g. quiz settings), into the new course ``copy``."""
    structure_changed(copy)
    items = list(Item.objects.active().filter(course=source).order_by("position", "pk"))
    for module in _course_modules(source.pk):
        new_module = Module.objects.create(
            course=copy, title=module.title, summary=module.summary, position=module.position
        )
        for position, item in enumerate((i for i in items if i.module_id == module.pk), start=1):
            new_item = Item.objects.create(
                course=copy,
                module=new_module,
                kind=item.kind,
                title=item.title,
                position=position,
                is_required=item.is_required,
                estimated_minutes=item.estimated_minutes,
            )
            kind = registry.get_kind(item.kind)
            if kind and kind.duplicate:
                kind.duplicate(item, new_item)


@_edits_structure
def course_delete(*, course: Course) -> None:
    """Delete a course with its modules, items and everything that depends on them
    (the admin's delete; trainers archive courses instead)."""
    structure_changed(course)
    course.delete()
