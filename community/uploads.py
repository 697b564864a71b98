"""Attachments: images (PNG, JPEG, GIF, WebP) and PDFs, recognised from their content
(``courses.sniff`` for PDFs), at most COMMUNITY_ATTACHMENT_MAX_BYTES."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from courses.sniff import CONTENT_TYPES, sniff_document

IMAGE_TYPES = {"png": "image/png", "jpeg": "image/jpeg", "gif": "image/gif", "webp": "image/webp"}
MAX_FILES = 5


def max_bytes() -> int:
    return getattr(settings, "COMMUNITY_ATTACHMENT_MAX_BYTES", 5 * 1024 * 1024)


def sniff_image(fileobj) -> str | None:
    fileobj.seek(0)
    head = fileobj.read(12)
    fileobj.seek(0)
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    return None


def check_upload(upload) -> str:
    """The sniffed content type; raises ValidationError for a spoofed or too large file."""
    if upload.size > max_bytes():
        raise ValidationError(
            _("%(name)s is larger than %(limit)s.")
            % {"name": upload.name, "limit": filesizeformat(max_bytes())},
            code="too_large",
        )
    image = sniff_image(upload)
    if image:
        return IMAGE_TYPES[image]
    if sniff_document(upload) == "pdf":
        return CONTENT_TYPES["pdf"]
    raise ValidationError(
        _("%(name)s is not an image (PNG, JPEG, GIF, WebP) or a PDF.") % {"name": upload.name},
        code="file_type",
    )
