"""Measure booking latency, the 200-for-20 race and the calendar feed (not a test).

    DATABASE_URL=postgres://... python manage.py bench_workshops

Creates its own rows in the configured database and deletes them afterwards."""

from __future__ import annotations

import statistics
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db import connection
from django.utils import timezone

from academy.models import User
from workshops import booking as service
from workshops.ics import feed_cached, feed_ics
from workshops.models import Booking, Session, Workshop
from workshops.services import session_create


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
        workshop = Workshop.objects.create(title=f"bench {stamp}")
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
        latencies.sort()
        p95 = latencies[int(len(latencies) * 0.95) - 1]
        self.stdout.write(
            f"{connection.vendor}: {users} users, {seats} seats, {threads} threads: booked {booked}, waitlisted {waiting}"
        )
        self.stdout.write(
            f"booking latency ms: median {statistics.median(latencies):.1f}, p95 {p95:.1f}, max {latencies[-1]:.1f}"
        )
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
        single.sort()
        self.stdout.write(
            f"one at a time (50 bookings): median {statistics.median(single):.1f} ms, p95 {single[int(len(single) * 0.95) - 1]:.1f} ms"
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
        for _ in range(20):
            began = time.perf_counter()
            feed_ics(user)
            runs.append((time.perf_counter() - began) * 1000)
        self.stdout.write(
            f"calendar feed, {Booking.objects.filter(user=user).count()} bookings: median {statistics.median(runs):.1f} ms, max {max(runs):.1f} ms"
        )
        runs = []
        feed_cached(user)
        for _ in range(20):
            began = time.perf_counter()
            feed_cached(user)
            runs.append((time.perf_counter() - began) * 1000)
        self.stdout.write(
            f"calendar feed from the cache (one query): median {statistics.median(runs):.2f} ms, max {max(runs):.2f} ms"
        )
        Session.objects.filter(workshop=workshop).delete()
        workshop.delete()
        User.objects.filter(email__startswith=f"bench-{stamp}-").delete()
