"""Courses do not know about search: search listens to their saves and re-indexes the
course in a task after the transaction commits."""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import m2m_changed, post_save
from django.dispatch import receiver

from courses.models import Course, Document, Item, Page, Video


def _enqueue(course_id: int | None) -> None:
    if course_id is None:
        return
    from .tasks import course_reindex

    transaction.on_commit(lambda: course_reindex.enqueue(course_id))


@receiver(post_save, sender=Course, dispatch_uid="search.course_saved")
def course_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        _enqueue(instance.pk)


@receiver(post_save, sender=Item, dispatch_uid="search.item_saved")
def item_saved(sender, instance, raw=False, **kwargs):
    if not raw and instance.kind in (Item.Kind.PAGE, Item.Kind.VIDEO, Item.Kind.DOCUMENT):
        _enqueue(instance.course_id)


@receiver(post_save, sender=Page, dispatch_uid="search.page_saved")
@receiver(post_save, sender=Video, dispatch_uid="search.video_saved")
def material_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        _enqueue(
            Item.objects.filter(pk=instance.item_id).values_list("course_id", flat=True).first()
        )


@receiver(m2m_changed, sender=Course.topics.through, dispatch_uid="search.course_topics")
@receiver(m2m_changed, sender=Course.trainers.through, dispatch_uid="search.course_trainers")
def course_people_changed(sender, instance, action, **kwargs):
    if action.startswith("post_") and isinstance(instance, Course):
        _enqueue(instance.pk)


@receiver(post_save, sender=Document, dispatch_uid="search.document_saved")
def document_saved(sender, instance, raw=False, **kwargs):
    """A new or replaced file: extract its text once, in a task."""
    if raw:
        return
    from .tasks import document_reindex

    item_id = instance.item_id
    transaction.on_commit(lambda: document_reindex.enqueue(item_id))
