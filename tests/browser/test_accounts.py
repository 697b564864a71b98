"""A newcomer's first visit, in a real browser: sign up, verify, sign in, switch language."""

import re

import pytest
from django.core import mail

from academy.models import Membership, User
from tests.browser.conftest import assert_accessible
from tests.factories.academy import MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_newcomer_signs_up_verifies_signs_in_and_switches_to_ukrainian(page, live_server):
    organisation = OrganisationFactory(name="Urząd Gminy Przykładowo")

    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "pl"
    assert_accessible(page)
    page.get_by_role("link", name="Załóż konto").first.click()

    page.wait_for_url("**/accounts/signup/")
    assert_accessible(page)
    page.get_by_label("Imię i nazwisko").fill("Zofia Wójcik-Łęcka")
    page.get_by_label("E-mail").fill("zofia@example.org")
    page.get_by_label("Hasło:", exact=True).fill("Migracja-2026-bezpiecznie")
    page.get_by_label("Hasło (ponownie)").fill("Migracja-2026-bezpiecznie")
    page.get_by_label("Organizacja:", exact=True).select_option(label=organisation.name)
    page.get_by_label("Stanowisko").fill("Inspektorka ds. integracji")
    page.get_by_role("button", name="Zarejestruj się").click()

    page.wait_for_url("**/accounts/confirm-email/")
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+)", mail.outbox[0].body).group(1)
    page.goto(link)
    page.get_by_role("button", name="Potwierdź").click()

    page.wait_for_url("**/accounts/login/")
    assert_accessible(page)
    page.get_by_label("E-mail").fill("zofia@example.org")
    page.get_by_label("Hasło:", exact=True).fill("Migracja-2026-bezpiecznie")
    page.get_by_role("button", name="Zaloguj", exact=True).click()

    page.wait_for_url("**/dashboard/")
    assert page.get_by_role("heading", level=1).inner_text() == "Witaj, Zofia"
    assert_accessible(page)

    page.get_by_role("button", name="Українська").click()
    page.wait_for_url("**/dashboard/")
    assert page.locator("html").get_attribute("lang") == "uk"
    assert page.get_by_role("heading", level=1).inner_text() == "Вітаємо, Zofia"
    assert page.get_by_text("Ваш профіль").is_visible()
    assert_accessible(page)
    assert User.objects.get(email="zofia@example.org").preferred_language == "uk"
    assert (
        Membership.objects.get(user__email="zofia@example.org").status == Membership.Status.PENDING
    )


def test_a_coordinator_approves_a_newcomer_in_english(page, sign_in):
    organisation = OrganisationFactory(name="Fundacja Otwarte Drzwi")
    coordinator = UserFactory(full_name="Marta Koordynatorka", preferred_language="en")
    MembershipFactory(user=coordinator, organisation=organisation, role=Membership.Role.COORDINATOR)
    applicant = MembershipFactory(
        organisation=organisation,
        status=Membership.Status.PENDING,
        user=UserFactory(full_name="Jan Nowy"),
    )
    sign_in(coordinator)

    page.goto("/dashboard/")
    page.get_by_role("link", name="My organisation", exact=True).click()
    assert_accessible(page)
    page.get_by_role("button", name="Approve Jan Nowy").click()

    assert page.get_by_text("Jan Nowy is now a member of Fundacja Otwarte Drzwi.").is_visible()
    applicant.refresh_from_db()
    assert applicant.status == Membership.Status.APPROVED
    assert_accessible(page)
