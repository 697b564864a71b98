"""Demo data: the legal pages (idempotent; never overwrites a page staff edited)."""

from __future__ import annotations


def seed(stdout) -> None:
    from .legal import seed as seed_pages
    from .models import LegalPage

    created = seed_pages(LegalPage)
    if created:
        stdout.write(f"Legal pages: {created} created.")
