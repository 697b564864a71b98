"""The trainer side: permissions on every URL, the question editor, results, regrade,
item analysis and the CSV export."""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from assessments import services
from assessments.models import Attempt, Choice, Question, Quiz, QuizOverride, QuizQuestion
from courses.models import ItemProgress
from courses.registry import get_kind
from tests.factories.academy import UserFactory
from tests.factories.assessments import QuizFactory, add_question, quiz_with_every_type
from tests.factories.courses import CourseFactory, EnrollmentFactory, ModuleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def personas(learner, trainer, staff, other_trainer, enrollment):
    CourseFactory(trainers=[other_trainer])
    return {
        "anonymous": None,
        "learner": learner,
        "other_trainer": other_trainer,
        "trainer": trainer,
        "staff": staff,
    }


def studio_urls(quiz, question):
    item = quiz.item_id
    placement = QuizQuestion.objects.get(quiz=quiz, question=question)
    return [
        ("get", reverse("assessments:create", args=[quiz.item.module_id])),
        ("get", reverse("assessments:edit", args=[item])),
        ("get", reverse("assessments:preview", args=[item])),
        ("get", reverse("assessments:question_new", args=[item]) + "?type=single"),
        ("get", reverse("assessments:question_edit", args=[item, question.pk])),
        ("post", reverse("assessments:placement", args=[item, placement.pk])),
        ("post", reverse("assessments:bank_add", args=[item, question.pk])),
        ("get", reverse("assessments:results", args=[item])),
        ("get", reverse("assessments:results_csv", args=[item])),
        ("get", reverse("assessments:analysis", args=[item])),
        ("post", reverse("assessments:regrade", args=[item])),
        ("post", reverse("assessments:override", args=[item])),
    ]


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        ("anonymous", False),
        ("learner", False),
        ("other_trainer", False),
        ("trainer", True),
        ("staff", True),
    ],
)
def test_every_studio_url_is_for_the_courses_trainers_and_staff_only(
    client_for, personas, quiz, two_questions, persona, allowed
):
    question = two_questions[0][0]
    client = client_for(personas[persona])
    for method, url in studio_urls(quiz, question):
        data = {"action": "up"} if "placements" in url else {}
        response = getattr(client, method)(url, data)
        if persona == "anonymous":
            assert response.status_code == 302 and "/accounts/login/" in response.url, url
        elif allowed:
            assert response.status_code in (200, 302), (url, response.status_code)
        else:
            assert response.status_code == 404, (url, response.status_code)


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("anonymous", 302),
        ("learner", 404),
        ("other_trainer", 200),
        ("trainer", 200),
        ("staff", 200),
    ],
)
def test_question_bank_is_for_people_who_teach(client_for, personas, persona, status):
    response = client_for(personas[persona]).get(reverse("assessments:bank"))
    assert response.status_code == status


def test_bank_shows_only_the_trainers_own_questions(client_for, trainer, other_trainer, quiz):
    add_question(quiz, owner=trainer, text="Moje pytanie", choices=[("a", True), ("b", False)])
    add_question(
        quiz, owner=other_trainer, text="Cudze pytanie", choices=[("a", True), ("b", False)]
    )
    html = client_for(trainer).get(reverse("assessments:bank")).content.decode()
    assert "Moje pytanie" in html and "Cudze pytanie" not in html


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("anonymous", 302),
        ("learner", 200),
        ("other_trainer", 302),
        ("trainer", 302),
        ("staff", 302),
    ],
)
def test_learner_start_page_matrix(client_for, personas, quiz, two_questions, persona, status):
    # Only the enrolled learner sees the start page; the others are sent to the course page.
    response = client_for(personas[persona]).get(reverse("assessments:start", args=[quiz.item_id]))
    assert response.status_code == status


