"""The coordinator's staff progress report, its CSV export and enrolling staff:
the persona matrix, tampered input, the summary and the query budget."""

import csv
import io

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from academy.models import Membership
from courses.models import Course, Enrollment
from courses.progress import progress_record
from tests.factories.academy import MembershipFactory, UserFactory
from tests.factories.courses import CourseFactory, EnrollmentFactory, build_course

pytestmark = pytest.mark.django_db

REPORT = reverse("organisation_progress")
CSV = reverse("organisation_progress_csv")
ENROL = reverse("organisation_enrol")


def is_login_redirect(response):
    return response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.fixture
def course(trainer):
    course, _items = build_course(
        modules=1, items=2, trainers=[trainer], title="Polityka integracyjna"
    )
    return course


@pytest.fixture
def colleague(organisation):
    user = UserFactory(email="colleague@example.org", full_name="Zofia Żółć")
    MembershipFactory(user=user, organisation=organisation)
    return user


@pytest.fixture
def english(coordinator):
    """The coordinator reads the site in English (messages are asserted in English)."""
    coordinator.preferred_language = "en"
    coordinator.save(update_fields=["preferred_language"])
    return coordinator


def csv_rows(response):
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))


# --- persona matrix ---------------------------------------------------------------


@pytest.mark.parametrize("url", [REPORT, CSV, ENROL])
def test_anonymous_is_sent_to_login(client, url):
    assert is_login_redirect(client.get(url))


@pytest.mark.parametrize("url", [REPORT, CSV, ENROL])
@pytest.mark.parametrize("persona", ["learner", "trainer", "outsider"])
def test_people_who_coordinate_nothing_get_404(request, client_for, url, persona):
    assert client_for(request.getfixturevalue(persona)).get(url).status_code == 404


def test_enrol_post_by_a_learner_is_404_and_enrols_nobody(client_for, learner, colleague, course):
    response = client_for(learner).post(ENROL, {"course": course.pk, "members": [colleague.pk]})
    assert response.status_code == 404
    assert not Enrollment.objects.filter(course=course).exists()


def test_coordinator_of_another_organisation_never_sees_our_people(
    client_for, other_coordinator, learner, outsider, organisation, course
):
    EnrollmentFactory(user=learner, course=course)
    EnrollmentFactory(user=outsider, course=course)
    client = client_for(other_coordinator)
    own = client.get(REPORT)
    assert own.status_code == 200
    assert learner.full_name not in own.content.decode()
    assert outsider.full_name in own.content.decode()
    assert client.get(REPORT, {"organisation": organisation.pk}).status_code == 404
    assert client.get(CSV, {"organisation": organisation.pk}).status_code == 404
    assert client.get(ENROL, {"organisation": organisation.pk}).status_code == 404
    exported = csv_rows(client.get(CSV))
    assert [row[1] for row in exported[1:]] == [outsider.email]


def test_coordinator_sees_their_members_progress(client_for, coordinator, learner, course):
    enrollment = EnrollmentFactory(user=learner, course=course)
    progress_record(enrollment=enrollment, item=course.items.first(), completed=True)
    response = client_for(coordinator).get(REPORT)
    assert response.status_code == 200
    html = response.content.decode()
    assert learner.full_name in html and course.title in html
    assert "<progress" in html and 'value="50"' in html
    assert "style=" not in html


def test_staff_see_every_organisation_and_can_filter_one(
    client_for, staff, learner, outsider, organisation, course
):
    EnrollmentFactory(user=learner, course=course)
    EnrollmentFactory(user=outsider, course=course)
    client = client_for(staff)
    html = client.get(REPORT).content.decode()
    assert learner.full_name in html and outsider.full_name in html
    html = client.get(REPORT, {"organisation": organisation.pk}).content.decode()
    assert learner.full_name in html and outsider.full_name not in html
    assert client.get(REPORT, {"organisation": 999999}).status_code == 404


def test_pending_and_rejected_members_are_not_in_the_report(
    client_for, coordinator, organisation, course
):
    pending = UserFactory(full_name="Piotr Oczekujący")
    MembershipFactory(user=pending, organisation=organisation, status=Membership.Status.PENDING)
    EnrollmentFactory(user=pending, course=course)
    html = client_for(coordinator).get(REPORT).content.decode()
    assert "Piotr Oczekujący" not in html


# --- filters ------------------------------------------------------------------------


