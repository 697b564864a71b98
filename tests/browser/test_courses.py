"""A learner's path through a sequential course, in a real browser (Polish and English UI)."""

import pytest
from django.utils import timezone

from courses.models import Course, Enrollment
from tests.browser.conftest import assert_accessible
from tests.factories.academy import UserFactory
from tests.factories.courses import (
    CourseFactory,
    ItemFactory,
    LinkFactory,
    ModuleFactory,
    PageFactory,
    TopicFactory,
    VideoFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


def make_course(language="pl"):
    topic = TopicFactory(name="Integracja lokalna", slug="integracja-lokalna")
    CourseFactory(title="Inny kurs o azylu", slug="inny-kurs", summary="Procedury azylowe.")
    course = CourseFactory(
        title="Lokalna polityka integracyjna",
        slug="lokalna-polityka",
        is_sequential=True,
        summary="Jak gmina planuje integrację.",
        language=language,
        published_at=timezone.now(),
    )
    course.topics.add(topic)
    first = ModuleFactory(course=course, title="Diagnoza", position=0)
    second = ModuleFactory(course=course, title="Współpraca", position=1)
    PageFactory(
        item=ItemFactory(module=first, title="Dane o mieszkańcach", position=0),
        body="<h2>Źródła danych</h2><p>Rejestr mieszkańców i szkoły.</p>",
    )
    VideoFactory(
        item=ItemFactory(module=first, kind="video", title="Rozmowa z urzędniczką", position=1),
        transcript="Zaczęliśmy od rozmów z mieszkańcami.",
    )
    LinkFactory(item=ItemFactory(module=second, kind="link", title="Strona UdSC", position=0))
    return course


def complete_current(page, expected_course_value):
    page.get_by_role("button", name="Oznacz jako ukończone", exact=True).click()
    page.locator("#progress-panel .player-item-status").wait_for()
    assert page.locator("#player-course-progress").get_attribute("value") == str(
        expected_course_value
    )


def test_a_learner_finds_enrols_and_completes_a_sequential_course(page, live_server, sign_in):
    course = make_course()
    learner = UserFactory(full_name="Anna Kowalczyk", preferred_language="pl")
    sign_in(learner)

    page.goto("/courses/")
    assert_accessible(page)
    page.get_by_label("Szukaj").fill("integracyjna")
    page.get_by_role("button", name="Pokaż kursy").click()
    page.wait_for_url("**/courses/?*q=integracyjna*")
    assert (
        page.locator("#catalog-results").get_by_role("link", name="Inny kurs o azylu").count() == 0
    )
    page.get_by_role("link", name="Lokalna polityka integracyjna").click()

    page.wait_for_url(f"**/courses/{course.slug}/")
    assert_accessible(page)
    assert page.get_by_text("Ukończ wszystkie 3 wymagane kroki.").is_visible()
    page.get_by_role("button", name="Zapisz się na kurs").click()

    page.wait_for_url("**/items/*/")
    assert page.get_by_role("heading", level=1).inner_text() == "Dane o mieszkańcach"
    assert_accessible(page)
    outline = page.locator("#course-outline")
    assert "najpierw ukończ „Dane o mieszkańcach”" in outline.inner_text()
    assert outline.get_by_role("link", name="Rozmowa z urzędniczką").count() == 0
    assert page.locator("#player-course-progress").get_attribute("value") == "0"

    complete_current(page, 33)
    # The next step unlocked in the outline without reloading the page.
    outline.get_by_role("link", name="Rozmowa z urzędniczką").click()
    page.wait_for_url("**/items/*/")
    assert page.get_by_text("Zaczęliśmy od rozmów z mieszkańcami.").count() == 1
    complete_current(page, 66)
    assert page.locator("#player-module-progress").get_attribute("value") == "100"

    page.get_by_role("link", name="Następny: Strona UdSC").click()
    page.wait_for_url("**/items/*/")
    complete_current(page, 100)
    assert page.locator(".course-complete").is_visible()
    assert Enrollment.objects.get(user=learner, course=course).completed_at is not None

    page.goto("/dashboard/")
    assert_accessible(page)
    completed = page.locator(".learning-completed")
    assert completed.get_by_role("link", name="Lokalna polityka integracyjna").is_visible()
    assert "Ukończone" in completed.inner_text()


def test_marking_complete_works_without_javascript(browser, live_server, sign_in):
    course = make_course()
    learner = UserFactory(preferred_language="pl")
    Enrollment.objects.create(user=learner, course=course, enrolled_at=timezone.now())
    context = browser.new_context(
        base_url=live_server.url, java_script_enabled=False, locale="pl-PL"
    )
    try:
        from django.conf import settings
        from django.test import Client

        client = Client()
        client.force_login(learner)
        context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                    "url": live_server.url,
                }
            ]
        )
        page = context.new_page()
        page.goto(f"/courses/{course.slug}/learn/")
        page.get_by_role("button", name="Oznacz jako ukończone i przejdź dalej").click()
        page.wait_for_url("**/items/*/")
        assert page.get_by_role("heading", level=1).inner_text() == "Rozmowa z urzędniczką"
        assert page.locator("#player-course-progress").get_attribute("value") == "33"
    finally:
        context.close()


