from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .models import Activity


class ActivitySettingsForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        required=False,
        help_text=_("Leave empty to use the title stored in the package."),
    )
    grading = forms.ChoiceField(
        label=_("Grade from"), choices=Activity.Grading.choices, initial=Activity.Grading.HIGHEST
    )
    completion = forms.ChoiceField(
        label=_("The step is complete when the learner has"),
        choices=Activity.CompletionMode.choices,
        initial=Activity.CompletionMode.PASSED,
        widget=forms.RadioSelect,
    )
    pass_percent = forms.IntegerField(
        label=_("Pass mark (%)"), min_value=0, max_value=100, initial=70
    )


class ActivityUploadForm(ActivitySettingsForm):
    package = forms.FileField(
        label=_("H5P file (.h5p)"), help_text=_("Export it from Lumi or h5p.org with “Download”.")
    )
    is_required = forms.BooleanField(
        label=_("Required for completing the course"), required=False, initial=True
    )
    completion = forms.ChoiceField(
        label=_("The step is complete when the learner has"),
        choices=[
            ("", _("Suggested for this content (you can change it later)")),
            *Activity.CompletionMode.choices,
        ],
        initial="",
        required=False,
        widget=forms.RadioSelect,
    )

    field_order = ["package", "title", "grading", "completion", "pass_percent", "is_required"]

    def clean_package(self):
        upload = self.cleaned_data["package"]
        if not upload.name.lower().endswith(".h5p"):
            raise forms.ValidationError(_("Choose a file ending in .h5p."), code="extension")
        if upload.size > settings.H5P_MAX_UPLOAD_SIZE:
            raise forms.ValidationError(
                _("The file is larger than the limit of %(limit)d MB."),
                params={"limit": settings.H5P_MAX_UPLOAD_SIZE // (1024 * 1024)},
                code="size",
            )
        return upload
