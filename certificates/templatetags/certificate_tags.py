from django import template

from ..badges import absolute

register = template.Library()


@register.filter
def absolute_url(path: str) -> str:
    """The public address of a path, as printed in the certificates' QR codes."""
    return absolute(path)
