"""``manage.py bench_prepare http|soak --out targets.json``: accounts, sessions and ids
for the load tool (see bench/prepare.py)."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from bench.prepare import prepare_http, prepare_soak


class Command(BaseCommand):
    help = "Prepare accounts and targets for the HTTP benchmark or the soak (benchmarks only)."

    def add_arguments(self, parser):
        parser.add_argument("what", choices=["http", "soak"])
        parser.add_argument("--out", required=True)
        parser.add_argument("--users", type=int, default=None)

    def handle(self, *args, what: str, out: str, users: int | None, **options):
        try:
            if what == "http":
                data = prepare_http(users=users or 16)
            else:
                data = prepare_soak(users=users or 200)
        except RuntimeError as error:
            raise CommandError(str(error)) from None
        with open(out, "w", encoding="utf-8") as handle:
            json.dump(data, handle, ensure_ascii=False)
        self.stdout.write(f"Targets for {what} written to {out}")
