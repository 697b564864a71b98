"""A studio scenario: a published course with two trainers (``trainer`` and a
co-trainer), one module of two pages, an enrolled learner with progress and a pending
request; a second course taught by someone else proves isolation."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from courses.models import Course, Enrollment, Item
from courses.progress import progress_record
from tests.factories.academy import UserFactory
from tests.factories.courses import (
    CourseFactory,
    EnrollmentFactory,
    ItemFactory,
    ModuleFactory,
    PageFactory,
)


@dataclass
class Scenario:
    course: Course
    module: object
    items: list
    enrollment: Enrollment
    request: Enrollment
    co_trainer: object
    other_trainer: object
    other_course: Course


@pytest.fixture
def scenario(trainer, learner):
    co_trainer = UserFactory(email="co@example.org", full_name="Celestyna Współ", trainer=True)
    other_trainer = UserFactory(
        email="other-trainer@example.org", full_name="Olaf Obcy", trainer=True
    )
    course = CourseFactory(
        title="Polityka integracyjna",
        slug="polityka",
        trainers=[trainer, co_trainer],
        enrolment_mode=Course.EnrolmentMode.APPROVAL,
    )
    module = ModuleFactory(course=course, position=1, title="Podstawy")
    items = [
        PageFactory(
            item=ItemFactory(module=module, position=position, title=f"Strona {position}")
        ).item
        for position in (1, 2)
    ]
    enrollment = EnrollmentFactory(user=learner, course=course)
    progress_record(enrollment=enrollment, item=items[0], completed=True)
    request = EnrollmentFactory(
        course=course,
        status=Enrollment.Status.REQUESTED,
        enrolled_at=None,
        user=UserFactory(email="candidate@example.org", full_name="Kandydat Nowy"),
    )
    other_course = CourseFactory(title="Cudzy kurs", slug="cudzy", trainers=[other_trainer])
    return Scenario(
        course, module, items, enrollment, request, co_trainer, other_trainer, other_course
    )


def item_of(module, kind=Item.Kind.PAGE, **fields):
    return ItemFactory(module=module, kind=kind, **fields)


@pytest.fixture
def client_for():
    """Like the suite's ``client_for``, but the user reads the studio in English (the
    source strings these tests assert); the Polish UI is driven in the browser tests."""
    from django.test import Client

    def _client_for(user):
        client = Client()
        if user is not None:
            if user.preferred_language != "en":
                user.preferred_language = "en"
                user.save(update_fields=["preferred_language"])
            client.force_login(user)
        return client

    return _client_for


@pytest.fixture(autouse=True)
def _english():
    """Services report in the active language; these tests read the English sources."""
    from django.utils import translation

    with translation.override("en"):
        yield
