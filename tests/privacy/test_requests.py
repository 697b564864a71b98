"""Data-subject requests: due dates one month on, reminders, the admin queue and its trail."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from notifications.models import Notification
from privacy.models import DataExport, DataRequest
from privacy.services import request_create, request_due_on, requests_remind

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (date(2026, 3, 10), date(2026, 4, 10)),
        (date(2026, 1, 31), date(2026, 2, 28)),
        (date(2028, 1, 31), date(2028, 2, 29)),
        (date(2026, 12, 15), date(2027, 1, 15)),
    ],
)
def test_a_request_is_due_one_month_after_it_was_received(received, due):
    assert request_due_on(received) == due


def test_creating_a_request_sets_its_due_date_and_starts_the_trail(learner, staff):
    request = request_create(kind="access", subject=learner, received_on=date(2026, 5, 4), by=staff)
    assert request.due_on == date(2026, 6, 4)
    assert list(request.events.values_list("action", "by")) == [("received", staff.pk)]


def test_staff_are_reminded_of_requests_due_within_a_week_once_per_day(learner, staff):
    today = timezone.localdate()
    soon = request_create(kind="erasure", subject=learner, received_on=today - timedelta(days=25))
    request_create(kind="access", subject=learner, received_on=today)
    assert requests_remind(today=today) == 1
    assert requests_remind(today=today) == 1
    reminders = Notification.objects.filter(recipient=staff, type="privacy.request_due")
    assert reminders.count() == 1 and reminders.get().params["number"] == soon.pk
    assert DataRequest.objects.get(pk=soon.pk).is_open and not soon.is_overdue


def test_a_request_past_its_due_date_is_overdue(learner):
    request = request_create(kind="access", subject=learner, received_on=date(2020, 1, 1))
    assert request.is_overdue


ADMIN = "/admin/privacy/datarequest/"


@pytest.mark.parametrize("persona", [None, "learner", "coordinator"])
def test_only_staff_reach_the_request_queue(client_for, request, persona):
    user = request.getfixturevalue(persona) if persona else None
    response = client_for(user).get(ADMIN)
    assert response.status_code == 302


def test_staff_without_two_factor_authentication_are_stopped(client_for, staff):
    response = client_for(staff, mfa=False).get(ADMIN)
    assert response.status_code == 302 and "/admin/" not in response["Location"]


def test_staff_create_a_request_in_the_admin_and_every_change_is_logged(client_for, staff, learner):
    client = client_for(staff)
    assert client.get(ADMIN).status_code == 200
    response = client.post(
        f"{ADMIN}add/",
        {
            "kind": "rectification",
            "subject": learner.pk,
            "contact": "",
            "details": "Poprawa nazwiska",
            "received_on": "2026-03-10",
            "status": "new",
            "events-TOTAL_FORMS": "0",
            "events-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    request = DataRequest.objects.get()
    assert request.due_on == date(2026, 4, 10)
    client.post(
        f"{ADMIN}{request.pk}/change/",
        {
            "kind": "rectification",
            "subject": learner.pk,
            "contact": "",
            "details": "Poprawa nazwiska",
            "received_on": "2026-03-10",
            "status": "done",
            "events-TOTAL_FORMS": "1",
            "events-INITIAL_FORMS": "1",
            "events-0-id": request.events.get().pk,
            "events-0-request": request.pk,
        },
    )
    request.refresh_from_db()
    assert request.status == "done" and request.closed_at and request.handled_by == staff
    assert [(e.action, e.note) for e in request.events.all()] == [
        ("received", ""),
        ("status:done", ""),
    ]
    assert client.get(f"{ADMIN}{request.pk}/change/").status_code == 200


def test_the_admin_actions_reuse_the_export_and_erasure_services(
    client_for, staff, learner, django_capture_on_commit_callbacks
):
    request = request_create(kind="access", subject=learner)
    client = client_for(staff)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(ADMIN, {"action": "export_data", "_selected_action": [request.pk]})
    assert DataExport.objects.get(user=learner).status == "ready"
    client.post(ADMIN, {"action": "erase_person", "_selected_action": [request.pk]})
    learner.refresh_from_db()
    assert learner.full_name == "Usunięty użytkownik"
    assert [e.action for e in request.events.all()] == ["received", "export", "erased"]


def test_restriction_deactivates_the_account_and_keeps_its_data(client_for, staff, learner):
    request = request_create(kind="restriction", subject=learner)
    client_for(staff).post(ADMIN, {"action": "restrict_person", "_selected_action": [request.pk]})
    learner.refresh_from_db()
    assert not learner.is_active and learner.full_name == "Łucja Źdźbło-Kowalska"
    assert request.events.filter(action="restricted", by=staff).exists()


def test_legal_pages_are_edited_in_the_admin_and_sanitised(client_for, staff):
    from privacy.models import LegalPage

    page = LegalPage.objects.get(slug="terms", language="pl")
    client = client_for(staff)
    url = reverse("admin:privacy_legalpage_change", args=[page.pk])
    assert client.get(url).status_code == 200
    client.post(
        url,
        {
            "slug": "terms",
            "language": "pl",
            "title": "Regulamin",
            "body": "<h2>Nowy</h2><p>Tekst</p><script>alert(1)</script>",
            "prepared_on": "2026-01-02",
            "reviewed_on": "2026-12-01",
        },
    )
    page.refresh_from_db()
    assert "<script>" not in page.body and "Nowy" in page.body
    text = client.get("/terms/").content.decode()
    assert "Nowy" in text and "1 grudnia 2026" in text
