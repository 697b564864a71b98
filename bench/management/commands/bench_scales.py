"""``manage.py bench_scales FILE...``: the learner pages' p50 at several scales side by
side (the results of ``bench/run.sh scale``, one file per scale), written to
``bench/results/scales.json`` and printed as a Markdown table for docs/performance.md."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from bench.report import RESULTS_DIR, machine_info, scale_table, table, write_results


class Command(BaseCommand):
    help = "Compare the learner pages' p50 across scales (benchmarks only)."

    def add_arguments(self, parser):
        parser.add_argument("results", nargs="+", help="bench/results/scale-<s>.json files")
        parser.add_argument("--out", default=str(RESULTS_DIR / "scales.json"))

    def handle(self, *args, results: list[str], out: str, **options):
        documents = []
        for name in results:
            path = Path(name)
            if not path.exists():
                raise CommandError(f"{name} is missing: run bench/run.sh scale at that scale.")
            documents.append(json.loads(path.read_text(encoding="utf-8")))
        if len(documents) < 2:
            raise CommandError("Compare at least two scales.")
        figures, markdown = scale_table(documents)
        if not figures:
            raise CommandError("No page was measured at every scale.")
        write_results(
            figures,
            path=Path(out),
            mode="scales",
            machine=machine_info(),
            extra={"scales": [document["scale"] for document in documents], "table": markdown},
        )
        self.stdout.write(markdown)
        self.stdout.write(table(figures))
        grown = [f.name for f in figures if f.passed is False]
        if grown:
            raise CommandError(f"The cost of a page grew with the data: {', '.join(grown)}.")
