"""The signed-in user is loaded with their roles by one raw query (academy.backends): it
must say exactly what ``User.objects.with_roles()`` says, for every role."""

import pytest
from django.contrib.auth.models import Group

from academy.backends import ModelBackend, user_with_roles
from academy.models import TRAINERS_GROUP, Membership, User
from tests.factories.academy import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(learner, trainer, coordinator, staff, organisation):
    both = UserFactory(trainer=True)
    MembershipFactory(user=both, organisation=organisation, role=Membership.Role.COORDINATOR)
    pending = UserFactory()
    MembershipFactory(
        user=pending,
        organisation=organisation,
        role=Membership.Role.COORDINATOR,
        status=Membership.Status.PENDING,
    )
    other_group = UserFactory()
    other_group.groups.add(Group.objects.get_or_create(name="Funders")[0])
    return [learner, trainer, coordinator, staff, both, pending, other_group]


def test_the_raw_user_query_reads_the_same_roles_as_the_orm(people):
    for person in people:
        raw = user_with_roles(person.pk)
        orm = User.objects.with_roles().get(pk=person.pk)
        assert (raw._in_trainers, raw._coordinates) == (orm._in_trainers, orm._coordinates)
        assert (raw.is_trainer, raw.email, raw.preferred_language) == (
            orm.is_trainer,
            orm.email,
            orm.preferred_language,
        )
    flags = {
        p.pk: (user_with_roles(p.pk).is_trainer, user_with_roles(p.pk)._coordinates) for p in people
    }
    assert flags[people[1].pk] == (True, False)  # trainer
    assert flags[people[2].pk] == (False, True)  # coordinator
    assert flags[people[4].pk] == (True, True)  # both
    assert flags[people[5].pk] == (False, False)  # a pending request does not count
    assert Group.objects.filter(name=TRAINERS_GROUP).exists()


def test_the_backend_loads_the_user_in_one_query_and_refuses_inactive_ones(
    learner, django_assert_num_queries
):
    with django_assert_num_queries(1):
        user = ModelBackend().get_user(learner.pk)
        assert user == learner and user.is_trainer is False
    assert ModelBackend().get_user(0) is None
    learner.is_active = False
    learner.save(update_fields=["is_active"])
    assert ModelBackend().get_user(learner.pk) is None
