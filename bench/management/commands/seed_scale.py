"""``manage.py seed_scale [--scale 0.01] [--seed 2026]``: see bench/scale.py."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

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

    def handle(self, *args, scale: float, seed: int, if_empty: bool = False, **options):
        if not 0 < scale <= 10:
            raise CommandError("--scale must be between 0 and 10.")
        if if_empty and already_seeded():
            self.stdout.write("Scale data already present: nothing to do.")
            return
        seeder = ScaleSeeder(scale=scale, seed=seed, stdout=self.stdout)
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
