from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from courses.models import Course

from .models import Edition, NewsItem, Publication


class PublicationForm(forms.ModelForm):
    class Meta:
        model = Publication
        fields = [
            "title",
            "slug",
            "type",
            "summary",
            "language",
            "topics",
            "audiences",
            "region",
            "authors",
            "publishers",
            "licence",
            "related_courses",
            "superseded_by",
        ]
        widgets = {
            "topics": forms.CheckboxSelectMultiple,
            "audiences": forms.CheckboxSelectMultiple,
            "publishers": forms.CheckboxSelectMultiple,
            "related_courses": forms.CheckboxSelectMultiple,
            "summary": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["related_courses"].queryset = Course.objects.exclude(
            status=Course.Status.ARCHIVED
        )
        if self.instance.pk:
            self.fields["superseded_by"].queryset = Publication.objects.exclude(pk=self.instance.pk)


class EditionForm(forms.ModelForm):
    class Meta:
        model = Edition
        fields = ["version_label", "issued_on", "changes"]
        widgets = {
            "issued_on": forms.DateInput(attrs={"type": "date"}),
            "changes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, publication=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.publication = publication

    def clean_version_label(self):
        label = self.cleaned_data["version_label"]
        if self.publication and self.publication.editions.filter(version_label=label).exists():
            raise forms.ValidationError(
                _("This publication already has an edition with this label."), code="duplicate"
            )
        return label


class VersionForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    title = forms.CharField(label=_("Title"), max_length=300)
    summary = forms.CharField(
        label=_("Summary"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    file = forms.FileField(label=_("File (PDF, DOCX or ODT)"))

    def __init__(self, *args, edition=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.edition = edition

    def clean_language(self):
        language = self.cleaned_data["language"]
        if self.edition and self.edition.versions.filter(language=language).exists():
            raise forms.ValidationError(
                _("This edition already has a version in this language."), code="duplicate"
            )
        return language

    def clean_file(self):
        from .services import file_check

        upload = self.cleaned_data["file"]
        file_check(upload)
        return upload


class PublishForm(forms.Form):
    publish_at = forms.DateTimeField(
        label=_("Publication time"),
        required=False,
        help_text=_("Leave empty to publish now; a future time schedules the publication."),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )


class NewsForm(forms.ModelForm):
    publish_at = forms.DateTimeField(
        label=_("Publication time"),
        required=False,
        help_text=_("Leave empty to publish now; a future time schedules the publication."),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )

    class Meta:
        model = NewsItem
        fields = ["title", "slug", "language", "body", "topics", "attachment"]
        widgets = {
            "topics": forms.CheckboxSelectMultiple,
            "body": forms.Textarea(attrs={"rows": 5}),
        }

    def clean_attachment(self):
        from .services import file_check

        upload = self.cleaned_data.get("attachment")
        if isinstance(upload, UploadedFile):  # a new file; the stored one was checked before
            file_check(upload)
        return upload
