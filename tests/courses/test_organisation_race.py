"""Two coordinators (or a double click) enrolling the same people at the same moment:
one enrolment each, capacity respected (threads; SQLite and PostgreSQL)."""

import pytest
from django.test import Client
from django.urls import reverse

from academy.models import Membership
from courses.models import Enrollment
from tests.conftest import run_concurrently
from tests.factories.academy import MembershipFactory, UserFactory
from tests.factories.courses import build_course

pytestmark = pytest.mark.django_db(transaction=True)


def test_concurrent_submits_enrol_each_person_once_within_capacity(
    postgres_only, organisation, coordinator
):
    second = UserFactory()
    MembershipFactory(user=second, organisation=organisation, role=Membership.Role.COORDINATOR)
    people = [UserFactory() for _ in range(3)]
    for person in people:
        MembershipFactory(user=person, organisation=organisation)
    course, _items = build_course(items=1, capacity=2)
    data = {"course": course.pk, "members": [person.pk for person in people]}

    def submit(index):
        client = Client()
        client.force_login([coordinator, second][index % 2])
        return client.post(reverse("organisation_enrol"), data).status_code

    results = run_concurrently(submit, 4)
    assert results == [302] * 4, results
    assert Enrollment.objects.filter(course=course).count() <= 3
    assert Enrollment.objects.filter(course=course, status=Enrollment.Status.ACTIVE).count() == 2
    for person in people:
        assert Enrollment.objects.filter(course=course, user=person).count() <= 1
