"""Download my data, delete my account (grace period, cancelled by signing in)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from background.models import EmailDelivery
from privacy.models import AccountDeletion, DataExport
from privacy.services import deletions_run
from privacy.tasks import run_deletions

pytestmark = pytest.mark.django_db

MY_DATA = reverse("privacy:my_data")
EXPORT = reverse("privacy:export_create")
DELETE = reverse("privacy:delete_account")


def download_url(export):
    return reverse("privacy:export_download", args=[export.pk])


@pytest.mark.parametrize("url", [MY_DATA, DELETE])
def test_anonymous_visitors_are_sent_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("persona", ["learner", "coordinator", "trainer", "outsider", "staff"])
def test_every_signed_in_person_sees_their_own_data_page_in_polish(client_for, request, persona):
    user = request.getfixturevalue(persona)
    page = client_for(user).get(MY_DATA)
    assert page.status_code == 200
    assert "Pobierz moje dane" in page.content.decode()


def test_the_profile_links_to_the_data_page(client_for, learner):
    assert MY_DATA in client_for(learner).get(reverse("profile")).content.decode()


def test_a_learner_prepares_and_downloads_their_export(
    client_for, learner, django_capture_on_commit_callbacks
):
    client = client_for(learner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(EXPORT)
    assert response.status_code == 302
    export = DataExport.objects.get(user=learner)
    assert export.status == DataExport.Status.READY
    assert export.expires_at - export.ready_at == timedelta(days=7)
    assert learner.notifications.filter(type="privacy.export_ready").exists()
    download = client.get(download_url(export))
    assert download.status_code == 200 and download["Content-Type"] == "application/zip"
    assert b"".join(download.streaming_content)[:2] == b"PK"


def test_only_the_owner_downloads_an_export_and_only_until_it_expires(
    client_for, learner, outsider, coordinator, staff, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client_for(learner).post(EXPORT)
    export = DataExport.objects.get(user=learner)
    for other in (outsider, coordinator, staff):
        assert client_for(other).get(download_url(export)).status_code == 404
    assert client.get(download_url(export)).status_code == 302
    DataExport.objects.filter(pk=export.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert client_for(learner).get(download_url(export)).status_code == 404


def test_export_and_delete_refuse_get_where_they_write(client_for, learner):
    client = client_for(learner)
    assert client.get(EXPORT).status_code == 405
    assert client.get(reverse("privacy:export_download", args=[999999])).status_code == 404


def test_deleting_needs_the_password(client_for, learner):
    page = client_for(learner).post(DELETE, {"password": "wrong"})
    assert page.status_code == 200 and "Hasło jest nieprawidłowe" in page.content.decode()
    assert not AccountDeletion.objects.exists()


def test_the_delete_page_explains_what_is_kept(client_for, learner):
    text = client_for(learner).get(DELETE).content.decode()
    assert "Co zostaje i dlaczego" in text and "14" in text


def test_deleting_starts_the_grace_period_signs_out_and_emails_the_date(
    client_for, learner, password
):
    client = client_for(learner)
    response = client.post(DELETE, {"password": password, "withdraw_certificates": "on"})
    assert response.status_code == 200
    deletion = AccountDeletion.objects.get(user=learner)
    assert deletion.status == "pending" and deletion.withdraw_certificates
    assert (
        timedelta(days=13, hours=23)
        < deletion.erase_after - deletion.requested_at
        <= timedelta(days=14)
    )
    assert client.get(MY_DATA).status_code == 302  # signed out
    assert EmailDelivery.objects.filter(
        to=learner.email, subject__contains="Twoje konto zostanie usunięte"
    ).exists()


def test_signing_in_during_the_grace_period_cancels_the_deletion(client, learner, password):
    from privacy.services import deletion_request

    deletion_request(user=learner)
    client.post(reverse("account_login"), {"login": learner.email, "password": password})
    deletion = AccountDeletion.objects.get(user=learner)
    assert deletion.status == "cancelled" and deletion.cancelled_at
    assert deletions_run(now=timezone.now() + timedelta(days=30)) == 0
    learner.refresh_from_db()
    assert learner.email == "learner@example.org"


def test_after_the_grace_period_the_scheduled_job_anonymises(learner, monkeypatch):
    from privacy.services import deletion_request

    deletion_request(user=learner)
    assert run_deletions.call() == 0
    later = timezone.now() + timedelta(days=14, minutes=1)
    monkeypatch.setattr("django.utils.timezone.now", lambda: later)
    assert run_deletions.call() == 1
    learner.refresh_from_db()
    assert learner.full_name == "Usunięty użytkownik" and not learner.is_active
    assert AccountDeletion.objects.get(user=learner).status == "done"
