"""Every write to certificates goes through these functions (tests and commands too)."""

from __future__ import annotations

import hashlib
import logging
from datetime import date, timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.db import transaction
from django.db.models import F, OuterRef, Subquery
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from academy.models import Membership
from academy.storage import STORAGE_UNAVAILABLE, certificate_storage
from background.mail import email_queue
from courses.models import Enrollment

from . import badges, notices, printing
from .codes import format_number, generate_code
from .models import Certificate, CertificateCounter, CertificateEvent, CertificateTemplate
from .pdf import render_pdf

logger = logging.getLogger(__name__)

# Fields of the snapshot that describe the learner and the course (changed by re-issue);
# the rest comes from the template (changed by re-render too).
PERSON_FIELDS = ("full_name", "course_title", "hours", "hours_raw", "organisation")


class CertificateError(Exception):
    """A lifecycle step that does not apply (e.g. revoking a revoked certificate)."""


def pdf_storage() -> Storage:
    """The "certificates" storage (academy/storage.py): CERTIFICATES_STORAGE_ROOT on a
    disk, or the bucket's certificates/ prefix."""
    return certificate_storage


def _add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, candidate))
        except ValueError:
            continue
    return day + timedelta(days=30 * months)


def _template(course) -> CertificateTemplate | None:
    return CertificateTemplate.objects.filter(course=course).first()


def _language(course, template) -> str:
    language = template.language if template else course.language
    return language if language in {"pl", "en", "uk"} else "pl"


def _organisations(user_id):
    """The learner's first approved organisation's name (printed on the certificate)."""
    return (
        Membership.objects.filter(user_id=user_id, status=Membership.Status.APPROVED)
        .order_by("created_at", "pk")
        .values("organisation__name")
    )


def _organisation_name(user) -> str:
    return _organisations(user.pk).values_list("organisation__name", flat=True).first() or ""


def build_snapshot(
    *,
    enrollment: Enrollment,
    template: CertificateTemplate | None,
    number: str,
    issued_on: date,
    completed_on: date,
    valid_until: date | None,
    keep: dict | None = None,
    organisation: str | None = None,
) -> dict:
    """What is printed. ``keep`` holds person fields to preserve (re-render);
    ``organisation`` is the learner's organisation when the caller has read it."""
    course, user = enrollment.course, enrollment.user
    language = _language(course, template)
    person = {
        "full_name": user.full_name.strip() or user.email,
        "course_title": course.title,
        "hours_raw": str(course.estimated_hours),
        "organisation": _organisation_name(user) if organisation is None else organisation,
    }
    if keep:
        person.update({key: keep[key] for key in PERSON_FIELDS if key in keep})
    person["hours"] = printing.format_hours(person["hours_raw"], language)
    completed_display = printing.format_date(completed_on, language)
    values = {
        "name": person["full_name"],
        "course": person["course_title"],
        "hours": person["hours"],
        "_hours_raw": person["hours_raw"],
        "date": completed_display,
        "organisation": person["organisation"],
        "number": number,
    }
    texts = printing.template_texts(template, language, values)
    return {
        **person,
        **texts,
        "language": language,
        "bilingual": bool(template and template.bilingual),
        "issuer": printing.default_texts(language)["issuer"],
        "completed_on": completed_on.isoformat(),
        "completed_on_display": completed_display,
        "issued_on_display": printing.format_date(issued_on, language),
        "valid_until_display": printing.format_date(valid_until, language) if valid_until else "",
        "signatories": template.signatories() if template else [],
        "accent_colour": template.accent_colour if template else "#1f4e79",
    }


def _image_path(field) -> bytes | None:
    """The template image's bytes, read through its storage (a disk or a bucket)."""
    if not field:
        return None
    try:
        with field.open("rb") as handle:
            return handle.read()
    except (OSError, ValueError, *STORAGE_UNAVAILABLE):
        return None


