"""Signing in cancels a pending account deletion and an inactivity warning."""

from __future__ import annotations

import contextlib

from django.contrib import messages
from django.utils.translation import gettext as _


def on_user_logged_in(sender, request, user, **kwargs) -> None:
    from .services import deletion_cancel, inactivity_forget

    inactivity_forget(user=user)
    if deletion_cancel(user=user) and request is not None:
        with contextlib.suppress(messages.MessageFailure):
            messages.info(
                request, _("Welcome back: the deletion of your account has been cancelled.")
            )
