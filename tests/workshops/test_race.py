"""Concurrency on the database: the last seat, and a cancellation racing a promotion."""

import pytest

from tests.conftest import run_concurrently
from tests.factories.academy import UserFactory
from tests.factories.courses import CourseFactory
from workshops import booking as service
from workshops.models import Booking, Workshop

from .conftest import make_session

pytestmark = pytest.mark.django_db(transaction=True)


def test_threads_racing_for_the_last_seats_never_oversell(concurrent_db):
    workshop = Workshop.objects.create(title="Wyścig")
    session = make_session(workshop, room=3)
    users = [UserFactory() for _ in range(8)]
    results = run_concurrently(
        lambda i: service.booking_request(session=session, user=users[i], seat="room"), count=8
    )
    assert not [r for r in results if isinstance(r, Exception)], results
    assert Booking.objects.filter(status=Booking.Status.BOOKED).count() == 3
    assert Booking.objects.filter(status=Booking.Status.WAITLISTED).count() == 5


def test_a_cancellation_racing_a_capacity_raise_promotes_once(concurrent_db):
    CourseFactory()
    workshop = Workshop.objects.create(title="Wyścig 2")
    session = make_session(workshop, room=1)
    holder, waiting = UserFactory(), UserFactory()
    booking = service.booking_request(session=session, user=holder, seat="room")
    service.booking_request(session=session, user=waiting, seat="room")

    def act(index):
        if index == 0:
            return service.booking_cancel(booking=booking, actor=holder)
        return service.session_capacity_set(session=session, room=1, online=0)

    results = run_concurrently(act, count=2)
    assert not [r for r in results if isinstance(r, Exception)], results
    assert (
        Booking.objects.filter(status__in=(Booking.Status.OFFERED, Booking.Status.BOOKED)).count()
        == 1
    )
    assert (
        Booking.objects.get(user=waiting).events.filter(status=Booking.Status.OFFERED).count() == 1
    )
