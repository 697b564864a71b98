"""Scheduled work: reminders and expired offers."""

from __future__ import annotations

from background.compat import task
from background.durable import durable_task


@durable_task(max_attempts=3, queue_name="default")
def booking_email(
    booking_id: int,
    old: str,
    status: str,
    sequence: int,
    meanwhile: bool = False,
    was_meanwhile: bool = False,
    updated: bool = False,
) -> None:
    from .mails import booking_email_send

    booking_email_send(
        booking_id=booking_id,
        old=old,
        status=status,
        sequence=sequence,
        meanwhile=meanwhile,
        was_meanwhile=was_meanwhile,
        updated=updated,
    )


@task()
def send_reminders() -> int:
    from .reminders import reminders_send

    return reminders_send()


@task()
def expire_offers() -> int:
    from .booking import offers_expire

    return offers_expire()
