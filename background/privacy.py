"""Personal data held by ``background``: the record of emails sent."""

from __future__ import annotations

from privacy.helpers import rows, scrub_mentions
from privacy.registry import LegalBasis, PersonalData, register

FIELDS = ("to", "language", "subject", "text", "status", "created_at", "sent_at")


def export_emails(user):
    from django.db.models import Q

    from .models import EmailDelivery

    return rows(EmailDelivery.objects.filter(Q(recipient=user) | Q(to__iexact=user.email)), FIELDS)


def erase_emails(user) -> None:
    from django.db.models import Q

    from .models import EmailDelivery

    EmailDelivery.objects.filter(Q(recipient=user) | Q(to__iexact=user.email)).delete()
    # Emails to others that name the person ("Anna asks to join …").
    scrub_mentions(EmailDelivery, ("subject", "text", "html"), user)


register(
    PersonalData(
        model="background.EmailDelivery",
        user_fields=("recipient",),
        fields=FIELDS,
        purpose="Emails the academy sent, kept to prove delivery and to retry",
        legal_basis=LegalBasis.LEGITIMATE_INTEREST,
        retention="1 year; deleted on erasure (mentions in others' emails are scrubbed)",
        export=export_emails,
        erase=erase_emails,
    )
)