def test_filters_by_state_course_and_name(
    client_for, coordinator, learner, colleague, course, trainer
):
    other, _ = build_course(items=1, trainers=[trainer], title="Ochrona czasowa")
    done = EnrollmentFactory(user=learner, course=other)
    progress_record(enrollment=done, item=other.items.first(), completed=True)
    EnrollmentFactory(user=learner, course=course)  # not started
    started = EnrollmentFactory(user=colleague, course=course)
    progress_record(enrollment=started, item=course.items.first(), completed=True)
    client = client_for(coordinator)

    def rows(**params):
        return [(r[0], r[4]) for r in csv_rows(client.get(CSV, params))[1:]]

    assert rows(state="completed") == [(learner.full_name, "Ochrona czasowa")]
    assert rows(state="not_started") == [(learner.full_name, "Polityka integracyjna")]
    assert rows(state="in_progress") == [(colleague.full_name, "Polityka integracyjna")]
    # Order by name follows the database's collation, so compare as a set here.
    assert set(rows(course=course.pk)) == {
        (learner.full_name, "Polityka integracyjna"),
        (colleague.full_name, "Polityka integracyjna"),
    }
    assert rows(q="Żół") == [(colleague.full_name, "Polityka integracyjna")]
    # The HTML report applies the same filters.
    html = client.get(REPORT, {"state": "completed"}).content.decode()
    assert "Ochrona czasowa" in html and colleague.full_name not in html


def test_members_without_enrolments_are_listed(client_for, coordinator, learner, colleague, course):
    EnrollmentFactory(user=learner, course=course)
    response = client_for(coordinator).get(REPORT)
    unenrolled = response.content.decode().split('id="unenrolled-heading"')[1]
    assert colleague.full_name in unenrolled and learner.full_name not in unenrolled


def test_report_is_paginated(client_for, coordinator, organisation, course, settings):
    for n in range(55):
        user = UserFactory(full_name=f"Osoba {n:02d}")
        MembershipFactory(user=user, organisation=organisation)
        EnrollmentFactory(user=user, course=course)
    client = client_for(coordinator)
    first = client.get(REPORT).content.decode()
    assert "Osoba 00" in first and "Osoba 54" not in first
    second = client.get(REPORT, {"page": 2}).content.decode()
    assert "Osoba 54" in second and "Osoba 00" not in second


@pytest.mark.parametrize("members", [1, 5])
def test_report_query_count_is_constant(
    client_for, coordinator, organisation, trainer, members, django_assert_num_queries
):
    courses = [build_course(items=2, trainers=[trainer])[0] for _ in range(3)]
    for n in range(members):
        user = UserFactory()
        MembershipFactory(user=user, organisation=organisation)
        for course in courses:
            enrollment = EnrollmentFactory(user=user, course=course)
            progress_record(enrollment=enrollment, item=course.items.first(), completed=True)
    client = client_for(coordinator)
    # session, the user (with the role flags that is_coordinator and the navigation
    # read), organisations, filter courses, count, page, unenrolled members, the access
    # log insert (privacy.AccessLog).
    with django_assert_num_queries(8):
        assert client.get(REPORT).status_code == 200
    # the CSV: session, the user, organisations, filter courses, the people in it and
    # the access log insert, the streamed rows
    with django_assert_num_queries(7):
        response = client.get(CSV)
        assert len(csv_rows(response)) == 1 + members * 3


# --- CSV ----------------------------------------------------------------------------


def test_csv_is_excel_friendly_and_translated(client_for, coordinator, learner, course):
    enrollment = EnrollmentFactory(user=learner, course=course)
    progress_record(enrollment=enrollment, item=course.items.first(), completed=True)
    response = client_for(coordinator).get(CSV)
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = csv_rows(response)
    assert rows[0][0] == "Imię i nazwisko"
    assert rows[1][:2] == ["Łucja Źdźbło-Kowalska", "learner@example.org"]
    assert rows[1][5:9] == ["Zapisany", "50", "1", "2"]


def test_csv_defuses_formulas_in_names(client_for, coordinator, organisation, course):
    user = UserFactory(full_name='=HYPERLINK("http://evil")')
    MembershipFactory(user=user, organisation=organisation)
    EnrollmentFactory(user=user, course=course)
    rows = csv_rows(client_for(coordinator).get(CSV))
    assert rows[1][0].startswith("'=")


# --- enrolling staff ----------------------------------------------------------------


