"""The outline's rows, prepared once per page.

An outline of 20 modules × 15 items rendered with a ``{% url %}`` and a handful of
``{% translate %}`` calls per item spent most of the player's time in the template
(docs/performance.md). Here each label is translated once and item links are built
from one reversed prefix.
"""

from django import template
from django.urls import reverse
from django.utils.translation import gettext as _

from ..models import Item

register = template.Library()


@register.simple_tag
def outline_rows(outline, course, preview=False):
    name = "courses:item_preview" if preview else "courses:item"
    sample = reverse(name, args=[course.slug, 0])
    prefix = sample[: -len("0/")]
    labels = {"completed": _("complete"), "in_progress": _("in progress"), "not_started": _("not started")}
    kinds = {value: str(label) for value, label in Item.Kind.choices}
    rows = []
    for module in outline.modules:
        entries = []
        for entry in module.entries:
            if entry.is_locked:
                state_text = _("locked: finish “%(title)s” first") % {"title": entry.locked_by.title}
            else:
                state_text = labels.get(entry.state, entry.state)
            entries.append({
                "entry": entry,
                "item": entry.item,
                "url": f"{prefix}{entry.item.pk}/",
                "state_text": state_text,
                "kind_label": kinds.get(entry.item.kind, entry.item.kind),
            })
        rows.append({"module": module.module, "progress": module, "entries": entries})
    return rows
