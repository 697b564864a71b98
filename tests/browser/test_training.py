"""Acceptance: a coordinator onboards staff from a CSV, assigns a course with a due date;
a new member accepts and starts; the scheduler reminds; the coordinator downloads a
training record and the XLSX; staff read the protected programme report."""

import io
from datetime import timedelta

import pypdf
import pytest
from django.core import mail
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

from background.schedule import tick
from courses.models import Enrollment
from notifications.models import Notification
from tests.browser.conftest import assert_accessible
from tests.factories.courses import build_course
from training.models import Assignee, Invitation

pytestmark = pytest.mark.django_db(transaction=True)

CSV = (
    "imię i nazwisko;e-mail;wydział;stanowisko\n"
    "Anna Nowak;anna.nowak@example.org;Wydział Spraw Społecznych;Referentka\n"
    "Jan Wiśniewski;jan.w@example.org;Wydział Spraw Społecznych;Inspektor\n"
    "Olena Koval;olena.koval@example.org;Wydział Edukacji;Asystentka\n"
    "Piotr Zieliński;piotr.z@example.org;Wydział Edukacji;Kierownik\n"
    "Maria Dąbrowska;maria.d@example.org;;Sekretarka\n"
)


def test_coordinator_onboards_assigns_reminds_and_reports(
    page, context, browser, live_server, sign_in, coordinator, organisation, staff
):
    course, _items = build_course(modules=1, items=2, title="Ochrona czasowa w gminie")
    sign_in(coordinator)

    # 1. Five staff from a CSV: a preview first, nothing created until confirmed.
    page.goto("/training/import/")
    assert_accessible(page)
    page.get_by_label("Plik CSV lub XLSX").set_input_files(
        files=[{"name": "pracownicy.csv", "mimeType": "text/csv", "buffer": CSV.encode()}]
    )
    page.get_by_role("button", name="Sprawdź plik").click()
    page.get_by_role("heading", name="Podgląd").wait_for()
    assert_accessible(page)
    assert page.locator("tr.row-ok").count() == 5
    assert Invitation.objects.count() == 0
    page.get_by_role("button", name="Zaproś 5 osób").click()
    page.wait_for_url("**/training/?organisation=*")
    assert Invitation.objects.count() == 5
    assert_accessible(page)

    # 2. Assign the course to the whole organisation, due in 14 days (the default).
    page.get_by_role("link", name="Przypisz szkolenie").first.click()
    assert_accessible(page)
    page.get_by_label("Kurs", exact=True).select_option(label="Ochrona czasowa w gminie")
    page.get_by_label("Cała organizacja").check()
    page.get_by_role("button", name="Przypisz", exact=True).click()
    page.wait_for_url("**/training/assignments/**")
    assert_accessible(page)
    due = timezone.localdate() + timedelta(days=14)
    assert Assignee.objects.filter(due_on=due).count() == 6  # the coordinator and five invited

    # 3. A new member accepts the invitation (creates the account) and starts the course.
    invitation = Invitation.objects.get(email="anna.nowak@example.org")
    newcomer_context = browser.new_context(base_url=live_server.url, locale="pl-PL")
    newcomer = newcomer_context.new_page()
    newcomer.goto(f"/training/invitations/{invitation.token}/")
    assert_accessible(newcomer)
    newcomer.get_by_label("Twoje imię i nazwisko").fill("Anna Nowak")
    newcomer.get_by_label("Hasło", exact=True).fill("bardzo-dlugie-haslo-42")
    newcomer.get_by_label("Powtórz hasło").fill("bardzo-dlugie-haslo-42")
    newcomer.get_by_role("button", name="Załóż konto i dołącz").click()
    newcomer.wait_for_url("**/training/mine/")
    assert_accessible(newcomer)
    assert "Ochrona czasowa w gminie" in newcomer.locator("main").inner_text()
    newcomer.goto("/dashboard/")
    assert "Terminy" in newcomer.locator("main").inner_text()
    newcomer.goto(f"/courses/{course.slug}/learn/")
    assert newcomer.locator("main").count() == 1
    anna = Enrollment.objects.get(course=course, user__email="anna.nowak@example.org").user
    newcomer_context.close()

    # 4. The scheduler's daily job reminds her three days before the due date.
    Assignee.objects.update(due_on=timezone.localdate() + timedelta(days=2))
    now = timezone.now()
    tick(holder="test", now=now - timedelta(days=2))
    mail.outbox.clear()
    assert "training.remind_deadlines" in tick(holder="test", now=now)
    assert Notification.objects.filter(recipient=anna, type="courses.deadline_approaching").exists()
    assert any("anna.nowak@example.org" in m.to for m in mail.outbox)

    # 5. The coordinator downloads her training record and the XLSX report.
    page.goto("/training/people/")
    assert_accessible(page)
    row = page.get_by_role("row").filter(has_text="Anna Nowak")
    with page.expect_download() as download:
        row.get_by_role("link", name="Karta szkoleń (PDF)").click()
    with open(download.value.path(), "rb") as handle:
        text = "".join(p.extract_text() for p in pypdf.PdfReader(handle).pages)
    assert "Karta szkoleń" in text and "Anna Nowak" in text
    with page.expect_download() as download:
        page.get_by_role("link", name="Pobierz raport (XLSX)").click()
    with open(download.value.path(), "rb") as handle:
        sheet = load_workbook(io.BytesIO(handle.read())).active
    assert sheet.freeze_panes == "A2"
    names = {sheet.cell(row=r, column=1).value for r in range(2, sheet.max_row + 1)}
    assert "Anna Nowak" in names and sheet.max_row == 7

    # 6. Staff open the programme report, filter by voivodeship, see suppressed cells.
    page.context.clear_cookies()
    sign_in(staff)
    page.goto("/reports/")
    assert_accessible(page)
    page.get_by_label("Województwo").select_option(value=organisation.voivodeship)
    page.get_by_role("button", name="Pokaż", exact=True).click()
    page.wait_for_url("**/reports/?*voivodeship=*")
    assert_accessible(page)
    assert page.locator("table .suppressed").count() > 0
    assert "ukryte dla ochrony prywatności" in page.locator("main").inner_text()


