"""Two-factor authentication for staff: which sessions count as "passed MFA".

Every staff-only power (the admin, approving H5P libraries, every organisation's
progress and exports, managing certificates, editing any course) needs a session in
which the person proved a second factor: they typed a TOTP or recovery code when
signing in or re-authenticating (allauth's ``authenticator_used``), or they just set
up an authenticator by typing its first code (``authenticator_added``). A password
alone, a password-reset link or an old session is not enough.

``StaffMfaRequiredMiddleware`` applies this to every URL except the account pages
needed to get there (see ``OPEN_PREFIXES``), so no staff view can forget it.
"""

from __future__ import annotations

from allauth.core import context as allauth_context
from allauth.mfa.models import Authenticator
from allauth.mfa.signals import authenticator_used
from django.db.models.signals import post_save
from django.dispatch import receiver

SESSION_KEY = "academy_mfa_user"


def mark_mfa_passed(request, user) -> None:
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_KEY] = str(user.pk)


def session_passed_mfa(request) -> bool:
    return request.session.get(SESSION_KEY) == str(request.user.pk)


def has_totp(user) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


@receiver(authenticator_used)
def _second_factor_used(sender, request, user, authenticator, **kwargs):
    mark_mfa_passed(request, user)


@receiver(post_save, sender=Authenticator)
def _second_factor_added(sender, instance, created, **kwargs):
    # Activation asks for a valid code, so the person holds the factor now. (allauth's
    # own authenticator_added signal waits for the commit, after the session is saved.)
    request = allauth_context.request
    user = getattr(request, "user", None)
    if (
        created
        and instance.type == Authenticator.Type.TOTP
        and user is not None
        and user.pk == instance.user_id
    ):
        mark_mfa_passed(request, instance.user)
