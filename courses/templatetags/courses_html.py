from django import template
from django.utils.safestring import mark_safe

from ..html import sanitize_html

register = template.Library()


@register.filter
def clean_html(value: str) -> str:
    """Trainer HTML, sanitised again at render time: stored HTML is sanitised on save,
    but rows written by other paths (imports, the admin) must not reach a page raw."""
    return mark_safe(sanitize_html(value or ""))  # noqa: S308 - nh3 output
