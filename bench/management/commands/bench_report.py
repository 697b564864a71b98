"""``manage.py bench_report --parts DIR --results FILE --mode full|smoke|soak``: merge the
stages' figures, write the results file and print the PASS/FAIL table."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from bench.report import machine_info, read_partials, table, write_results


def database_version() -> str:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            return "PostgreSQL " + cursor.fetchone()[0].split()[0]
    if connection.vendor == "sqlite":
        import sqlite3

        return "SQLite " + sqlite3.sqlite_version
    return connection.vendor


class Command(BaseCommand):
    help = "Merge benchmark figures into a results file and print the table (benchmarks only)."

    def add_arguments(self, parser):
        parser.add_argument("--parts", required=True)
        parser.add_argument("--results", required=True)
        parser.add_argument("--mode", default="full")
        parser.add_argument("--scale", default="")
        parser.add_argument(
            "--strict", action="store_true", help="Exit with an error when a budget fails."
        )

    def handle(
        self, *args, parts: str, results: str, mode: str, scale: str, strict: bool, **options
    ):
        figures, notes = read_partials(Path(parts))
        if not figures:
            raise CommandError(f"No figures in {parts}.")
        document = write_results(
            figures,
            path=Path(results),
            mode=mode,
            machine=machine_info(database_version()),
            extra={"scale": scale, "notes": notes},
        )
        self.stdout.write(table(figures))
        machine = document["machine"]
        self.stdout.write(
            f"Machine: {machine.get('nproc')} CPUs, {machine.get('memory_gb')} GB, "
            f"{machine.get('cpu', '?')}, {machine.get('database', '?')}; written to {results}"
        )
        if strict and any(f.passed is False for f in figures):
            raise CommandError("Some budgets failed (see FAIL above).")