def _store_pdf(certificate: Certificate, template: CertificateTemplate | None) -> None:
    """Render and store the PDF as a new version (older versions stay on disk)."""
    document = printing.document_for(
        certificate,
        verify_url=badges.absolute(certificate.get_absolute_url()),
        background_path=_image_path(template.background) if template else None,
        logo_path=_image_path(template.logo) if template else None,
    )
    data = render_pdf(document)
    storage = pdf_storage()
    name = f"{certificate.year}/{certificate.code}-v{certificate.pdf_version}.pdf"
    if storage.exists(name):
        storage.delete(name)  # left behind by a rolled-back attempt
    certificate.pdf_path = storage.save(name, ContentFile(data))
    certificate.pdf_sha256 = hashlib.sha256(data).hexdigest()
    certificate.pdf_size = len(data)


def _next_number(year: int) -> tuple[int, str]:
    """Take the next register number; the UPDATE locks the counter row until commit, so a
    rolled-back issue gives its number back and the register has no gaps."""
    if not CertificateCounter.objects.filter(year=year).update(last=F("last") + 1):
        CertificateCounter.objects.get_or_create(year=year)  # the year's first certificate
        return _next_number(year)
    last = CertificateCounter.objects.filter(year=year).values_list("last", flat=True).get()
    return last, format_number(year, last)


def _log(certificate, action, by=None, note="", details=None) -> None:
    event = CertificateEvent.objects.create(
        certificate=certificate, action=action, by=by, note=note, details=details or {}
    )
    transaction.on_commit(
        lambda: notices.certificate_changed(
            certificate=certificate, action=action, event_id=event.pk
        )
    )


def _create(
    *, enrollment: Enrollment, by, template, completed_on: date, organisation: str | None = None
) -> Certificate:
    now = timezone.now()
    issued_on = timezone.localdate(now)
    year = issued_on.year
    sequence, number = _next_number(year)
    valid_until = (
        _add_months(issued_on, template.validity_months)
        if template and template.validity_months
        else None
    )
    certificate = Certificate(
        enrollment=enrollment,
        user=enrollment.user,
        course=enrollment.course,
        year=year,
        sequence=sequence,
        # 140 random bits: a collision is not worth a query; the unique constraint stands guard.
        number=number,
        code=generate_code(),
        issued_at=now,
        issued_by=by,
        valid_until=valid_until,
        snapshot=build_snapshot(
            enrollment=enrollment,
            template=template,
            number=number,
            issued_on=issued_on,
            completed_on=completed_on,
            valid_until=valid_until,
            organisation=organisation,
        ),
    )
    _store_pdf(certificate, template)
    certificate.save()
    return certificate


@transaction.atomic
def certificate_issue(*, enrollment: Enrollment, by=None, notify: bool = True) -> Certificate:
    """Issue the enrollment's certificate, or return the one it already has.

    Safe under races: the enrollment row is locked first, so concurrent callers queue
    and the second finds the first's certificate (the partial unique constraint is the
    last line of defence). ``by`` is None for automatic issue on completion; a trainer
    issuing by hand may do so before the platform recorded completion (e.g. an offline
    session), and the completion date is then today.

    Raises CertificateError if the enrollment is not active.
    """
    # One query: the lock, with the course, its certificate template and the learner's
    # organisation (none of which an issue changes).
    locked = (
        Enrollment.objects.select_for_update(of=("self",))
        .select_related("course", "user", "course__certificate_template")
        .annotate(organisation=Subquery(_organisations(OuterRef("user_id"))[:1]))
        .get(pk=enrollment.pk)
    )
    existing = Certificate.objects.current().filter(enrollment=locked).first()
    if existing:
        return existing
    if locked.status != Enrollment.Status.ACTIVE:
        raise CertificateError(
            _("Only learners enrolled in the course can receive its certificate.")
        )
    template = getattr(locked.course, "certificate_template", None)
    completed_on = (
        timezone.localdate(locked.completed_at) if locked.completed_at else timezone.localdate()
    )
    # Under the enrollment's lock no one else can issue for it: the partial unique
    # constraint is only the last line of defence, so no savepoint is spent on it.
    certificate = _create(
        enrollment=locked,
        by=by,
        template=template,
        completed_on=completed_on,
        organisation=locked.organisation or "",
    )
    note = "" if locked.completed_at or by is None else "issued by hand before recorded completion"
    _log(certificate, CertificateEvent.Action.ISSUED, by, note=note)
    if notify:
        transaction.on_commit(lambda: _send_safely(certificate))
    return certificate