def test_coordinator_enrols_two_members_and_they_get_the_email(
    client_for, coordinator, learner, colleague, course, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(coordinator).post(
            ENROL, {"course": course.pk, "members": [learner.pk, colleague.pk]}, follow=True
        )
    assert set(
        Enrollment.objects.filter(course=course, status=Enrollment.Status.ACTIVE).values_list(
            "user__email", flat=True
        )
    ) == {learner.email, colleague.email}
    assert sorted(m.to[0] for m in mail.outbox) == sorted([learner.email, colleague.email])
    assert "Polityka integracyjna: 2 osoby zapisane." in response.content.decode()
    assert all(course.title in m.subject for m in mail.outbox)


def test_select_all_enrols_every_approved_member(
    client_for, coordinator, learner, colleague, trainer, course
):
    client_for(coordinator).post(ENROL, {"course": course.pk, "select_all": "on"})
    enrolled = set(Enrollment.objects.filter(course=course).values_list("user_id", flat=True))
    assert enrolled == {learner.pk, colleague.pk, trainer.pk, coordinator.pk}


def test_summary_reports_already_enrolled_and_full(
    client_for, english, coordinator, learner, colleague, trainer, course
):
    course.capacity = 2
    course.save()
    EnrollmentFactory(user=learner, course=course)
    response = client_for(coordinator).post(
        ENROL,
        {"course": course.pk, "members": [learner.pk, colleague.pk, trainer.pk]},
        follow=True,
    )
    html = response.content.decode()
    assert "1 enrolled, 1 already enrolled or waiting, 1 refused: This course is full" in html
    assert Enrollment.objects.filter(course=course, status=Enrollment.Status.ACTIVE).count() == 2


def test_double_submit_gives_no_duplicates(
    client_for, english, coordinator, learner, course, django_capture_on_commit_callbacks
):
    client = client_for(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(ENROL, {"course": course.pk, "members": [learner.pk]})
        response = client.post(ENROL, {"course": course.pk, "members": [learner.pk]}, follow=True)
    assert Enrollment.objects.filter(course=course, user=learner).count() == 1
    assert "1 already enrolled or waiting" in response.content.decode()
    assert len(mail.outbox) == 1


def test_approval_course_sends_requests_the_trainers_decide(
    client_for, english, coordinator, learner, course
):
    course.enrolment_mode = Course.EnrolmentMode.APPROVAL
    course.save()
    response = client_for(coordinator).post(
        ENROL, {"course": course.pk, "members": [learner.pk]}, follow=True
    )
    assert Enrollment.objects.get(course=course, user=learner).status == Enrollment.Status.REQUESTED
    assert "1 request sent to the trainers" in response.content.decode()
    assert (
        "Waiting for approval" in response.content.decode()
        or "Requested" in response.content.decode()
    )


def test_enrolment_window_refuses_everyone_with_the_reason(
    client_for, english, coordinator, learner, course
):
    course.enrolment_opens_at = timezone.now() + timezone.timedelta(days=3)
    course.save()
    response = client_for(coordinator).post(
        ENROL, {"course": course.pk, "members": [learner.pk]}, follow=True
    )
    assert (
        "1 refused: Enrolment in this course is not open at the moment."
        in response.content.decode()
    )
    assert not Enrollment.objects.filter(course=course, status=Enrollment.Status.ACTIVE).exists()


@pytest.mark.parametrize(
    "tamper", ["other_member", "draft", "missing_course", "closed", "no_one", "pending_member"]
)
def test_tampered_posts_are_refused_and_nothing_is_enrolled(
    client_for,
    english,
    coordinator,
    learner,
    outsider,
    organisation,
    course,
    trainer,
    tamper,
    django_capture_on_commit_callbacks,
):
    members = [learner.pk]
    course_id = course.pk
    if tamper == "other_member":
        members = [learner.pk, outsider.pk]
    elif tamper == "draft":
        course_id = CourseFactory(status=Course.Status.DRAFT).pk
    elif tamper == "missing_course":
        course_id = 999999
    elif tamper == "closed":
        course_id = CourseFactory(enrolment_mode=Course.EnrolmentMode.CLOSED).pk
    elif tamper == "no_one":
        members = []
    elif tamper == "pending_member":
        pending = UserFactory()
        MembershipFactory(user=pending, organisation=organisation, status=Membership.Status.PENDING)
        members = [pending.pk]
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(coordinator).post(ENROL, {"course": course_id, "members": members})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="errorlist"' in html or "message-error" in html
    assert not Enrollment.objects.exists()
    assert mail.outbox == []


def test_enrol_page_lists_only_own_approved_members(
    client_for, coordinator, learner, outsider, course
):
    html = client_for(coordinator).get(ENROL).content.decode()
    assert learner.email in html and outsider.email not in html
    assert course.title in html


def test_staff_choose_an_organisation_first(
    client_for, staff, organisation, learner, outsider, course
):
    client = client_for(staff)
    html = client.get(ENROL).content.decode()
    assert 'name="organisation"' in html and learner.email not in html
    html = client.get(ENROL, {"organisation": organisation.pk}).content.decode()
    assert learner.email in html and outsider.email not in html
    client.post(
        ENROL, {"organisation": organisation.pk, "course": course.pk, "members": [learner.pk]}
    )
    assert Enrollment.objects.filter(
        user=learner, course=course, status=Enrollment.Status.ACTIVE
    ).exists()


def test_members_page_links_to_the_report(client_for, coordinator):
    html = client_for(coordinator).get(reverse("members")).content.decode()
    assert REPORT in html and ENROL in html


def test_dashboard_hints_coordinators_at_their_staffs_progress(
    client_for, coordinator, learner, course, english
):
    EnrollmentFactory(user=learner, course=course)
    html = client_for(coordinator).get(reverse("dashboard")).content.decode()
    assert "Your staff&#x27;s learning" in html or "Your staff's learning" in html
    assert (
        "1 person from the organisations you coordinate is learning: 1 course(s) in progress, 0 completed."
        in html
    )
    assert REPORT in html
    assert (
        "staff-hint-heading" not in client_for(learner).get(reverse("dashboard")).content.decode()
    )


# --- one member's courses, item by item --------------------------------------------


def member_url(user):
    return reverse("organisation_member", kwargs={"user_id": user.pk})


def test_member_page_persona_matrix(
    client, client_for, learner, trainer, outsider, other_coordinator, coordinator, staff, course
):
    EnrollmentFactory(user=learner, course=course)
    url = member_url(learner)
    assert is_login_redirect(client.get(url))
    for persona in (learner, trainer, outsider, other_coordinator):
        assert client_for(persona).get(url).status_code == 404
    assert client_for(coordinator).get(url).status_code == 200
    assert client_for(staff).get(url).status_code == 200
    # Another organisation's person, or nobody at all: the same 404.
    assert client_for(coordinator).get(member_url(outsider)).status_code == 404
    assert (
        client_for(coordinator)
        .get(reverse("organisation_member", kwargs={"user_id": 999999}))
        .status_code
        == 404
    )


def test_member_page_shows_each_items_state(client_for, coordinator, learner, trainer, english):
    course, items = build_course(
        items=3, sequential=True, trainers=[trainer], title="Kurs sekwencyjny"
    )
    enrollment = EnrollmentFactory(user=learner, course=course)
    progress_record(enrollment=enrollment, item=items[0], completed=True)
    html = client_for(coordinator).get(member_url(learner)).content.decode()
    assert "Kurs sekwencyjny" in html and 'value="33"' in html
    rows = {
        title: html.split(title, 1)[1].split("</tr>", 1)[0]
        for title in ("Krok 1.1", "Krok 1.2", "Krok 1.3")
    }
    assert "Completed" in rows["Krok 1.1"]
    assert "Not started" in rows["Krok 1.2"]
    assert "Locked" in rows["Krok 1.3"]
    # The report links to the page.
    assert member_url(learner) in client_for(coordinator).get(REPORT).content.decode()


@pytest.mark.parametrize("courses", [1, 5])
def test_member_page_query_count_is_constant(
    client_for, coordinator, learner, trainer, courses, django_assert_num_queries
):
    for _ in range(courses):
        course, items = build_course(modules=2, items=3, trainers=[trainer])
        progress_record(
            enrollment=EnrollmentFactory(user=learner, course=course), item=items[0], completed=True
        )
    client = client_for(coordinator)
    # session, the user (with the role flags), the member, enrolments, modules, items,
    # progress, the access log insert.
    with django_assert_num_queries(8):
        assert client.get(member_url(learner)).status_code == 200


def test_report_filters_form_ignores_what_a_shared_link_may_carry_wrongly():
    from courses.forms_organisation import ReportFilterForm

    course = CourseFactory()
    form = ReportFilterForm(
        {"course": str(course.pk), "state": "completed", "q": "  Żółw  "},
        courses=[course],
        states=["completed", "in_progress"],
    )
    assert form.filters() == (course, "completed", "Żółw")
    outside = CourseFactory()
    for data in ({"course": str(outside.pk)}, {"course": "abc"}, {"state": "deleted"}, {}):
        assert ReportFilterForm(data, courses=[course], states=["completed"]).filters()[:2] == (
            None,
            "",
        )
    long = ReportFilterForm({"q": "x" * 500}, courses=[], states=[])
    assert long.filters()[2] == "x" * 100


def test_every_report_explains_a_completed_course_below_100_percent(
    client_for, coordinator, learner, course
):
    enrollment = EnrollmentFactory(user=learner, course=course)
    for item in course.items.all():
        progress_record(enrollment=enrollment, item=item, completed=True)
    # Two required steps added after completion: still complete, now 2 of 4.
    Enrollment.objects.filter(pk=enrollment.pk).update(required_total=4, percent=50)
    explanation = "2 nowe kroki dodano po ukończeniu; kurs pozostaje ukończony."
    client = client_for(coordinator)
    assert explanation in client.get(reverse("organisation_progress")).content.decode()
    assert (
        explanation
        in client.get(reverse("organisation_member", args=[learner.pk])).content.decode()
    )
    rows = csv_rows(client.get(CSV))
    assert rows[0][-1] == "Uwagi"
    assert rows[1][5] == "Ukończone" and rows[1][6] == "50" and rows[1][-1] == explanation
