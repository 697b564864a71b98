"""``manage.py bench_micro --parts DIR [--quick]``: the micro-benchmarks (bench/micro.py)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand

from bench import micro_files
from bench.micro import run
from bench.report import write_partial


class Command(BaseCommand):
    help = "Run the micro-benchmarks and write their figures (benchmarks only)."

    def add_arguments(self, parser):
        parser.add_argument("--parts", required=True)
        parser.add_argument("--quick", action="store_true")

    def handle(self, *args, parts: str, quick: bool, **options):
        figures, notes = run(quick=quick)
        figures += micro_files.run(quick=quick)
        for figure in figures:
            verdict = "" if figure.passed is None else ("PASS" if figure.passed else "FAIL")
            self.stdout.write(
                f"  {figure.name:<48} {figure.value:>9.3f} {figure.unit:<3} {verdict}"
            )
        write_partial(Path(parts), "10-micro", figures, notes)
