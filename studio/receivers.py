"""Invited people are enrolled when they confirm their email address."""

from __future__ import annotations

from allauth.account.signals import email_confirmed
from django.dispatch import receiver


@receiver(email_confirmed, dispatch_uid="studio_accept_invitations")
def accept_invitations(sender, request, email_address, **kwargs) -> None:
    from .services import invitations_accept

    invitations_accept(user=email_address.user, email=email_address.email)
