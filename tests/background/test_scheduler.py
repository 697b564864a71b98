from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from background import schedule
from background.cron import Cron
from background.models import ScheduledRun, SchedulerLease
from tests.conftest import run_concurrently

from .sample_tasks import count_calls

WARSAW = ZoneInfo("Europe/Warsaw")


@pytest.fixture
def one_job(monkeypatch):
    """Only a test job in the schedule: every hour at minute 0."""
    monkeypatch.setattr(schedule, "_entries", {})
    schedule.register(name="test.hourly", cron="0 * * * *", task=count_calls)


def _at(hour, minute=0, day=4):
    return datetime(2026, 12, day, hour, minute, tzinfo=WARSAW)


def _runs():
    return DBTaskResult.objects.filter(task_path__endswith="count_calls").count()


@pytest.mark.django_db
class TestCron:
    def test_fields_lists_ranges_and_steps(self):
        cron = Cron.parse("*/15 7-9,18 * * 1-5")
        assert cron.matches(_at(7, 45))  # a Friday
        assert not cron.matches(_at(7, 50))
        assert not cron.matches(_at(10, 0))
        assert not cron.matches(_at(7, 0, day=6))  # Sunday

    def test_sunday_is_zero_or_seven(self):
        assert Cron.parse("0 0 * * 7") == Cron.parse("0 0 * * 0")

    @pytest.mark.parametrize("bad", ["* * * *", "61 * * * *", "*/0 * * * *", "a * * * *"])
    def test_bad_expressions_are_refused(self, bad):
        with pytest.raises(ValueError):
            Cron.parse(bad)

    def test_due_between_looks_at_the_minutes_after_the_last_run(self):
        cron = Cron.parse("0 * * * *")
        assert cron.due_between(_at(6, 59), _at(7, 0))
        assert not cron.due_between(_at(7, 0), _at(7, 59))


@pytest.mark.django_db
def test_a_job_runs_when_due_and_once_per_slot(db_backend, one_job):
    holder = "host-a"
    assert schedule.tick(holder=holder, now=_at(6, 30)) == []  # first sight: starts counting
    assert schedule.tick(holder=holder, now=_at(6, 59)) == []
    assert schedule.tick(
        holder=holder,
        now=_at(
            7,
            0,
        ),
    ) == ["test.hourly"]
    assert schedule.tick(holder=holder, now=_at(7, 0) + timedelta(seconds=20)) == []
    assert _runs() == 1


@pytest.mark.django_db
def test_missed_runs_after_downtime_run_once(db_backend, one_job):
    schedule.tick(holder="a", now=_at(6, 30))
    # The scheduler was down from 6:30 to 11:10: four hourly slots were missed.
    assert schedule.tick(holder="a", now=_at(11, 10)) == ["test.hourly"]
    assert schedule.tick(holder="a", now=_at(11, 11)) == []
    assert _runs() == 1
    assert ScheduledRun.objects.get(job="test.hourly").last_run_at == _at(11, 10)


@pytest.mark.django_db
def test_only_the_lease_holder_runs_jobs_until_its_lease_expires(db_backend, one_job):
    assert schedule.lease_acquire(holder="a", seconds=60)
    assert not schedule.lease_acquire(holder="b", seconds=60)
    assert schedule.tick(holder="b") == []
    SchedulerLease.objects.update(expires_at=timezone.now() - timedelta(seconds=1))  # "a" died
    assert schedule.lease_acquire(holder="b", seconds=60)
    assert not schedule.lease_acquire(holder="a", seconds=60)


@pytest.mark.django_db(transaction=True)
def test_two_schedulers_started_at_once_run_each_job_once(db_backend, one_job, concurrent_db):
    schedule.tick(holder="setup", now=_at(6, 30))
    schedule.lease_release(holder="setup")
    results = run_concurrently(
        lambda index: schedule.tick(holder=f"host-{index}", now=_at(7, 0)), count=2
    )
    assert sorted(map(repr, results)) == sorted(map(repr, [["test.hourly"], []]))
    assert _runs() == 1


@pytest.mark.django_db(transaction=True)
def test_two_schedulers_racing_without_a_lease_still_claim_a_run_once(
    db_backend, one_job, concurrent_db, monkeypatch
):
    # Even if the lease were bypassed (clock skew), the run claim is a conditional update.
    monkeypatch.setattr(schedule, "lease_acquire", lambda **kwargs: True)
    schedule.tick(holder="setup", now=_at(6, 30))
    results = run_concurrently(
        lambda index: schedule.tick(holder=f"host-{index}", now=_at(7, 0)), count=2
    )
    assert sum(len(r) for r in results) == 1
    assert _runs() == 1


@pytest.mark.django_db
def test_the_scheduler_command_ticks_once_and_releases_its_lease(db_backend, one_job):
    from django.core.management import call_command

    call_command("scheduler", once=True, verbosity=0)
    lease = SchedulerLease.objects.get()
    assert lease.expires_at < timezone.now()
    assert ScheduledRun.objects.filter(job="test.hourly").exists()


def test_the_academy_registers_its_periodic_jobs():
    names = {entry.name for entry in schedule.entries()}
    assert {
        "background.recover_abandoned_tasks",
        "background.resend_pending_email",
        "notifications.send_digests",
    } <= names
