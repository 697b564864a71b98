"""Fetch-and-authorise helpers shared by the studio views: anything a user may not
edit is the same 404 as something that does not exist."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from courses.models import Course, Item, Module

from ..permissions import editable_courses


def editable_course(request, slug: str) -> Course:
    return get_object_or_404(editable_courses(request.user), slug=slug)


def editable_module(course: Course, module_id) -> Module:
    return get_object_or_404(Module.objects.select_related("course"), course=course, pk=module_id)


def editable_item(course: Course, item_id) -> Item:
    return get_object_or_404(
        Item.objects.active().select_related("course", "module"), course=course, pk=item_id
    )


def error_text(error) -> str:
    """One readable line from a ValidationError (dict or list form)."""
    if hasattr(error, "message_dict"):
        return " ".join(message for messages in error.message_dict.values() for message in messages)
    return " ".join(error.messages)


def media_for(request, form):
    """The form's assets with the request's CSP nonce on the editor's inline import map."""
    from js_asset import Media

    nonce = getattr(request, "csp_nonce", None)
    return Media.from_media(form.media, nonce=str(nonce)) if nonce is not None else form.media
