"""A coordinator enrols staff and follows their progress, in a real browser."""

import csv
import io

import pytest

from courses.models import Enrollment
from courses.progress import progress_record
from tests.browser.conftest import assert_accessible
from tests.factories.academy import MembershipFactory, UserFactory
from tests.factories.courses import build_course

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_coordinator_enrols_two_members_and_follows_their_progress(
    page, sign_in, coordinator, learner, organisation, trainer
):
    colleague = UserFactory(email="colleague@example.org", full_name="Zofia Żółć")
    MembershipFactory(user=colleague, organisation=organisation)
    course, items = build_course(
        modules=1, items=2, trainers=[trainer], title="Ochrona czasowa w gminie"
    )
    sign_in(coordinator)

    page.goto("/organisation/members/")
    page.get_by_role("link", name="Zapisz pracowników na kurs").click()
    page.wait_for_url("**/organisation/enrol/")
    assert_accessible(page)
    page.get_by_label("Kurs", exact=True).select_option(label="Ochrona czasowa w gminie")
    page.get_by_label(f"{learner.full_name} ({learner.email})").check()
    page.get_by_label(f"{colleague.full_name} ({colleague.email})").check()
    page.get_by_role("button", name="Zapisz", exact=True).click()
    page.wait_for_url("**/organisation/progress/?*")
    assert "Ochrona czasowa w gminie: 2 osoby zapisane." in page.locator(".messages").inner_text()
    assert Enrollment.objects.filter(course=course, status=Enrollment.Status.ACTIVE).count() == 2

    # The learner completes one of the two items; the report shows it at once.
    enrollment = Enrollment.objects.get(user=learner, course=course)
    progress_record(enrollment=enrollment, item=items[0], completed=True)
    page.goto("/organisation/progress/")
    assert_accessible(page)
    learner_row = page.get_by_role("row").filter(has_text=learner.full_name)
    assert learner_row.locator("progress").get_attribute("value") == "50"
    assert "1 z 2" in learner_row.inner_text()
    colleague_row = page.get_by_role("row").filter(has_text=colleague.full_name)
    assert colleague_row.locator("progress").get_attribute("value") == "0"

    # One person's courses item by item.
    learner_row.get_by_role("link", name=learner.full_name).click()
    page.wait_for_url(f"**/organisation/progress/people/{learner.pk}/")
    assert_accessible(page)
    first_item = page.get_by_role("row").filter(has_text=items[0].title)
    assert "Ukończone" in first_item.inner_text()
    page.get_by_role("link", name="Wróć do postępów pracowników").click()
    page.wait_for_url("**/organisation/progress/")

    page.get_by_label("Stan").select_option(label="W toku")
    page.get_by_role("button", name="Pokaż", exact=True).click()
    page.wait_for_url("**state=in_progress*")
    assert page.get_by_role("row").filter(has_text=colleague.full_name).count() == 0
    assert page.get_by_role("row").filter(has_text=learner.full_name).count() == 1

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Pobierz jako CSV (Excel)").click()
    with open(download_info.value.path(), "rb") as handle:
        body = handle.read()
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "Imię i nazwisko"
    assert [(row[0], row[4], row[6]) for row in rows[1:]] == [
        (learner.full_name, course.title, "50")
    ]


def test_the_report_in_english(page, sign_in, coordinator, learner, trainer):
    coordinator.preferred_language = "en"
    coordinator.save(update_fields=["preferred_language"])
    course, _items = build_course(items=1, trainers=[trainer], title="Working with interpreters")
    Enrollment.objects.create(user=learner, course=course, status=Enrollment.Status.ACTIVE)
    sign_in(coordinator)
    page.goto("/organisation/progress/")
    assert page.get_by_role("heading", name="Staff progress", level=1).is_visible()
    assert (
        page.get_by_role("row")
        .filter(has_text=learner.full_name)
        .filter(has_text="Working with interpreters")
        .count()
        == 1
    )
    assert page.get_by_role("link", name="Download as CSV (Excel)").is_visible()
    assert_accessible(page)