def certificate_issue_on_completion(*, enrollment: Enrollment) -> Certificate | None:
    """The ``course_completed`` receiver's work: issue when the course gives certificates."""
    if not enrollment.course.certificate_enabled:
        return None
    return certificate_issue(enrollment=enrollment)


def _locked(certificate: Certificate) -> Certificate:
    return (
        Certificate.objects.select_for_update()
        .select_related("enrollment__user", "enrollment__course", "course", "user")
        .get(pk=certificate.pk)
    )


def _rebuild(certificate: Certificate, *, keep_person: bool) -> dict:
    template = _template(certificate.course)
    before = certificate.snapshot
    certificate.snapshot = build_snapshot(
        enrollment=certificate.enrollment,
        template=template,
        number=certificate.number,
        issued_on=timezone.localdate(certificate.issued_at),
        completed_on=date.fromisoformat(before["completed_on"]),
        valid_until=certificate.valid_until,
        keep=before if keep_person else None,
    )
    certificate.pdf_version += 1
    _store_pdf(certificate, template)
    certificate.save(
        update_fields=["snapshot", "pdf_version", "pdf_path", "pdf_sha256", "pdf_size"]
    )
    return {
        key: [before.get(key), certificate.snapshot.get(key)]
        for key in certificate.snapshot
        if before.get(key) != certificate.snapshot.get(key)
    }


@transaction.atomic
def certificate_reissue(*, certificate: Certificate, by, note: str = "") -> Certificate:
    """Print again from the learner's and course's current data (e.g. a corrected name).
    Number, code and dates stay; the snapshot and the PDF version change; logged.

    Raises CertificateError for a replaced certificate (re-issue the current one)."""
    certificate = _locked(certificate)
    if certificate.replaced_at:
        raise CertificateError(
            _("This certificate was replaced; re-issue the current one instead.")
        )
    changes = _rebuild(certificate, keep_person=False)
    _log(
        certificate,
        CertificateEvent.Action.REISSUED,
        by,
        note=note,
        details={"changes": changes, "version": certificate.pdf_version},
    )
    return certificate


@transaction.atomic
def certificate_rerender(*, certificate: Certificate, by=None) -> Certificate:
    """Render again after a template fix: what was certified (name, course, hours, dates)
    stays; the template's texts and look are refreshed; a new PDF version, same code."""
    certificate = _locked(certificate)
    changes = _rebuild(certificate, keep_person=True)
    _log(
        certificate,
        CertificateEvent.Action.RERENDERED,
        by,
        details={"changes": changes, "version": certificate.pdf_version},
    )
    return certificate


@transaction.atomic
def certificate_revoke(*, certificate: Certificate, by, reason: str) -> Certificate:
    """Raises CertificateError if the reason is empty or it is already revoked."""
    reason = (reason or "").strip()
    if not reason:
        raise CertificateError(_("Say why the certificate is revoked."))
    certificate = _locked(certificate)
    if certificate.revoked_at:
        raise CertificateError(_("This certificate is already revoked."))
    certificate.revoked_at, certificate.revoked_by, certificate.revocation_reason = (
        timezone.now(),
        by,
        reason,
    )
    certificate.save(update_fields=["revoked_at", "revoked_by", "revocation_reason"])
    _log(certificate, CertificateEvent.Action.REVOKED, by, note=reason)
    return certificate


@transaction.atomic
def certificate_unrevoke(*, certificate: Certificate, by, note: str = "") -> Certificate:
    """Withdraw a revocation (the audit trail keeps the original reason).
    Raises CertificateError if the certificate is not revoked."""
    certificate = _locked(certificate)
    if not certificate.revoked_at:
        raise CertificateError(_("This certificate is not revoked."))
    previous = certificate.revocation_reason
    certificate.revoked_at, certificate.revoked_by, certificate.revocation_reason = None, None, ""
    certificate.save(update_fields=["revoked_at", "revoked_by", "revocation_reason"])
    _log(
        certificate,
        CertificateEvent.Action.UNREVOKED,
        by,
        note=note,
        details={"previous_reason": previous},
    )
    return certificate


