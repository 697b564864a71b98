"""The background app's own tasks: sending email and putting abandoned tasks back."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from .compat import task
from .durable import durable_task, retry_delay
from .mail import email_deliver


def email_attempts() -> int:
    return getattr(settings, "BACKGROUND_EMAIL_ATTEMPTS", 6)


@durable_task(max_attempts=email_attempts, queue_name="default")
def deliver_email(delivery_id: int) -> str:
    return email_deliver(delivery_id=delivery_id, max_attempts=email_attempts())


@task()
def deliver_emails(delivery_ids: list[int]) -> dict:
    """Send a batch; an email that fails here is handed to its own ``deliver_email`` retry."""
    sent = failed = 0
    for delivery_id in delivery_ids:
        try:
            email_deliver(delivery_id=delivery_id, max_attempts=email_attempts())
            sent += 1
        except Exception:  # noqa: BLE001
            failed += 1
            if email_attempts() > 1 and deliver_email.get_backend().supports_defer:
                later = deliver_email.using(run_after=timezone.now() + retry_delay(1))
                later.enqueue(delivery_id, attempt=2)
    return {"sent": sent, "failed": failed}


@task()
def recover_abandoned_tasks() -> int:
    """Put back tasks whose worker died mid-run (still "running" long after they started)."""
    from .recovery import tasks_recover

    return tasks_recover(older_than=timedelta(seconds=settings.BACKGROUND_TASK_TIMEOUT_SECONDS))


@task()
def resend_pending_email() -> int:
    """Enqueue deliveries that were saved but never handed to a worker (enqueue failed)."""
    from .mail import _enqueue
    from .models import EmailDelivery

    stale = timezone.now() - timedelta(minutes=15)
    ids = list(
        EmailDelivery.objects.filter(
            status=EmailDelivery.Status.PENDING, attempts=0, created_at__lt=stale
        ).values_list("pk", flat=True)[:1000]
    )
    for pk in ids:
        _enqueue(pk)
    return len(ids)


@task()
def prune_task_results() -> None:
    """Delete finished task rows: successful after 14 days, failed after 90 (database backend)."""
    from django.core.management import call_command

    if settings.TASKS["default"]["BACKEND"].startswith("django_tasks_db"):
        call_command(
            "prune_db_task_results",
            queue_name="*",
            min_age_days=14,
            failed_min_age_days=90,
            verbosity=0,
        )
