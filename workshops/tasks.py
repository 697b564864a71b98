"""Scheduled work: reminders and expired offers."""

from __future__ import annotations

from background.compat import task


@task()
def send_reminders() -> int:
    from .reminders import reminders_send

    return reminders_send()


@task()
def expire_offers() -> int:
    from .booking import offers_expire

    return offers_expire()
