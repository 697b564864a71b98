import pytest
from django.core import mail
from django_tasks_db.models import DBTaskResult

from background.mail import email_queue, email_retry
from background.models import EmailDelivery
from tests.factories.academy import UserFactory

pytestmark = pytest.mark.django_db


def _queue(user, key="k1", **extra):
    return email_queue(
        key=key,
        to=user.email,
        recipient=user,
        subject="Witaj",
        text="Treść wiadomości\nhttp://x.example/a",
        **extra,
    )


@pytest.mark.tasks_backend
def test_a_queued_email_is_sent_by_the_worker_with_text_and_html_parts(run_worker, commit, learner):
    with commit():
        delivery = _queue(learner)
    assert mail.outbox == []  # queued, not sent inside the request
    run_worker()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [learner.email]
    assert "Treść wiadomości" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and "Treść wiadomości" in html and '<html lang="pl">' in html
    # The footer says why the email came.
    assert "masz konto" in message.body.lower() or "account" in message.body.lower()
    delivery.refresh_from_db()
    assert delivery.status == EmailDelivery.Status.SENT


@pytest.mark.tasks_backend
def test_queueing_the_same_key_twice_sends_one_email(run_worker, commit, learner):
    with commit():
        first = _queue(learner)
        second = _queue(learner)
    run_worker()
    assert first.pk == second.pk
    assert len(mail.outbox) == 1


def test_non_transactional_email_carries_one_click_unsubscribe_headers(db_backend, commit, learner):
    with commit():
        _queue(learner, unsubscribe_url="https://academy.example/notifications/unsubscribe/abc/")
        _queue(learner, key="k2")
    db_backend()
    by_key = {m.subject: m for m in mail.outbox}
    assert len(mail.outbox) == 2
    marketing, transactional = mail.outbox
    if "List-Unsubscribe" not in marketing.extra_headers:
        marketing, transactional = transactional, marketing
    assert (
        marketing.extra_headers["List-Unsubscribe"]
        == "<https://academy.example/notifications/unsubscribe/abc/>"
    )
    assert marketing.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "List-Unsubscribe" not in transactional.extra_headers
    assert by_key


def test_a_user_without_an_email_address_or_deactivated_gets_nothing(db_backend, commit):
    inactive = UserFactory(is_active=False)
    with commit():
        assert email_queue(key="a", to="", subject="s", text="t") is None
        assert (
            email_queue(key="b", to=inactive.email, recipient=inactive, subject="s", text="t")
            is None
        )
    db_backend()
    assert mail.outbox == []


def test_a_deleted_account_gets_nothing_that_was_still_queued(db_backend, commit):
    user = UserFactory()
    with commit():
        _queue(user)
    user.delete()
    db_backend()
    assert mail.outbox == []
    assert not EmailDelivery.objects.exists()


def test_an_address_removed_before_sending_is_skipped(db_backend, commit, learner):
    with commit():
        delivery = _queue(learner)
    type(learner).objects.filter(pk=learner.pk).update(email="")
    db_backend()
    delivery.refresh_from_db()
    assert delivery.status == EmailDelivery.Status.SKIPPED
    assert mail.outbox == []


class FlakySMTP:
    """Refuses the first ``failures`` messages, then accepts."""

    def __init__(self, monkeypatch, failures):
        self.failures, self.calls = failures, 0
        original = mail.EmailMultiAlternatives.send

        def send(message, *args, **kwargs):
            self.calls += 1
            if self.calls <= self.failures:
                raise ConnectionRefusedError("SMTP server down")
            return original(message, *args, **kwargs)

        monkeypatch.setattr(mail.EmailMultiAlternatives, "send", send)


def test_smtp_down_for_three_attempts_loses_no_email(db_backend, commit, learner, monkeypatch):
    smtp = FlakySMTP(monkeypatch, failures=3)
    with commit():
        delivery = _queue(learner)
    db_backend()
    assert len(mail.outbox) == 1
    delivery.refresh_from_db()
    assert delivery.status == EmailDelivery.Status.SENT and delivery.attempts == 4
    assert smtp.calls == 4
    # Each failed attempt handed over to the next one; none is left failed.
    assert not DBTaskResult.objects.failed().exists()
    assert DBTaskResult.objects.count() == 4


