"""Signup, email verification and login: the newcomer's path and every way it can go wrong."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from academy.models import Membership, Organisation, User
from tests.factories.academy import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

STRONG = "Migracja-2026-bezpiecznie"


def signup_data(**overrides):
    data = {
        "full_name": "Zofia Wójcik-Łęcka",
        "email": "zofia@example.org",
        "password1": STRONG,
        "password2": STRONG,
        "job_title": "Inspektorka ds. integracji",
        "preferred_language": "pl",
    }
    data.update(overrides)
    return data


def row_counts():
    return (
        User.objects.count(),
        EmailAddress.objects.count(),
        Organisation.objects.count(),
        Membership.objects.count(),
    )


def test_newcomer_joins_an_approved_organisation_and_waits_for_its_coordinator(
    client, organisation, django_capture_on_commit_callbacks
):
    # Account emails are queued on commit and sent by a task (immediately in tests).
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/signup/", signup_data(organisation=organisation.pk))

    assert response.status_code == 302
    user = User.objects.get(email="zofia@example.org")
    assert user.full_name == "Zofia Wójcik-Łęcka"
    assert user.job_title == "Inspektorka ds. integracji"
    membership = user.memberships.get()
    assert membership.organisation == organisation
    assert membership.status == Membership.Status.PENDING
    assert membership.role == Membership.Role.MEMBER
    assert not EmailAddress.objects.get(user=user).verified
    assert len(mail.outbox) == 1
    assert "Zespół Akademii Migracyjnej" in mail.outbox[0].body
    assert "potwierdź" in mail.outbox[0].subject.lower()


def test_verification_email_goes_out_in_the_chosen_language(
    client, organisation, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/accounts/signup/", signup_data(organisation=organisation.pk, preferred_language="uk")
        )

    assert User.objects.get(email="zofia@example.org").preferred_language == "uk"
    assert re.search("[а-яіїєґ]", mail.outbox[0].subject.lower()), mail.outbox[0].subject


def test_requesting_a_new_organisation_waits_for_staff_and_makes_the_requester_its_coordinator(
    client,
):
    response = client.post(
        "/accounts/signup/",
        signup_data(
            new_organisation_name="Stowarzyszenie Nowy Sąsiad",
            new_organisation_kind="ngo",
            new_organisation_voivodeship="malopolskie",
        ),
    )

    assert response.status_code == 302
    organisation = Organisation.objects.get(name="Stowarzyszenie Nowy Sąsiad")
    assert organisation.is_approved is False
    assert organisation.requested_by.email == "zofia@example.org"
    membership = organisation.memberships.get()
    assert (membership.role, membership.status) == (
        Membership.Role.COORDINATOR,
        Membership.Status.PENDING,
    )


def test_an_unapproved_organisation_is_not_offered_at_signup(client):
    OrganisationFactory(name="Fundacja Jeszcze Niezatwierdzona", is_approved=False)

    response = client.get("/accounts/signup/")

    assert "Fundacja Jeszcze Niezatwierdzona" not in response.content.decode()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"password1": "krotkie", "password2": "krotkie"}, "password1", "To hasło jest za krótkie"),
        (
            {"password1": "1234567890123", "password2": "1234567890123"},
            "password1",
            "Hasło składa się wyłącznie z cyfr",
        ),
        ({"password2": "Inne-haslo-2026-xyz"}, "password2", None),
        ({"full_name": "  "}, "full_name", "To pole jest wymagane"),
        ({"email": "not-an-email"}, "email", "Wprowadź poprawny adres email"),
        ({"organisation": "999999"}, "organisation", "Wybierz organizację z listy"),
        ({"organisation": ""}, "organisation", "Wybierz swoją organizację"),
    ],
    ids=[
        "short-password",
        "numeric-password",
        "mismatch",
        "no-name",
        "bad-email",
        "forged-org",
        "no-org",
    ],
)
def test_bad_signup_input_gets_a_clear_polish_message_and_creates_nothing(
    client, organisation, overrides, field, message
):
    data = signup_data(organisation=organisation.pk)
    data.update(overrides)
    before = row_counts()

    response = client.post("/accounts/signup/", data)

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors, errors
    if message:
        assert message in " ".join(errors[field]), errors[field]
        assert message in response.content.decode()
    assert row_counts() == before
    assert mail.outbox == []


def test_an_organisation_id_of_an_unapproved_organisation_is_refused(client):
    hidden = OrganisationFactory(is_approved=False)
    before = row_counts()

    response = client.post("/accounts/signup/", signup_data(organisation=hidden.pk))

    assert "Wybierz organizację z listy" in " ".join(
        response.context["form"].errors["organisation"]
    )
    assert row_counts() == before


def test_choosing_an_organisation_and_naming_a_new_one_is_refused(client, organisation):
    before = row_counts()
    response = client.post(
        "/accounts/signup/",
        signup_data(
            organisation=organisation.pk,
            new_organisation_name="Coś nowego",
            new_organisation_kind="ngo",
        ),
    )
    assert "new_organisation_name" in response.context["form"].errors
    assert row_counts() == before


def test_a_new_organisation_that_already_exists_is_refused(client, organisation):
    before = row_counts()
    response = client.post(
        "/accounts/signup/",
        signup_data(
            new_organisation_name=organisation.name.upper(),
            new_organisation_kind="municipality",
            new_organisation_voivodeship=organisation.voivodeship,
        ),
    )
    assert "Ta organizacja już istnieje" in " ".join(
        response.context["form"].errors["new_organisation_name"]
    )
    assert row_counts() == before


def test_a_duplicate_email_is_told_plainly_and_nothing_is_created(client, organisation, learner):
    before = row_counts()

    response = client.post(
        "/accounts/signup/", signup_data(email=learner.email.upper(), organisation=organisation.pk)
    )

    assert response.status_code == 200
    assert (
        "W systemie jest już zarejestrowany użytkownik o tym adresie e-mail"
        in response.content.decode()
    )
    assert row_counts() == before
    assert mail.outbox == []


def _signup_and_get_link(client, organisation):
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post("/accounts/signup/", signup_data(organisation=organisation.pk))
    return re.search(r"http://testserver(/accounts/confirm-email/\S+)", mail.outbox[-1].body).group(
        1
    )


def test_verification_link_confirms_once_and_a_reused_link_is_refused(client, organisation):
    link = _signup_and_get_link(client, organisation)

    assert client.post(link).status_code == 302
    assert EmailAddress.objects.get(email="zofia@example.org").verified

    reused = client.get(link)
    assert "wygasł lub jest nieprawidłowy" in reused.content.decode()


def test_a_tampered_verification_link_is_refused(client, organisation):
    link = _signup_and_get_link(client, organisation)
    tampered = link[:-6] + "AAAAA/"

    assert "wygasł lub jest nieprawidłowy" in client.get(tampered).content.decode()
    assert client.post(tampered).status_code == 404
    assert not EmailAddress.objects.get(email="zofia@example.org").verified


def test_an_unverified_user_cannot_sign_in_until_the_email_is_confirmed(client):
    UserFactory(email="fresh@example.org", verified=False)

    response = client.post(
        "/accounts/login/",
        {"login": "fresh@example.org", "password": "correct-horse-battery-staple"},
    )

    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert "_auth_user_id" not in client.session


def test_repeated_wrong_passwords_are_rate_limited_even_for_the_right_password(
    client, learner, password
):
    for _attempt in range(6):  # five free, the sixth pauses the account (academy/signin_limits.py)
        response = client.post(
            "/accounts/login/", {"login": learner.email, "password": "wrong-password"}
        )
        assert "_auth_user_id" not in client.session

    response = client.post("/accounts/login/", {"login": learner.email, "password": password})

    assert "Zbyt wiele błędnych haseł dla tego konta" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_verified_user_signs_in_with_email_and_lands_on_the_dashboard(client, learner, password):
    response = client.post("/accounts/login/", {"login": learner.email, "password": password})

    assert response.status_code == 302
    assert response["Location"] == "/dashboard/"


def test_password_reset_answers_about_unknown_addresses_are_limited_per_address(client, learner):
    """Password reset says plainly whether an address has an account (docs/accounts.md,
    "Does an address have an account?"): one network may ask at most 30 times an hour."""
    answers = []
    for attempt in range(31):
        response = client.post(
            "/accounts/password/reset/", {"email": f"probe{attempt}@example.org"}
        )
        answers.append(response.content.decode())
    assert all("nie jest powiązany z żadnym kontem" in answer for answer in answers[:30])
    assert "Zbyt wiele próśb o reset hasła" in answers[30]
    assert "nie jest powiązany z żadnym kontem" not in answers[30]
