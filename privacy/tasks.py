"""Background work of the privacy app: building exports, the deletion and retention jobs."""

from __future__ import annotations

from background.compat import task
from background.durable import durable_task


@durable_task(max_attempts=3)
def build_export(export_id: int) -> int:
    from .export import export_build

    export = export_build(export_id=export_id)
    return export.size if export else 0


@task()
def run_deletions() -> int:
    """Anonymise accounts whose 14-day grace period has passed."""
    from .services import deletions_run

    return deletions_run()


@task()
def apply_retention() -> dict:
    from .retention import retention_apply

    return retention_apply()


@task()
def remind_requests() -> int:
    from .services import requests_remind

    return requests_remind()
