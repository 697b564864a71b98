"""Measure booking latency, the 200-for-20 race and the calendar feed (not a test).

    DATABASE_URL=postgres://... python manage.py bench_workshops

Creates its own rows in the configured database and deletes them afterwards."""

from __future__ import annotations

import os
import statistics
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from django.core.cache import cache
from django.core.management.base import BaseCommand
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from academy.models import User
from workshops import booking as service
from workshops.ics import feed_cached, feed_ics
from workshops.models import Booking, Session, Workshop
from workshops.services import session_create

# A realistic description (~1,300 characters, Polish): it is folded into every event.
DESCRIPTION = (
    "Warsztat dla pracowników samorządów i organizacji pozarządowych o współpracy przy "
    "przyjmowaniu osób uciekających z Ukrainy: podział zadań, wymiana informacji, wspólne "
    "dyżury i mediacja kulturowa. Omawiamy przykłady z gmin, które prowadzą punkty "
    "informacyjne razem z lokalnymi stowarzyszeniami, oraz zasady pracy z tłumaczami. "
) * 4


def _figures(runs: list[float]) -> str:
    runs = sorted(runs)
    p95 = runs[max(int(len(runs) * 0.95) - 1, 0)]
    return f"median {statistics.median(runs):.1f} ms, p95 {p95:.1f} ms, max {runs[-1]:.1f} ms"


class Command(BaseCommand):
    help = "Benchmark workshop bookings and the calendar feed."

    def add_arguments(self, parser):
        parser.add_argument("--users", type=int, default=200)
        parser.add_argument("--seats", type=int, default=20)
        parser.add_argument("--threads", type=int, default=16)

    def handle(self, *args, users, seats, threads, **options):
        stamp = int(time.time())
        people = [
            User.objects.create_user(email=f"bench-{stamp}-{i}@bench.example", password=None)
            for i in range(users)
        ]
        workshop = Workshop.objects.create(title=f"bench {stamp}", description=DESCRIPTION)
        start = timezone.now() + timedelta(days=10)
        session = session_create(
            workshop=workshop,
            blocks=[(start, start + timedelta(hours=2))],
            room_capacity=seats,
            venue_address="x",
        )
        latencies = []
        lock = threading.Lock()

        def book(user):
            began = time.perf_counter()
            try:
                service.booking_request(session=session, user=user, seat="room")
            finally:
                with lock:
                    latencies.append((time.perf_counter() - began) * 1000)
                connection.close()

        with ThreadPoolExecutor(max_workers=threads) as pool:
            list(pool.map(book, people))
        booked = Booking.objects.filter(session=session, status=Booking.Status.BOOKED).count()
        waiting = Booking.objects.filter(session=session, status=Booking.Status.WAITLISTED).count()
        self.stdout.write(
            f"{connection.vendor}: {users} users, {seats} seats, {threads} threads: booked {booked}, waitlisted {waiting}"
        )
        self.stdout.write(f"booking latency, {threads} concurrent: {_figures(latencies)}")
        # Uncontended: one booking at a time on a fresh session.
        quiet = session_create(
            workshop=workshop,
            blocks=[(start, start + timedelta(hours=2))],
            room_capacity=users,
            venue_address="x",
        )
        single = []
        for user in people[:50]:
            began = time.perf_counter()
            service.booking_request(session=quiet, user=user, seat="room")
            single.append((time.perf_counter() - began) * 1000)
        with CaptureQueriesContext(connection) as queries:
            service.booking_request(session=quiet, user=people[50], seat="room")
        self.stdout.write(
            f"one at a time (50 bookings): {_figures(single)}; {len(queries)} queries each"
        )
        # A feed with 50 sessions.
        user = people[0]
        for day in range(50):
            other = session_create(
                workshop=workshop,
                blocks=[
                    (start + timedelta(days=day + 1), start + timedelta(days=day + 1, hours=2))
                ],
                room_capacity=5,
                venue_address="x",
            )
            Booking.objects.create(session=other, user=user, status=Booking.Status.BOOKED)
        runs = []
        for _ in range(30):
            cache.clear()  # the first render after a change: nothing cached
            began = time.perf_counter()
            feed_cached(user)
            runs.append((time.perf_counter() - began) * 1000)
        self.stdout.write(
            f"calendar feed uncached, {len(feed_ics(user).split(b'BEGIN:VEVENT')) - 1} sessions "
            f"(cache cleared each time): {_figures(runs)}"
        )
        runs = []
        feed_cached(user)
        for _ in range(30):
            began = time.perf_counter()
            feed_cached(user)
            runs.append((time.perf_counter() - began) * 1000)
        self.stdout.write(f"calendar feed from the cache (one query): {_figures(runs)}")
        self.stdout.write(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        Session.objects.filter(workshop=workshop).delete()
        workshop.delete()
        User.objects.filter(email__startswith=f"bench-{stamp}-").delete()
