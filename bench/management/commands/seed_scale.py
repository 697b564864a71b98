"""``manage.py seed_scale [--scale 0.01] [--seed 2026]``: see bench/scale.py."""

from __future__ import annotations

import os
import resource

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from bench.scale import EMAIL_DOMAIN, PASSWORD, SEED, AlreadySeeded, ScaleSeeder, already_seeded


class Command(BaseCommand):
    help = "Generate deterministic data at a national academy's scale (benchmarks only)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=float,
            default=1.0,
            help="Fraction of the full volume (1 = 20,000 learners, 2,000,000 progress rows).",
        )
        parser.add_argument(
            "--seed", type=int, default=SEED, help="Random seed (same seed, same data)."
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing (successfully) when the scale data is already there.",
        )
        parser.add_argument(
            "--without-knowledge",
            action="store_true",
            help="Leave out the knowledge base and its search index (the slow part of the "
            "seed): for runs that measure the learner pages only, e.g. make bench-scales.",
        )

    def handle(
        self,
        *args,
        scale: float,
        seed: int,
        if_empty: bool = False,
        without_knowledge: bool = False,
        **options,
    ):
        if not 0 < scale <= 10:
            raise CommandError("--scale must be between 0 and 10.")
        if if_empty and already_seeded():
            self.stdout.write("Scale data already present: nothing to do.")
            return
        seeder = ScaleSeeder(
            scale=scale, seed=seed, stdout=self.stdout, knowledge=not without_knowledge
        )
        self.stdout.write(f"Seeding scale data (scale {scale}, seed {seed}) ...")
        try:
            counts = seeder.run()
        except AlreadySeeded:
            raise CommandError(
                f"Scale data is already in this database (accounts @{EMAIL_DOMAIN}). seed_scale runs once "
                "per database: drop and recreate the benchmark database (e.g. academy_bench) to seed again."
            ) from None
        for label, count in sorted(counts.items()):
            self.stdout.write(f"  {label}: {count}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Scale data seeded in {seeder.elapsed:.1f} s. Accounts: learner00000@{EMAIL_DOMAIN} ... "
                f"password {PASSWORD}"
            )
        )
        # Issue 23: the disk and memory a seed costs are part of its figures.
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        self.stdout.write(f"Peak memory {peak_mb:.0f} MB; {database_size()}")


def database_size() -> str:
    """The database's size on disk after the seed, and its largest tables."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_database_size(current_database())")
            total = cursor.fetchone()[0]
            cursor.execute(
                "SELECT relname, pg_total_relation_size(oid) FROM pg_class "
                "WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace "
                "ORDER BY 2 DESC LIMIT 3"
            )
            largest = ", ".join(f"{name} {size / 2**20:,.0f} MB" for name, size in cursor)
        return f"database {total / 2**20:,.0f} MB on disk (largest: {largest})"
    name = connection.settings_dict["NAME"]
    if connection.vendor == "sqlite" and os.path.exists(str(name)):
        return f"database {os.path.getsize(name) / 2**20:,.0f} MB on disk"
    return "database size not measured"