def test_trainer_creates_a_quiz_and_adds_every_question_type(client_for, trainer, course):
    module = ModuleFactory(course=course)
    client = client_for(trainer)
    response = client.post(
        reverse("assessments:create", args=[module.pk]), {"title": "Sprawdzian", "pass_mark": 60}
    )
    quiz = Quiz.objects.get(item__title="Sprawdzian")
    assert (
        response.url == reverse("assessments:edit", args=[quiz.item_id])
        and quiz.item.kind == "quiz"
    )
    url = reverse("assessments:question_new", args=[quiz.item_id])

    def post(kind, rows=(), **fields):
        data = {
            "type": kind,
            "text": f"Pytanie {kind}",
            "points": "2",
            "tags_text": "prawo, UA",
            "choice-TOTAL_FORMS": str(max(len(rows), 3)),
            "choice-INITIAL_FORMS": "0",
            **fields,
        }
        for index, row in enumerate(rows):
            for key, value in row.items():
                data[f"choice-{index}-{key}"] = value
        return client.post(url, data)

    post("single", [{"text": "A", "is_correct": "on", "feedback": "Dobrze"}, {"text": "B"}])
    post(
        "multiple",
        [{"text": "A", "is_correct": "on"}, {"text": "B", "is_correct": "on"}, {"text": "C"}],
        multiple_scoring="partial",
    )
    post("true_false", true_false_answer="false", feedback_true="Nie", feedback_false="Tak")
    post(
        "short",
        [{"text": "ochrona"}, {"text": "ochrona czasowa"}],
        ignore_case="on",
        ignore_diacritics="on",
    )
    post("numeric", numeric_answer="30", tolerance="0.5")
    post(
        "matching",
        [{"text": "UdSC", "match_text": "azyl"}, {"text": "ZUS", "match_text": "świadczenia"}],
    )
    post("ordering", [{"text": "1"}, {"text": "2"}, {"text": "3"}])
    types = list(quiz.placements.order_by("position").values_list("question__type", flat=True))
    assert types == ["single", "multiple", "true_false", "short", "numeric", "matching", "ordering"]
    tf = Question.objects.get(type="true_false")
    assert [(c.text, c.is_correct, c.feedback) for c in tf.choices.all()] == [
        ("Prawda", False, "Nie"),
        ("Fałsz", True, "Tak"),
    ]
    assert set(Question.objects.get(type="short").tags.values_list("name", flat=True)) == {
        "prawo",
        "UA",
    }
    assert all(q.owner == trainer for q in Question.objects.all())


def test_question_editor_refuses_a_single_choice_without_a_correct_answer(
    client_for, trainer, quiz
):
    response = client_for(trainer).post(
        reverse("assessments:question_new", args=[quiz.item_id]),
        {
            "type": "single",
            "text": "?",
            "points": "1",
            "choice-TOTAL_FORMS": "2",
            "choice-INITIAL_FORMS": "0",
            "choice-0-text": "A",
            "choice-1-text": "B",
        },
    )
    assert response.status_code == 200
    assert (
        "dokładnie jedną" in response.content.decode() or "exactly one" in response.content.decode()
    )
    assert not Question.objects.exists()


