"""The learner's attempt flow through the services and views."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from assessments import services
from assessments.models import Attempt, Quiz, QuizQuestion, Response
from courses.models import ItemProgress
from tests.factories.academy import UserFactory
from tests.factories.assessments import (
    SECRET_ANSWER,
    SECRET_FEEDBACK,
    QuizFactory,
    add_question,
    quiz_with_every_type,
)
from tests.factories.courses import EnrollmentFactory

pytestmark = pytest.mark.django_db


def answer(client, attempt, data):
    return client.post(reverse("assessments:attempt_save", args=[attempt.pk]), data)


def submit(client, attempt):
    return client.post(reverse("assessments:submit", args=[attempt.pk]))


def start(client, quiz):
    response = client.post(reverse("assessments:attempt_start", args=[quiz.item_id]))
    return response, Attempt.objects.filter(quiz=quiz).order_by("-number").first()


def test_passing_completes_the_item_and_updates_course_progress(
    client_for, learner, quiz, enrollment, two_questions
):
    client = client_for(learner)
    response, attempt = start(client, quiz)
    assert response.status_code == 302 and response.url == reverse(
        "assessments:attempt", args=[attempt.pk]
    )
    (q1, right1, _w1), (q2, right2, _w2) = two_questions
    answer(
        client, attempt, {"shown": [q1.pk, q2.pk], f"q-{q1.pk}": right1.pk, f"q-{q2.pk}": right2.pk}
    )
    response = submit(client, attempt)
    assert response.url == reverse("assessments:review", args=[attempt.pk])
    attempt.refresh_from_db()
    assert attempt.state == "submitted" and attempt.score == 1 and attempt.passed
    progress = ItemProgress.objects.get(enrollment=enrollment, item=quiz.item)
    assert progress.state == "completed" and progress.passed and progress.score == 1
    enrollment.refresh_from_db()
    assert enrollment.required_completed == 1 and enrollment.required_total == 2


def test_failing_leaves_the_item_incomplete_and_says_try_again(
    client_for, learner, quiz, enrollment, two_questions
):
    client = client_for(learner)
    _response, attempt = start(client, quiz)
    (q1, _r, wrong1), _ = two_questions
    answer(client, attempt, {"shown": [q1.pk], f"q-{q1.pk}": wrong1.pk})
    submit(client, attempt)
    progress = ItemProgress.objects.get(enrollment=enrollment, item=quiz.item)
    assert progress.state != "completed" and progress.passed is False
    page = client.get(reverse("assessments:review", args=[attempt.pk])).content.decode()
    assert "0%" in page
    start_page = client.get(reverse("assessments:start", args=[quiz.item_id])).content.decode()
    assert reverse("assessments:attempt_start", args=[quiz.item_id]) in start_page


def test_minimum_wait_refuses_a_new_attempt_until_it_has_passed(
    client_for, learner, quiz, enrollment, two_questions
):
    quiz.wait_minutes = 10
    quiz.save()
    client = client_for(learner)
    _r, attempt = start(client, quiz)
    submit(client, attempt)
    response, latest = start(client, quiz)
    assert latest == attempt
    page = client.get(response.url).content.decode()
    assert "spróbować ponownie od" in page or "try again from" in page
    Attempt.objects.filter(pk=attempt.pk).update(
        submitted_at=timezone.now() - timedelta(minutes=11)
    )
    _r, second = start(client, quiz)
    assert second.number == 2 and second.is_open


def test_attempt_limit_is_enforced_and_an_override_grants_one_more(
    client_for, learner, trainer, quiz, enrollment, two_questions
):
    quiz.attempts_allowed = 1
    quiz.save()
    client = client_for(learner)
    _r, attempt = start(client, quiz)
    submit(client, attempt)
    with pytest.raises(services.QuizError, match="1"):
        services.attempt_start(quiz=quiz, enrollment=enrollment)
    response, _latest = start(client, quiz)
    assert response.url == reverse("assessments:start", args=[quiz.item_id])
    services.override_set(
        quiz=quiz, user=learner, extra_attempts=1, extra_minutes=0, granted_by=trainer
    )
    second = services.attempt_start(quiz=quiz, enrollment=enrollment)
    assert second.number == 2


def test_closed_quiz_and_quiz_without_questions_are_refused(
    learner, quiz, enrollment, two_questions
):
    quiz.closes_at = timezone.now() - timedelta(hours=1)
    quiz.opens_at = timezone.now() - timedelta(days=1)
    quiz.save()
    with pytest.raises(services.QuizError):
        services.attempt_start(quiz=quiz, enrollment=enrollment)
    empty = QuizFactory(item__module=quiz.item.module)
    with pytest.raises(services.QuizError):
        services.attempt_start(quiz=empty, enrollment=enrollment)
    assert not Attempt.objects.exists()


def test_one_open_attempt_per_learner_and_quiz(learner, quiz, enrollment, two_questions):
    first = services.attempt_start(quiz=quiz, enrollment=enrollment)
    assert services.attempt_start(quiz=quiz, enrollment=enrollment) == first
    with pytest.raises(IntegrityError), transaction.atomic():
        Attempt.objects.create(
            quiz=quiz, user=learner, enrollment=enrollment, number=2, started_at=timezone.now()
        )


def test_double_submit_gives_one_result(client_for, learner, quiz, enrollment, two_questions):
    client = client_for(learner)
    _r, attempt = start(client, quiz)
    (q1, right1, _), _ = two_questions
    answer(client, attempt, {"shown": [q1.pk], f"q-{q1.pk}": right1.pk})
    submit(client, attempt)
    attempt.refresh_from_db()
    first = (attempt.submitted_at, attempt.score)
    response = submit(client, attempt)
    assert response.url == reverse("assessments:review", args=[attempt.pk])
    attempt.refresh_from_db()
    assert (attempt.submitted_at, attempt.score) == first
    assert Attempt.objects.filter(quiz=quiz).count() == 1


def test_expired_attempt_is_closed_on_the_next_request_and_late_answers_do_not_count(
    client_for, learner, quiz, enrollment, two_questions
):
    quiz.time_limit_minutes = 5
    quiz.save()
    client = client_for(learner)
    _r, attempt = start(client, quiz)
    (q1, right1, wrong1), (q2, right2, _) = two_questions
    answer(client, attempt, {"shown": [q1.pk], f"q-{q1.pk}": right1.pk})
    Attempt.objects.filter(pk=attempt.pk).update(
        started_at=timezone.now() - timedelta(minutes=10),
        deadline=timezone.now() - timedelta(minutes=5),
    )
    response = answer(client, attempt, {"shown": [q2.pk], f"q-{q2.pk}": right2.pk})
    assert response.status_code == 302 and response.url == reverse(
        "assessments:review", args=[attempt.pk]
    )
    attempt.refresh_from_db()
    assert attempt.state == "expired"
    assert not Response.objects.filter(attempt=attempt, question=q2).exists()
    assert attempt.score == pytest.approx(0.5)


def test_expired_attempt_closes_when_the_learner_just_opens_it(
    client_for, learner, quiz, enrollment, two_questions
):
    quiz.time_limit_minutes = 1
    quiz.save()
    attempt = services.attempt_start(quiz=quiz, enrollment=enrollment)
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - timedelta(minutes=1))
    response = client_for(learner).get(reverse("assessments:attempt", args=[attempt.pk]))
    assert response.status_code == 302
    attempt.refresh_from_db()
    assert attempt.state == "expired" and attempt.submitted_at is not None


def test_choice_ids_of_another_question_are_rejected_and_nothing_is_lost(
    client_for, learner, quiz, enrollment, two_questions
):
    client = client_for(learner)
    _r, attempt = start(client, quiz)
    (q1, right1, _), (q2, right2, _) = two_questions
    answer(client, attempt, {"shown": [q1.pk], f"q-{q1.pk}": right1.pk})
    response = answer(
        client, attempt, {"shown": [q1.pk, q2.pk], f"q-{q1.pk}": right2.pk, f"q-{q2.pk}": right2.pk}
    )
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert "nie pasuje" in page or "does not match" in page
    assert Response.objects.get(attempt=attempt, question=q1).value == right1.pk
    assert not Response.objects.filter(attempt=attempt, question=q2).exists()


def test_choice_ids_from_another_quiz_and_questions_outside_the_attempt_are_rejected(
    client_for, learner, quiz, enrollment, two_questions, trainer
):
    other = QuizFactory(item__module=quiz.item.module)
    foreign = add_question(other, owner=trainer, choices=[("Obca", True), ("Inna", False)])
    foreign_choice = foreign.choices.first()
    client = client_for(learner)
    _r, attempt = start(client, quiz)
    (q1, _r1, _), _ = two_questions
    response = client.post(
        reverse("assessments:attempt_save", args=[attempt.pk]),
        {"shown": [q1.pk], f"q-{q1.pk}": foreign_choice.pk},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 400
    response = client.post(
        reverse("assessments:attempt_save", args=[attempt.pk]),
        {f"q-{foreign.pk}": foreign_choice.pk},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 400
    assert (
        "nie ma w" in response.content.decode()
        or "not in your attempt" in response.content.decode()
    )
    assert not Response.objects.filter(attempt=attempt).exists()


def test_another_learners_attempt_is_not_found(
    client_for, learner, quiz, enrollment, two_questions, course
):
    attempt = services.attempt_start(quiz=quiz, enrollment=enrollment)
    intruder = UserFactory()
    EnrollmentFactory(user=intruder, course=course)
    client = client_for(intruder)
    for name in ("attempt", "submit", "review"):
        assert client.get(reverse(f"assessments:{name}", args=[attempt.pk])).status_code == 404
    assert (
        client.post(reverse("assessments:attempt_save", args=[attempt.pk]), {}).status_code == 404
    )
    assert client.post(reverse("assessments:submit", args=[attempt.pk])).status_code == 404
    attempt.refresh_from_db()
    assert attempt.is_open


def test_unenrolled_user_is_sent_to_the_course_page(client_for, outsider, quiz, two_questions):
    response = client_for(outsider).post(reverse("assessments:attempt_start", args=[quiz.item_id]))
    assert response.status_code == 302
    assert not Attempt.objects.exists()


def _every_page(client, attempt, quiz):
    pages = [
        client.get(reverse("assessments:start", args=[quiz.item_id])),
        client.get(reverse("assessments:attempt", args=[attempt.pk])),
        client.get(reverse("assessments:attempt", args=[attempt.pk]), HTTP_HX_REQUEST="true"),
        client.get(reverse("assessments:submit", args=[attempt.pk])),
    ]
    for number in range(1, len(attempt.question_ids) + 1):
        pages.append(
            client.get(reverse("assessments:attempt", args=[attempt.pk]) + f"?page={number}")
        )
        pages.append(
            client.post(
                reverse("assessments:attempt_save", args=[attempt.pk]),
                {"page": 1, "goto": number},
                HTTP_HX_REQUEST="true",
            )
        )
    pages.append(
        client.post(
            reverse("assessments:attempt_save", args=[attempt.pk]),
            {"page": 1},
            HTTP_HX_REQUEST="true",
        )
    )
    return pages


@pytest.mark.parametrize("layout", [Quiz.Layout.ALL, Quiz.Layout.ONE])
def test_no_page_reveals_correct_answers_or_feedback_before_submission(
    client_for, learner, quiz, enrollment, trainer, layout
):
    quiz.layout = layout
    quiz.save()
    questions = quiz_with_every_type(quiz, owner=trainer)
    for question in questions.values():
        question.general_feedback = f"{SECRET_FEEDBACK} general"
        question.save()
    client = client_for(learner)
    _r, attempt = start(client, quiz)
    for response in _every_page(client, attempt, quiz):
        assert response.status_code == 200, response
        html = response.content.decode()
        assert SECRET_FEEDBACK not in html
        assert SECRET_ANSWER not in html
        assert "is-correct-choice" not in html and "Right answer" not in html
    submit(client, attempt)
    review = client.get(reverse("assessments:review", args=[attempt.pk])).content.decode()
    assert SECRET_ANSWER in review  # shown after submission, per the policy


def test_ordering_and_matching_fields_do_not_expose_choice_ids(
    client_for, learner, quiz, enrollment, trainer
):
    questions = quiz_with_every_type(quiz, owner=trainer)
    _r, attempt = start(client_for(learner), quiz)
    html = (
        client_for(learner).get(reverse("assessments:attempt", args=[attempt.pk])).content.decode()
    )
    for kind in ("ordering", "matching"):
        for choice in questions[kind].choices.all():
            assert f'value="{choice.pk}"' not in html
            assert f"q-{questions[kind].pk}-{choice.pk}" not in html


def test_every_question_type_is_scored_from_a_browser_style_post(
    client_for, learner, quiz, enrollment, trainer
):
    q = quiz_with_every_type(quiz, owner=trainer)
    client = client_for(learner)
    _r, attempt = start(client, quiz)
    order = attempt.choice_order
    right = {c.pk for c in q["multiple"].choices.filter(is_correct=True)}
    matching_prompts = order[str(q["matching"].pk)]
    matching_options = order[f"{q['matching'].pk}:options"]
    ordering_shown = order[str(q["ordering"].pk)]
    ordering_correct = list(q["ordering"].choices.order_by("position").values_list("pk", flat=True))
    data = {
        "shown": [question.pk for question in q.values()],
        f"q-{q['single'].pk}": q["single"].choices.get(is_correct=True).pk,
        f"q-{q['multiple'].pk}": list(right),
        f"q-{q['true_false'].pk}": q["true_false"].choices.get(is_correct=True).pk,
        f"q-{q['short'].pk}": "secret-accepted CZASOWA",
        f"q-{q['numeric'].pk}": "30,5",
    }
    for index, prompt in enumerate(matching_prompts):
        data[f"q-{q['matching'].pk}-m{index}"] = matching_options.index(prompt)
    for index, choice_id in enumerate(ordering_shown):
        data[f"q-{q['ordering'].pk}-o{index}"] = ordering_correct.index(choice_id) + 1
    assert answer(client, attempt, data).status_code == 302
    submit(client, attempt)
    attempt.refresh_from_db()
    credits = dict(Response.objects.filter(attempt=attempt).values_list("question__type", "credit"))
    assert credits == {kind: 1 for kind in q}, credits
    assert attempt.score == 1


def test_review_follows_the_feedback_policy(client_for, learner, quiz, enrollment, two_questions):
    (q1, right1, wrong1), _ = two_questions
    wrong1.feedback = "Feedback for the wrong choice"
    wrong1.save()
    client = client_for(learner)
    _r, attempt = start(client, quiz)
    answer(client, attempt, {"shown": [q1.pk], f"q-{q1.pk}": wrong1.pk})
    submit(client, attempt)
    review = reverse("assessments:review", args=[attempt.pk])
    html = client.get(review).content.decode()
    assert "Feedback for the wrong choice" in html and "is-correct-choice" in html
    Quiz.objects.filter(pk=quiz.pk).update(show_correct_answers=False)
    html = client.get(review).content.decode()
    assert "Feedback for the wrong choice" in html and "is-correct-choice" not in html
    Quiz.objects.filter(pk=quiz.pk).update(feedback=Quiz.Feedback.NEVER, show_correct_answers=True)
    html = client.get(review).content.decode()
    assert "Feedback for the wrong choice" not in html and "is-correct-choice" not in html
    assert "0%" in html


def test_immediate_feedback_reveals_one_checked_answer_and_locks_it(
    client_for, learner, quiz, enrollment, two_questions
):
    quiz.feedback = Quiz.Feedback.IMMEDIATE
    quiz.save()
    (q1, right1, wrong1), (q2, _r2, wrong2) = two_questions
    wrong1.feedback, wrong2.feedback = "First wrong", "Second wrong"
    wrong1.save(), wrong2.save()
    client = client_for(learner)
    _r, attempt = start(client, quiz)
    response = client.post(
        reverse("assessments:attempt_save", args=[attempt.pk]),
        {"shown": [q1.pk], f"q-{q1.pk}": wrong1.pk, "check": q1.pk},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert response.status_code == 200 and "First wrong" in html and "Second wrong" not in html
    answer(client, attempt, {"shown": [q1.pk], f"q-{q1.pk}": right1.pk})
    assert Response.objects.get(attempt=attempt, question=q1).value == wrong1.pk


def test_grading_method_last_reports_the_last_attempt(learner, quiz, enrollment, two_questions):
    quiz.grading = Quiz.Grading.LAST
    quiz.save()
    (q1, right1, wrong1), (q2, right2, _) = two_questions
    first = services.attempt_start(quiz=quiz, enrollment=enrollment)
    services.attempt_submit(attempt=first, answers={q1.pk: right1.pk, q2.pk: right2.pk})
    second = services.attempt_start(quiz=quiz, enrollment=enrollment)
    services.attempt_submit(attempt=second, answers={q1.pk: wrong1.pk})
    progress = ItemProgress.objects.get(enrollment=enrollment, item=quiz.item)
    assert progress.score == 0
    assert progress.state == "completed"  # completion, once earned, is kept by the progress engine


def test_draw_takes_n_questions_by_tag(learner, quiz, enrollment, trainer):
    from assessments.models import Tag

    tag = Tag.objects.create(name="prawo")
    tagged = [
        add_question(quiz, owner=trainer, choices=[("a", True), ("b", False)]) for _ in range(4)
    ]
    for question in tagged:
        question.tags.add(tag)
    add_question(quiz, owner=trainer, choices=[("a", True), ("b", False)])
    quiz.draw_count, quiz.draw_tag = 2, tag
    quiz.save()
    attempt = services.attempt_start(quiz=quiz, enrollment=enrollment)
    assert len(attempt.question_ids) == 2
    assert set(attempt.question_ids) <= {q.pk for q in tagged}


@pytest.mark.parametrize("count", [5, 50])
def test_submitting_runs_a_constant_number_of_queries(
    django_assert_num_queries, learner, quiz, enrollment, trainer, count
):
    questions = [
        add_question(quiz, owner=trainer, choices=[("a", True), ("b", False), ("c", False)])
        for _ in range(count)
    ]
    attempt = services.attempt_start(quiz=quiz, enrollment=enrollment)
    services.response_save(attempt=attempt, answers={q.pk: q.choices.first().pk for q in questions})
    assert QuizQuestion.objects.filter(quiz=quiz).count() == count
    # 8 of ours: lock the attempt, placements' points, questions, choices, responses,
    # one bulk update of responses, the attempt, the finished scores for the grade (read
    # in the progress engine's outcome hook, under its lock); 3 in the progress engine:
    # lock the enrollment and read progress and counts in one query, update progress,
    # update the counters with the last activity; plus 2 savepoints and their 2 releases
    # (was 18: the engine locked and read in two queries, inside its own savepoint).
    with django_assert_num_queries(15):
        services.attempt_submit(attempt=attempt)
    attempt.refresh_from_db()
    assert attempt.score == 1


@pytest.mark.parametrize("persona", ["anonymous", "outsider", "trainer", "staff", "learner"])
def test_learner_attempt_urls_belong_to_the_attempts_owner_only(
    client_for, request, learner, quiz, enrollment, two_questions, persona
):
    attempt = services.attempt_start(quiz=quiz, enrollment=enrollment)
    user = None if persona == "anonymous" else request.getfixturevalue(persona)
    client = client_for(user)
    urls = [("get", "attempt"), ("post", "attempt_save"), ("get", "submit"), ("get", "review")]
    for method, name in urls:
        response = getattr(client, method)(reverse(f"assessments:{name}", args=[attempt.pk]))
        if persona == "anonymous":
            assert response.status_code == 302 and "/accounts/login/" in response.url
        elif persona == "learner":
            assert response.status_code in (200, 302), name
        else:
            assert response.status_code == 404, (persona, name)
    attempt.refresh_from_db()
    assert attempt.is_open


def test_one_question_per_page_navigation_works_without_javascript(
    client_for, learner, quiz, enrollment, two_questions
):
    quiz.layout = Quiz.Layout.ONE
    quiz.save()
    client = client_for(learner)
    _r, attempt = start(client, quiz)
    first_id, second_id = attempt.question_ids
    first = next(q for q, _r, _w in two_questions if q.pk == first_id)
    right = first.choices.get(is_correct=True)
    response = client.post(
        reverse("assessments:attempt_save", args=[attempt.pk]),
        {"page": 1, "shown": [first_id], f"q-{first_id}": right.pk, "goto": 2},
    )
    assert response.status_code == 302 and response.url.endswith("?page=2")
    html = client.get(response.url).content.decode()
    assert f'name="q-{second_id}"' in html and f'name="q-{first_id}"' not in html
    assert Response.objects.get(attempt=attempt, question_id=first_id).value == right.pk
    response = client.post(
        reverse("assessments:attempt_save", args=[attempt.pk]), {"page": 2, "goto": "finish"}
    )
    assert response.url == reverse("assessments:submit", args=[attempt.pk])


def test_tampered_matching_and_ordering_positions_are_refused(
    client_for, learner, quiz, enrollment, trainer
):
    q = quiz_with_every_type(quiz, owner=trainer)
    client = client_for(learner)
    _r, attempt = start(client, quiz)
    url = reverse("assessments:attempt_save", args=[attempt.pk])
    for data in (
        {f"q-{q['matching'].pk}-m0": "99"},
        {f"q-{q['matching'].pk}-m9": "0"},
        {f"q-{q['ordering'].pk}-o7": "1"},
        {f"q-{q['ordering'].pk}-o0": "first"},
        {f"q-{q['single'].pk}-x-y": "1"},
        {"q-abc": "1"},
    ):
        response = client.post(url, data, HTTP_HX_REQUEST="true")
        assert response.status_code == 400, data
    assert not Response.objects.filter(attempt=attempt).exists()


def test_equal_ranks_are_refused_with_a_clear_message_and_a_tampered_order_scores_nothing(
    client_for, learner, quiz, enrollment, trainer
):
    q = quiz_with_every_type(quiz, owner=trainer)
    client = client_for(learner)
    _r, attempt = start(client, quiz)
    shown = attempt.choice_order[str(q["ordering"].pk)]
    every_one = {f"q-{q['ordering'].pk}-o{index}": "1" for index in range(len(shown))}
    response = client.post(
        reverse("assessments:attempt_save", args=[attempt.pk]), every_one, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 400
    assert "Nadaj każdemu elementowi inne miejsce" in response.content.decode()
    assert not Response.objects.filter(attempt=attempt).exists()
    # An order stored some other way with an item twice earns nothing either.
    first = q["ordering"].choices.order_by("position").first().pk
    services.attempt_submit(attempt=attempt, answers={q["ordering"].pk: {str(first): "1"}})
    Response.objects.filter(attempt=attempt, question=q["ordering"]).update(
        value=[first] * len(shown)
    )
    services.quiz_regrade(quiz=quiz)
    assert Response.objects.get(attempt=attempt, question=q["ordering"]).credit == 0


def test_a_huge_or_not_a_number_numeric_answer_is_refused_and_nothing_is_saved(
    client_for, learner, quiz, enrollment, trainer
):
    q = quiz_with_every_type(quiz, owner=trainer)
    client = client_for(learner)
    _r, attempt = start(client, quiz)
    for typed in ("NaN", "-1e999", "9" * 5000):
        response = client.post(
            reverse("assessments:attempt_save", args=[attempt.pk]),
            {f"q-{q['numeric'].pk}": typed, f"q-{q['short'].pk}": "kept?"},
            HTTP_HX_REQUEST="true",
        )
        assert response.status_code == 400
        assert "Wpisz liczbę" in response.content.decode()
    assert not Response.objects.filter(attempt=attempt).exists()


def test_submitting_stores_each_response_s_credit_and_points_and_locks_only_this_attempt(
    client_for, learner, quiz, enrollment, two_questions
):
    (q1, right1, _w1), (q2, _r2, wrong2) = two_questions
    QuizQuestion.objects.filter(quiz=quiz, question=q1).update(points="2.5")
    other = EnrollmentFactory(course=enrollment.course)
    other_client = client_for(other.user)
    start(other_client, quiz)
    other_attempt = Attempt.objects.get(quiz=quiz, user=other.user)
    answer(other_client, other_attempt, {"shown": [q1.pk, q2.pk], f"q-{q1.pk}": right1.pk})
    client = client_for(learner)
    start(client, quiz)
    attempt = Attempt.objects.get(quiz=quiz, user=learner)
    answer(
        client, attempt, {"shown": [q1.pk, q2.pk], f"q-{q1.pk}": right1.pk, f"q-{q2.pk}": wrong2.pk}
    )
    submit(client, attempt)
    grades = {
        r.question_id: (r.credit, r.points, r.locked)
        for r in Response.objects.filter(attempt=attempt)
    }
    assert grades == {q1.pk: (1, Decimal("2.500"), True), q2.pk: (0, 0, True)}
    attempt.refresh_from_db()
    assert (attempt.points, attempt.max_points) == (Decimal("2.5"), Decimal("3.5"))
    # The other learner's open attempt is neither graded nor locked.
    assert set(
        Response.objects.filter(attempt=other_attempt).values_list("credit", "points", "locked")
    ) == {(None, None, False)}


def test_a_pass_that_completes_the_course_says_so_and_offers_the_certificate(
    client_for, learner, quiz, enrollment, two_questions, django_capture_on_commit_callbacks
):
    from certificates.models import Certificate
    from courses.progress import progress_record

    material = quiz.item.module.items.exclude(pk=quiz.item.pk).get()
    progress_record(enrollment=enrollment, item=material, completed=True)
    client = client_for(learner)
    _response, attempt = start(client, quiz)
    (q1, right1, _w1), (q2, right2, _w2) = two_questions
    answer(
        client, attempt, {"shown": [q1.pk, q2.pk], f"q-{q1.pk}": right1.pk, f"q-{q2.pk}": right2.pk}
    )
    with django_capture_on_commit_callbacks(execute=True):
        submit(client, attempt)
    certificate = Certificate.objects.get(enrollment=enrollment)
    page = client.get(reverse("assessments:review", args=[attempt.pk])).content.decode()
    assert "Kurs ukończony" in page
    assert reverse("certificates:pdf", args=[certificate.pk]) in page
    assert certificate.get_absolute_url() in page
    assert reverse("dashboard") in page and reverse("courses:catalog") in page


def test_a_pass_that_leaves_the_course_unfinished_does_not_claim_it_is_complete(
    client_for, learner, quiz, enrollment, two_questions
):
    client = client_for(learner)
    _response, attempt = start(client, quiz)
    (q1, right1, _w1), (q2, right2, _w2) = two_questions
    answer(
        client, attempt, {"shown": [q1.pk, q2.pk], f"q-{q1.pk}": right1.pk, f"q-{q2.pk}": right2.pk}
    )
    submit(client, attempt)
    page = client.get(reverse("assessments:review", args=[attempt.pk])).content.decode()
    assert "Kurs ukończony" not in page


def test_the_attempt_page_numbers_questions_and_leads_back_to_the_course(
    client_for, learner, quiz, enrollment, two_questions
):
    client = client_for(learner)
    _response, attempt = start(client, quiz)
    page = client.get(reverse("assessments:attempt", args=[attempt.pk])).content.decode()
    assert "Pytanie 1 z 2" in page and "Pytanie 2 z 2" in page
    player = reverse(
        "courses:item", kwargs={"slug": quiz.item.course.slug, "item_id": quiz.item.pk}
    )
    assert f'href="{player}"' in page and "Wróć do kursu" in page
