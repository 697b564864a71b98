"""Every URL of training and reports, per persona; downloads parsed."""

import io
from datetime import timedelta

import pypdf
import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from courses.models import Enrollment
from tests.factories.academy import MembershipFactory, UserFactory
from training import services
from training.models import Assignee, Assignment, Invitation, ReportSubscription
from training.reports_mail import scheduled_reports_send

from .conftest import complete

pytestmark = pytest.mark.django_db

COORDINATOR_URLS = [
    "training:coordinator",
    "training:people",
    "training:assign",
    "training:departments",
    "training:invite",
    "training:import",
    "training:subscription",
    "training:report_xlsx",
]
REPORT_URLS = [
    "reports:programme",
    "reports:programme_csv",
    "reports:programme_xlsx",
    "reports:evaluations",
]


@pytest.fixture
def assignment(organisation, coordinator, learner, course):
    return services.assignment_create(
        organisation=organisation,
        course=course,
        due_on=timezone.localdate() + timedelta(days=14),
        scope=Assignment.Scope.ORGANISATION,
        by=coordinator,
    )


@pytest.mark.parametrize(
    "name", COORDINATOR_URLS + REPORT_URLS + ["training:mine", "training:record"]
)
def test_anonymous_is_sent_to_login(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("name", COORDINATOR_URLS + REPORT_URLS)
def test_a_learner_gets_404(client_for, learner, name):
    assert client_for(learner).get(reverse(name)).status_code == 404


@pytest.mark.parametrize("name", COORDINATOR_URLS)
def test_a_coordinator_sees_their_pages(client_for, coordinator, assignment, name):
    assert client_for(coordinator).get(reverse(name)).status_code == 200


@pytest.mark.parametrize("name", COORDINATOR_URLS)
def test_another_organisations_coordinator_gets_404_for_ours(
    client_for, other_coordinator, organisation, other_organisation, name
):
    client = client_for(other_coordinator)
    assert client.get(reverse(name), {"organisation": organisation.pk}).status_code == 404
    assert client.get(reverse(name), {"organisation": "x"}).status_code == 404


@pytest.mark.parametrize("name", COORDINATOR_URLS + REPORT_URLS)
def test_staff_see_everything(client_for, staff, organisation, name):
    assert (
        client_for(staff).get(reverse(name), {"organisation": organisation.pk}).status_code == 200
    )


@pytest.mark.parametrize("name", REPORT_URLS)
def test_a_coordinator_is_not_a_funder(client_for, coordinator, name):
    assert client_for(coordinator).get(reverse(name)).status_code == 404


@pytest.mark.parametrize("name", REPORT_URLS)
def test_a_funder_sees_the_programme_reports(client_for, name):
    funder = UserFactory()
    funder.user_permissions.add(Permission.objects.get(codename="view_programme_reports"))
    assert client_for(funder).get(reverse(name)).status_code == 200


def test_the_impact_page_is_public(client):
    assert client.get(reverse("reports:impact")).status_code == 200


def test_assignment_and_extension_are_only_for_their_organisation(
    client_for, coordinator, other_coordinator, learner, assignment
):
    url = reverse("training:assignment", args=[assignment.pk])
    assert client_for(coordinator).get(url).status_code == 200
    assert client_for(other_coordinator).get(url).status_code == 404
    assert client_for(learner).get(url).status_code == 404
    assignee = Assignee.objects.get(user=learner)
    extend = reverse("training:extend", args=[assignee.pk])
    new = (timezone.localdate() + timedelta(days=30)).isoformat()
    assert client_for(other_coordinator).post(extend, {"due_on": new}).status_code == 404
    assert client_for(coordinator).post(extend, {"due_on": new, "reason": "L4"}).status_code == 302
    assignee.refresh_from_db()
    assert assignee.due_on.isoformat() == new


def test_the_people_view_costs_the_same_queries_for_1_or_40_people(
    client_for, coordinator, organisation, course, django_assert_max_num_queries
):
    client = client_for(coordinator)
    url = reverse("training:people")
    for count in (1, 40):
        for _ in range(count):
            MembershipFactory(organisation=organisation)
        services.assignment_create(
            organisation=organisation,
            course=course,
            due_on=timezone.localdate() + timedelta(days=3),
            scope=Assignment.Scope.ORGANISATION,
            by=coordinator,
        )
        # session, user, coordinator check, organisation, departments, count, page, messages …
        with django_assert_max_num_queries(12):
            assert client.get(url).status_code == 200


def test_the_assign_form_enrols_and_redirects(
    client_for, coordinator, learner, course, organisation
):
    due = (timezone.localdate() + timedelta(days=14)).isoformat()
    response = client_for(coordinator).post(
        reverse("training:assign"),
        {
            "organisation": organisation.pk,
            "course": course.pk,
            "due_on": due,
            "scope": "members",
            "members": [learner.pk],
        },
    )
    assert response.status_code == 302
    assert Enrollment.objects.filter(user=learner, course=course).exists()


def test_import_preview_creates_nothing_until_confirmed(client_for, coordinator, organisation):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(coordinator)
    data = "imię i nazwisko;e-mail;wydział;stanowisko\nAnna;anna@example.org;A;B\nZły;zly;;\n"
    upload = SimpleUploadedFile("staff.csv", data.encode(), content_type="text/csv")
    response = client.post(
        reverse("training:import"), {"organisation": organisation.pk, "file": upload}
    )
    assert response.status_code == 200
    assert "anna@example.org" in response.content.decode()
    assert Invitation.objects.count() == 0
    response = client.post(reverse("training:import_confirm"), {"organisation": organisation.pk})
    assert response.status_code == 302
    assert list(Invitation.objects.values_list("email", flat=True)) == ["anna@example.org"]


def test_a_non_csv_upload_shows_a_clear_message(client_for, coordinator, organisation):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("x.png", b"\x89PNG\r\n\x1a\n\x00\x00", content_type="image/png")
    response = client_for(coordinator).post(
        reverse("training:import"), {"organisation": organisation.pk, "file": upload}
    )
    assert "To nie jest plik CSV ani XLSX." in response.content.decode()


def test_invitation_signup_joins_and_logs_in(client, organisation, coordinator):
    invitation = services.invitation_create(
        organisation=organisation, email="new@example.org", full_name="Nowa", by=coordinator
    )
    url = reverse("training:invitation", args=[invitation.token])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "full_name": "Nowa Osoba",
            "password1": "a-long-password-9",
            "password2": "a-long-password-9",
        },
    )
    assert response.status_code == 302
    assert client.get(reverse("training:mine")).status_code == 200
    assert client.get(reverse("training:invitation", args=["nope"])).status_code == 404


