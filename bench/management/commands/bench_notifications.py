"""``manage.py bench_notifications [--users N] [--worker-tasks M] [--parts DIR]``: the
notification benchmarks (bench/notifications.py). With ``--parts`` (``make bench``) the
figures join the results file, with the issue's budgets when N is the issue's 20,000."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand

from bench.notifications import figures, run, worker_memory
from bench.report import write_partial


class Command(BaseCommand):
    help = "Benchmark notification fan-out, digests and the bell (deletes what it creates)."

    def add_arguments(self, parser):
        parser.add_argument("--users", type=int, default=2000)
        parser.add_argument(
            "--worker-tasks",
            type=int,
            default=0,
            help="also run this many no-op tasks through a db_worker and sample its memory",
        )
        parser.add_argument("--parts", help="write the figures for bench_report here")

    def handle(self, *, users, worker_tasks, parts=None, **options):
        result = run(users) if users else {}
        if worker_tasks:
            result["worker"] = worker_memory(worker_tasks)
        self.stdout.write(json.dumps(result, indent=2))
        if parts and users:
            write_partial(
                Path(parts), "15-notifications", figures(result), {"notifications": result}
            )
