import json

from django.core.management.base import BaseCommand

from bench.notifications import run, worker_memory


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

    def handle(self, *, users, worker_tasks, **options):
        result = run(users) if users else {}
        if worker_tasks:
            result["worker"] = worker_memory(worker_tasks)
        self.stdout.write(json.dumps(result, indent=2))
