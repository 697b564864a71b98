"""Tasks the background tests enqueue (importable by a worker process too)."""

import time
from pathlib import Path

from background.compat import task


@task()
def note_runs(path: str) -> str:
    """Append "start" to ``path``; the first run then hangs (to be killed), later runs finish."""
    file = Path(path)
    with file.open("a") as handle:
        handle.write("start\n")
    if file.read_text().count("start") == 1:
        time.sleep(120)
    with file.open("a") as handle:
        handle.write("done\n")
    return "done"


@task()
def count_calls() -> None:
    from background.models import ScheduledRun

    ScheduledRun.objects.get_or_create(
        job="sample-task-ran", defaults={"last_run_at": "2026-01-01T00:00:00Z"}
    )
