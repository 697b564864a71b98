"""``manage.py bench_soak_check --log soak-log.json --gunicorn-pid PID --parts DIR``:
compare what the load tool was told was saved with what the database holds, look for
duplicate or missing certificates, and read the gunicorn workers' resident memory."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from django.core.management.base import BaseCommand

from bench.prepare import SOAK_RACE_SEATS, soak_state
from bench.report import Figure, at_most, write_partial
from workshops.models import Booking


def worker_rss_mb(master_pid: int) -> dict[int, float]:
    """VmRSS of each child of the gunicorn master, from /proc/<pid>/status."""
    workers = {}
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in text.splitlines() if ":" in line)
        if fields.get("PPid", "").strip() == str(master_pid) and "VmRSS" in fields:
            workers[int(status.parent.name)] = int(fields["VmRSS"].split()[0]) / 1024
    return workers


class Command(BaseCommand):
    help = "Check the soak's writes, certificates and worker memory (benchmarks only)."

    def add_arguments(self, parser):
        parser.add_argument("--log", required=True)
        parser.add_argument("--gunicorn-pid", type=int, required=True)
        parser.add_argument("--parts", required=True)

    def handle(self, *args, log: str, gunicorn_pid: int, parts: str, **options):
        data = json.loads(Path(log).read_text(encoding="utf-8"))
        summary, entries = data["summary"], data["log"]
        emails = sorted({e["email"] for e in entries}) or ["-"]
        state = soak_state(emails)
        lost = [
            e
            for e in entries
            if e["what"] == "complete" and (e["email"], e["item"]) not in state["completed"]
        ]
        lost += [
            e for e in entries if e["what"] == "submit" and e["attempt"] not in state["submitted"]
        ]
        lost += [
            e
            for e in entries
            if e["what"] == "post" and (e["email"], e["post"]) not in state["posts"]
        ]
        lost += [
            e for e in entries if e["what"] == "booking" and e["email"] not in state["bookings"]
        ]
        race = Counter(state["bookings"].values())
        rss = worker_rss_mb(gunicorn_pid)
        figures = [
            Figure("soak.requests", summary["requests"], "count"),
            Figure("soak.rps", summary["rps"], "req/s"),
            Figure("soak.p95", summary["p95"], "ms"),
            Figure(
                "soak.acknowledged_writes",
                sum(1 for e in entries if e["what"] in ("complete", "submit", "post", "booking")),
                "count",
            ),
            Figure("soak.server_errors", summary["server_errors"], "count", at_most(0)),
            # Requests the load tool gave up on (no answer within 120 s) or that got an unexpected status.
            Figure("soak.failed_requests", summary["failures"], "count", at_most(0)),
            Figure("soak.lost_writes", len(lost), "count", at_most(0)),
            Figure(
                "soak.duplicate_certificates", state["duplicate_certificates"], "count", at_most(0)
            ),
            Figure(
                "soak.completed_without_certificate",
                state["missing_certificates"],
                "count",
                at_most(0),
            ),
            Figure("soak.certificates_issued", state["certificates"], "count"),
            Figure("soak.forum_posts", sum(1 for e in entries if e["what"] == "post"), "count"),
            Figure(
                "soak.race_bookings", sum(1 for e in entries if e["what"] == "booking"), "count"
            ),
            Figure("soak.race_booked", race[Booking.Status.BOOKED], "count"),
            Figure("soak.race_waitlisted", race[Booking.Status.WAITLISTED], "count"),
            Figure(
                "soak.bookings_beyond_capacity",
                max(0, race[Booking.Status.BOOKED] - SOAK_RACE_SEATS),
                "count",
                at_most(0),
            ),
            Figure(
                "soak.certificates_downloaded",
                sum(1 for e in entries if e["what"] == "pdf"),
                "count",
            ),
        ]
        if rss:
            figures.append(Figure("soak.worker_rss_max", max(rss.values()), "MB", at_most(150)))
        for figure in figures:
            self.stdout.write(f"  {figure.name:<36} {figure.value:>10.1f} {figure.unit}")
        notes = {
            "soak": {
                **summary,
                "lost_writes": lost[:20],
                "worker_rss_mb": rss,
                "completed_enrollments": state["completed_enrollments"],
            }
        }
        write_partial(Path(parts), "30-soak", figures, notes)
        acknowledged = figures[3].value
        if (
            lost
            or summary["server_errors"]
            or state["duplicate_certificates"]
            or race[Booking.Status.BOOKED] > SOAK_RACE_SEATS
            or not rss
            or not acknowledged
        ):
            self.stderr.write(
                "Soak check failed: lost writes, server errors, duplicate certificates, a "
                "session booked beyond its places, no acknowledged write at all, or no gunicorn "
                "worker found."
            )
            raise SystemExit(1)
