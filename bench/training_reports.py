"""Benchmarks of issue 20 (training/programme reports). Not a test; run by hand:

    DATABASE_URL=postgres://... .venv/bin/python bench/training_reports.py --enrolments 100000

Generates (once; tagged by the ``bench-training.invalid`` email domain) organisations in
every voivodeship, people, courses and enrolments, then measures:
- the programme report (``training.programme.programme_report``) per dimension, median of 5;
- the XLSX report of an organisation with 20,000 assigned people: time and peak memory
  (tracemalloc peak of Python allocations, plus the process's max RSS growth).
``--cleanup`` deletes everything it created.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import sys
import time
import tracemalloc
from datetime import timedelta
from pathlib import Path

# bench/http would shadow the standard library when run as a script: use the project root.
sys.path[0] = str(Path(__file__).resolve().parent.parent)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "academy.settings")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from academy.models import Membership, Organisation, User, Voivodeship  # noqa: E402
from courses.models import Course, Enrollment  # noqa: E402
from training.models import Assignee, Assignment  # noqa: E402
from training.programme import Filters, programme_report  # noqa: E402
from training.reports_mail import report_xlsx  # noqa: E402

DOMAIN = "bench-training.invalid"
XLSX_PEOPLE = 20_000


def generate(enrolments: int) -> None:
    if User.objects.filter(email__endswith=DOMAIN).exists():
        print("data already generated")
        return
    rng = random.Random(20)
    people = max(XLSX_PEOPLE, enrolments // 3)
    kinds = [k for k, _ in Organisation.Kind.choices]
    with transaction.atomic():
        organisations = Organisation.objects.bulk_create(
            [
                Organisation(
                    name=f"Bench org {n}",
                    name_key=f"bench org {n}",
                    kind=kinds[n % len(kinds)],
                    voivodeship=Voivodeship.values[n % 16],
                    is_approved=True,
                )
                for n in range(300)
            ]
        )
        courses = Course.objects.bulk_create(
            [
                Course(
                    title=f"Bench course {n}",
                    slug=f"bench-training-course-{n}",
                    status=Course.Status.PUBLISHED,
                    estimated_hours=1 + n % 6,
                )
                for n in range(40)
            ]
        )
        users = User.objects.bulk_create(
            [User(email=f"u{n}@{DOMAIN}", full_name=f"Osoba Testowa {n}") for n in range(people)],
            batch_size=5000,
        )
        Membership.objects.bulk_create(
            [
                Membership(
                    user=u,
                    organisation=organisations[0 if n < XLSX_PEOPLE else 1 + n % 299],
                    status=Membership.Status.APPROVED,
                )
                for n, u in enumerate(users)
            ],
            batch_size=5000,
        )
        now = timezone.now()
        rows, seen = [], set()
        while len(rows) < enrolments:
            user = users[rng.randrange(people)]
            course = courses[rng.randrange(len(courses))]
            if (user.pk, course.pk) in seen:
                continue
            seen.add((user.pk, course.pk))
            enrolled = now - timedelta(days=rng.randrange(365))
            done = rng.random() < 0.45
            rows.append(
                Enrollment(
                    user=user,
                    course=course,
                    status=Enrollment.Status.ACTIVE,
                    enrolled_at=enrolled,
                    completed_at=enrolled + timedelta(days=rng.randrange(1, 60)) if done else None,
                    percent=100 if done else rng.randrange(100),
                )
            )
        Enrollment.objects.bulk_create(rows, batch_size=5000)
        assignment = Assignment.objects.create(
            organisation=organisations[0],
            course=courses[0],
            scope=Assignment.Scope.ORGANISATION,
            due_on=timezone.localdate() + timedelta(days=14),
        )
        Assignee.objects.bulk_create(
            [
                Assignee(assignment=assignment, user=u, due_on=assignment.due_on)
                for u in users[:XLSX_PEOPLE]
            ],
            batch_size=5000,
        )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def monthly_reports(count: int) -> None:
    """``count`` coordinators' monthly reports: queue each (the task's work) and build its
    XLSX (the delivery's work), serially, as one worker would."""
    from background.models import EmailDelivery
    from training.models import ReportSubscription
    from training.reports_mail import report_attachments, report_send

    organisations = list(Organisation.objects.filter(name__startswith="Bench org ")[1:])
    for organisation in organisations:
        if not Assignment.objects.filter(organisation=organisation).exists():
            assignment = Assignment.objects.create(
                organisation=organisation,
                course=Course.objects.filter(slug__startswith="bench-training-course-").first(),
                scope=Assignment.Scope.ORGANISATION,
                due_on=timezone.localdate() + timedelta(days=14),
            )
            Assignee.objects.bulk_create(
                [
                    Assignee(assignment=assignment, user_id=pk, due_on=assignment.due_on)
                    for pk in Membership.objects.filter(organisation=organisation).values_list(
                        "user_id", flat=True
                    )
                ]
            )
    users = list(User.objects.filter(email__endswith=DOMAIN).order_by("pk")[XLSX_PEOPLE:][:count])
    ReportSubscription.objects.filter(user__email__endswith=DOMAIN).delete()
    subscriptions = ReportSubscription.objects.bulk_create(
        [
            ReportSubscription(
                user=user, organisation=organisations[n % len(organisations)], frequency="monthly"
            )
            for n, user in enumerate(users)
        ]
    )
    today = timezone.localdate()
    start = time.perf_counter()
    for subscription in subscriptions:
        report_send(subscription_id=subscription.pk, today=today)
        report_attachments(organisation_id=subscription.organisation_id, filename="r.xlsx")
    elapsed = time.perf_counter() - start
    rows = Assignee.objects.filter(assignment__organisation__in=organisations).count()
    print(
        f"{len(subscriptions)} monthly reports (organisations of ~{rows // len(organisations)} "
        f"people): {elapsed:.1f} s serially, {elapsed / len(subscriptions) * 1000:.0f} ms each"
    )
    EmailDelivery.objects.filter(recipient__email__endswith=DOMAIN).delete()
    ReportSubscription.objects.filter(user__email__endswith=DOMAIN).delete()


def cleanup() -> None:
    Assignment.objects.filter(organisation__name__startswith="Bench org ").delete()
    Enrollment.objects.filter(user__email__endswith=DOMAIN).delete()
    User.objects.filter(email__endswith=DOMAIN).delete()
    Course.objects.filter(slug__startswith="bench-training-course-").delete()
    Organisation.objects.filter(name__startswith="Bench org ").delete()


def timed(function, runs: int = 5) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--enrolments", type=int, default=100_000)
    parser.add_argument("--cleanup", action="store_true")
    parser.add_argument("--reports", type=int, default=0, help="also time N monthly reports")
    args = parser.parse_args()
    if args.cleanup:
        cleanup()
        return
    start = time.perf_counter()
    generate(args.enrolments)
    print(f"database: {connection.vendor}; data ready in {time.perf_counter() - start:.1f} s")
    print(f"enrolments: {Enrollment.objects.filter(user__email__endswith=DOMAIN).count()}")
    for dimension in ("voivodeship", "kind", "course", "topic", "period"):
        seconds = timed(lambda d=dimension: programme_report(d, Filters()))
        print(f"programme report by {dimension:12}: {seconds * 1000:7.1f} ms (median of 5)")
    seconds = timed(
        lambda: programme_report("course", Filters(voivodeship="lubelskie", kind="ngo"))
    )
    print(f"programme report filtered      : {seconds * 1000:7.1f} ms")
    if args.reports:
        monthly_reports(args.reports)
    organisation = Organisation.objects.get(name="Bench org 0")
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    start = time.perf_counter()
    data = report_xlsx(organisation)
    elapsed = time.perf_counter() - start
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        f"XLSX of {XLSX_PEOPLE} rows: {elapsed:.2f} s, {len(data) / 1e6:.2f} MB file, "
        f"Python peak {peak / 1e6:.1f} MB, max RSS growth {(rss_after - rss_before) / 1024:.1f} MB"
    )


if __name__ == "__main__":
    main()
