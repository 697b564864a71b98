"""The one way the academy sends email: queue it, a task sends it.

Callers render subject and text in the recipient's language (``for_user`` switches the
language for them) and call ``email_queue``. It stores an ``EmailDelivery`` under an
idempotency key and enqueues ``deliver_email`` when the transaction commits, so a slow
or failing mail server never slows or breaks a click, and a retried task or a repeated
event never sends the same email twice.

Every email has a plain-text and an HTML part and a footer saying why it was sent.
Emails that are not transactional (notifications, digests) carry an unsubscribe link
and the RFC 8058 one-click headers ``List-Unsubscribe`` and ``List-Unsubscribe-Post``.
"""

from __future__ import annotations

import contextlib
import logging
import uuid
from collections.abc import Iterator

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext

from academy.mail import mail_sender, mail_subject

from .models import EmailDelivery

logger = logging.getLogger(__name__)


def language_of(user) -> str:
    return getattr(user, "preferred_language", "") or settings.LANGUAGE_CODE


@contextlib.contextmanager
def for_user(user) -> Iterator[str]:
    """Render inside this block to write in ``user``'s language."""
    language = language_of(user)
    with translation.override(language):
        yield language


def new_key(prefix: str) -> str:
    """A key for an email with no natural identity (sent once from an on_commit hook)."""
    return f"{prefix}:{uuid.uuid4().hex}"


def email_compose(
    *,
    key: str,
    to: str,
    subject: str,
    text: str,
    html: str = "",
    recipient=None,
    language: str | None = None,
    reason: str = "",
    unsubscribe_url: str = "",
    attachments: list[dict] | None = None,
    from_email: str | None = None,
) -> EmailDelivery | None:
    """Build (not save) one email's delivery; None when there is no address to send to.

    ``reason`` ends the email ("You receive this because ..."); ``unsubscribe_url`` marks it
    as not transactional. ``attachments`` are ``{"function": dotted path, "kwargs": {...}}``
    producing ``[(filename, bytes, mimetype)]`` at sending time.
    """
    if not to or (recipient is not None and not recipient.is_active):
        return None
    language = language or (language_of(recipient) if recipient else settings.LANGUAGE_CODE)
    with translation.override(language):
        # Who writes and what about, in the recipient's language (academy/mail.py).
        subject = mail_subject(subject)
        from_email = from_email or mail_sender()
        footer = reason or gettext(
            "You receive this email because you have an account at the Migration Academy."
        )
        context = {
            "subject": subject,
            "text": text,
            "html": html,
            "footer": footer,
            "unsubscribe_url": unsubscribe_url,
            "language": language,
        }
        full_text = render_to_string("background/email/layout.txt", context)
        full_html = render_to_string("background/email/layout.html", context)
    headers = {}
    if unsubscribe_url:
        headers = {
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }
    if from_email:
        headers["From"] = from_email
    return EmailDelivery(
        key=key[:200],
        recipient=recipient,
        to=to,
        language=language,
        subject=subject[:300],
        text=full_text,
        html=full_html,
        headers=headers,
        attachments=attachments or [],
        transactional=not unsubscribe_url,
    )


def email_queue(**fields) -> EmailDelivery | None:
    """Queue one email (see ``email_compose`` for the arguments); return its delivery, or
    None when there is no address. Queueing a key twice returns the first delivery and
    sends nothing more."""
    delivery = email_compose(**fields)
    if delivery is None:
        return None
    try:
        with transaction.atomic():
            delivery.save()
    except IntegrityError:
        return EmailDelivery.objects.filter(key=delivery.key).first()
    transaction.on_commit(lambda: _enqueue(delivery.pk))
    return delivery


def email_queue_many(deliveries: list[EmailDelivery]) -> int:
    """Queue many composed emails with one insert and one task (digests, announcements).

    Keys already queued are skipped. Returns how many were new.
    """
    keys = [d.key for d in deliveries]
    known = set(EmailDelivery.objects.filter(key__in=keys).values_list("key", flat=True))
    fresh = [d for d in deliveries if d.key not in known]
    EmailDelivery.objects.bulk_create(fresh, ignore_conflicts=True)
    ids = list(
        EmailDelivery.objects.filter(
            key__in=[d.key for d in fresh], attempts=0, status=EmailDelivery.Status.PENDING
        ).values_list("pk", flat=True)
    )
    if ids:
        transaction.on_commit(lambda: _enqueue_many(ids))
    return len(ids)


def _enqueue_many(ids: list[int]) -> None:
    from .tasks import deliver_emails

    try:
        deliver_emails.enqueue(ids)
    except Exception:  # noqa: BLE001
        logger.exception("Could not enqueue %s email deliveries", len(ids))


def _enqueue(delivery_id: int) -> None:
    from .tasks import deliver_email

    try:
        deliver_email.enqueue(delivery_id)
    except Exception:  # noqa: BLE001
        # The delivery row is saved: the scheduler's sweep enqueues it again later.
        logger.exception("Could not enqueue email delivery %s", delivery_id)


def email_deliver(*, delivery_id: int, max_attempts: int) -> str:
    """Send one queued email. Idempotent: a sent or skipped delivery is not sent again.

    Raises the mail server's error so the task is retried; after ``max_attempts`` the
    delivery is marked failed (and the error still raised, so the task shows it too).
    """
    delivery = EmailDelivery.objects.select_related("recipient").filter(pk=delivery_id).first()
    if delivery is None:
        return "gone"
    if delivery.status in {EmailDelivery.Status.SENT, EmailDelivery.Status.SKIPPED}:
        return delivery.status
    user = delivery.recipient
    if user is not None and (not user.is_active or not user.email):
        EmailDelivery.objects.filter(pk=delivery.pk).update(status=EmailDelivery.Status.SKIPPED)
        return EmailDelivery.Status.SKIPPED
    to = user.email if user is not None else delivery.to
    EmailDelivery.objects.filter(pk=delivery.pk).update(attempts=delivery.attempts + 1)
    headers = dict(delivery.headers)
    from_email = headers.pop("From", None) or settings.DEFAULT_FROM_EMAIL
    message = EmailMultiAlternatives(
        subject=delivery.subject,
        body=delivery.text,
        from_email=from_email,
        to=[to],
        headers=headers,
    )
    if delivery.html:
        message.attach_alternative(delivery.html, "text/html")
    try:
        for spec in delivery.attachments:
            for filename, content, mimetype in import_string(spec["function"])(
                **spec.get("kwargs", {})
            ):
                message.attach(filename, content, mimetype)
        message.send()
    except Exception as error:
        failed = delivery.attempts + 1 >= max_attempts
        EmailDelivery.objects.filter(pk=delivery.pk).update(
            last_error=f"{type(error).__name__}: {error}"[:2000],
            status=EmailDelivery.Status.FAILED if failed else EmailDelivery.Status.PENDING,
        )
        raise
    EmailDelivery.objects.filter(pk=delivery.pk).update(
        status=EmailDelivery.Status.SENT, sent_at=timezone.now(), last_error=""
    )
    return EmailDelivery.Status.SENT


def email_retry(*, delivery: EmailDelivery) -> None:
    """Send a failed delivery again (the admin's "retry" action), from a fresh count."""
    EmailDelivery.objects.filter(pk=delivery.pk).exclude(status=EmailDelivery.Status.SENT).update(
        status=EmailDelivery.Status.PENDING, attempts=0
    )
    transaction.on_commit(lambda: _enqueue(delivery.pk))
