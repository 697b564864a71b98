"""What a certificate says: placeholders, the snapshot's texts and the PDF document.

No ORM writes; reads only the objects it is given. The snapshot holds every string
exactly as printed, so the verification page and any later re-render agree with the
paper the learner handed to their employer.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.utils import translation
from django.utils.dateformat import format as date_format
from django.utils.formats import get_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .codes import format_code
from .pdf import CertificateDocument, Signatory

PLACEHOLDERS = {
    "name": gettext_lazy("the learner's full name"),
    "course": gettext_lazy("the course title"),
    "hours": gettext_lazy("the course hours"),
    "date": gettext_lazy("the completion date"),
    "organisation": gettext_lazy("the learner's organisation"),
    "number": gettext_lazy("the certificate number"),
}
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


def unknown_placeholders(text: str) -> list[str]:
    """Placeholders in ``text`` that are not in PLACEHOLDERS (and stray braces)."""
    found = [name for name in _PLACEHOLDER.findall(text) if name not in PLACEHOLDERS]
    leftover = _PLACEHOLDER.sub("", text)
    if "{" in leftover or "}" in leftover:
        found.append("{" if "{" in leftover else "}")
    return found


def fill_placeholders(text: str, values: dict[str, str]) -> str:
    return _PLACEHOLDER.sub(lambda match: values.get(match.group(1), match.group(0)), text)


def format_hours(hours, language: str) -> str:
    value = Decimal(str(hours))
    value = value.quantize(Decimal(1)) if value == value.to_integral_value() else value
    with translation.override(language):
        return number_format(value)


def format_date(day: date, language: str) -> str:
    with translation.override(language):
        return date_format(day, get_format("DATE_FORMAT"))


def default_texts(language: str) -> dict[str, str]:
    with translation.override(language):
        return {
            "title": _("Certificate of completion"),
            "intro": _("This is to certify that"),
            "body": _(
                "has completed the course “{course}” ({hours} hours) at the Migration Academy."
            ),
            "issuer": settings.CERTIFICATES_ISSUER_NAME or _("Migration Academy"),
        }


def labels(language: str) -> dict[str, str]:
    with translation.override(language):
        return {
            "completed": _("Completed on"),
            "issued": _("Issued on"),
            "valid_until": _("Valid until"),
            "number": _("Certificate no."),
            "code": _("Verification code"),
            "verify": _("Verify at"),
            "hours": _("Hours"),
        }


def template_texts(template, language: str, values: dict[str, str]) -> dict:
    """Title, intro and body (and their English versions) filled in for one learner."""
    defaults = default_texts(language)
    texts = {
        "title": fill_placeholders(
            (template.title if template else "") or defaults["title"], values
        ),
        "intro": defaults["intro"],
        "body": fill_placeholders((template.body if template else "") or defaults["body"], values),
        "title_en": "",
        "intro_en": "",
        "body_en": "",
    }
    if template and template.bilingual and language != "en":
        english = default_texts("en")
        english_values = {**values, "hours": format_hours(values["_hours_raw"], "en")}
        texts["title_en"] = fill_placeholders(template.title_en or english["title"], english_values)
        texts["intro_en"] = english["intro"]
        texts["body_en"] = fill_placeholders(template.body_en or english["body"], english_values)
    return texts


def document_for(
    certificate,
    *,
    verify_url: str,
    background_path: bytes | str | None = None,
    logo_path: bytes | str | None = None,
) -> CertificateDocument:
    snap = certificate.snapshot
    language = snap["language"]
    words = labels(language)
    facts = [
        (words["completed"], snap["completed_on_display"]),
        (words["issued"], snap["issued_on_display"]),
    ]
    if snap.get("valid_until_display"):
        facts.append((words["valid_until"], snap["valid_until_display"]))
    return CertificateDocument(
        language=language,
        title=snap["title"],
        intro=snap["intro"],
        full_name=snap["full_name"],
        body=snap["body"],
        title_en=snap.get("title_en", ""),
        intro_en=snap.get("intro_en", ""),
        body_en=snap.get("body_en", ""),
        facts=facts,
        number_label=words["number"],
        number=certificate.number,
        code_label=words["code"],
        code=format_code(certificate.code),
        verify_label=words["verify"],
        verify_url=verify_url,
        issuer=snap["issuer"],
        accent=snap.get("accent_colour", "#1f4e79"),
        signatories=[Signatory(**person) for person in snap.get("signatories", [])],
        background_path=background_path,
        logo_path=logo_path,
        subject=snap["course_title"],
    )
