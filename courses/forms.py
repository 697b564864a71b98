"""Forms for the material kinds, shared by the studio (item editors) and the demo.

Validation lives here, with error codes, so every caller rejects the same things:
``invalid_embed``, ``document_type``, ``document_too_large``, ``video_type``,
``video_too_large``, ``captions_type``, ``captions_too_large``, ``video_source``,
``image_missing_alt``, ``link_scheme``, ``empty_page``.
"""

from __future__ import annotations

import os
from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorFormField

from .html import images_without_alt, normalise_embed_url, sanitize_html
from .models import Document, Item, Link, Page, Video
from .sniff import is_webvtt, sniff_document, sniff_video

PROSE_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Underline": True,
    "Strike": True,
    "Subscript": True,
    "Superscript": True,
    "Heading": {"levels": [2, 3, 4]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HorizontalRule": True,
    "Link": {"enableTarget": False},
    "Table": True,
    "Image": True,
}


class ItemForm(forms.ModelForm):
    """The fields every item has, whatever its kind."""

    class Meta:
        model = Item
        fields = ["title", "is_required", "estimated_minutes"]


class PageForm(forms.ModelForm):
    body = ProseEditorFormField(
        label=_("Text"),
        required=False,
        extensions=PROSE_EXTENSIONS,
        sanitize=sanitize_html,
    )

    class Meta:
        model = Page
        fields = ["body"]

    def clean_body(self):
        body = sanitize_html(self.cleaned_data.get("body") or "")
        if not body:
            raise forms.ValidationError(_("Write the text of the page."), code="empty_page")
        missing = images_without_alt(body)
        if missing:
            raise forms.ValidationError(
                _("Every image needs a text alternative (alt text) for people who cannot see it."),
                code="image_missing_alt",
            )
        return body


def _size_error(limit: int, code: str) -> forms.ValidationError:
    return forms.ValidationError(
        _("The file is too large: the limit is %(limit)s."),
        code=code,
        params={"limit": filesizeformat(limit)},
    )


class VideoForm(forms.ModelForm):
    # A CharField, not a URLField: every refused address gets the same clear message.
    embed_url = forms.CharField(
        label=_("Embed address"),
        required=False,
        max_length=500,
        help_text=_(
            "A privacy-enhanced YouTube player address (https://www.youtube-nocookie.com/embed/…) "
            "or a Vimeo player address (https://player.vimeo.com/video/…). Leave empty to upload a file."
        ),
    )

    class Meta:
        model = Video
        fields = ["embed_url", "file", "captions", "captions_language", "transcript"]
        widgets = {"transcript": forms.Textarea(attrs={"rows": 8})}
        help_texts = {
            "file": _("MP4 or WebM."),
            "captions": _("A WebVTT (.vtt) file."),
        }

    def clean_embed_url(self):
        url = (self.cleaned_data.get("embed_url") or "").strip()
        if not url:
            return ""
        normalised = normalise_embed_url(url)
        if normalised is None:
            raise forms.ValidationError(
                _(
                    "Use a privacy-enhanced YouTube address (youtube-nocookie.com/embed/…) "
                    "or a Vimeo player address (player.vimeo.com/video/…)."
                ),
                code="invalid_embed",
            )
        return normalised

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not upload or upload == getattr(self.instance, "file", None):
            return upload
        if upload.size > settings.COURSES_VIDEO_MAX_BYTES:
            raise _size_error(settings.COURSES_VIDEO_MAX_BYTES, "video_too_large")
        kind = sniff_video(upload)
        if kind is None:
            raise forms.ValidationError(
                _("This file is not an MP4 or WebM video."), code="video_type"
            )
        self.sniffed_type = kind
        return upload

    def clean_captions(self):
        upload = self.cleaned_data.get("captions")
        if not upload or upload == getattr(self.instance, "captions", None):
            return upload
        if upload.size > settings.COURSES_CAPTIONS_MAX_BYTES:
            raise _size_error(settings.COURSES_CAPTIONS_MAX_BYTES, "captions_too_large")
        if not is_webvtt(upload):
            raise forms.ValidationError(
                _("Captions must be a WebVTT file (it starts with the line WEBVTT)."),
                code="captions_type",
            )
        return upload

    def clean(self):
        cleaned = super().clean()
        has_embed = bool(cleaned.get("embed_url"))
        has_file = bool(cleaned.get("file"))
        if "embed_url" in self.errors or "file" in self.errors:
            return cleaned
        if has_embed == has_file:
            message = (
                _("Give either an embed address or a video file, not both.")
                if has_embed
                else _("Give an embed address or upload a video file.")
            )
            raise forms.ValidationError(message, code="video_source")
        if cleaned.get("captions") and not cleaned.get("captions_language"):
            self.add_error(
                "captions_language",
                forms.ValidationError(
                    _("Say which language the captions are in."), code="captions_language"
                ),
            )
        return cleaned

    def save(self, commit=True):
        video = super().save(commit=False)
        if getattr(self, "sniffed_type", None):
            video.file_type = self.sniffed_type
        if video.embed_url:
            video.file_type = ""
        if commit:
            video.save()
        return video


class DocumentForm(forms.ModelForm):
    class Meta:
        model = Document
        fields = ["file", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"file": _("PDF, DOCX, ODT, XLSX or PPTX.")}

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not upload or upload == getattr(self.instance, "file", None):
            return upload
        if upload.size > settings.COURSES_DOCUMENT_MAX_BYTES:
            raise _size_error(settings.COURSES_DOCUMENT_MAX_BYTES, "document_too_large")
        kind = sniff_document(upload)
        if kind is None:
            raise forms.ValidationError(
                _(
                    "This file is not a PDF, DOCX, ODT, XLSX or PPTX document, whatever its name says."
                ),
                code="document_type",
            )
        self.sniffed_type = kind
        return upload

    def save(self, commit=True):
        document = super().save(commit=False)
        if getattr(self, "sniffed_type", None):
            upload = self.cleaned_data["file"]
            stem = os.path.splitext(os.path.basename(upload.name))[0][:200] or "document"
            document.file_type = self.sniffed_type
            document.size = upload.size
            # The stored name carries the sniffed extension, never the uploaded one.
            document.original_name = f"{stem}.{self.sniffed_type}"
            upload.name = document.original_name
        if commit:
            document.save()
        return document


class LinkForm(forms.ModelForm):
    url = forms.CharField(label=_("Address"), max_length=1000)

    class Meta:
        model = Link
        fields = ["url", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def clean_url(self):
        url = (self.cleaned_data.get("url") or "").strip()
        message = _("Use a full http:// or https:// web address.")
        if urlsplit(url).scheme.lower() not in {"http", "https"}:
            raise forms.ValidationError(message, code="link_scheme")
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError as error:
            raise forms.ValidationError(message, code="link_scheme") from error
        return url


MATERIAL_FORMS = {
    Item.Kind.PAGE: PageForm,
    Item.Kind.VIDEO: VideoForm,
    Item.Kind.DOCUMENT: DocumentForm,
    Item.Kind.LINK: LinkForm,
}