@transaction.atomic
def certificate_replace(*, certificate: Certificate, by, reason: str) -> Certificate:
    """Issue a new certificate (new number and code) in place of ``certificate``, whose
    verification page then points to the new one. For corrections that must not keep the
    old number, e.g. the course's hours were wrong.
    Raises CertificateError if the reason is empty or it was already replaced."""
    reason = (reason or "").strip()
    if not reason:
        raise CertificateError(_("Say why the certificate is replaced."))
    old = _locked(certificate)
    if old.replaced_at:
        raise CertificateError(_("This certificate was already replaced."))
    Enrollment.objects.select_for_update().get(pk=old.enrollment_id)
    old.replaced_at = timezone.now()
    old.save(update_fields=["replaced_at"])
    new = _create(
        enrollment=old.enrollment,
        by=by,
        template=_template(old.course),
        completed_on=date.fromisoformat(old.snapshot["completed_on"]),
    )
    old.replaced_by = new
    old.save(update_fields=["replaced_by"])
    _log(
        old, CertificateEvent.Action.REPLACED, by, note=reason, details={"replaced_by": new.number}
    )
    _log(new, CertificateEvent.Action.ISSUED, by, note=reason, details={"replaces": old.number})
    return new


def certificate_preview_pdf(*, course, user) -> bytes:
    """A sample certificate for ``user`` with the course's current template. Nothing is
    stored and no number is taken; the code is all zeros so it cannot verify."""
    template = _template(course)
    today = timezone.localdate()
    valid_until = (
        _add_months(today, template.validity_months)
        if template and template.validity_months
        else None
    )
    sample = Certificate(
        user=user,
        course=course,
        year=today.year,
        sequence=0,
        number=format_number(today.year, 0),
        code="0" * 28,
        valid_until=valid_until,
    )
    sample.snapshot = build_snapshot(
        enrollment=Enrollment(user=user, course=course),
        template=template,
        number=sample.number,
        issued_on=today,
        completed_on=today,
        valid_until=valid_until,
    )
    return render_pdf(
        printing.document_for(
            sample,
            verify_url=badges.absolute(sample.get_absolute_url()),
            background_path=_image_path(template.background) if template else None,
            logo_path=_image_path(template.logo) if template else None,
        )
    )


def certificate_pdf_bytes(certificate: Certificate) -> bytes:
    with pdf_storage().open(certificate.pdf_path, "rb") as handle:
        return handle.read()


def certificate_send_email(*, certificate: Certificate) -> None:
    """Tell the learner, in their language, with the PDF attached."""
    user = certificate.user
    with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
        context = {
            "certificate": certificate,
            "user": user,
            "verify_url": badges.absolute(certificate.get_absolute_url()),
            "list_url": badges.absolute(_my_url()),
            "site_name": _("Migration Academy"),
        }
        subject = _("Your certificate: %(course)s") % {
            "course": certificate.snapshot["course_title"]
        }
        body = render_to_string("certificates/emails/issued.txt", context)
        filename = (
            f"{pgettext('file name', 'certificate')}-{certificate.number.replace('/', '-')}.pdf"
        )
    email_queue(
        key=f"certificate:{certificate.pk}:{certificate.number}:issued",
        to=user.email,
        recipient=user,
        subject=subject,
        text=body,
        attachments=[
            {
                "function": "certificates.services.certificate_attachments",
                "kwargs": {"certificate_id": certificate.pk, "filename": filename},
            }
        ],
    )


def certificate_attachments(*, certificate_id: int, filename: str) -> list[tuple[str, bytes, str]]:
    """The PDF attached to the certificate email, read when the email is sent."""
    certificate = Certificate.objects.filter(pk=certificate_id).first()
    if certificate is None:
        return []
    return [(filename, certificate_pdf_bytes(certificate), "application/pdf")]


def _send_safely(certificate: Certificate) -> None:
    # The certificate is issued and committed; a mail server outage must not undo that
    # or break the learner's request. It is logged, and the learner can download anyway.
    try:
        certificate_send_email(certificate=certificate)
    except Exception:  # noqa: BLE001
        logger.exception("Could not email certificate %s", certificate.number)


def _my_url() -> str:
    from django.urls import reverse

    return reverse("certificates:mine")
