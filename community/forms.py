"""Forms of the community. Rich text goes through the same editor and sanitiser as
course pages (``courses.html.sanitize_html``)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorFormField

from academy.models import Organisation, Voivodeship
from courses.models import Topic as CourseTopic

from .models import Offer, Topic
from .text import clean_body
from .uploads import MAX_FILES, check_upload

EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Strike": True,
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "Link": {"enableTarget": False},
}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        if len(files) > MAX_FILES:
            raise forms.ValidationError(
                _("At most %(count)s files.") % {"count": MAX_FILES}, code="too_many"
            )
        cleaned = [super(MultipleFileField, self).clean(item, initial) for item in files]
        for upload in cleaned:
            check_upload(upload)
        return cleaned


def _body_field(label):
    return ProseEditorFormField(
        label=label, required=True, extensions=EXTENSIONS, sanitize=clean_body
    )


class TopicForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Topic.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    body = _body_field(_("Text"))
    files = MultipleFileField(
        label=_("Attachments (images or PDF)"),
        required=False,
        widget=MultipleFileInput(
            attrs={"accept": "image/png,image/jpeg,image/gif,image/webp,application/pdf"}
        ),
    )

    def __init__(self, *args, can_announce: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not can_announce:
            self.fields["kind"].choices = [
                choice for choice in Topic.Kind.choices if choice[0] != Topic.Kind.ANNOUNCEMENT
            ]


class PostForm(forms.Form):
    body = _body_field(_("Your reply"))
    quote = forms.CharField(required=False, widget=forms.HiddenInput)
    files = MultipleFileField(
        label=_("Attachments (images or PDF)"),
        required=False,
        widget=MultipleFileInput(
            attrs={"accept": "image/png,image/jpeg,image/gif,image/webp,application/pdf"}
        ),
    )


class EditForm(forms.Form):
    body = _body_field(_("Text"))
    reason = forms.CharField(label=_("Reason for the edit"), max_length=300, required=False)


class ReportForm(forms.Form):
    reason = forms.CharField(
        label=_("What is wrong with this post?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class SuspendForm(forms.Form):
    user = forms.CharField(widget=forms.HiddenInput)
    days = forms.IntegerField(label=_("Days"), min_value=1, max_value=365, initial=7)
    reason = forms.CharField(label=_("Reason"), max_length=300)


class SpaceSettingsForm(forms.Form):
    is_enabled = forms.BooleanField(label=_("Discussion space enabled"), required=False)
    hold_first_posts = forms.BooleanField(
        label=_("Hold first posts of new accounts for review"), required=False
    )


class OfferForm(forms.ModelForm):
    class Meta:
        model = Offer
        fields = ["kind", "title", "body", "topic"]
        widgets = {"body": forms.Textarea(attrs={"rows": 6})}


class ProfileForm(forms.Form):
    description = forms.CharField(
        label=_("What we work on"),
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics"),
        queryset=CourseTopic.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    is_listed = forms.BooleanField(
        label=_("Show in the partnerships directory"), required=False, initial=True
    )


class ContactForm(forms.Form):
    body = forms.CharField(
        label=_("Your message"), max_length=3000, widget=forms.Textarea(attrs={"rows": 5})
    )


class DirectoryFilter(forms.Form):
    q = forms.CharField(label=_("Words"), max_length=200, required=False)
    voivodeship = forms.ChoiceField(
        label=_("Voivodeship"), required=False, choices=[("", _("All"))] + list(Voivodeship.choices)
    )
    kind = forms.ChoiceField(
        label=_("Kind of organisation"),
        required=False,
        choices=[("", _("All"))] + list(Organisation.Kind.choices),
    )
    offer_kind = forms.ChoiceField(
        label=_("Offers or needs"),
        required=False,
        choices=[("", _("All"))] + list(Offer.Kind.choices),
    )
    topic = forms.ModelChoiceField(
        label=_("Topic"), queryset=CourseTopic.objects.all(), required=False, empty_label=_("All")
    )
