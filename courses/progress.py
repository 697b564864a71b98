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

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

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


class Outcome(NamedTuple):
    """What a kind reports for an item: ``score`` (0..1) and ``passed`` for pass kinds,
    ``completed`` for materials. Fields left None change nothing."""

    score: Decimal | float | None = None
    passed: bool | None = None
    completed: bool | None = None


@dataclass
class _Snapshot:
    """What the engine reads under the enrollment's lock: the item's progress row (None
    before the first report), the required items counted now and the stored counters."""

    progress: ItemProgress | None
    total: int
    done: int
    stored: dict


_STORED = ("required_total", "required_completed", "percent", "completed_at")
_PROGRESS_FIELDS = tuple(field.attname for field in ItemProgress._meta.concrete_fields)


def _count(queryset) -> Coalesce:
    # COUNT over the whole subquery without GROUP BY: always one row.
    return Coalesce(
        Subquery(queryset.order_by().annotate(n=Func("pk", function="COUNT")).values("n")), 0
    )


def _touch(*, enrollment: Enrollment, item: Item, now) -> None:
    """Lock the learner's active enrollment row, remember ``item`` for "resume" and renew
    the progress token (the caller writes a progress row), in one UPDATE. Raises
    ProgressError when the enrollment is not active."""
    token = uuid.uuid4()
    touched = Enrollment.objects.filter(pk=enrollment.pk, status=Enrollment.Status.ACTIVE).update(
        last_item=item, last_activity_at=now, progress_token=token
    )
    if not touched:
        raise ProgressError("The enrollment is not active.")
    enrollment.last_item_id, enrollment.last_activity_at = item.pk, now
    enrollment.progress_token = token


# Columns every writer of a learner's progress changes (progress_record and visits set
# the last activity, recounts the counters): the same values in the locked row and in the
# statement's snapshot mean no one changed progress while this statement waited.
_WATCHED = ("last_activity_at", "required_total", "required_completed")


def _read_locked(*, enrollment: Enrollment, item: Item) -> _Snapshot | None:
    """Lock the active enrollment's row and read, in the same query, the item's progress
    row, the required items counted now and the stored counters. Every report for the
    learner serialises on this row. None when the enrollment is not active.

    On PostgreSQL a statement that waited for the lock sees the locked row as committed by
    the other transaction but everything else (the progress row, the counts) as of when
    it started. The query therefore also reads the watched columns through a subquery
    (the statement's snapshot): when they differ from the locked row, another report
    committed meanwhile and the read is repeated, now under the lock with a fresh
    snapshot (one more query, only under contention)."""
    required = Item.objects.filter(
        course_id=OuterRef("course_id"), is_required=True, archived_at__isnull=True
    )
    snapshot_of = Enrollment.objects.filter(pk=OuterRef("pk"))
    queryset = (
        Enrollment.objects.select_for_update(of=("self",))
        .filter(pk=enrollment.pk, status=Enrollment.Status.ACTIVE)
        .annotate(
            mine=FilteredRelation("progress", condition=Q(progress__item=item)),
            counted_total=_count(required),
            counted_done=_count(
                ItemProgress.objects.filter(
                    enrollment_id=OuterRef("pk"),
                    state=ItemProgress.State.COMPLETED,
                    item__is_required=True,
                    item__archived_at__isnull=True,
                )
            ),
            **{f"seen_{name}": Subquery(snapshot_of.values(name)) for name in _WATCHED},
        )
        .values(
            *dict.fromkeys((*_STORED, *_WATCHED)),
            *(f"seen_{name}" for name in _WATCHED),
            "counted_total",
            "counted_done",
            *(f"mine__{name}" for name in _PROGRESS_FIELDS),
        )
    )
    rows = list(queryset)
    if rows and any(rows[0][name] != rows[0][f"seen_{name}"] for name in _WATCHED):
        rows = list(queryset.all())
    if not rows:
        return None
    row = rows[0]
    progress = None
    if row["mine__id"] is not None:
        progress = ItemProgress.from_db(
            Enrollment.objects.db,
            list(_PROGRESS_FIELDS),
            [row[f"mine__{name}"] for name in _PROGRESS_FIELDS],
        )
    return _Snapshot(
        progress=progress,
        total=row["counted_total"],
        done=row["counted_done"],
        stored={name: row[name] for name in _STORED},
    )


def _apply(
    *, enrollment: Enrollment, item: Item, snapshot: _Snapshot, now, outcome: Outcome
) -> ItemProgress:
    """Apply an outcome to what ``_read_locked`` found: at most one write to the progress
    row and one to the enrollment (its counters and "resume")."""
    progress = snapshot.progress
    created = progress is None
    if created:
        progress = ItemProgress(
            enrollment_id=enrollment.pk,
            item=item,
            state=ItemProgress.State.IN_PROGRESS,
            started_at=now,
        )
    progress.enrollment = enrollment
    kind = get_kind(item.kind)
    completion = kind.completion if kind else Completion.MANUAL
    score, passed, completed = outcome
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
    also = {"last_item": item, "last_activity_at": now}
    if created:
        progress.save(force_insert=True)
    elif fields:
        progress.save(update_fields=[*fields, "updated_at"])
    if created or fields:
        # The row changed: outlines cached under the old token are never read again.
        also["progress_token"] = uuid.uuid4()
    enrollment.last_item_id, enrollment.last_activity_at = item.pk, now
    _store_counters(
        enrollment, snapshot.stored, total=snapshot.total, done=done, now=now, also=also
    )
    return progress


