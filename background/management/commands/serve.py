"""``manage.py serve [addrport]``: the web server, a task worker and the scheduler under one
supervisor. Ctrl+C (or SIGTERM) stops all three; if one of them dies, the others are stopped
too, so nothing runs half-started."""

import contextlib
import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand


def worker_command() -> list[str]:
    if settings.TASKS["default"]["BACKEND"].startswith("django_tasks_rq"):
        return ["rqworker", "default", "--with-scheduler", "--job-class", "django_tasks_rq.Job"]
    return ["db_worker", "--queue-name", "*", "--no-reload", "--interval", "1"]


def _signal_group(child: subprocess.Popen, signum: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(child.pid, signum)


class Command(BaseCommand):
    help = "Run the web server, a task worker and the scheduler together (development)."

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument("--no-worker", action="store_true")

    def handle(self, *, addrport, no_worker, **options):
        manage = [sys.executable, "manage.py"]
        commands = {"web": [*manage, "runserver", addrport]}
        if not no_worker:
            commands["worker"] = [*manage, *worker_command()]
            commands["scheduler"] = [*manage, "scheduler"]
        # Each child leads its own process group, so stopping it stops what it started too
        # (runserver's autoreloader runs the server in a grandchild).
        children = {
            name: subprocess.Popen(command, start_new_session=True)  # noqa: S603
            for name, command in commands.items()
        }
        stopping = False

        def stop(signum=None, frame=None):
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        try:
            while not stopping:
                for name, child in children.items():
                    if child.poll() is not None:
                        self.stderr.write(
                            f"{name} stopped (exit {child.returncode}); stopping the others."
                        )
                        stopping = True
                time.sleep(0.3)
        finally:
            for child in children.values():
                _signal_group(child, signal.SIGTERM)
            deadline = time.monotonic() + 10
            for child in children.values():
                try:
                    child.wait(timeout=max(0.1, deadline - time.monotonic()))
                except subprocess.TimeoutExpired:
                    _signal_group(child, signal.SIGKILL)
                    child.wait()
                _signal_group(child, signal.SIGTERM)  # anything its group left behind
