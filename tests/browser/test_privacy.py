"""Acceptance: a learner downloads their data, then deletes their account; after the
grace period (the scheduled job run with the clock moved on) the account is anonymised,
the certificate still verifies and the coordinator's report shows "Usunięty użytkownik"."""

import io
import re
import zipfile
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from courses.progress import progress_record
from privacy.tasks import run_deletions
from tests.browser.conftest import assert_accessible
from tests.factories.certificates import CertificateTemplateFactory
from tests.factories.courses import CourseFactory, EnrollmentFactory, ItemFactory, ModuleFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _private_storage(settings, tmp_path):
    settings.CERTIFICATES_STORAGE_ROOT = tmp_path / "certificates"
    settings.PRIVACY_EXPORT_ROOT = tmp_path / "exports"


@pytest.fixture(autouse=True)
def _legal_pages(transactional_db):
    # Seeded by a migration, but transactional tests flush the database between tests.
    from privacy.legal import seed
    from privacy.models import LegalPage

    seed(LegalPage)


@pytest.fixture
def completed_course(learner, trainer):
    course = CourseFactory(title="Prawo pobytowe w praktyce", trainers=[trainer])
    CertificateTemplateFactory(course=course)
    module = ModuleFactory(course=course)
    items = [ItemFactory(module=module, title=f"Lekcja {n}") for n in (1, 2)]
    enrollment = EnrollmentFactory(user=learner, course=course)
    for item in items:
        progress_record(enrollment=enrollment, item=item, completed=True)
    return course


def test_learner_downloads_data_deletes_account_and_the_register_survives(
    page, sign_in, learner, coordinator, password, completed_course, monkeypatch
):
    from certificates.models import Certificate

    certificate = Certificate.objects.get(user=learner)
    sign_in(learner)
    page.goto("/profile/")
    page.get_by_role("link", name="Twoje dane: pobierz je lub usuń konto").click()
    page.get_by_role("heading", level=1, name="Twoje dane").wait_for()
    assert_accessible(page)

    page.get_by_role("button", name="Przygotuj moje dane").click()
    page.get_by_text("Przygotowujemy Twoje dane.").wait_for()
    assert_accessible(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile("^Pobierz moje dane")).click()
    with open(download_info.value.path(), "rb") as handle:
        archive = zipfile.ZipFile(io.BytesIO(handle.read()))
    assert "academy.json" in archive.namelist()
    assert "Łucja Źdźbło-Kowalska" in archive.read("academy.json").decode()
    assert any(name.startswith("certificates/") for name in archive.namelist())

    page.get_by_role("link", name="Usuń moje konto").click()
    page.get_by_role("heading", name="Co zostaje i dlaczego").wait_for()
    assert_accessible(page)
    page.get_by_label("Twoje hasło").fill(password)
    page.get_by_role("button", name="Usuń moje konto").click()
    page.get_by_role("heading", level=1, name="Twoje konto zostanie usunięte").wait_for()
    assert_accessible(page)

    assert run_deletions.call() == 0  # still in the grace period
    later = timezone.now() + timedelta(days=15)
    with monkeypatch.context() as patch:
        patch.setattr("django.utils.timezone.now", lambda: later)
        assert run_deletions.call() == 1
    learner.refresh_from_db()
    assert learner.full_name == "Usunięty użytkownik" and not learner.is_active

    page.goto(certificate.get_absolute_url())
    page.get_by_text("To zaświadczenie jest ważne.").wait_for()
    expect(page.get_by_text("Łucja Źdźbło-Kowalska")).to_be_visible()
    assert_accessible(page)

    sign_in(coordinator)
    page.goto("/organisation/progress/")
    expect(page.get_by_text("Usunięty użytkownik").first).to_be_visible()
    assert "Łucja" not in page.content()
    assert_accessible(page)


def test_the_data_and_legal_pages_in_english_are_accessible(page, sign_in):
    from tests.factories.academy import UserFactory

    sign_in(UserFactory(full_name="Peter Novak", preferred_language="en"))
    for url, heading in (
        ("/account/privacy/", "Your data"),
        ("/account/privacy/delete/", "Delete my account"),
        ("/cookies/", "Cookies"),
        ("/accessibility/", "Accessibility statement"),
    ):
        page.goto(url)
        page.get_by_role("heading", level=1, name=heading).wait_for()
        assert_accessible(page)