def test_the_main_path_in_english(page, live_server, sign_in):
    course = make_course(language="en")
    Course.objects.filter(pk=course.pk).update(is_sequential=False)
    learner = UserFactory(full_name="Peter Novak", preferred_language="en")
    sign_in(learner)

    page.goto(f"/courses/{course.slug}/")
    assert page.locator("html").get_attribute("lang") == "en"
    page.get_by_role("button", name="Enrol in this course").click()
    page.wait_for_url("**/items/*/")
    assert_accessible(page)
    page.get_by_role("button", name="Mark as complete", exact=True).click()
    page.locator("#progress-panel .player-item-status").wait_for()
    assert page.locator("#player-course-progress").get_attribute("value") == "33"

    page.goto("/dashboard/")
    assert_accessible(page)
    in_progress = page.locator(".my-learning")
    assert "1 of 3 required steps" in in_progress.inner_text()
    in_progress.get_by_role("link", name="Rozmowa z urzędniczką").click()
    page.wait_for_url("**/items/*/")
    assert page.get_by_role("heading", level=1).inner_text() == "Rozmowa z urzędniczką"


def test_a_trainer_approves_a_request_and_previews_the_course(page, live_server, sign_in):
    from tests.factories.courses import EnrollmentFactory

    course = make_course()
    Course.objects.filter(pk=course.pk).update(enrolment_mode=Course.EnrolmentMode.APPROVAL)
    trainer = UserFactory(full_name="Katarzyna Wiśniewska", trainer=True)
    course.trainers.add(trainer)
    waiting = EnrollmentFactory(
        course=course, status=Enrollment.Status.REQUESTED, user__full_name="Piotr Nowak"
    )
    sign_in(trainer)

    page.goto(f"/courses/{course.slug}/requests/")
    assert_accessible(page)
    page.get_by_role("button", name="Zatwierdź Piotr Nowak").click()
    page.wait_for_url(f"**/courses/{course.slug}/requests/")
    assert page.get_by_text("Nikt nie czeka na decyzję.").is_visible()
    waiting.refresh_from_db()
    assert waiting.status == Enrollment.Status.ACTIVE

    page.goto(f"/courses/{course.slug}/")
    page.get_by_role("link", name="Podgląd jako uczestnik").click()
    page.wait_for_url("**/preview/items/*/")
    assert_accessible(page)
    # Nothing is locked in preview, even in a sequential course.
    page.locator("#course-outline").get_by_role("link", name="Strona UdSC").click()
    page.wait_for_url("**/preview/items/*/")
    assert page.get_by_role("heading", level=1).inner_text() == "Strona UdSC"
