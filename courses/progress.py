"""The one progress engine. Every item kind reports through ``progress_record``.

Rules (ARCHITECTURE §2):
- idempotent: recording the same outcome twice changes nothing;
- transactional: ``ItemProgress`` and the enrollment's counters change together, with
  the enrollment row locked so concurrent reports for one learner serialise;
- completion is monotonic: an item once complete stays complete, and a completed course
  stays completed (later attempts may change the stored score, not the completion);
- ``course_completed`` is sent exactly once, after the completing transaction commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, FilteredRelation, Func, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from .models import Enrollment, Item, ItemProgress
from .registry import Completion, get_kind
from .signals import course_completed


class ProgressError(Exception):
    """Raised when progress is reported for an item outside the enrollment's course."""


def _clamp_score(score) -> Decimal | None:
    if score is None:
        return None
    value = Decimal(str(score))
    return min(max(value, Decimal(0)), Decimal(1)).quantize(Decimal("0.00001"))


@dataclass
class ProgressSnapshot:
    """What the engine reads under the enrollment's lock: the item's progress row (None
    before the first report), the required items counted now and the stored counters."""

    progress: ItemProgress | None
    total: int
    done: int
    stored: dict


_STORED = ("required_total", "required_completed", "percent", "completed_at")
_PROGRESS_FIELDS = tuple(field.attname for field in ItemProgress._meta.concrete_fields)


def loaded_instance(model, values: dict, **extra):
    """A model instance from values read in a joined query (``prefix__field`` columns
    already stripped), marked as saved so ``save(update_fields=...)`` updates it."""
    instance = model(**values, **extra)
    instance._state.adding, instance._state.db = False, model.objects.db
    return instance


def _count(queryset) -> Coalesce:
    # COUNT over the whole subquery without GROUP BY: always one row.
    return Coalesce(Subquery(queryset.order_by().annotate(n=Func("pk", function="COUNT")).values("n")), 0)


def progress_lock(*, enrollment: Enrollment, item: Item, now) -> None:
    """Lock the learner's enrollment row and remember ``item`` for "resume", in one
    UPDATE. Every report for the learner serialises on this row, so what is read after
    it is current. Raises ProgressError when the enrollment is not active.

    Call inside a transaction (``progress_record`` opens one)."""
    if item.course_id != enrollment.course_id:
        raise ProgressError("The item does not belong to the enrollment's course.")
    touched = Enrollment.objects.filter(pk=enrollment.pk, status=Enrollment.Status.ACTIVE).update(
        last_item=item, last_activity_at=now
    )
    if not touched:
        raise ProgressError("The enrollment is not active.")
    enrollment.last_item_id, enrollment.last_activity_at = item.pk, now


def progress_read(*, enrollment: Enrollment, item: Item, join=None, fields=()) -> tuple[ProgressSnapshot, list]:
    """Read, in one query after ``progress_lock``, the item's progress row, the required
    items counted now and the stored counters.

    A kind that needs its own rows under the same lock passes ``join`` (a function
    adding relations to the Enrollment queryset) and the ``fields`` to read: the rows
    come back with the snapshot, one per joined row (at least one)."""
    required = Item.objects.filter(course_id=OuterRef("course_id"), is_required=True, archived_at__isnull=True)
    queryset = Enrollment.objects.filter(pk=enrollment.pk).annotate(
        mine=FilteredRelation("progress", condition=Q(progress__item=item)),
        counted_total=_count(required),
        counted_done=_count(
            ItemProgress.objects.filter(
                enrollment_id=OuterRef("pk"), state=ItemProgress.State.COMPLETED,
                item__is_required=True, item__archived_at__isnull=True,
            )
        ),
    )
    if join is not None:
        queryset = join(queryset)
    rows = list(queryset.values(
        *_STORED, "counted_total", "counted_done", *(f"mine__{name}" for name in _PROGRESS_FIELDS), *fields
    ))
    first = rows[0]
    progress = None
    if first["mine__id"] is not None:
        progress = loaded_instance(ItemProgress, {name: first[f"mine__{name}"] for name in _PROGRESS_FIELDS})
    snapshot = ProgressSnapshot(
        progress=progress, total=first["counted_total"], done=first["counted_done"],
        stored={name: first[name] for name in _STORED},
    )
    return snapshot, rows


def progress_apply(
    *, enrollment: Enrollment, item: Item, snapshot: ProgressSnapshot, now, score=None,
    passed: bool | None = None, completed: bool | None = None,
) -> ItemProgress:
    """Apply an outcome to what ``progress_read`` found: at most one write to the
    progress row and one to the enrollment's counters (only when they change)."""
    progress = snapshot.progress
    created = progress is None
    if created:
        progress = ItemProgress(
            enrollment_id=enrollment.pk, item=item, state=ItemProgress.State.IN_PROGRESS, started_at=now
        )
    progress.enrollment = enrollment
    kind = get_kind(item.kind)
    completion = kind.completion if kind else Completion.MANUAL
    fields = []
    if score is not None:
        clamped = _clamp_score(score)
        if progress.score != clamped:
            progress.score = clamped
            fields.append("score")
    if passed is not None and progress.passed is not True and progress.passed != passed:
        progress.passed = passed
        fields.append("passed")
    completes = (passed is True) if completion == Completion.PASS else bool(completed or passed)
    done = snapshot.done
    if completes and progress.state != ItemProgress.State.COMPLETED:
        progress.state = ItemProgress.State.COMPLETED
        progress.completed_at = now
        fields += ["state", "completed_at"]
        if item.is_required and item.archived_at is None:
            done += 1
    if created:
        progress.save(force_insert=True)
    elif fields:
        progress.save(update_fields=[*fields, "updated_at"])
    _store_counters(enrollment, snapshot.stored, total=snapshot.total, done=done, now=now)
    return progress


