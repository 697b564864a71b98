"""Who may edit the knowledge base: staff and the "Knowledge editors" group. The
queryset filters live on the models' querysets (``visible_to``, ``editable_by``)."""

from __future__ import annotations

KNOWLEDGE_EDITORS_GROUP = "Knowledge editors"


def is_knowledge_editor(user) -> bool:
    if not user.is_authenticated:
        return False
    return user.is_staff or user.groups.filter(name=KNOWLEDGE_EDITORS_GROUP).exists()


def can_view_publication(user, publication) -> bool:
    return publication.is_visible() or is_knowledge_editor(user)


def can_edit_publication(user, publication) -> bool:
    return is_knowledge_editor(user)