def progress_record(
    *,
    enrollment: Enrollment,
    item: Item,
    score=None,
    passed: bool | None = None,
    completed: bool | None = None,
    outcome: Callable[[Enrollment], Outcome | None] | None = None,
) -> ItemProgress | None:
    """Record an outcome for ``item``: the only public way to report progress. Three
    queries (lock and read, the progress row, the enrollment) plus the hook's own.

    - Materials (manual completion): ``completed=True`` completes the item.
    - Pass kinds (quiz, H5P): pass ``score`` (0..1) and ``passed``; the item completes
      only when ``passed`` is True.
    - With neither, the item is marked as started.
    - ``outcome(locked_enrollment)``: for a kind whose result depends on its own rows
      (attempts), a function run after the enrollment row is locked, so that concurrent
      reports of one learner serialise. It may write its own rows and returns the
      ``Outcome`` to apply (instead of ``score``/``passed``/``completed``), or None to
      change no progress (then nothing else is written and None is returned).

    Runs in the caller's transaction when there is one (no savepoint: an error in the
    hook rolls the caller back), in its own otherwise. Raises ProgressError, with
    nothing written, if the item is not in the enrollment's course or the enrollment is
    not active.
    """
    if item.course_id != enrollment.course_id:
        raise ProgressError("The item does not belong to the enrollment's course.")
    now = timezone.now()
    with transaction.atomic(savepoint=False):
        snapshot = _read_locked(enrollment=enrollment, item=item)
        if snapshot is not None:
            result = Outcome(score, passed, completed) if outcome is None else outcome(enrollment)
            if result is None:
                return None
            return _apply(
                enrollment=enrollment, item=item, snapshot=snapshot, now=now, outcome=result
            )
    raise ProgressError("The enrollment is not active.")


def progress_visit(
    *, enrollment: Enrollment, item: Item, known=None, starts: bool = True
) -> ItemProgress | None:
    """The learner opened ``item``: remember it for "resume", start its progress, and
    complete pages when the course completes them on view. With ``starts=False`` (kinds
    that report their own start) a first visit only remembers the step for "resume".

    ``known`` is the item's progress as the caller already read it (the outline's row):
    when it exists and the visit changes nothing else, the visit is one UPDATE."""
    if not enrollment.is_active:
        return None
    complete = item.kind == Item.Kind.PAGE and enrollment.course.complete_pages_on_view
    now = timezone.now()
    if (known is not None and (known.is_complete or not complete)) or (
        known is None and not starts
    ):
        Enrollment.objects.filter(pk=enrollment.pk).update(last_item=item, last_activity_at=now)
        enrollment.last_item_id, enrollment.last_activity_at = item.pk, now
        return known
    if known is None and not complete:
        # A first visit that completes nothing changes no counter: the row is inserted
        # under the enrollment's lock without counting (a report that got the lock first
        # and wrote the row wins: the insert then does nothing).
        with transaction.atomic():
            _touch(enrollment=enrollment, item=item, now=now)
            progress = ItemProgress(
                enrollment_id=enrollment.pk,
                item=item,
                state=ItemProgress.State.IN_PROGRESS,
                started_at=now,
            )
            ItemProgress.objects.bulk_create([progress], ignore_conflicts=True)
        return progress
    return progress_record(enrollment=enrollment, item=item, completed=complete or None)


def _store_counters(
    enrollment: Enrollment, stored: dict, *, total: int, done: int, now, also=None
) -> None:
    """Write the enrollment's counters when they changed, with the fields in ``also``
    (one UPDATE), and complete the course when every required item is done. The caller
    holds the row lock."""
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
    if values != stored or also:
        Enrollment.objects.filter(pk=enrollment.pk).update(**values, **(also or {}))
    for name, value in values.items():
        setattr(enrollment, name, value)
    if also and "progress_token" in also:
        enrollment.progress_token = also["progress_token"]
    if just_completed:
        transaction.on_commit(
            lambda: course_completed.send(sender=Enrollment, enrollment=enrollment)
        )


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
        .aggregate(
            total=Count("pk"), done=Count("pk", filter=Q(mine__state=ItemProgress.State.COMPLETED))
        )
    )
    stored = {name: getattr(locked, name) for name in _STORED}
    _store_counters(locked, stored, total=counts["total"], done=counts["done"], now=timezone.now())
    return locked


def course_recompute(*, course) -> int:
    """Recount every active enrolment of ``course`` (one transaction each, so a big
    course never holds many locks at once). Returns how many were recounted."""
    count = 0
    for enrollment in Enrollment.objects.filter(
        course=course, status=Enrollment.Status.ACTIVE
    ).iterator():
        progress_recompute(enrollment=enrollment)
        count += 1
    return count
