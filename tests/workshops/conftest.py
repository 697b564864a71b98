"""Scenario builders for workshops: a course with a workshop step and sessions."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from tests.factories.courses import CourseFactory, EnrollmentFactory, ModuleFactory
from workshops import services
from workshops.models import WARSAW, Session


def at(*args) -> datetime:
    """A Warsaw wall-clock time."""
    return datetime(*args, tzinfo=WARSAW)


def make_session(
    workshop, *, start=None, hours=3, room=2, online=0, mode=Session.Mode.IN_PERSON, **fields
):
    start = start or (timezone.now() + timedelta(days=10)).replace(second=0, microsecond=0)
    defaults = {"venue_address": "ul. Marszałkowska 1, Warszawa", "venue_room": "Sala 2"}
    defaults.update(fields)
    return services.session_create(
        workshop=workshop,
        blocks=[(start, start + timedelta(hours=hours))],
        room_capacity=room,
        online_capacity=online,
        mode=mode,
        **defaults,
    )


@pytest.fixture
def course(trainer):
    return CourseFactory(title="Współpraca z NGO", trainers=[trainer])


@pytest.fixture
def workshop(course, trainer):
    module = ModuleFactory(course=course, position=0)
    return services.workshop_create(
        module=module, title="Warsztat: współpraca", actor=trainer, voivodeship="mazowieckie"
    )


@pytest.fixture
def session(workshop):
    return make_session(workshop, room=1)


@pytest.fixture
def enrolled(course, learner):
    return EnrollmentFactory(user=learner, course=course)
