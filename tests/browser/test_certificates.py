"""Acceptance: a learner completes a course, gets the certificate on the dashboard,
downloads it, an employer verifies it; a trainer revokes it and the page says so."""

import re

import pytest

from courses.progress import progress_record
from tests.browser.conftest import assert_accessible
from tests.factories.certificates import CertificateTemplateFactory
from tests.factories.courses import CourseFactory, EnrollmentFactory, ItemFactory, ModuleFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _private_storage(settings, tmp_path):
    settings.CERTIFICATES_STORAGE_ROOT = tmp_path / "certificates"


@pytest.fixture
def completed_course(learner, trainer):
    course = CourseFactory(
        title="Ochrona czasowa dla osób z Ukrainy",
        slug="ochrona-czasowa",
        estimated_hours=6,
        trainers=[trainer],
    )
    CertificateTemplateFactory(course=course)
    module = ModuleFactory(course=course)
    items = [ItemFactory(module=module, title=f"Lekcja {n}") for n in (1, 2)]
    enrollment = EnrollmentFactory(user=learner, course=course)
    for item in items:  # the progress engine; course_completed fires on commit
        progress_record(enrollment=enrollment, item=item, completed=True)
    return course


def test_learner_gets_downloads_and_an_employer_verifies_then_a_trainer_revokes(
    page, sign_in, learner, trainer, completed_course
):
    from certificates.models import Certificate

    certificate = Certificate.objects.get(user=learner)
    sign_in(learner)
    page.goto("/dashboard/")
    section = page.locator("section", has=page.get_by_role("heading", name="Moje zaświadczenia"))
    assert section.get_by_role("heading", name="Ochrona czasowa dla osób z Ukrainy").is_visible()
    assert_accessible(page)

    with page.expect_download() as download_info:
        section.get_by_role("link", name=re.compile("^Pobierz PDF")).click()
    with open(download_info.value.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"

    page.get_by_role("link", name="Wszystkie moje zaświadczenia").click()
    page.get_by_role("heading", level=1, name="Moje zaświadczenia").wait_for()
    assert_accessible(page)

    page.get_by_role("link", name=re.compile("^Strona weryfikacji")).first.click()
    page.get_by_text("To zaświadczenie jest ważne.").wait_for()
    assert page.get_by_text("Łucja Źdźbło-Kowalska").is_visible()
    assert_accessible(page)
    verify_path = certificate.get_absolute_url()

    sign_in(trainer)
    page.goto(f"/certificates/{certificate.pk}/manage/")
    assert_accessible(page)
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_label("Powód").first.fill("Zaświadczenie wydane omyłkowo")
    page.get_by_role("button", name="Unieważnij zaświadczenie").click()
    page.get_by_text("Zaświadczenie unieważniono.").wait_for()

    page.goto(verify_path)
    page.get_by_text("To zaświadczenie zostało unieważnione.").wait_for()
    assert "omyłkowo" not in page.content()
    assert_accessible(page)


def test_an_employer_types_the_code_in_the_english_interface(page, learner, completed_course):
    from certificates.models import Certificate

    certificate = Certificate.objects.get(user=learner)
    page.goto("/certificates/verify/")
    page.locator("form.language-switcher button[value=en]").click()
    page.get_by_role("heading", level=1, name="Verify a certificate").wait_for()
    assert_accessible(page)
    page.get_by_label("Verification code").fill(certificate.display_code.lower().replace("-", " "))
    page.get_by_role("button", name="Check certificate").click()
    page.get_by_text("This certificate is valid.").wait_for()
    assert page.url.endswith(certificate.get_absolute_url())
    assert_accessible(page)

    page.goto("/certificates/verify/ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ/")
    page.get_by_role("heading", level=1, name="Certificate not found").wait_for()
    assert_accessible(page)


def test_trainer_pages_are_accessible_and_a_bad_placeholder_is_explained(
    page, sign_in, trainer, completed_course
):
    sign_in(trainer)
    page.goto(f"/certificates/course/{completed_course.slug}/")
    page.get_by_role("heading", level=2, name="Wydane zaświadczenia").wait_for()
    assert_accessible(page)
    page.goto(f"/certificates/course/{completed_course.slug}/template/")
    assert_accessible(page)
    page.get_by_label("Treść:", exact=True).fill("Gratulacje, {imie}!")
    page.get_by_role("button", name="Zapisz szablon").click()
    page.get_by_text("Nieznane pole {imie}").wait_for()
    assert_accessible(page)
