"""``manage.py serve [addrport]``: the web server, a task worker and the scheduler under one
supervisor. Ctrl+C (or SIGTERM) stops all three; if one of them dies, the others are stopped
too, so nothing runs half-started."""

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
        children = {name: subprocess.Popen(command) for name, command in commands.items()}  # noqa: S603
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
                        self.stderr.write(f"{name} stopped (exit {child.returncode}); stopping the others.")
                        stopping = True
                time.sleep(0.3)
        finally:
            for child in children.values():
                if child.poll() is None:
                    child.send_signal(signal.SIGTERM)
            deadline = time.monotonic() + 10
            for child in children.values():
                try:
                    child.wait(timeout=max(0.1, deadline - time.monotonic()))
                except subprocess.TimeoutExpired:
                    child.kill()
