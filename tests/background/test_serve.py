"""`make run` = `manage.py serve`: web server, worker and scheduler; Ctrl+C stops all three."""

import os
import signal
import subprocess
import sys
import urllib.request

import pytest
from django.conf import settings

from .test_recovery import _wait_for, _worker_env

pytestmark = pytest.mark.django_db(transaction=True)

PORT = 8116


def _healthy() -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=1) as response:  # noqa: S310
            return response.status == 200
    except OSError:
        return False


def _children(pid: int) -> dict[int, str]:
    listing = subprocess.run(
        ["ps", "--ppid", str(pid), "-o", "pid=,args="],  # noqa: S603,S607
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    return {
        int(line.split(None, 1)[0]): line.split(None, 1)[1]
        for line in listing.splitlines()
        if line.strip()
    }


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().split(") ", 1)[1][0] != "Z"
    except OSError:
        return False


def test_serve_starts_the_web_server_a_worker_and_the_scheduler_and_ctrl_c_stops_them_all():
    supervisor = subprocess.Popen(  # noqa: S603
        [sys.executable, "manage.py", "serve", f"127.0.0.1:{PORT}"],
        cwd=settings.BASE_DIR,
        env=_worker_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    children = {}
    try:
        assert _wait_for(_healthy, seconds=40), "the web server did not answer"
        children = _children(supervisor.pid)
        commands = " | ".join(children.values())
        assert "runserver" in commands and "db_worker" in commands and "scheduler" in commands, (
            commands
        )
        supervisor.send_signal(signal.SIGINT)
        supervisor.wait(timeout=20)
        assert _wait_for(lambda: not any(_alive(pid) for pid in children), seconds=15)
        assert not _healthy()
    finally:
        if supervisor.poll() is None:
            supervisor.kill()
        for pid in children:
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
