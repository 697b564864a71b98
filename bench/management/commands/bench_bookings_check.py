"""``manage.py bench_bookings_check --parts DIR``: after the booking benchmark, no session
of the benchmark's workshop may hold more booked places than it has (the race for the
last seats), and everyone else must be on the waiting list."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand
from django.db.models import Count, F, Q

from bench.report import Figure, at_most, write_partial
from bench.scale_live import BOOKING_WORKSHOP_TITLE
from workshops.models import Booking, Session


class Command(BaseCommand):
    help = "Check the booking benchmark's sessions for overbooking (benchmarks only)."

    def add_arguments(self, parser):
        parser.add_argument("--parts", required=True)

    def handle(self, *args, parts: str, **options):
        sessions = Session.objects.filter(workshop__title=BOOKING_WORKSHOP_TITLE).annotate(
            booked=Count("bookings", filter=Q(bookings__status=Booking.Status.BOOKED)),
            waiting=Count("bookings", filter=Q(bookings__status=Booking.Status.WAITLISTED)),
        )
        oversold = sessions.filter(booked__gt=F("online_capacity") + F("room_capacity")).count()
        booked = sum(s.booked for s in sessions)
        waiting = sum(s.waiting for s in sessions)
        figures = [
            Figure("http.booking.oversold_sessions", oversold, "count", at_most(0)),
            Figure("http.booking.booked", booked, "count"),
            Figure("http.booking.waitlisted", waiting, "count"),
        ]
        write_partial(Path(parts), "25-bookings", figures, {})
        self.stdout.write(f"bookings: {booked} booked, {waiting} waitlisted, {oversold} oversold")
