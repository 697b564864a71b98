from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

from .codes import normalise_code
from .models import CertificateTemplate
from .printing import PLACEHOLDERS, unknown_placeholders

BACKGROUND_MAX_BYTES = 2 * 1024 * 1024
LOGO_MAX_BYTES = 1024 * 1024


class LookupForm(forms.Form):
    code = forms.CharField(
        label=_("Verification code"),
        max_length=60,
        help_text=_(
            "As printed on the certificate, e.g. 7KQ2-M9XA-… Capital or small letters, with or without hyphens."
        ),
    )

    def clean_code(self) -> str:
        code = normalise_code(self.cleaned_data["code"])
        if code is None:
            raise forms.ValidationError(
                _(
                    "This is not a valid verification code. It has 28 letters and digits; check for typos."
                ),
                code="invalid_code",
            )
        return code


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=1000
    )

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Say why."), code="required")
        return reason


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Note for the record (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


def _check_image(upload, *, formats: set[str], max_bytes: int, what: str, max_side: int):
    if not upload or not hasattr(upload, "size"):
        return upload
    if upload.size > max_bytes:
        raise forms.ValidationError(
            _("The %(what)s is too large: at most %(size)d MB.")
            % {"what": what, "size": max_bytes // (1024 * 1024)},
            code="too_large",
        )
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            kind, size = image.format, image.size
            image.verify()
    except (
        UnidentifiedImageError,
        Image.DecompressionBombError,
        OSError,
        SyntaxError,
        ValueError,
    ) as error:
        raise forms.ValidationError(
            _("The %(what)s is not a readable image.") % {"what": what}, code="invalid_image"
        ) from error
    finally:
        upload.seek(0)
    if max(size) > max_side:
        raise forms.ValidationError(
            _("The %(what)s is too large: at most %(side)d pixels wide and high.")
            % {"what": what, "side": max_side},
            code="too_many_pixels",
        )
    if kind not in formats:
        raise forms.ValidationError(
            _("The %(what)s must be %(formats)s.")
            % {"what": what, "formats": " / ".join(sorted(formats))},
            code="wrong_format",
        )
    return upload


class CertificateTemplateForm(forms.ModelForm):
    class Meta:
        model = CertificateTemplate
        fields = [
            "language",
            "bilingual",
            "title",
            "body",
            "title_en",
            "body_en",
            "signatory1_name",
            "signatory1_role",
            "signatory2_name",
            "signatory2_role",
            "signatory3_name",
            "signatory3_role",
            "accent_colour",
            "validity_months",
            "background",
            "logo",
        ]
        widgets = {
            "accent_colour": forms.TextInput(attrs={"type": "color"}),
            "body": forms.Textarea(attrs={"rows": 4}),
            "body_en": forms.Textarea(attrs={"rows": 4}),
        }

    FIELDSETS = [
        (
            _("Language and texts"),
            ["language", "bilingual", "title", "body", "title_en", "body_en"],
        ),
        (
            _("Signatories"),
            [
                "signatory1_name",
                "signatory1_role",
                "signatory2_name",
                "signatory2_role",
                "signatory3_name",
                "signatory3_role",
            ],
        ),
        (_("Look"), ["accent_colour", "logo", "background"]),
        (_("Validity"), ["validity_months"]),
    ]

    def fieldsets(self):
        return [(legend, [self[name] for name in names]) for legend, names in self.FIELDSETS]

    def _placeholders(self, field: str) -> str:
        text = self.cleaned_data.get(field, "")
        unknown = unknown_placeholders(text)
        if unknown:
            allowed = ", ".join(f"{{{name}}}" for name in PLACEHOLDERS)
            raise forms.ValidationError(
                _("Unknown placeholder %(found)s. You can use: %(allowed)s.")
                % {
                    "found": ", ".join(
                        f"{{{name}}}" if name not in "{}" else name for name in unknown
                    ),
                    "allowed": allowed,
                },
                code="unknown_placeholder",
            )
        return text

    def clean_title(self):
        return self._placeholders("title")

    def clean_body(self):
        return self._placeholders("body")

    def clean_title_en(self):
        return self._placeholders("title_en")

    def clean_body_en(self):
        return self._placeholders("body_en")

    def clean_background(self):
        return _check_image(
            self.cleaned_data.get("background"),
            formats={"JPEG"},
            max_bytes=BACKGROUND_MAX_BYTES,
            what=_("background image"),
            max_side=4000,
        )

    def clean_logo(self):
        return _check_image(
            self.cleaned_data.get("logo"),
            formats={"JPEG", "PNG"},
            max_bytes=LOGO_MAX_BYTES,
            what=_("logo"),
            max_side=1200,
        )

    def clean(self):
        data = super().clean()
        for index in (1, 2, 3):
            if data.get(f"signatory{index}_role") and not data.get(f"signatory{index}_name"):
                self.add_error(
                    f"signatory{index}_name",
                    forms.ValidationError(
                        _("Give the name of the person in this role."), code="role_without_name"
                    ),
                )
        if not any((data.get(f"signatory{index}_name") or "").strip() for index in (1, 2, 3)):
            # An empty template is not ready to print: say so here, not only on the checklist.
            self.add_error(
                "signatory1_name",
                forms.ValidationError(
                    _(
                        "A certificate needs at least one signatory: give the name and role of the person who signs it."
                    ),
                    code="no_signatory",
                ),
            )
        return data