def test_inline_edit_with_htmx_returns_the_updated_row(client_for, trainer, quiz, two_questions):
    question, right, wrong = two_questions[0]
    client = client_for(trainer)
    url = reverse("assessments:question_edit", args=[quiz.item_id, question.pk])
    form = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in form and "choice-0-text" in form
    response = client.post(
        url,
        {
            "text": "Poprawione pytanie",
            "points": "1",
            "choice-TOTAL_FORMS": "2",
            "choice-INITIAL_FORMS": "2",
            "choice-0-text": right.text,
            "choice-1-text": wrong.text,
            "choice-1-is_correct": "on",
        },
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert "Poprawione pytanie" in html and "<html" not in html
    assert list(question.choices.values_list("pk", flat=True)) == [right.pk, wrong.pk]  # ids kept


def test_regrade_after_fixing_a_question_rescores_and_reports_progress(
    learner, trainer, quiz, enrollment, two_questions
):
    (q1, right1, wrong1), (q2, right2, wrong2) = two_questions
    attempt = services.attempt_start(quiz=quiz, enrollment=enrollment)
    services.attempt_submit(attempt=attempt, answers={q1.pk: wrong1.pk, q2.pk: wrong2.pk})
    assert ItemProgress.objects.get(enrollment=enrollment, item=quiz.item).passed is False
    Choice.objects.filter(pk=wrong1.pk).update(is_correct=True)  # the key was wrong
    Choice.objects.filter(pk=right1.pk).update(is_correct=False)
    assert services.quiz_regrade(quiz=quiz) == 1
    attempt.refresh_from_db()
    assert attempt.score == Decimal("0.5") and attempt.passed
    progress = ItemProgress.objects.get(enrollment=enrollment, item=quiz.item)
    assert progress.passed and progress.state == "completed"


def test_override_extends_the_open_attempts_deadline(
    client_for, trainer, learner, quiz, enrollment, two_questions
):
    quiz.time_limit_minutes = 10
    quiz.save()
    attempt = services.attempt_start(quiz=quiz, enrollment=enrollment)
    before = attempt.deadline
    response = client_for(trainer).post(
        reverse("assessments:override", args=[quiz.item_id]),
        {"email": learner.email, "extra_attempts": 2, "extra_minutes": 15},
    )
    assert response.status_code == 302
    attempt.refresh_from_db()
    assert (attempt.deadline - before).total_seconds() == 15 * 60
    assert QuizOverride.objects.get(quiz=quiz, user=learner).extra_attempts == 2


def test_override_for_someone_not_enrolled_is_refused(client_for, trainer, outsider, quiz):
    response = client_for(trainer).post(
        reverse("assessments:override", args=[quiz.item_id]),
        {"email": outsider.email, "extra_attempts": 1, "extra_minutes": 0},
        follow=True,
    )
    assert "Nikt" in response.content.decode() or "Nobody" in response.content.decode()
    assert not QuizOverride.objects.exists()


def _finished_attempts(quiz, count, course):
    questions = list(quiz.placements.select_related("question"))
    for n in range(count):
        enrollment = EnrollmentFactory(course=course)
        attempt = services.attempt_start(quiz=quiz, enrollment=enrollment)
        answers = {}
        for index, placement in enumerate(questions):
            right = placement.question.choices.filter(is_correct=True).first()
            wrong = placement.question.choices.filter(is_correct=False).first()
            answers[placement.question_id] = (right if (n + index) % 3 else wrong).pk
        services.attempt_submit(attempt=attempt, answers=answers)


@pytest.mark.parametrize("attempts", [3, 12])
def test_item_analysis_uses_a_constant_number_of_queries(
    client_for, django_assert_num_queries, trainer, quiz, course, two_questions, attempts
):
    _finished_attempts(quiz, attempts, course)
    client = client_for(trainer)
    client.get(reverse("assessments:analysis", args=[quiz.item_id]))  # warm the session
    # session, the user (with the site shell's role flags), quiz, attempt count,
    # placements, choices, tags, grouped credit aggregate, choice distribution; from 10
    # attempts on, two more for the upper and lower 27 % cut-off scores.
    expected = 11 if attempts >= 10 else 9
    with django_assert_num_queries(expected):
        response = client.get(reverse("assessments:analysis", args=[quiz.item_id]))
    html = response.content.decode()
    assert "Dobra 0" in html
    if attempts >= 10:
        assert "za mało prób" not in html and "not enough attempts" not in html


def test_item_analysis_numbers(trainer, quiz, course, two_questions):
    from assessments.selectors import item_analysis

    _finished_attempts(quiz, 12, course)
    total, rows = item_analysis(quiz)
    assert total == 12
    responses = rows[0].responses
    correct = sum(count for _text, count, right in rows[0].distribution if right)
    assert responses == 12 and rows[0].facility == pytest.approx(correct / 12)
    assert -1 <= rows[0].discrimination <= 1


def test_results_csv_is_streamed_with_every_attempt(
    client_for, trainer, quiz, course, two_questions
):
    _finished_attempts(quiz, 3, course)
    response = client_for(trainer).get(reverse("assessments:results_csv", args=[quiz.item_id]))
    assert response.streaming and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert len(rows) == 4 and rows[1][2] == "1"


@pytest.mark.parametrize("learners", [1, 6])
def test_results_page_shows_each_learners_grade_in_constant_queries(
    client_for, django_assert_num_queries, trainer, quiz, course, two_questions, learners
):
    _finished_attempts(quiz, learners, course)
    client = client_for(trainer)
    client.get(reverse("assessments:results", args=[quiz.item_id]))
    # session, the user (with the shell's role flags), quiz, attempts (count + page),
    # learners (count + page), open attempts, exceptions
    with django_assert_num_queries(9):
        html = client.get(reverse("assessments:results", args=[quiz.item_id])).content.decode()
    assert (
        html.count('class="badge badge-success">Ukończony') + html.count("Nieukończony") == learners
    )


def test_quiz_without_questions_blocks_publishing(quiz, course, two_questions):
    kind = get_kind("quiz")
    assert kind.publish_problems(course) == []
    empty = QuizFactory(item__module=quiz.item.module, item__title="Pusty test")
    problems = kind.publish_problems(course)
    assert len(problems) == 1 and "Pusty test" in problems[0][0]
    assert problems[0][1] == reverse("assessments:edit", args=[empty.item_id])


def test_registry_describes_rules_and_duplicates(quiz, two_questions, course):
    kind = get_kind("quiz")
    assert "50%" in kind.describe_rules([quiz.item])[quiz.item_id]
    from tests.factories.courses import ItemFactory

    copy = ItemFactory(module=quiz.item.module, kind="quiz")
    kind.duplicate(quiz.item, copy)
    assert Quiz.objects.get(item=copy).placements.count() == 2


def test_preview_in_the_player_never_creates_attempts(rf, trainer, quiz, two_questions):
    from django.template.loader import render_to_string

    kind = get_kind("quiz")
    request = rf.get("/")
    request.user = trainer
    context = kind.context(request, quiz.item, None)
    html = render_to_string(
        kind.template, {**context, "item": quiz.item, "preview": True, "enrollment": None}
    )
    assert reverse("assessments:preview", args=[quiz.item_id]) in html
    assert not Attempt.objects.exists()


def test_trainer_preview_shows_correct_answers(client_for, trainer, quiz):
    quiz_with_every_type(quiz, owner=trainer)
    html = (
        client_for(trainer)
        .get(reverse("assessments:preview", args=[quiz.item_id]))
        .content.decode()
    )
    assert "SECRET-ACCEPTED" in html and "SECRET-FEEDBACK" in html


def test_placement_move_and_remove(client_for, trainer, quiz, two_questions):
    (q1, _, _), (q2, _, _) = two_questions
    second = QuizQuestion.objects.get(quiz=quiz, question=q2)
    client = client_for(trainer)
    response = client.post(
        reverse("assessments:placement", args=[quiz.item_id, second.pk]),
        {"action": "up"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200 and "<html" not in response.content.decode()
    assert list(quiz.placements.order_by("position").values_list("question_id", flat=True)) == [
        q2.pk,
        q1.pk,
    ]
    client.post(
        reverse("assessments:placement", args=[quiz.item_id, second.pk]), {"action": "remove"}
    )
    assert list(quiz.placements.values_list("question_id", flat=True)) == [q1.pk]
    assert Question.objects.filter(pk=q2.pk).exists()


def test_other_trainer_cannot_edit_questions_through_their_own_quiz(
    client_for, other_trainer, quiz, two_questions
):
    own_course = CourseFactory(trainers=[other_trainer])
    own_quiz = QuizFactory(item__module=ModuleFactory(course=own_course))
    question = two_questions[0][0]
    url = reverse("assessments:question_edit", args=[own_quiz.item_id, question.pk])
    assert client_for(other_trainer).get(url).status_code == 404
    url = reverse("assessments:bank_add", args=[own_quiz.item_id, question.pk])
    assert client_for(other_trainer).post(url).status_code == 404


def test_csv_neutralises_formulas_in_names(client_for, trainer, quiz, course, two_questions):
    learner = UserFactory(full_name='=HYPERLINK("http://evil")')
    enrollment = EnrollmentFactory(user=learner, course=course)
    attempt = services.attempt_start(quiz=quiz, enrollment=enrollment)
    services.attempt_submit(attempt=attempt)
    response = client_for(trainer).get(reverse("assessments:results_csv", args=[quiz.item_id]))
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[1][0].startswith("'=")


def test_settings_form_refuses_a_window_that_closes_before_it_opens(client_for, trainer, quiz):
    response = client_for(trainer).post(
        reverse("assessments:edit", args=[quiz.item_id]),
        {
            "title": "Test",
            "pass_mark": 70,
            "grading": "highest",
            "wait_minutes": 0,
            "layout": "all",
            "feedback": "after_submit",
            "opens_at": "2026-05-02T10:00",
            "closes_at": "2026-05-01T10:00",
        },
    )
    assert response.status_code == 200
    assert "zamykać po otwarciu" in response.content.decode()
    quiz.refresh_from_db()
    assert quiz.closes_at is None


def test_settings_are_saved(client_for, trainer, quiz):
    response = client_for(trainer).post(
        reverse("assessments:edit", args=[quiz.item_id]),
        {
            "title": "Nowy tytuł",
            "pass_mark": 80,
            "attempts_allowed": 2,
            "grading": "last",
            "wait_minutes": 5,
            "layout": "one",
            "feedback": "never",
            "time_limit_minutes": 15,
        },
    )
    assert response.status_code == 302
    quiz.refresh_from_db()
    assert (
        quiz.item.title,
        quiz.pass_mark,
        quiz.attempts_allowed,
        quiz.grading,
        quiz.layout,
        quiz.feedback,
        quiz.time_limit_minutes,
    ) == ("Nowy tytuł", 80, 2, "last", "one", "never", 15)
