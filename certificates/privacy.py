"""Personal data held by ``certificates``: the register of issued certificates.

The register survives erasure: a certificate keeps its frozen snapshot as issued (art.
17(3)(b) and (e) GDPR: employers and public bodies rely on verifying it), unless the
person chose to withdraw their certificates; then each is revoked with the reason
"withdrawn at the holder's request", its snapshot loses the name and its PDF is deleted.
Verification keeps working either way.
"""

from __future__ import annotations

from django.utils import timezone

from privacy.helpers import export_by, scrub_mentions, unlink
from privacy.registry import LegalBasis, PersonalData, register

CERTIFICATE_FIELDS = (
    "course",
    "number",
    "code",
    "snapshot",
    "issued_at",
    "valid_until",
    "revoked_at",
    "revocation_reason",
    "replaced_at",
)
EVENT_FIELDS = ("certificate", "action", "by", "at", "note")


def erase_certificates(user) -> None:
    from privacy import conf
    from privacy.erasure import WITHDRAWN_REASON, options

    from .models import Certificate, CertificateEvent
    from .services import pdf_storage

    unlink(Certificate, user, "issued_by")
    unlink(Certificate, user, "revoked_by")
    if not options().withdraw_certificates:
        return
    erased = conf.get("PRIVACY_ERASED_NAME")
    for certificate in Certificate.objects.filter(user=user):
        snapshot = dict(certificate.snapshot)
        snapshot["full_name"] = erased
        certificate.snapshot = snapshot
        fields = ["snapshot"]
        if certificate.revoked_at is None:
            certificate.revoked_at = timezone.now()
            certificate.revocation_reason = WITHDRAWN_REASON
            fields += ["revoked_at", "revocation_reason"]
        if certificate.pdf_path:
            pdf_storage().delete(certificate.pdf_path)
        certificate.save(update_fields=fields)
        CertificateEvent.objects.create(
            certificate=certificate,
            action=CertificateEvent.Action.REVOKED,
            note=WITHDRAWN_REASON,
            details={"erasure": True},
        )
    scrub_mentions(
        Certificate,
        ("snapshot", "revocation_reason"),
        user,
        queryset=Certificate.objects.filter(user=user),
    )


def erase_events(user) -> None:
    from .models import Certificate, CertificateEvent

    unlink(CertificateEvent, user, "by")
    scrub_mentions(CertificateEvent, ("note", "details"), user)
    # Reasons typed by staff about the person on others' certificates are scrubbed too.
    scrub_mentions(
        Certificate, ("revocation_reason",), user, queryset=Certificate.objects.exclude(user=user)
    )


register(
    PersonalData(
        model="certificates.Certificate",
        user_fields=("user", "issued_by", "revoked_by"),
        fields=CERTIFICATE_FIELDS,
        purpose="The public register of certificates, verifiable by employers",
        legal_basis=LegalBasis.LEGITIMATE_INTEREST,
        retention=(
            "Permanently, as issued (art. 17(3)(b) and (e) GDPR); on erasure the person may "
            "instead withdraw them: revoked, name removed, verification says so"
        ),
        export=export_by("certificates.Certificate", ("user",), CERTIFICATE_FIELDS),
        erase=erase_certificates,
    )
)
register(
    PersonalData(
        model="certificates.CertificateEvent",
        user_fields=("by",),
        fields=EVENT_FIELDS,
        purpose="The audit trail of certificates (issued, revoked, by whom)",
        legal_basis=LegalBasis.LEGITIMATE_INTEREST,
        retention="Permanently; the staff member is unlinked and names scrubbed on erasure",
        export=export_by(
            "certificates.CertificateEvent", ("by", "certificate__user"), EVENT_FIELDS
        ),
        erase=erase_events,
    )
)
