"""System checks: search works everywhere, but says when it works worse."""

from __future__ import annotations

from django.core.checks import Warning, register
from django.db import connection
from django.db.utils import DatabaseError


@register("search", deploy=False)
def dictionaries_check(app_configs=None, databases=None, **kwargs):
    if not databases or "default" not in databases:
        return []
    try:
        if connection.vendor == "postgresql":
            from .backends.postgres import dictionaries_installed

            missing = [name for name, ok in dictionaries_installed().items() if not ok]
            if missing:
                return [
                    Warning(
                        f"Search runs without the {' and '.join(missing)} dictionaries (simple + unaccent + trigram).",
                        hint="Install hunspell-pl and hunspell-uk on the database server, run pg_updatedicts, "
                        "then `manage.py search_dictionaries` (docs/deployment.md).",
                        id="search.W001",
                    )
                ]
        elif connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("SELECT sqlite_compileoption_used('ENABLE_FTS5')")
                if not cursor.fetchone()[0]:
                    return [
                        Warning("This SQLite has no FTS5: search cannot work.", id="search.W002")
                    ]
    except DatabaseError:
        return []  # not migrated yet: nothing to say
    return []
