"""An NGO worker takes a quiz in a real browser: fails, waits out the delay, retries,
passes; the course progress updates; a trainer sees the attempt and the item analysis."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from assessments.models import Attempt, Quiz
from courses.models import Enrollment, ItemProgress
from tests.browser.conftest import assert_accessible
from tests.factories.academy import UserFactory
from tests.factories.assessments import add_question
from tests.factories.courses import CourseFactory, EnrollmentFactory, ItemFactory, ModuleFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def setup():
    trainer = UserFactory(email="trenerka@example.org", full_name="Teresa Trenerka", trainer=True)
    worker = UserFactory(email="ngo@example.org", full_name="Olena Szewczenko")
    course = CourseFactory(title="Ochrona czasowa w praktyce", trainers=[trainer])
    module = ModuleFactory(course=course, title="Podsumowanie")
    item = ItemFactory(module=module, kind="quiz", title="Test końcowy", position=1)
    quiz = Quiz.objects.create(
        item=item,
        pass_mark=100,
        attempts_allowed=3,
        wait_minutes=1,
        shuffle_choices=False,
        show_correct_answers=False,
        layout=Quiz.Layout.ONE,
    )
    add_question(
        quiz,
        owner=trainer,
        text="Kto wydaje zezwolenie na pobyt czasowy?",
        choices=[
            {
                "text": "Wojewoda",
                "is_correct": True,
                "feedback": "Tak, wojewoda właściwy dla miejsca pobytu.",
            },
            {
                "text": "Wójt",
                "is_correct": False,
                "feedback": "Nie – wójt nadaje PESEL, ale nie wydaje zezwoleń.",
            },
        ],
    )
    add_question(
        quiz,
        owner=trainer,
        type="short",
        text="Jak nazywa się status w rejestrze PESEL?",
        choices=[{"text": "UKR", "is_correct": True}],
    )
    enrollment = EnrollmentFactory(user=worker, course=course)
    return {
        "trainer": trainer,
        "worker": worker,
        "course": course,
        "quiz": quiz,
        "enrollment": enrollment,
    }


def _answer_and_submit(page, *, choice, short):
    page.get_by_label(choice).check()
    page.get_by_role("button", name="Następne pytanie").click()
    page.get_by_label("Twoja odpowiedź").fill(short)
    page.get_by_role("button", name="Zakończ podejście…").click()
    page.wait_for_url("**/submit/")
    assert_accessible(page)
    page.get_by_role("button", name="Prześlij i pokaż wynik").click()
    page.wait_for_url("**/review/")


def test_ngo_worker_fails_waits_retries_and_passes(page, sign_in, setup):
    quiz, worker = setup["quiz"], setup["worker"]
    sign_in(worker)
    item_url = reverse(
        "courses:item", kwargs={"slug": setup["course"].slug, "item_id": quiz.item_id}
    )
    page.goto(item_url)
    assert page.get_by_role("heading", name="Zasady").is_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Rozpocznij test").click()
    page.wait_for_url("**/attempt/*/")
    assert page.locator(".quiz-question-number").get_by_text("Pytanie 1 z 2").is_visible()
    assert_accessible(page)

    _answer_and_submit(page, choice="Wójt", short="ukr")  # wrong first answer
    assert page.get_by_text("Niezaliczone").first.is_visible()
    # The policy shows feedback for the chosen answer, but not which answer was right.
    assert page.get_by_text("wójt nadaje PESEL").is_visible()
    assert page.get_by_text("poprawna odpowiedź").count() == 0
    assert page.get_by_text("Możesz spróbować ponownie od").is_visible()
    assert_accessible(page)
    progress = ItemProgress.objects.get(enrollment=setup["enrollment"], item=quiz.item)
    assert progress.state != "completed" and progress.passed is False

    # Wait out the delay (move the stored time back instead of sleeping a minute).
    Attempt.objects.filter(quiz=quiz).update(submitted_at=timezone.now() - timedelta(minutes=2))
    page.goto(item_url)
    page.get_by_role("button", name="Spróbuj ponownie").click()
    page.wait_for_url("**/attempt/*/")
    _answer_and_submit(page, choice="Wojewoda", short=" UKR ")
    assert page.get_by_text("Test zaliczony; element jest ukończony.").is_visible()
    assert_accessible(page)

    progress.refresh_from_db()
    assert progress.state == "completed" and progress.passed
    enrollment = Enrollment.objects.get(pk=setup["enrollment"].pk)
    assert enrollment.required_completed == 1 and enrollment.completed_at is not None
    page.goto(item_url)
    assert page.get_by_text("Zaliczone").first.is_visible()

    # The trainer sees both attempts and the item analysis.
    sign_in(setup["trainer"])
    page.goto(reverse("assessments:results", args=[quiz.item_id]))
    attempts = page.get_by_role("table", name="Przesłane podejścia")
    assert attempts.get_by_role("cell", name="Olena Szewczenko").count() == 2
    learners = page.get_by_role("table", name="Uczestnicy")
    assert (
        learners.get_by_role("row", name="Olena Szewczenko").get_by_text("Ukończony").is_visible()
    )
    assert_accessible(page)
    page.get_by_role("link", name="Analiza pytań").click()
    assert page.get_by_text("Na podstawie 2 przesłanych podejść.").is_visible()
    assert page.get_by_role("cell", name="Wojewoda").is_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Ustawienia i pytania").click()
    assert_accessible(page)
    # The inline editor: "Edit" swaps the question's form into the list (htmx).
    page.get_by_role("link", name="Edytuj pytanie 1").click()
    expect(page.get_by_role("heading", name="Podgląd")).to_be_visible()
    assert "/edit/" in page.url and "/questions/" not in page.url
    assert_accessible(page)
    page.get_by_role("link", name="Dopasowanie").click()
    expect(page.get_by_text("Pary")).to_be_visible()
    assert_accessible(page)


def test_quiz_pages_in_english(page, context, live_server, sign_in, setup):
    worker = setup["worker"]
    worker.preferred_language = "en"
    worker.save(update_fields=["preferred_language"])
    context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url}]
    )
    sign_in(worker)
    quiz = setup["quiz"]
    page.goto(reverse("assessments:start", args=[quiz.item_id]))
    assert page.get_by_role("heading", name="Rules").is_visible()
    page.get_by_role("button", name="Start the quiz").click()
    page.wait_for_url("**/attempt/*/")
    assert page.locator(".quiz-question-number").get_by_text("Question 1 of 2").is_visible()
    # Autosave with htmx: the status line confirms the save without a page load.
    page.get_by_label("Wojewoda").check()
    expect(page.get_by_text("Answers saved at")).to_be_visible()
    page.get_by_role("button", name="Next question").click()
    expect(page.get_by_label("Your answer")).to_be_visible()
    assert "page=2" in page.url  # htmx pushed the page's own URL
    assert_accessible(page)