def test_the_public_impact_page_in_english(page, live_server):
    page.context.add_cookies([{"name": "academy_language", "value": "en", "url": live_server.url}])
    page.goto("/reports/impact/")
    assert_accessible(page)
    expect(page.get_by_role("heading", name="Our impact")).to_be_visible()


def _pdf_text(download) -> str:
    with open(download.value.path(), "rb") as handle:
        return "".join(p.extract_text() for p in pypdf.PdfReader(handle).pages)


def test_a_learner_downloads_the_path_certificate_and_staff_see_workshop_attendance(
    page, live_server, sign_in, learner, staff, organisation
):
    from courses.progress import progress_record
    from tests.factories.academy import MembershipFactory, UserFactory
    from tests.workshops.conftest import make_session
    from training.models import LearningPath, PathCompletion, PathStep
    from workshops.models import Booking
    from workshops.services import workshop_create

    course, items = build_course(modules=1, items=2, title="Ochrona czasowa w gminie")
    path = LearningPath.objects.create(
        title="Ścieżka: ochrona czasowa", slug="sciezka-ochrona", is_published=True
    )
    PathStep.objects.create(path=path, course=course, position=1)
    enrollment = Enrollment.objects.create(
        user=learner, course=course, status=Enrollment.Status.ACTIVE, enrolled_at=timezone.now()
    )
    for item in items:
        progress_record(enrollment=enrollment, item=item, completed=True)
    completion = PathCompletion.objects.get(user=learner, path=path)

    # Five colleagues attended a workshop of the course (five: the report hides 1–4).
    workshop = workshop_create(
        module=course.modules.first(), title="Warsztat: ochrona czasowa", actor=staff
    )
    session = make_session(workshop, start=timezone.now() - timedelta(days=1), room=10)
    for _index in range(5):
        person = UserFactory()
        MembershipFactory(user=person, organisation=organisation)
        Booking.objects.create(session=session, user=person, status=Booking.Status.ATTENDED)

    # In Polish: the path page offers the certificate; the PDF names her, the path, the number.
    sign_in(learner)
    page.goto(f"/training/paths/{path.slug}/")
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Pobierz zaświadczenie ukończenia ścieżki (PDF)").click()
    text = _pdf_text(download)
    assert learner.full_name in text and path.title in text and completion.number in text
    assert "Zaświadczenie ukończenia ścieżki szkoleniowej" in text
    page.goto("/training/mine/")
    assert_accessible(page)
    expect(
        page.get_by_role("link", name=f"Zaświadczenie ścieżki „{path.title}” (PDF)")
    ).to_be_visible()

    # In English on a phone: the same download, the certificate in her language now.
    learner.preferred_language = "en"
    learner.save(update_fields=["preferred_language"])
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"/training/paths/{path.slug}/")
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the path certificate (PDF)").click()
    assert "Learning path certificate" in _pdf_text(download)

    # An employer opens the verification address without an account.
    page.context.clear_cookies()
    page.goto(f"/training/paths/verify/{completion.code}/")
    assert_accessible(page)
    assert learner.full_name in page.locator("main").inner_text()
    page.goto(f"/training/paths/verify/{'0' * 32}/")
    assert_accessible(page)
    page.set_viewport_size({"width": 1280, "height": 900})

    # Staff see workshop attendees by course, in Polish and in English.
    sign_in(staff)
    page.goto("/reports/?by=course")
    assert_accessible(page)
    expect(page.get_by_role("columnheader", name="Uczestnicy warsztatów")).to_be_visible()
    row = page.get_by_role("row").filter(has_text="Ochrona czasowa w gminie")
    assert row.get_by_role("cell").last.inner_text() == "5"
    staff.preferred_language = "en"
    staff.save(update_fields=["preferred_language"])
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto("/reports/?by=course")
    assert_accessible(page)
    expect(page.get_by_role("columnheader", name="Workshop attendees")).to_be_visible()
