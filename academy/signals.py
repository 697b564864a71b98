from allauth.account.signals import password_reset, user_logged_in
from django.dispatch import receiver
from django.utils import translation


@receiver(user_logged_in)
def activate_user_language(sender, request, user, **kwargs):
    # The rest of this request (the redirect's message) speaks the user's language.
    translation.activate(user.preferred_language)
    request.LANGUAGE_CODE = user.preferred_language


@receiver(password_reset)
def reopen_sign_in(sender, request, user, **kwargs):
    # Whoever can reset the password may sign in at once (academy/signin_limits.py).
    from allauth.account.models import EmailAddress

    from . import signin_limits

    for address in {
        user.email,
        *EmailAddress.objects.filter(user=user).values_list("email", flat=True),
    }:
        signin_limits.forget(address)
