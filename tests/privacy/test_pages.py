"""Legal pages in three languages, only necessary cookies, docs/privacy.md in step with
the registry, and coordinators' access to staff data logged."""

import pytest
from django.urls import reverse

from privacy.docsgen import DOCS_PATH, render
from privacy.export import collect
from privacy.legal import NECESSARY_COOKIES
from privacy.models import AccessLog, LegalPage
from tests.factories.courses import EnrollmentFactory, build_course

pytestmark = pytest.mark.django_db


def test_docs_privacy_md_is_generated_from_the_registry():
    assert DOCS_PATH.read_text(encoding="utf-8") == render(), (
        "docs/privacy.md is stale: run `python manage.py privacy_docs` and commit it"
    )


def test_every_legal_page_is_seeded_in_three_languages():
    pairs = set(LegalPage.objects.values_list("slug", "language"))
    assert pairs == {(s, lang) for s in LegalPage.Slug.values for lang in ("pl", "en", "uk")}


@pytest.mark.parametrize(
    ("url", "language", "expected"),
    [
        ("/privacy/", "pl", "Administrator danych"),
        ("/privacy/", "en", "Data protection officer"),
        ("/privacy/", "uk", "Інспектор із захисту даних"),
        ("/terms/", "pl", "Regulamin"),
        ("/cookies/", "pl", "wyłącznie plików cookie niezbędnych"),
        ("/cookies/", "uk", "лише необхідні файли cookie"),
        ("/accessibility/", "en", "Compliance status"),
    ],
)
def test_the_legal_pages_are_public_in_each_language(client, url, language, expected):
    client.cookies["academy_language"] = language
    page = client.get(url)
    assert page.status_code == 200
    assert expected in page.content.decode()


def test_the_accessibility_statement_has_the_statutory_structure_and_dates(client):
    text = client.get("/accessibility/").content.decode()
    for heading in (
        "Stan dostępności cyfrowej",
        "Niedostępne treści",
        "Przygotowanie deklaracji dostępności",
        "Informacje zwrotne i dane kontaktowe",
        "Procedura wnioskowo-skargowa",
        "Dostępność architektoniczna",
        "Data sporządzenia",
        "Data ostatniego przeglądu",
    ):
        assert heading in text, heading


def test_without_a_page_in_the_database_the_old_templates_still_answer(client):
    LegalPage.objects.all().delete()
    assert client.get("/privacy/").status_code == 200
    assert client.get("/accessibility/").status_code == 200
    assert client.get("/terms/").status_code == 404


def _cookies_set(response):
    return {name for name, morsel in response.cookies.items() if morsel.value}


def test_the_site_sets_only_the_necessary_cookies(client, learner, password):
    seen = set()
    for url in ("/", "/courses/", "/privacy/", "/cookies/", reverse("account_login")):
        seen |= _cookies_set(client.get(url))
    seen |= _cookies_set(client.post(reverse("set_language"), {"language": "en", "next": "/"}))
    seen |= _cookies_set(
        client.post(reverse("account_login"), {"login": learner.email, "password": password})
    )
    for url in ("/dashboard/", reverse("privacy:my_data"), reverse("profile")):
        seen |= _cookies_set(client.get(url))
    seen |= _cookies_set(client.post(reverse("privacy:export_create")))
    seen |= _cookies_set(client.get(reverse("privacy:my_data")))
    assert "sessionid" in seen and "csrftoken" in seen
    assert seen <= NECESSARY_COOKIES, seen - NECESSARY_COOKIES


def test_a_coordinators_look_at_staff_progress_is_logged_and_exported(
    client_for, coordinator, learner, trainer, outsider
):
    course, _items = build_course(items=1, trainers=[trainer])
    EnrollmentFactory(user=learner, course=course)
    client = client_for(coordinator)
    client.get(reverse("organisation_progress"))
    client.get(reverse("organisation_member", args=[learner.pk]))
    b"".join(client.get(reverse("organisation_progress_csv")).streaming_content)
    actions = list(
        AccessLog.objects.filter(subject=learner, viewer=coordinator).values_list(
            "action", flat=True
        )
    )
    assert sorted(actions) == ["export_csv", "view_person", "view_report"]
    assert not AccessLog.objects.filter(subject=outsider).exists()
    exported = collect(learner)["privacy"]["privacy.AccessLog"]
    assert {row["viewer"] for row in exported} == {coordinator.full_name}
    assert (
        client_for(learner).get(reverse("organisation_member", args=[learner.pk])).status_code
        == 404
    )


def test_the_coordinator_sees_an_anonymised_person_as_deleted_user(
    client_for, coordinator, learner, trainer
):
    from privacy.erasure import erase_user

    course, _items = build_course(items=1, trainers=[trainer])
    EnrollmentFactory(user=learner, course=course)
    erase_user(user=learner)
    client = client_for(coordinator)
    report = client.get(reverse("organisation_progress")).content.decode()
    assert "Usunięty użytkownik" in report and "Łucja" not in report
    person = client.get(reverse("organisation_member", args=[learner.pk]))
    assert person.status_code == 200 and "Usunięty użytkownik" in person.content.decode()
    rows = b"".join(client.get(reverse("organisation_progress_csv")).streaming_content)
    assert "Usunięty użytkownik" in rows.decode("utf-8-sig")