def test_records_download_for_self_and_coordinator_only(
    client_for, coordinator, other_coordinator, learner, course, django_capture_on_commit_callbacks
):
    enrollment = complete(learner, course, django_capture_on_commit_callbacks)
    assert enrollment.completed_at
    for viewer, status in ((learner, 200), (coordinator, 200), (other_coordinator, 404)):
        response = client_for(viewer).get(reverse("training:person_record", args=[learner.pk]))
        assert response.status_code == status
    response = client_for(learner).get(reverse("training:record"))
    text = "".join(
        page.extract_text() for page in pypdf.PdfReader(io.BytesIO(response.content)).pages
    )
    assert "Ochrona czasowa" in text
    code = text.split("/training/record/verify/")[1].split("/")[0]
    assert client_for(None).get(reverse("training:record_verify", args=[code])).status_code == 200
    assert (
        client_for(None).get(reverse("training:record_verify", args=["0" * 32])).status_code == 404
    )


def test_the_report_xlsx_has_types_a_frozen_header_and_filters(client_for, coordinator, assignment):
    response = client_for(coordinator).get(reverse("training:report_xlsx"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref.startswith("A1:")
    assert sheet["E2"].number_format == "dd.mm.yyyy"
    assert sheet.max_row == 3


def test_scheduled_reports_are_emailed_with_the_xlsx(
    coordinator, organisation, assignment, django_capture_on_commit_callbacks
):
    ReportSubscription.objects.create(
        user=coordinator, organisation=organisation, frequency="monthly"
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert scheduled_reports_send() == 1
    message = [m for m in mail.outbox if m.attachments][-1]
    name, content, mimetype = message.attachments[0]
    assert name.endswith(".xlsx") and "spreadsheetml" in mimetype
    assert load_workbook(io.BytesIO(content)).active.max_row == 3
    with django_capture_on_commit_callbacks(execute=True):
        assert scheduled_reports_send() == 0


def test_the_dashboard_shows_due_dates_first(client_for, learner, assignment):
    html = client_for(learner).get(reverse("dashboard")).content.decode()
    assert "due-heading" in html
    assert (
        html.index("due-heading") < html.index("Ochrona czasowa", html.index("due-heading") - 1) + 1
    )


def test_evaluation_is_offered_once_on_completion_and_aggregated(
    client_for, trainer, learner, course, django_capture_on_commit_callbacks
):
    course.trainers.add(trainer)
    settings_url = reverse("training:evaluation_settings", args=[course.slug])
    assert client_for(learner).get(settings_url).status_code == 404
    client_for(trainer).post(settings_url, {"enabled": "on"})
    enrollment = complete(learner, course, django_capture_on_commit_callbacks)
    from training.evaluation import evaluation_panel, evaluation_results

    assert evaluation_panel(enrollment) is not None
    client_for(learner).post(
        reverse("training:evaluate", args=[course.slug]), {"satisfaction": 5, "usefulness": 4}
    )
    assert evaluation_panel(enrollment) is None
    assert evaluation_results()[0]["hidden"]


def _strict_html(response):
    import html5lib

    html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(response.content.decode())


def test_every_page_is_valid_html(
    client_for, coordinator, staff, learner, trainer, assignment, course, organisation
):
    from training.models import LearningPath, PathStep

    path = LearningPath.objects.create(title="Ścieżka", slug="sciezka", is_published=True)
    PathStep.objects.create(path=path, course=course, position=1)
    course.trainers.add(trainer)
    pages = [
        (coordinator, reverse(name)) for name in COORDINATOR_URLS if name != "training:report_xlsx"
    ]
    pages += [(coordinator, reverse("training:assignment", args=[assignment.pk]))]
    pages += [(staff, reverse(name)) for name in ("reports:programme", "reports:evaluations")]
    pages += [(staff, reverse("reports:programme") + "?by=period&voivodeship=mazowieckie")]
    pages += [(staff, reverse("reports:programme") + "?by=topic&kind=ngo&start=2020-01-01")]
    pages += [(None, reverse("reports:impact")), (learner, reverse("training:mine"))]
    pages += [
        (learner, reverse("training:path", args=["sciezka"])),
        (learner, reverse("dashboard")),
    ]
    pages += [(trainer, reverse("training:evaluation_settings", args=[course.slug]))]
    for user, url in pages:
        response = client_for(user).get(url)
        assert response.status_code == 200, url
        _strict_html(response)


@pytest.mark.parametrize("count", [1, 5])
def test_the_assignments_page_costs_constant_queries(
    client_for, coordinator, organisation, course, count, django_assert_max_num_queries
):
    for _ in range(count):
        services.assignment_create(
            organisation=organisation,
            course=course,
            due_on=timezone.localdate() + timedelta(days=3),
            scope=Assignment.Scope.ORGANISATION,
            by=coordinator,
        )
    client = client_for(coordinator)
    # session, user, coordinator check, organisation, count, page, departments, invitations …
    with django_assert_max_num_queries(11):
        assert client.get(reverse("training:coordinator")).status_code == 200


def test_trainers_reach_the_evaluation_switch_from_the_studio(client_for, trainer):
    from tests.factories.courses import build_course

    course, _items = build_course(trainers=[trainer])
    client = client_for(trainer)
    outline = client.get(reverse("studio:outline", args=[course.slug])).content.decode()
    url = reverse("training:evaluation_settings", args=[course.slug])
    assert f'href="{url}"' in outline
    assert client.get(url).status_code == 200
