"""Learner-facing pages: the persona matrix, the enrolment states and the player."""

import pytest
from django.conf import settings
from django.urls import reverse

from courses.authoring import item_rename, structure_edit
from courses.models import Course, Enrollment, Item, ItemProgress
from courses.progress import progress_record
from tests.factories.academy import UserFactory
from tests.factories.courses import (
    CourseFactory,
    EnrollmentFactory,
    ItemFactory,
    LinkFactory,
    ModuleFactory,
    PageFactory,
    TopicFactory,
    VideoFactory,
    build_course,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(trainer):
    course, items = build_course(
        modules=2, items=2, sequential=True, trainers=[trainer], title="Polityka integracyjna"
    )
    for item in items:
        PageFactory(item=item, body=f"<p>Treść {item.title}</p>")
    return course


def items_of(course):
    return list(Item.objects.filter(course=course).in_order())


def url(name, course, **kwargs):
    return reverse(f"courses:{name}", kwargs={"slug": course.slug, **kwargs})


def is_login_redirect(response):
    return response.status_code == 302 and "/accounts/login/" in response["Location"]


# --- catalog ---


def test_the_catalog_is_public_and_lists_published_courses_only(client_for, course):
    CourseFactory(title="Szkic niewidoczny", status=Course.Status.DRAFT)
    response = client_for(None).get(reverse("courses:catalog"))
    assert response.status_code == 200
    assert "Polityka integracyjna" in response.content.decode()
    assert "Szkic niewidoczny" not in response.content.decode()


def test_catalog_search_and_filters(client_for):
    topic = TopicFactory(name="Azyl", slug="azyl")
    wanted = CourseFactory(title="Procedura azylowa", language="en", level=Course.Level.ADVANCED)
    wanted.topics.add(topic)
    CourseFactory(title="Tłumacze w urzędzie", language="pl")
    client = client_for(None)
    for query in [
        "?q=azylowa",
        "?topic=azyl",
        "?language=en",
        "?level=advanced",
        "?q=Azyl&language=en",
    ]:
        content = client.get(reverse("courses:catalog") + query).content.decode()
        assert "Procedura azylowa" in content, query
        assert "Tłumacze w urzędzie" not in content, query
    # Unknown filter values are ignored rather than failing.
    assert (
        client.get(reverse("courses:catalog") + "?language=xx&level=<script>&page=abc").status_code
        == 200
    )


def test_catalog_htmx_gets_only_the_results(client_for, course):
    response = client_for(None).get(
        reverse("courses:catalog") + "?q=Polityka", HTTP_HX_REQUEST="true"
    )
    content = response.content.decode()
    assert response.status_code == 200 and "<html" not in content
    assert "Polityka integracyjna" in content
    assert "HX-Request" in response["Vary"]
    full = client_for(None).get(reverse("courses:catalog") + "?q=Polityka").content.decode()
    assert "<html" in full and 'data-hx-push-url="true"' in full


def test_the_catalog_paginates_and_keeps_filters_in_page_links(client_for, settings):
    settings.COURSES_CATALOG_PAGE_SIZE = 2
    for number in range(5):
        CourseFactory(title=f"Kurs {number}", language="pl")
    content = client_for(None).get(reverse("courses:catalog") + "?language=pl").content.decode()
    assert "language=pl&amp;page=2" in content
    page3 = (
        client_for(None).get(reverse("courses:catalog") + "?language=pl&page=3").content.decode()
    )
    assert "Kurs 4" in page3 and "Kurs 0" not in page3


# --- course page and enrolment states ---


@pytest.mark.parametrize(
    ("status", "persona", "code"),
    [
        (Course.Status.PUBLISHED, None, 200),
        (Course.Status.PUBLISHED, "learner", 200),
        (Course.Status.DRAFT, None, 404),
        (Course.Status.DRAFT, "learner", 404),
        (Course.Status.DRAFT, "outsider", 404),
        (Course.Status.DRAFT, "trainer", 200),
        (Course.Status.DRAFT, "staff", 200),
    ],
)
def test_course_page_visibility(request, client_for, course, status, persona, code):
    Course.objects.filter(pk=course.pk).update(status=status)
    user = request.getfixturevalue(persona) if persona else None
    assert client_for(user).get(course.get_absolute_url()).status_code == code


def test_the_course_page_shows_syllabus_hours_trainers_and_the_rule(client_for, course, trainer):
    content = client_for(None).get(course.get_absolute_url()).content.decode()
    for text in ["Krok 1.1", "Krok 2.2", trainer.full_name]:
        assert text in content
    assert 'action="/courses/' not in content  # anonymous: sign in first
    assert "/accounts/login/?next=" in content


def test_the_rule_uses_each_kinds_own_words(client_for, course):
    from courses import registry

    original = registry.get_kind("quiz")
    registry.register_kind(
        registry.ItemKind(
            key="quiz",
            label="Quiz",
            icon="?",
            completion=registry.Completion.PASS,
            template="courses/kinds/page.html",
            describe_rules=lambda items: {
                item.pk: f"pass “{item.title}” with at least 70%" for item in items
            },
        )
    )
    try:
        ItemFactory(module=course.modules.last(), kind="quiz", title="Test końcowy", position=99)
        content = client_for(None).get(course.get_absolute_url()).content.decode()
    finally:
        if original is not None:
            registry.register_kind(original)
    assert "pass “Test końcowy” with at least 70%" in content


@pytest.mark.parametrize(
    ("fields", "enrollment_status", "expected_action"),
    [
        ({}, None, "enrol"),
        ({"enrolment_mode": Course.EnrolmentMode.APPROVAL}, None, "request"),
        ({}, Enrollment.Status.ACTIVE, "learn"),
        (
            {"enrolment_mode": Course.EnrolmentMode.APPROVAL},
            Enrollment.Status.REQUESTED,
            "withdraw",
        ),
        ({"enrolment_mode": Course.EnrolmentMode.CLOSED}, None, None),
        ({"capacity": 0}, None, None),
    ],
)
def test_the_enrol_button_reflects_the_state(
    client_for, learner, course, fields, enrollment_status, expected_action
):
    Course.objects.filter(pk=course.pk).update(**fields)
    if enrollment_status:
        EnrollmentFactory(user=learner, course=course, status=enrollment_status)
    content = client_for(learner).get(course.get_absolute_url()).content.decode()
    for action in ["enrol", "request", "learn"]:
        if action == expected_action:
            assert url(action, course) in content
        elif action != "learn" or expected_action is not None:
            assert f'action="{url(action, course)}"' not in content
    if fields.get("capacity") == 0:
        assert "Brak wolnych miejsc" in content  # the Polish UI: "no places left"


def test_enrolling_through_the_page_leads_to_the_first_item(client_for, learner, course):
    client = client_for(learner)
    response = client.post(url("enrol", course))
    assert response.status_code == 302 and response["Location"] == url("learn", course)
    response = client.get(url("learn", course))
    assert response["Location"] == url("item", course, item_id=items_of(course)[0].pk)
    assert Enrollment.objects.get(user=learner, course=course).is_active


def test_enrolling_in_a_full_course_says_so(client_for, learner, course):
    Course.objects.filter(pk=course.pk).update(capacity=1)
    EnrollmentFactory(course=course)
    response = client_for(learner).post(url("enrol", course), follow=True)
    assert not Enrollment.objects.filter(user=learner).exists()
    assert any(
        "full" in str(m).lower() or "miejsca" in str(m).lower()
        for m in response.context["messages"]
    )


def test_double_submitted_enrolment_gives_one_enrolment(client_for, learner, course):
    client = client_for(learner)
    client.post(url("enrol", course))
    client.post(url("enrol", course))
    assert Enrollment.objects.filter(user=learner, course=course).count() == 1


@pytest.mark.parametrize("name", ["enrol", "request", "withdraw"])
def test_enrolment_actions_need_sign_in_post_and_a_visible_course(
    client_for, learner, course, name
):
    assert is_login_redirect(client_for(None).post(url(name, course)))
    assert client_for(learner).get(url(name, course)).status_code == 405
    Course.objects.filter(pk=course.pk).update(status=Course.Status.DRAFT)
    assert client_for(learner).post(url(name, course)).status_code == 404


def test_request_and_withdraw_through_the_page(client_for, learner, course):
    Course.objects.filter(pk=course.pk).update(enrolment_mode=Course.EnrolmentMode.APPROVAL)
    client = client_for(learner)
    client.post(url("request", course))
    assert Enrollment.objects.get(user=learner).status == Enrollment.Status.REQUESTED
    client.post(url("withdraw", course))
    assert Enrollment.objects.get(user=learner).status == Enrollment.Status.WITHDRAWN


def test_withdrawing_without_an_enrolment_is_404(client_for, learner, course):
    assert client_for(learner).post(url("withdraw", course)).status_code == 404


# --- player ---


def test_an_unenrolled_user_opening_an_item_is_sent_to_the_course_page(client_for, learner, course):
    item = items_of(course)[0]
    response = client_for(learner).get(url("item", course, item_id=item.pk))
    assert response.status_code == 302 and response["Location"] == course.get_absolute_url()
    assert is_login_redirect(client_for(None).get(url("item", course, item_id=item.pk)))
    assert client_for(learner).get(url("learn", course))["Location"] == course.get_absolute_url()


def test_htmx_requests_from_unenrolled_users_get_a_client_redirect(client_for, learner, course):
    item = items_of(course)[0]
    response = client_for(learner).post(
        url("item_complete", course, item_id=item.pk), HTTP_HX_REQUEST="true"
    )
    assert response["HX-Redirect"] == course.get_absolute_url()
    assert not ItemProgress.objects.exists()


def test_a_locked_item_gives_403_saying_what_to_finish_first(client_for, learner, course):
    EnrollmentFactory(user=learner, course=course)
    first, second = items_of(course)[:2]
    response = client_for(learner).get(url("item", course, item_id=second.pk))
    assert response.status_code == 403
    assert first.title in response.content.decode()


def test_drafts_and_archived_items_are_404_for_learners(client_for, learner, course):
    EnrollmentFactory(user=learner, course=course)
    first = items_of(course)[0]
    with structure_edit(course):
        Item.objects.filter(pk=first.pk).update(archived_at="2026-01-01T00:00Z")
    assert client_for(learner).get(url("item", course, item_id=first.pk)).status_code == 404
    Course.objects.filter(pk=course.pk).update(status=Course.Status.DRAFT)
    second = items_of(course)[1]
    assert client_for(learner).get(url("item", course, item_id=second.pk)).status_code == 404


def test_an_item_under_another_courses_slug_is_404(client_for, learner, course):
    other, other_items = build_course()
    EnrollmentFactory(user=learner, course=other)
    assert (
        client_for(learner).get(url("item", course, item_id=other_items[0].pk)).status_code == 404
    )


def test_the_player_shows_the_item_outline_states_and_progress_bars(client_for, learner, course):
    EnrollmentFactory(user=learner, course=course)
    first, second = items_of(course)[:2]
    content = client_for(learner).get(url("item", course, item_id=first.pk)).content.decode()
    assert f"Treść {first.title}" in content
    assert "<progress" in content and 'style="' not in content
    assert "Oznacz jako ukończone" in content
    assert first.title in content and second.title in content
    # Why the second step is locked, in the outline.
    assert f"najpierw ukończ „{first.title}”" in content


def test_marking_complete_without_javascript_redirects_back(client_for, learner, course):
    enrollment = EnrollmentFactory(user=learner, course=course)
    first, second = items_of(course)[:2]
    client = client_for(learner)
    response = client.post(url("item_complete", course, item_id=first.pk))
    assert response["Location"] == url("item", course, item_id=first.pk)
    response = client.post(url("item_complete", course, item_id=second.pk), {"then": "next"})
    assert response["Location"] == url("item", course, item_id=items_of(course)[2].pk)
    enrollment.refresh_from_db()
    assert enrollment.required_completed == 2 and enrollment.percent == 50


def test_marking_complete_with_htmx_returns_the_panel_and_the_outline(client_for, learner, course):
    EnrollmentFactory(user=learner, course=course)
    first, second = items_of(course)[:2]
    response = client_for(learner).post(
        url("item_complete", course, item_id=first.pk), HTTP_HX_REQUEST="true"
    )
    content = response.content.decode()
    assert response.status_code == 200 and "<html" not in content
    assert 'id="progress-panel"' in content and 'data-hx-swap-oob="true"' in content
    assert 'value="25"' in content  # one of four required steps
    # The next step is now unlocked: the outline links it.
    assert url("item", course, item_id=second.pk) in content


def test_quizzes_cannot_be_completed_by_a_click(client_for, learner, course, pass_kind):
    enrollment = EnrollmentFactory(user=learner, course=course)
    Course.objects.filter(pk=course.pk).update(is_sequential=False)
    quiz = ItemFactory(module=course.modules.first(), kind=pass_kind, position=50)
    response = client_for(learner).post(url("item_complete", course, item_id=quiz.pk))
    assert response.status_code == 409
    assert not ItemProgress.objects.filter(
        enrollment=enrollment, item=quiz, state="completed"
    ).exists()


def test_nobody_can_change_another_learners_progress(client_for, learner, outsider, course):
    mine = EnrollmentFactory(user=learner, course=course)
    theirs = EnrollmentFactory(user=outsider, course=course)
    first = items_of(course)[0]
    client_for(outsider).post(
        url("item_complete", course, item_id=first.pk), {"enrollment": mine.pk}
    )
    assert not ItemProgress.objects.filter(enrollment=mine).exists()
    assert ItemProgress.objects.filter(enrollment=theirs, item=first, state="completed").exists()


def test_learn_resumes_at_the_last_item(client_for, learner, course):
    enrollment = EnrollmentFactory(user=learner, course=course)
    items = items_of(course)
    progress_record(enrollment=enrollment, item=items[0], completed=True)
    progress_record(enrollment=enrollment, item=items[1])
    assert client_for(learner).get(url("learn", course))["Location"] == url(
        "item", course, item_id=items[1].pk
    )


def test_reopening_an_earlier_step_moves_resume_back_to_it(client_for, learner, course):
    enrollment = EnrollmentFactory(user=learner, course=course)
    items = items_of(course)
    progress_record(enrollment=enrollment, item=items[0], completed=True)
    client = client_for(learner)
    for item in (items[1], items[0]):  # start the second step, then look back at the first
        assert client.get(url("item", course, item_id=item.pk)).status_code == 200
    enrollment.refresh_from_db()
    assert enrollment.last_item_id == items[0].pk
    assert client.get(url("learn", course))["Location"] == url("item", course, item_id=items[0].pk)
    assert ItemProgress.objects.filter(enrollment=enrollment).count() == 2


def test_pages_complete_on_view_when_the_course_says_so(client_for, learner, course):
    Course.objects.filter(pk=course.pk).update(complete_pages_on_view=True)
    enrollment = EnrollmentFactory(user=learner, course=course)
    first = items_of(course)[0]
    content = client_for(learner).get(url("item", course, item_id=first.pk)).content.decode()
    assert ItemProgress.objects.get(enrollment=enrollment, item=first).state == "completed"
    assert 'action="' + url("item_complete", course, item_id=first.pk) not in content


def test_every_material_kind_renders_in_the_player(client_for, learner):
    course = CourseFactory()
    module = ModuleFactory(course=course)
    video = VideoFactory(item__module=module, item__position=1, transcript="Słowa z nagrania")
    link = LinkFactory(item__module=module, item__position=2, url="https://www.gov.pl/web/ua")
    EnrollmentFactory(user=learner, course=course)
    client = client_for(learner)
    video_page = client.get(url("item", course, item_id=video.item.pk)).content.decode()
    assert 'src="https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ"' in video_page
    assert "Słowa z nagrania" in video_page
    link_page = client.get(url("item", course, item_id=link.item.pk)).content.decode()
    assert (
        'href="https://www.gov.pl/web/ua"' in link_page
        and 'rel="noopener noreferrer nofollow"' in link_page
    )


def test_page_html_is_escaped_or_sanitised_in_the_player(client_for, learner, course):
    EnrollmentFactory(user=learner, course=course)
    first = items_of(course)[0]
    first.page.body = '<p>ok</p><script>alert(1)</script><img src=x onerror="alert(2)" alt="a">'
    first.page.save()
    item_rename(item=first, title="<script>alert(3)</script>")
    content = client_for(learner).get(url("item", course, item_id=first.pk)).content.decode()
    assert "<script>alert" not in content and "onerror" not in content
    assert "&lt;script&gt;alert(3)" in content


# --- completed course with new items ---


def test_a_completed_course_says_when_new_items_were_added(
    client_for, learner, course, django_capture_on_commit_callbacks
):
    from courses.authoring import item_create

    Course.objects.filter(pk=course.pk).update(is_sequential=False)
    enrollment = EnrollmentFactory(user=learner, course=course)
    for item in items_of(course):
        progress_record(enrollment=enrollment, item=item, completed=True)
    with django_capture_on_commit_callbacks(execute=True):
        item_create(module=course.modules.first(), kind="page", title="Nowe przepisy 2026")
    detail = client_for(learner).get(course.get_absolute_url()).content.decode()
    dashboard = client_for(learner).get(reverse("dashboard")).content.decode()
    for content in (detail, dashboard):
        assert "1 new step" in content or "1 nowy krok" in content or "1 новий крок" in content


# --- preview ---


@pytest.mark.parametrize(
    ("persona", "code"),
    [
        ("learner", 404),
        ("outsider", 404),
        ("trainer", 200),
        ("staff", 200),
    ],
)
def test_preview_is_for_editors_only(request, client_for, course, persona, code):
    user = request.getfixturevalue(persona)
    EnrollmentFactory(user=request.getfixturevalue("learner"), course=course)
    last = items_of(course)[-1]
    assert client_for(user).get(url("item_preview", course, item_id=last.pk)).status_code == code
    response = client_for(user).get(url("preview", course))
    assert response.status_code == (302 if code == 200 else 404)
    assert is_login_redirect(client_for(None).get(url("item_preview", course, item_id=last.pk)))


def test_preview_writes_no_progress_and_locks_nothing(client_for, trainer, course):
    Course.objects.filter(pk=course.pk).update(status=Course.Status.DRAFT)
    last = items_of(course)[-1]
    response = client_for(trainer).get(url("item_preview", course, item_id=last.pk))
    content = response.content.decode()
    assert response.status_code == 200 and response.context["preview"] is True
    assert not ItemProgress.objects.exists() and not Enrollment.objects.exists()
    assert 'action="' + url("item_complete", course, item_id=last.pk) not in content
    assert all(url("item_preview", course, item_id=item.pk) in content for item in items_of(course))


# --- trainer requests page ---


@pytest.mark.parametrize(
    ("persona", "code"), [("learner", 404), ("outsider", 404), ("trainer", 200), ("staff", 200)]
)
def test_the_requests_page_is_for_the_courses_editors(request, client_for, course, persona, code):
    assert (
        client_for(request.getfixturevalue(persona)).get(url("requests", course)).status_code
        == code
    )
    assert is_login_redirect(client_for(None).get(url("requests", course)))


@pytest.mark.parametrize(
    ("persona", "approve", "expected"),
    [
        ("trainer", "approve", Enrollment.Status.ACTIVE),
        ("trainer", "reject", Enrollment.Status.REJECTED),
        ("staff", "approve", Enrollment.Status.ACTIVE),
        ("learner", "approve", Enrollment.Status.REQUESTED),
        ("outsider", "approve", Enrollment.Status.REQUESTED),
        ("trainer", "maybe", Enrollment.Status.REQUESTED),
    ],
)
def test_deciding_requests(request, client_for, course, outsider, persona, approve, expected):
    Course.objects.filter(pk=course.pk).update(enrolment_mode=Course.EnrolmentMode.APPROVAL)
    enrollment = EnrollmentFactory(course=course, status=Enrollment.Status.REQUESTED)
    client_for(request.getfixturevalue(persona)).post(
        url("request_decide", course, enrollment_id=enrollment.pk), {"decision": approve}
    )
    enrollment.refresh_from_db()
    assert enrollment.status == expected


def test_a_double_click_on_approve_is_harmless(client_for, trainer, course):
    enrollment = EnrollmentFactory(course=course, status=Enrollment.Status.REQUESTED)
    client = client_for(trainer)
    client.post(url("request_decide", course, enrollment_id=enrollment.pk), {"decision": "approve"})
    response = client.post(
        url("request_decide", course, enrollment_id=enrollment.pk),
        {"decision": "reject"},
        follow=True,
    )
    enrollment.refresh_from_db()
    assert enrollment.status == Enrollment.Status.ACTIVE
    assert response.status_code == 200


def test_the_course_page_says_when_enrolment_opens_and_closes(client_for, learner, course):
    from datetime import timedelta

    from django.utils import timezone

    Course.objects.filter(pk=course.pk).update(
        enrolment_opens_at=timezone.now() + timedelta(days=3)
    )
    content = client_for(learner).get(course.get_absolute_url()).content.decode()
    assert "Zapisy rozpoczną się" in content and url("enrol", course) not in content
    Course.objects.filter(pk=course.pk).update(
        enrolment_opens_at=None, enrolment_closes_at=timezone.now() + timedelta(days=3)
    )
    content = client_for(learner).get(course.get_absolute_url()).content.decode()
    assert "Zapisy kończą się" in content and url("enrol", course) in content


def test_complete_and_continue_with_htmx_goes_to_the_next_step_and_says_so(
    client_for, learner, course
):
    EnrollmentFactory(user=learner, course=course)
    first, second = items_of(course)[:2]
    client = client_for(learner)
    response = client.post(
        url("item_complete", course, item_id=first.pk), {"then": "next"}, HTTP_HX_REQUEST="true"
    )
    assert response["HX-Redirect"] == url("item", course, item_id=second.pk)
    content = client.get(response["HX-Redirect"]).content.decode()
    assert f"Krok „{first.title}” ukończony. Następny krok: „{second.title}”." in content
    assert "data-announce" in content  # focused on arrival (static/js/academy.js)


def test_the_locked_step_page_links_the_step_to_finish_first_and_the_course(
    client_for, learner, course
):
    EnrollmentFactory(user=learner, course=course)
    first, second = items_of(course)[:2]
    response = client_for(learner).get(url("item", course, item_id=second.pk))
    content = response.content.decode()
    assert response.status_code == 403
    assert f"Najpierw ukończ „{first.title}”." in content
    assert f'href="{url("item", course, item_id=first.pk)}"' in content
    assert f"Przejdź do „{first.title}”" in content
    assert f'href="{course.get_absolute_url()}"' in content


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("ukraina", True),  # another ending of "Ukrainy"
        ("UKRAINY", True),
        ("tlumacz", True),  # without the Polish mark
        ("Tłumacze ukraina", True),  # every word, anywhere
        ("tłumacze azyl", False),  # "azyl" is in no field of this course
        ("wiśniewska", True),  # a trainer
        ("Local integration", True),  # a topic's English name
        ("місцева", True),  # a topic's Ukrainian name, Cyrillic case-insensitive
        ("МІСЦЕВА інтеграція", True),
        ("   ", True),  # no words: no search
    ],
)
def test_catalog_search_goes_word_by_word_ignoring_case_and_diacritics(client_for, query, found):
    trainer = UserFactory(full_name="dr Katarzyna Wiśniewska")
    topic = TopicFactory(
        name="Integracja lokalna", name_en="Local integration", name_uk="Місцева інтеграція"
    )
    course = CourseFactory(
        title="Tłumacze w urzędzie", summary="Praca z uchodźcami z Ukrainy", trainers=[trainer]
    )
    course.topics.add(topic)
    CourseFactory(title="Procedura azylowa")
    content = client_for(None).get(reverse("courses:catalog"), {"q": query}).content.decode()
    assert ("Tłumacze w urzędzie" in content) is found


