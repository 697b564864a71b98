"""Studio forms. Material editors reuse ``courses.forms`` (their validation lives
there); these cover the course itself and the outline's small inline forms."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorFormField

from courses import registry
from courses.forms import PROSE_EXTENSIONS, PageForm
from courses.html import images_without_alt, sanitize_html
from courses.models import Course, Module

COVER_MAX_BYTES = 5 * 1024 * 1024
# The courses' editor configuration lacks the table parts the editor needs to insert
# and edit tables (reported to the courses engineer); the studio adds them.
STUDIO_PROSE_EXTENSIONS = {
    **PROSE_EXTENSIONS,
    "TableRow": True,
    "TableHeader": True,
    "TableCell": True,
}


class StudioPageForm(PageForm):
    """``courses.forms.PageForm`` (its validation: sanitised, images need alt text)
    with an editor that can edit tables."""

    body = ProseEditorFormField(
        label=_("Text"),
        required=False,
        extensions=STUDIO_PROSE_EXTENSIONS,
        sanitize=sanitize_html,
    )


class CourseCreateForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    language = forms.ChoiceField(
        label=_("Content language"), choices=settings.LANGUAGES, initial="pl"
    )


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class CourseForm(forms.ModelForm):
    description = ProseEditorFormField(
        label=_("Description"),
        required=False,
        extensions=STUDIO_PROSE_EXTENSIONS,
        sanitize=sanitize_html,
    )

    class Meta:
        model = Course
        fields = [
            "title",
            "slug",
            "summary",
            "description",
            "language",
            "topics",
            "level",
            "estimated_hours",
            "cover_image",
            "cover_alt",
            "enrolment_mode",
            "enrolment_opens_at",
            "enrolment_closes_at",
            "capacity",
            "is_sequential",
            "complete_pages_on_view",
            "certificate_enabled",
            "inactive_reminder_days",
        ]
        widgets = {
            "topics": forms.CheckboxSelectMultiple,
            "enrolment_opens_at": DateTimeLocalInput(),
            "enrolment_closes_at": DateTimeLocalInput(),
            "summary": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "slug": _("The course's web address: lowercase letters, digits and hyphens."),
            "cover_alt": _(
                "Describe the image for people who cannot see it. Required with a cover image."
            ),
            "capacity": _("Leave empty for no limit."),
        }

    def clean_description(self):
        description = sanitize_html(self.cleaned_data.get("description") or "")
        if images_without_alt(description):
            raise forms.ValidationError(
                _("Every image needs a text alternative (alt text) for people who cannot see it."),
                code="image_missing_alt",
            )
        return description

    def clean_cover_image(self):
        image = self.cleaned_data.get("cover_image")
        if image and image != self.instance.cover_image and image.size > COVER_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is too large: the limit is %(limit)s."),
                code="cover_too_large",
                params={"limit": filesizeformat(COVER_MAX_BYTES)},
            )
        return image

    def clean(self):
        cleaned = super().clean()
        cleaned["cover_alt"] = (cleaned.get("cover_alt") or "").strip()
        if cleaned.get("cover_image") and not cleaned["cover_alt"]:
            self.add_error(
                "cover_alt",
                forms.ValidationError(
                    _("Describe the cover image: people who cannot see it rely on this text."),
                    code="cover_alt",
                ),
            )
        opens, closes = cleaned.get("enrolment_opens_at"), cleaned.get("enrolment_closes_at")
        if opens and closes and closes <= opens:
            self.add_error(
                "enrolment_closes_at",
                forms.ValidationError(
                    _("Enrolment must close after it opens."), code="window_order"
                ),
            )
        return cleaned


class TitleForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)


class ItemAddForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"))
    title = forms.CharField(label=_("Title"), max_length=200)

    def __init__(self, *args, module: Module | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = kind_choices()


def kind_choices() -> list[tuple[str, str]]:
    """Kinds a trainer can add: materials (edited here) and kinds whose app offers an editor."""
    choices = []
    for key, kind in registry.kinds().items():
        if key in {"page", "video", "document", "link"} or kind.create_url:
            choices.append((key, kind.label))
    return choices


class EmailForm(forms.Form):
    email = forms.EmailField(label=_("Email address"))
