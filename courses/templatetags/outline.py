"""The course outline (syllabus) as HTML, for the course page and the player's sidebar.

Built in Python rather than as a template loop: for the 80-item courses of the scale
data the loop resolved ~1,600 template variables per page and was a third of the
player's time (docs/performance.md). Each label is translated once, item links come
from one reversed prefix, and every text is escaped (``escape``/``format_html``) before it is joined.
"""

from html import escape as html_escape

from django import template
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from ..fragments import cached_fragment, outline_key
from ..registry import kinds as registered_kinds

register = template.Library()

_SYMBOLS = {"completed": "✓", "locked": "⊘", "in_progress": "◐"}
_CURRENT = ' aria-current="step"'


@register.simple_tag
def outline_list(
    outline, course, *, current=None, preview=False, show_progress=False, link_items=False
) -> SafeString:
    """Modules with their items: each item's state, link (unless locked or not
    ``link_items``), kind and, with ``show_progress``, its state in words and each
    module's required items done. From the fragment cache when the outline was read
    under known tokens (courses.fragments)."""
    flags = {
        "current": getattr(current, "pk", None),
        "preview": bool(preview),
        "show_progress": bool(show_progress),
        "link_items": bool(link_items),
    }
    return cached_fragment(
        outline_key(outline, **flags),
        lambda: _render(outline, course, **flags),
    )


def _render(outline, course, *, current, preview, show_progress, link_items) -> SafeString:
    if not outline.modules:
        return format_html("<p>{}</p>", _("This course has no materials yet."))
    sample = reverse("courses:item_preview" if preview else "courses:item", args=[course.slug, 0])
    prefix = escape(sample[: -len("0/")])
    # Every text is escaped once here; item and module titles as they are used.
    labels = {
        "completed": escape(_("complete")),
        "in_progress": escape(_("in progress")),
        "not_started": escape(_("not started")),
    }
    kinds = {key: html_escape(str(kind.label)) for key, kind in registered_kinds().items()}
    optional = f" · {escape(_('optional'))}"
    current_pk = current
    sections = []
    for module in outline.modules:
        rows = []
        for entry in module.entries:
            item, state = entry.item, str(entry.state)
            is_current = item.pk == current_pk
            # The standard library's escape: the same output as Django's, without its
            # lazy-string wrapper, which cost more than the rest of this loop.
            title = html_escape(item.title)
            if link_items and state != "locked":
                title = f'<a href="{prefix}{item.pk}/"{_CURRENT if is_current else ""}>{title}</a>'
            else:
                title = f"<span>{title}</span>"
            state_html = ""
            if show_progress:
                if entry.is_locked:
                    text = html_escape(
                        _("locked: finish “%(title)s” first") % {"title": entry.locked_by.title}
                    )
                else:
                    text = labels.get(state) or html_escape(state)
                state_html = f' · <span class="outline-state-text">{text}</span>'
            rows.append(
                f'<li class="outline-item state-{html_escape(state)}{" is-current" if is_current else ""}">'
                f'<span class="outline-state" aria-hidden="true">{_SYMBOLS.get(state, "○")}</span> {title} '
                f'<span class="outline-meta">{kinds.get(item.kind) or html_escape(item.kind)}'
                f"{'' if item.is_required else optional}{state_html}</span></li>"
            )
        progress = ""
        if show_progress:
            done = _("%(done)s of %(total)s required done") % {
                "done": module.required_completed,
                "total": module.required_total,
            }
            progress = format_html(
                '<p class="outline-module-progress"><label for="module-progress-{0}">{1}</label> '
                '<progress id="module-progress-{0}" max="100" value="{2}">{2}%</progress></p>',
                module.module.pk,
                done,
                module.percent,
            )
        sections.append(
            format_html(
                '<section class="outline-module" aria-labelledby="outline-module-{0}">'
                '<h3 id="outline-module-{0}">{1}</h3>{2}<ol class="outline-items">{3}</ol></section>',
                module.module.pk,
                module.module.title,
                progress,
                mark_safe("".join(rows)),  # noqa: S308 — every part was escaped above
            )
        )
    return mark_safe("\n".join(sections))  # noqa: S308 — built with format_html
