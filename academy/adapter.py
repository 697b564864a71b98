from __future__ import annotations

from types import SimpleNamespace

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from background.mail import email_queue, new_key

from . import signin_limits
from .mail import mail_sender


class AccountAdapter(DefaultAccountAdapter):
    """The one customisation seam for allauth: our user fields and languages."""

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        data = form.cleaned_data
        user.full_name = data.get("full_name", user.full_name)
        user.job_title = data.get("job_title", "")
        user.preferred_language = (
            data.get("preferred_language") or translation.get_language() or "pl"
        )
        if commit:
            user.save()
        return user

    # Sign-in limits (academy/signin_limits.py) replace allauth's "login_failed" limit
    # for passwords, whose per-IP part refused right passwords from a shared address.
    def pre_authenticate(self, request, **credentials):
        until = signin_limits.locked_until(credentials.get("email", ""))
        if until is not None:
            raise self._too_many(until)

    def authentication_failed(self, request, **credentials):
        until = signin_limits.record_failure(request, credentials.get("email", ""))
        if until is not None:
            raise self._too_many(until)

    def authenticate(self, request, **credentials):
        user = super().authenticate(request, **credentials)
        if user is not None:
            signin_limits.forget(credentials.get("email", ""))
        return user

    def _too_many(self, until: float):
        from django import forms

        return forms.ValidationError(
            _(
                "Too many wrong passwords for this account. Sign-in is paused until %(time)s; "
                "you can also reset your password."
            )
            % {"time": signin_limits.format_moment(until)},
            code="too_many_login_attempts",
        )

    def format_email_subject(self, subject) -> str:
        # No "[site]" prefix here: every email gets the academy's name in the recipient's
        # language when it is composed (background.mail.email_compose, academy/mail.py).
        return " ".join(str(subject).split())

    def get_from_email(self) -> str:
        return mail_sender()

    def send_mail(self, template_prefix, email, context):
        # Emails go out in the recipient's language, not the language of the page,
        # and greet from the academy rather than from the bare host name.
        user = context.get("user")
        language = getattr(user, "preferred_language", None) or translation.get_language()
        request = allauth_context.request
        site = SimpleNamespace(
            name=settings.ACADEMY_SITE_NAME, domain=request.get_host() if request else ""
        )
        with translation.override(language):
            message = self.render_mail(template_prefix, email, {"current_site": site, **context})
        html = next(
            (
                content
                for content, mimetype in getattr(message, "alternatives", [])
                if mimetype == "text/html"
            ),
            "",
        )
        text = message.body if message.content_subtype == "plain" else ""
        # Account emails are transactional and go out through a task like every other email.
        email_queue(
            key=new_key(f"account:{template_prefix.rsplit('/', 1)[-1]}"),
            to=email,
            recipient=user if getattr(user, "pk", None) else None,
            language=language,
            subject=message.subject,
            text=text or html,
            html=html,
            from_email=message.from_email,
        )
