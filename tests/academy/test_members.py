"""Coordinators approve the people who join their organisation, and nobody else's."""

import pytest
from django.urls import reverse

from academy.models import Membership
from academy.permissions import can_decide_membership, coordinated_memberships
from tests.factories.academy import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def applicant(organisation):
    user = UserFactory(email="applicant@example.org", full_name="Jan Wnioskujący")
    return MembershipFactory(user=user, organisation=organisation, status=Membership.Status.PENDING)


def decide(client, membership, decision="approve"):
    return client.post(reverse("member_decide", args=[membership.pk]), {"decision": decision})


def test_a_coordinator_sees_and_approves_a_member_of_their_organisation(
    client_for, coordinator, applicant
):
    client = client_for(coordinator)
    page = client.get(reverse("members"))
    assert "Jan Wnioskujący" in page.content.decode()

    response = decide(client, applicant)

    assert response.status_code == 302
    applicant.refresh_from_db()
    assert applicant.status == Membership.Status.APPROVED
    assert applicant.decided_by == coordinator
    assert applicant.decided_at is not None


def test_a_coordinator_can_reject_a_request(client_for, coordinator, applicant):
    decide(client_for(coordinator), applicant, "reject")
    applicant.refresh_from_db()
    assert applicant.status == Membership.Status.REJECTED


def test_a_coordinator_of_another_organisation_gets_404_and_changes_nothing(
    client_for, other_coordinator, applicant
):
    client = client_for(other_coordinator)

    assert "Jan Wnioskujący" not in client.get(reverse("members")).content.decode()
    assert decide(client, applicant).status_code == 404
    applicant.refresh_from_db()
    assert applicant.status == Membership.Status.PENDING


@pytest.mark.parametrize("persona", ["learner", "outsider", "trainer"])
def test_people_who_coordinate_nothing_get_404_when_deciding(
    request, client_for, applicant, persona
):
    user = request.getfixturevalue(persona)
    assert decide(client_for(user), applicant).status_code == 404
    applicant.refresh_from_db()
    assert applicant.status == Membership.Status.PENDING


def test_anonymous_visitors_are_sent_to_login(client, applicant):
    response = decide(client, applicant)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert client.get(reverse("members")).status_code == 302


def test_staff_may_decide_for_any_organisation(client_for, staff, applicant):
    decide(client_for(staff), applicant)
    applicant.refresh_from_db()
    assert applicant.status == Membership.Status.APPROVED


def test_a_double_click_decides_once_and_says_so(client_for, coordinator, applicant):
    client = client_for(coordinator)
    decide(client, applicant)
    first_decided_at = Membership.objects.get(pk=applicant.pk).decided_at

    response = client.post(
        reverse("member_decide", args=[applicant.pk]), {"decision": "reject"}, follow=True
    )

    applicant.refresh_from_db()
    assert applicant.status == Membership.Status.APPROVED
    assert applicant.decided_at == first_decided_at
    assert "już rozpatrzony" in response.content.decode()


def test_a_coordinator_cannot_decide_their_own_membership(coordinator):
    own = coordinator.memberships.get()
    assert not can_decide_membership(coordinator, own)
    assert own not in coordinated_memberships(coordinator)


def test_predicate_and_queryset_filter_agree_for_every_persona(
    coordinator, other_coordinator, learner, outsider, staff, applicant
):
    for user in (coordinator, other_coordinator, learner, outsider, staff):
        in_list = coordinated_memberships(user).filter(pk=applicant.pk).exists()
        assert in_list == can_decide_membership(user, applicant), user.email


@pytest.mark.parametrize("count", [1, 5])
def test_the_members_page_runs_a_constant_number_of_queries(
    client_for, coordinator, organisation, count, django_assert_num_queries
):
    for index in range(count):
        MembershipFactory(
            organisation=organisation,
            status=Membership.Status.PENDING,
            user=UserFactory(full_name=f"Osoba {index}"),
        )
        MembershipFactory(organisation=organisation)
    client = client_for(coordinator)
    # session, the user (with the navigation's role flags), coordinated organisations,
    # pending list, approved list
    with django_assert_num_queries(5):
        response = client.get(reverse("members"))
    assert response.status_code == 200