@transaction.atomic
def progress_record(
    *, enrollment: Enrollment, item: Item, score=None, passed: bool | None = None,
    completed: bool | None = None,
) -> ItemProgress:
    """Record an outcome for ``item``: at most four queries.

    - Materials (manual completion): ``completed=True`` completes the item.
    - Pass kinds (quiz, H5P): pass ``score`` (0..1) and ``passed``; the item completes
      only when ``passed`` is True.
    - With neither, the item is marked as started.

    Raises ProgressError if the item is not in the enrollment's course or the
    enrollment is not active.
    """
    now = timezone.now()
    progress_lock(enrollment=enrollment, item=item, now=now)
    snapshot, _rows = progress_read(enrollment=enrollment, item=item)
    return progress_apply(
        enrollment=enrollment, item=item, snapshot=snapshot, now=now, score=score, passed=passed, completed=completed
    )


def progress_visit(*, enrollment: Enrollment, item: Item, known: ItemProgress | None = None) -> ItemProgress | None:
    """The learner opened ``item``: remember it for "resume", start its progress, and
    complete pages when the course completes them on view.

    ``known`` is the item's progress row as the caller already read it (the outline):
    when it exists and the visit changes nothing else, the visit is one UPDATE."""
    if not enrollment.is_active:
        return None
    complete = item.kind == Item.Kind.PAGE and enrollment.course.complete_pages_on_view
    now = timezone.now()
    if known is not None and (known.is_complete or not complete):
        Enrollment.objects.filter(pk=enrollment.pk).update(last_item=item, last_activity_at=now)
        enrollment.last_item_id, enrollment.last_activity_at = item.pk, now
        return known
    if known is None and not complete:
        # A first visit that completes nothing changes no counter: the row is inserted
        # under the enrollment's lock without counting (a report that got the lock first
        # and wrote the row wins: the insert then does nothing).
        with transaction.atomic():
            progress_lock(enrollment=enrollment, item=item, now=now)
            progress = ItemProgress(
                enrollment_id=enrollment.pk, item=item, state=ItemProgress.State.IN_PROGRESS, started_at=now
            )
            ItemProgress.objects.bulk_create([progress], ignore_conflicts=True)
        return progress
    return progress_record(enrollment=enrollment, item=item, completed=complete or None)


def _store_counters(enrollment: Enrollment, stored: dict, *, total: int, done: int, now) -> None:
    """Write the enrollment's counters when they changed (one UPDATE) and complete the
    course when every required item is done. The caller holds the row lock."""
    done = min(done, total)
    values = {
        "required_total": total,
        "required_completed": done,
        "percent": 100 if total == 0 else int(100 * done / total),
        "completed_at": stored["completed_at"],
    }
    just_completed = stored["completed_at"] is None and total > 0 and done >= total
    if just_completed:
        values["completed_at"] = now
    if values != stored:
        Enrollment.objects.filter(pk=enrollment.pk).update(**values)
    enrollment.__dict__.update(values)
    if just_completed:
        transaction.on_commit(lambda: course_completed.send(sender=Enrollment, enrollment=enrollment))


@transaction.atomic
def progress_recompute(*, enrollment: Enrollment) -> Enrollment:
    """Recount after items or rules changed (``manage.py recompute_progress``).

    Completed courses are never reopened: a required item added after completion does
    not take the completion (or its certificate) away. An enrollment that now meets the
    rule is completed, and ``course_completed`` is sent for it.
    """
    locked = Enrollment.objects.select_for_update().get(pk=enrollment.pk)
    counts = (
        Item.objects.filter(course_id=locked.course_id, is_required=True, archived_at__isnull=True)
        .annotate(mine=FilteredRelation("progress", condition=Q(progress__enrollment=locked)))
        .aggregate(total=Count("pk"), done=Count("pk", filter=Q(mine__state=ItemProgress.State.COMPLETED)))
    )
    stored = {name: getattr(locked, name) for name in _STORED}
    _store_counters(locked, stored, total=counts["total"], done=counts["done"], now=timezone.now())
    return locked


def course_recompute(*, course) -> int:
    """Recount every active enrolment of ``course`` (one transaction each, so a big
    course never holds many locks at once). Returns how many were recounted."""
    count = 0
    for enrollment in Enrollment.objects.filter(course=course, status=Enrollment.Status.ACTIVE).iterator():
        progress_recompute(enrollment=enrollment)
        count += 1
    return count
