"""A worker killed mid-task: the task runs again on another worker."""

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django_tasks_db.models import DBTaskResult

from background.recovery import MAX_CLAIMS, tasks_recover

from .sample_tasks import note_runs

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(settings.BASE_DIR)


def _worker_env() -> dict:
    env = {**os.environ, "ACADEMY_TASKS_BACKEND": "database", "DJANGO_DEBUG": "1"}
    if connection.vendor == "sqlite":
        env.pop("DATABASE_URL", None)
        env["SQLITE_PATH"] = connection.settings_dict["NAME"]
    else:
        params = connection.settings_dict
        env["DATABASE_URL"] = (
            f"postgres://{params['USER']}@{params['HOST'] or '127.0.0.1'}:"
            f"{params['PORT'] or 5432}/{params['NAME']}"
        )
    return env


def _wait_for(predicate, seconds=30.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def test_a_task_whose_worker_was_killed_runs_again_and_finishes(db_backend, tmp_path):
    marker = tmp_path / "runs.txt"
    marker.touch()
    result = note_runs.enqueue(str(marker))
    worker = subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "manage.py",
            "db_worker",
            "--queue-name",
            "*",
            "--no-reload",
            "--interval",
            "0.2",
            "--no-startup-delay",
            "-v",
            "0",
        ],
        cwd=ROOT,
        env=_worker_env(),
    )
    try:
        assert _wait_for(lambda: "start" in marker.read_text()), "the worker never started the task"
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
    finally:
        if worker.poll() is None:
            worker.kill()
    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == "RUNNING"  # abandoned: nobody will finish it by itself

    # Too young to be declared abandoned: left alone.
    assert tasks_recover(older_than=timedelta(minutes=15)) == 0
    assert tasks_recover(older_than=timedelta(0)) == 1
    db_backend()
    row.refresh_from_db()
    assert row.status == "SUCCESSFUL"
    assert marker.read_text().split() == ["start", "start", "done"]
    assert len(row.worker_ids) == 2


def test_a_task_that_keeps_killing_its_worker_ends_failed(db_backend, tmp_path):
    result = note_runs.enqueue(str(tmp_path / "never.txt"))
    DBTaskResult.objects.filter(pk=result.id).update(
        status="RUNNING",
        worker_ids=[f"w{n}" for n in range(MAX_CLAIMS)],
    )
    DBTaskResult.objects.filter(pk=result.id).update(
        started_at=DBTaskResult.objects.get(pk=result.id).enqueued_at
    )
    assert tasks_recover(older_than=timedelta(0)) == 0
    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == "FAILED" and "died" in row.traceback


@pytest.mark.django_db
def test_the_weekly_prune_deletes_old_finished_tasks_and_keeps_recent_ones(db_backend, tmp_path):
    from django.utils import timezone

    from background.tasks import prune_task_results

    old = note_runs.enqueue(str(tmp_path / "a"))
    recent = note_runs.enqueue(str(tmp_path / "b"))
    DBTaskResult.objects.filter(pk=old.id).update(
        status="SUCCESSFUL", finished_at=timezone.now() - timedelta(days=20)
    )
    DBTaskResult.objects.filter(pk=recent.id).update(
        status="SUCCESSFUL", finished_at=timezone.now()
    )
    prune_task_results.call()
    assert list(DBTaskResult.objects.values_list("pk", flat=True)) == [
        DBTaskResult.objects.get(pk=recent.id).pk
    ]
