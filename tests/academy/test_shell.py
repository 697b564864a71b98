"""The site shell: public pages, health, security headers, roles in the navigation."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from academy.models import Membership, Organisation, User

pytestmark = pytest.mark.django_db


def test_healthz_reports_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "cache": "ok",
        "storage": "ok",
        "queue": "ok",
    }


@pytest.mark.parametrize(
    "url", ["/", "/privacy/", "/accessibility/", "/accounts/login/", "/accounts/signup/"]
)
def test_public_pages_open_without_an_account_in_polish(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert '<html lang="pl">' in response.content.decode()


def test_the_dashboard_requires_login(client):
    response = client.get("/dashboard/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/dashboard/"


def test_an_htmx_request_that_needs_login_gets_a_client_redirect_not_a_login_page(client):
    response = client.get(
        "/dashboard/", HTTP_HX_REQUEST="true", HTTP_HX_CURRENT_URL="http://testserver/dashboard/"
    )
    assert response.status_code == 200
    assert response["HX-Redirect"] == "/accounts/login/?next=/dashboard/"
    assert response.content == b""


def test_pages_carry_a_strict_content_security_policy(client):
    policy = client.get("/")["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "object-src 'none'" in policy


def test_no_page_contains_inline_script(client_for, coordinator):
    client = client_for(coordinator)
    for url in ["/", "/dashboard/", "/organisation/members/", "/accounts/email/"]:
        html = client.get(url).content.decode()
        assert "<script>" not in html and "onclick=" not in html, url


def test_the_learner_dashboard_shows_a_pending_membership(client_for, organisation):
    from tests.factories.academy import MembershipFactory, UserFactory

    waiting = UserFactory()
    MembershipFactory(user=waiting, organisation=organisation, status=Membership.Status.PENDING)

    html = client_for(waiting).get("/dashboard/").content.decode()

    assert "czeka na zatwierdzenie" in html


def test_navigation_follows_the_role(client_for, coordinator, learner, staff):
    assert "Moja organizacja" in client_for(coordinator).get("/dashboard/").content.decode()
    learner_html = client_for(learner).get("/dashboard/").content.decode()
    assert "Moja organizacja" not in learner_html
    assert reverse("admin:index") not in learner_html
    assert reverse("admin:index") in client_for(staff).get("/dashboard/").content.decode()


def test_a_new_role_shows_in_the_navigation_on_the_next_page(client_for, learner):
    from django.contrib.auth.models import Group

    from academy.models import TRAINERS_GROUP

    client = client_for(learner)
    before = client.get("/dashboard/").content.decode()
    assert "Moja organizacja" not in before and reverse("studio:index") not in before
    Membership.objects.filter(user=learner).update(
        role=Membership.Role.COORDINATOR, status=Membership.Status.APPROVED
    )
    learner.groups.add(Group.objects.get_or_create(name=TRAINERS_GROUP)[0])
    after = client.get("/dashboard/").content.decode()
    assert "Moja organizacja" in after and reverse("studio:index") in after


def test_staff_without_two_factor_are_sent_to_set_it_up_before_the_admin(client_for, staff):
    response = client_for(staff, mfa=False).get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp") + "?next=%2Fadmin%2F"


def test_staff_with_two_factor_reach_the_admin(client_for, staff):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    TOTP.activate(staff, generate_totp_secret())
    assert client_for(staff).get("/admin/").status_code == 200


def test_seed_demo_twice_gives_the_same_data(capsys):
    call_command("seed_demo")
    first = (User.objects.count(), Organisation.objects.count(), Membership.objects.count())
    call_command("seed_demo")
    second = (User.objects.count(), Organisation.objects.count(), Membership.objects.count())
    assert first == second
    assert first[0] >= 6
    output = capsys.readouterr().out
    assert "learner@academy.example" in output and "academy-demo-2026" in output


def test_demo_users_can_sign_in(client):
    call_command("seed_demo")
    response = client.post(
        "/accounts/login/", {"login": "learner@academy.example", "password": "academy-demo-2026"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/dashboard/"
