from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def display_name(user) -> str:
    """A person's name as the community shows it: never their email address."""
    if user is None:
        return _("deleted user")
    return user.full_name or user.short_name or _("member")