def test_topic_names_follow_the_interface_language(client_for, course):
    topic = TopicFactory(
        name="Integracja lokalna", name_en="Local integration", name_uk="Місцева інтеграція"
    )
    course.topics.add(topic)
    client = client_for(None)
    for language, name in [
        ("pl", "Integracja lokalna"),
        ("en", "Local integration"),
        ("uk", "Місцева інтеграція"),
    ]:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        assert name in client.get(reverse("courses:catalog")).content.decode()
        assert name in client.get(course.get_absolute_url()).content.decode()


def test_the_syllabus_explains_its_symbols_and_visitors_may_sign_up(client_for, course):
    content = client_for(None).get(course.get_absolute_url()).content.decode()
    assert "Oznaczenia:" in content and "⊘</span> zablokowany" in content
    assert reverse("account_signup") + "?next=" in content
    assert "Pierwszy raz tutaj? Załóż konto" in content


def test_in_the_player_the_steps_heading_comes_before_the_outlines(client_for, learner, course):
    EnrollmentFactory(user=learner, course=course)
    content = (
        client_for(learner)
        .get(url("item", course, item_id=items_of(course)[0].pk))
        .content.decode()
    )
    main = content[content.index("<main") :]
    assert main.index("<h1") < main.index("<h2") and main.index("<h1") < main.index("<h3")


@pytest.mark.parametrize("embeds", [True, False])
def test_an_embedded_video_always_offers_a_plain_link_and_embeds_can_be_turned_off(
    client_for, learner, settings, embeds
):
    settings.COURSES_VIDEO_EMBEDS = embeds
    course = CourseFactory()
    item = ItemFactory(module=ModuleFactory(course=course), kind="video", position=1)
    VideoFactory(
        item=item,
        embed_url="https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ",
        transcript="Słowo po słowie.",
    )
    EnrollmentFactory(user=learner, course=course)
    content = client_for(learner).get(url("item", course, item_id=item.pk)).content.decode()
    assert 'href="https://www.youtube.com/watch?v=aqz-KE-bpKQ"' in content
    assert "Słowo po słowie." in content
    assert ("<iframe" in content) is embeds
    assert ('class="video-transcript" open' in content) is not embeds
