"""Course files (documents, uploaded videos, captions) for enrolled learners and editors."""

from __future__ import annotations

import os

from django.http import FileResponse, Http404, HttpRequest
from django.views.decorators.http import require_GET

from ..access import NotEnrolled, learner_item
from ..models import Document, Item, Video
from ..permissions import editable_courses
from ..sniff import CONTENT_TYPES

FILES = {
    # what -> (model, field, type field, as attachment)
    "document": (Document, "file", "file_type", True),
    "video": (Video, "file", "file_type", False),
    "captions": (Video, "captions", None, False),
}


def _authorised_item(request: HttpRequest, slug: str, item_id: int) -> Item:
    editable = (
        Item.objects.active()
        .filter(pk=item_id, course__slug=slug, course__in=editable_courses(request.user))
        .first()
    )
    if editable is not None:
        return editable
    try:
        item, _enrollment, _outline = learner_item(request.user, item_id=item_id, slug=slug)
    except NotEnrolled as error:
        # Missing and forbidden look the same: no hint that the file exists.
        raise Http404 from error
    return item


@require_GET
def item_file(request: HttpRequest, slug: str, item_id: int, what: str) -> FileResponse:
    if what not in FILES:
        raise Http404
    model, field, type_field, attachment = FILES[what]
    item = _authorised_item(request, slug, item_id)
    detail = model.objects.filter(item=item).first()
    stored = getattr(detail, field, None) if detail is not None else None
    if not stored:
        raise Http404
    return _file_response(detail, stored, type_field=type_field, attachment=attachment)


def _file_response(detail, stored, *, type_field: str | None, attachment: bool) -> FileResponse:
    """The file, private to this request (never cached), in the type recorded on upload."""
    try:
        handle = stored.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    if type_field:
        content_type = CONTENT_TYPES.get(getattr(detail, type_field), "application/octet-stream")
    else:
        content_type = "text/vtt; charset=utf-8"
    filename = getattr(detail, "original_name", "") or os.path.basename(stored.name)
    response = FileResponse(
        handle, as_attachment=attachment, filename=filename, content_type=content_type
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
