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

from decimal import Decimal

from django.db import transaction
from django.db.models import Count, FilteredRelation, Q
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


@transaction.atomic
def progress_record(
    *, enrollment: Enrollment, item: Item, score=None, passed: bool | None = None,
    completed: bool | None = None,
) -> ItemProgress:
    """Record an outcome for ``item``.

    - Materials (manual completion): ``completed=True`` completes the item.
    - Pass kinds (quiz, H5P): pass ``score`` (0..1) and ``passed``; the item completes
      only when ``passed`` is True.
    - With neither, the item is marked as started.

    Raises ProgressError if the item is not in the enrollment's course or the
    enrollment is not active.
    """
    if item.course_id != enrollment.course_id:
        raise ProgressError("The item does not belong to the enrollment's course.")
    locked = Enrollment.objects.select_for_update().get(pk=enrollment.pk)
    if locked.status != Enrollment.Status.ACTIVE:
        raise ProgressError("The enrollment is not active.")
    now = timezone.now()
    # The enrollment row lock makes a plain read-then-insert safe: no savepoint needed.
    progress = ItemProgress.objects.filter(enrollment=locked, item=item).first()
    created = progress is None
    if created:
        progress = ItemProgress(enrollment=locked, item=item, state=ItemProgress.State.IN_PROGRESS, started_at=now)
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
    if completes and progress.state != ItemProgress.State.COMPLETED:
        progress.state = ItemProgress.State.COMPLETED
        progress.completed_at = now
        fields += ["state", "completed_at"]
    if created:
        progress.save(force_insert=True)
    elif fields:
        progress.save(update_fields=[*fields, "updated_at"])
    locked.last_item, locked.last_activity_at = item, now
    if "state" in fields:
        _refresh_counters(locked, now, extra_fields=["last_item", "last_activity_at"])
    else:
        Enrollment.objects.filter(pk=locked.pk).update(last_item=item, last_activity_at=now)
    enrollment.last_item_id, enrollment.last_activity_at = item.pk, now
    enrollment.__dict__.update(
        {f: getattr(locked, f) for f in ("required_total", "required_completed", "percent", "completed_at")}
    )
    return progress


def progress_visit(*, enrollment: Enrollment, item: Item) -> ItemProgress | None:
    """The learner opened ``item``: remember it for "resume", start its progress, and
    complete pages when the course completes them on view."""
    if not enrollment.is_active:
        return None
    complete = item.kind == Item.Kind.PAGE and enrollment.course.complete_pages_on_view
    return progress_record(enrollment=enrollment, item=item, completed=complete or None)


def _refresh_counters(enrollment: Enrollment, now, extra_fields=()) -> None:
    """Recount the enrollment's required items (one aggregate query) and complete the
    course when every required item is done. The caller holds the row lock."""
    # The join is filtered to this enrollment, so it meets at most one progress row per item.
    counts = (
        Item.objects.filter(course_id=enrollment.course_id, is_required=True, archived_at__isnull=True)
        .annotate(mine=FilteredRelation("progress", condition=Q(progress__enrollment=enrollment)))
        .aggregate(total=Count("pk"), done=Count("pk", filter=Q(mine__state=ItemProgress.State.COMPLETED)))
    )
    total, done = counts["total"], counts["done"]
    enrollment.required_total = total
    enrollment.required_completed = min(done, total)
    enrollment.percent = 100 if total == 0 else int(100 * enrollment.required_completed / total)
    just_completed = enrollment.completed_at is None and total > 0 and done >= total
    if just_completed:
        enrollment.completed_at = now
    enrollment.save(
        update_fields=["required_total", "required_completed", "percent", "completed_at", *extra_fields]
    )
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
    _refresh_counters(locked, timezone.now())
    return locked
