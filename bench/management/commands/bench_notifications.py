import json

from django.core.management.base import BaseCommand

from bench.notifications import run


class Command(BaseCommand):
    help = "Benchmark notification fan-out, digests and the bell (deletes what it creates)."

    def add_arguments(self, parser):
        parser.add_argument("--users", type=int, default=2000)

    def handle(self, *, users, **options):
        self.stdout.write(json.dumps(run(users), indent=2))
