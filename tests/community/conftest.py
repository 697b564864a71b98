"""A community scenario: a course space (trainer, enrolled learner), the organisation's
private space (coordinator), a thematic community with an appointed moderator, and
people of a second organisation and outside the course to prove isolation."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from community import services
from community.models import Space, Suspension
from tests.factories.academy import MembershipFactory, UserFactory
from tests.factories.courses import CourseFactory, EnrollmentFactory


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run on-commit callbacks (task enqueues; tasks run at once in the tests)."""

    def run(function, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(*args, **kwargs)

    return run


@pytest.fixture
def course(trainer):
    return CourseFactory(
        title="Praca z uchodźcami w gminie", slug="praca-z-uchodzcami", trainers=[trainer]
    )


@pytest.fixture
def enrolled(learner, course):
    EnrollmentFactory(user=learner, course=course)
    return learner


@pytest.fixture
def course_space(course, enrolled):
    return services.course_space_ensure(course)


@pytest.fixture
def organisation_space(organisation):
    return services.organisation_space_ensure(organisation)


@pytest.fixture
def community_space(db):
    return services.community_create(
        title="Zakwaterowanie zbiorowe", description="Wymiana doświadczeń", slug="zakwaterowanie"
    )


@pytest.fixture
def not_enrolled(organisation):
    user = UserFactory(email="not-enrolled@example.org", full_name="Nina Niezapisana")
    MembershipFactory(user=user, organisation=organisation)
    return user


@pytest.fixture
def moderator(other_organisation, community_space):
    user = UserFactory(email="moderator@example.org", full_name="Marek Moderator")
    MembershipFactory(user=user, organisation=other_organisation)
    community_space.moderators.add(user)
    return user


@pytest.fixture
def suspended(course, organisation, course_space, community_space, organisation_space):
    user = UserFactory(email="suspended@example.org", full_name="Sabina Zawieszona")
    MembershipFactory(user=user, organisation=organisation)
    EnrollmentFactory(user=user, course=course)
    services.community_join(space=community_space, user=user)
    until = timezone.now() + timedelta(days=3)
    for space in (course_space, community_space, organisation_space):
        Suspension.objects.create(space=space, user=user, until=until, reason="spam")
    return user


def spaces(course_space, organisation_space, community_space) -> dict[str, Space]:
    return {
        "course": course_space,
        "organisation": organisation_space,
        "community": community_space,
    }
