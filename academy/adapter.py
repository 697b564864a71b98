from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from django.utils import translation


class AccountAdapter(DefaultAccountAdapter):
    """The one customisation seam for allauth: our user fields and languages."""

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        data = form.cleaned_data
        user.full_name = data.get("full_name", user.full_name)
        user.job_title = data.get("job_title", "")
        user.preferred_language = data.get("preferred_language") or translation.get_language() or "pl"
        if commit:
            user.save()
        return user

    def send_mail(self, template_prefix, email, context):
        # Emails go out in the recipient's language, not the language of the page.
        user = context.get("user")
        language = getattr(user, "preferred_language", None) or translation.get_language()
        with translation.override(language):
            super().send_mail(template_prefix, email, context)