def test_a_failed_attempt_retries_later_with_growing_backoff(
    db_backend, commit, learner, monkeypatch, settings
):
    settings.BACKGROUND_RETRY_BASE_SECONDS = 30
    FlakySMTP(monkeypatch, failures=10)
    with commit():
        _queue(learner)
    db_backend()  # runs attempt 1; attempt 2 waits for its time
    waiting = DBTaskResult.objects.filter(status="READY").get()
    first = DBTaskResult.objects.exclude(pk=waiting.pk).get()
    assert waiting.args_kwargs["kwargs"] == {"attempt": 2}
    delay = (waiting.run_after - first.started_at).total_seconds()
    assert 29 <= delay <= 35
    from background.durable import retry_delay

    assert [retry_delay(n).total_seconds() for n in (1, 2, 3)] == [30, 60, 120]


def test_smtp_failing_every_attempt_lands_in_the_admin_with_its_error_and_a_retry_sends_it(
    db_backend, commit, learner, admin_client, monkeypatch, settings
):
    settings.BACKGROUND_EMAIL_ATTEMPTS = 3
    smtp = FlakySMTP(monkeypatch, failures=3)
    with commit():
        delivery = _queue(learner)
    db_backend()
    delivery.refresh_from_db()
    assert smtp.calls == 3 and mail.outbox == []
    assert delivery.status == EmailDelivery.Status.FAILED
    assert "SMTP server down" in delivery.last_error
    failed = DBTaskResult.objects.failed().get()
    assert "ConnectionRefusedError" in failed.exception_class_path

    client = admin_client
    page = client.get("/admin/background/emaildelivery/?status__exact=failed").content.decode()
    assert "SMTP server down" in page
    tasks_page = client.get(
        "/admin/django_tasks_database/dbtaskresult/?status__exact=FAILED"
    ).content.decode()
    assert "ConnectionRefusedError" in tasks_page

    # The server is back; staff press "retry".
    with commit():
        response = client.post(
            "/admin/background/emaildelivery/",
            {"action": "retry", "_selected_action": [delivery.pk]},
        )
    assert response.status_code == 302
    db_backend()
    delivery.refresh_from_db()
    assert delivery.status == EmailDelivery.Status.SENT
    assert len(mail.outbox) == 1


def test_the_tasks_admin_retries_a_failed_task_with_its_arguments(
    db_backend, commit, learner, admin_client, monkeypatch, settings
):
    settings.BACKGROUND_EMAIL_ATTEMPTS = 1
    FlakySMTP(monkeypatch, failures=1)
    with commit():
        delivery = _queue(learner)
    db_backend()
    failed = DBTaskResult.objects.failed().get()
    # Staff mark the delivery pending again by hand in the tasks list and retry the task.
    EmailDelivery.objects.filter(pk=delivery.pk).update(
        status=EmailDelivery.Status.PENDING, attempts=0
    )
    with commit():
        admin_client.post(
            "/admin/django_tasks_database/dbtaskresult/",
            {"action": "retry", "_selected_action": [str(failed.pk)]},
        )
    db_backend()
    assert len(mail.outbox) == 1
    rerun = DBTaskResult.objects.successful().get()
    assert rerun.args_kwargs == {"args": [delivery.pk], "kwargs": {}}


def test_email_retry_does_not_resend_a_sent_email(db_backend, commit, learner):
    with commit():
        delivery = _queue(learner)
    db_backend()
    with commit():
        email_retry(delivery=delivery)
    db_backend()
    assert len(mail.outbox) == 1


def test_account_emails_from_allauth_are_queued_transactional_with_both_parts(
    client, organisation, db_backend, commit
):
    from tests.academy.test_signup import signup_data

    with commit():
        client.post(
            "/accounts/signup/", signup_data(organisation=organisation.pk, preferred_language="uk")
        )
    assert mail.outbox == []  # the request only queued it
    delivery = EmailDelivery.objects.get()
    assert delivery.transactional and delivery.language == "uk"
    db_backend()
    message = mail.outbox[0]
    assert "/accounts/confirm-email/" in message.body
    assert message.alternatives and "List-Unsubscribe" not in message.extra_headers
