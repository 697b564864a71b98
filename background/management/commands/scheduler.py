import signal
import socket
import time
import uuid

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from background.schedule import entries, lease_release, tick


class Command(BaseCommand):
    help = "Enqueue periodic work. Run one on every host: a database lease lets exactly one work."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=15.0, help="seconds between ticks")
        parser.add_argument(
            "--lease", type=int, default=60, help="seconds a lease lasts unless renewed"
        )
        parser.add_argument("--once", action="store_true", help="tick once and exit")

    def handle(self, *, interval, lease, once, verbosity, **options):
        holder = f"{socket.gethostname()}:{uuid.uuid4().hex[:8]}"
        self.running = True

        def stop(signum, frame):
            self.running = False

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        if verbosity:
            names = ", ".join(f"{entry.name} ({entry.expression})" for entry in entries())
            self.stdout.write(f"Scheduler {holder}: {names}")
        try:
            while self.running:
                close_old_connections()
                for name in tick(holder=holder, lease_seconds=lease):
                    if verbosity:
                        self.stdout.write(f"enqueued {name}")
                if once:
                    break
                deadline = time.monotonic() + interval
                while self.running and time.monotonic() < deadline:
                    time.sleep(0.2)
        finally:
            lease_release(holder=holder)
