"""Notification benchmarks (issue 16): fan-out of one event to N recipients, the daily
digest for N users × 10 items, and the header bell's cost per page.

Run briefly on your own database: ``manage.py bench_notifications --users 2000``
(the issue's figures are for 20,000). Everything it creates is deleted at the end.
"""

from __future__ import annotations

import os
import statistics
import time
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection, transaction
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from notifications import services
from notifications.models import Channel, Notification, NotificationPreference, NotificationSettings
from notifications.selectors import cached_unread_count

TYPE = "courses.step_added"
DOMAIN = "bench-notifications.invalid"


def _users(count: int) -> list[int]:
    User = get_user_model()
    User.objects.bulk_create(
        [User(email=f"u{n}@{DOMAIN}", full_name=f"Bench {n}", preferred_language=("pl", "en", "uk")[n % 3])
         for n in range(count)], batch_size=2000,
    )
    return list(User.objects.filter(email__endswith=DOMAIN).values_list("pk", flat=True))


def _cleanup() -> None:
    from background.models import EmailDelivery

    User = get_user_model()
    EmailDelivery.objects.filter(to__endswith=DOMAIN).delete()
    User.objects.filter(email__endswith=DOMAIN).delete()


def fan_out(user_ids: list[int]) -> dict:
    with CaptureQueriesContext(connection) as queries:
        started, cpu = time.perf_counter(), time.process_time()
        with transaction.atomic():
            created = services.notify(type_key=TYPE, recipient_ids=user_ids, event="bench:fan-out",
                                      params={"course": "Benchmark", "item": "Step", "group_title": "Benchmark"},
                                      group="course:0")
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    batches = -(-len(user_ids) // services.BATCH)
    return {"recipients": created, "seconds": round(seconds, 2), "cpu_seconds_this_process": round(cpu, 2),
            "queries": len(queries),
            "queries_per_batch": round(len(queries) / batches, 2)}


def digest(user_ids: list[int], items: int = 10) -> dict:
    Notification.objects.filter(recipient_id__in=user_ids).delete()
    NotificationPreference.objects.bulk_create(
        [NotificationPreference(user_id=pk, type=TYPE, channel=Channel.DAILY) for pk in user_ids], batch_size=2000)
    now = timezone.now()
    Notification.objects.bulk_create(
        [Notification(recipient_id=pk, type=TYPE, event=f"bench:{n}", role="learner", group=f"course:{n % 3}",
                      params={"course": f"Kurs {n % 3}", "item": f"Krok {n}", "group_title": f"Kurs {n % 3}"})
         for pk in user_ids for n in range(items)], batch_size=5000,
    )
    Notification.objects.filter(recipient_id__in=user_ids).update(created_at=now - timedelta(hours=2))
    hour = timezone.localtime(now).hour
    NotificationSettings.objects.filter(user_id__in=user_ids).delete()
    NotificationSettings.objects.bulk_create(
        [NotificationSettings(user_id=pk, digest_hour=hour) for pk in user_ids], batch_size=2000)
    started, cpu = time.perf_counter(), time.process_time()
    sent = services.digests_send(now=now)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    # On a shared machine the wall time includes waiting for a core: the CPU time and the
    # load average say how much.
    return {"users": len(user_ids), "items_each": items, "digests": sent, "seconds": round(seconds, 1),
            "cpu_seconds_this_process": round(cpu, 1), "load_average": os.getloadavg()[0]}


def bell(user_id: int, rounds: int = 2000) -> dict:
    user = get_user_model().objects.get(pk=user_id)
    cache.set(services.unread_cache_key(user_id), 7, 300)

    def once():
        render_to_string("notifications/_bell.html", {"notifications_unread": cached_unread_count(user)})

    for _ in range(50):
        once()
    samples = []
    for _ in range(rounds):
        started = time.perf_counter()
        once()
        samples.append((time.perf_counter() - started) * 1000)
    return {"median_ms": round(statistics.median(samples), 4), "queries": 0}


def run(users: int) -> dict:
    _cleanup()
    try:
        ids = _users(users)
        return {"fan_out": fan_out(ids), "digest": digest(ids), "bell": bell(ids[0])}
    finally:
        _cleanup()
