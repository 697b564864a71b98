"""Writes for workshops and sessions (bookings are in ``booking.py``, attendance in
``attendance.py``). A workshop that is a course step is created through
``courses.authoring.item_create``."""

from __future__ import annotations

from django.db import transaction

from courses.authoring import item_create, item_rename

from .booking import session_capacity_set, session_changed
from .models import Session, SessionBlock, Workshop

WORKSHOP = "workshop"


@transaction.atomic
def workshop_create(*, title: str, actor, module=None, **fields) -> Workshop:
    """A workshop, as a step at the end of ``module`` when given. Raises ValidationError."""
    item = (
        item_create(module=module, kind=WORKSHOP, title=title, estimated_minutes=180)
        if module
        else None
    )
    workshop = Workshop(item=item, title=title.strip(), created_by=actor, **fields)
    workshop.full_clean()
    workshop.save()
    return workshop


@transaction.atomic
def workshop_update(*, workshop: Workshop, **fields) -> Workshop:
    for name, value in fields.items():
        setattr(workshop, name, value)
    workshop.full_clean()
    workshop.save()
    if workshop.item_id and "title" in fields and workshop.item.title != workshop.title:
        item_rename(item=workshop.item, title=workshop.title)
    return workshop


def _blocks_set(session: Session, blocks) -> bool:
    """Replace the date blocks; True when the times changed."""
    old = list(session.blocks.values_list("starts_at", "ends_at"))
    new = sorted(blocks)
    if old == new:
        return False
    session.blocks.all().delete()
    SessionBlock.objects.bulk_create(
        [SessionBlock(session=session, starts_at=s, ends_at=e) for s, e in new]
    )
    session.starts_at, session.ends_at = new[0][0], new[-1][1]
    session.save(update_fields=["starts_at", "ends_at"])
    return True


SESSION_FIELDS = (
    "title",
    "mode",
    "venue_address",
    "venue_room",
    "accessibility",
    "meeting_url",
    "meeting_id",
    "feedback_enabled",
)


@transaction.atomic
def session_create(
    *,
    workshop: Workshop,
    blocks,
    room_capacity: int = 0,
    online_capacity: int = 0,
    trainers=(),
    **fields,
) -> Session:
    """A session with its date blocks ``[(start, end)]`` (aware datetimes)."""
    session = Session(
        workshop=workshop, room_capacity=room_capacity, online_capacity=online_capacity, **fields
    )
    session.full_clean()
    session.save()
    if trainers:
        session.trainers.add(*trainers)
    _blocks_set(session, blocks)
    return session


@transaction.atomic
def session_update(
    *, session: Session, blocks, room_capacity: int, online_capacity: int, actor=None, **fields
) -> Session:
    """Save changes; capacities go through ``session_capacity_set`` (raises CapacityError
    when lowered below the seats held); booked participants get an updated invitation
    when the time, place or link changed."""
    session_capacity_set(session=session, room=room_capacity, online=online_capacity, actor=actor)
    session.refresh_from_db()
    calendar_fields = ("title", "mode", "venue_address", "venue_room", "meeting_url")
    changed = any(
        getattr(session, name) != fields.get(name, getattr(session, name))
        for name in calendar_fields
    )
    for name, value in fields.items():
        setattr(session, name, value)
    session.full_clean()
    session.save()
    if _blocks_set(session, blocks) or changed:
        session_changed(session=session, actor=actor)
    return session
