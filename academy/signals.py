from allauth.account.signals import user_logged_in
from django.dispatch import receiver
from django.utils import translation


@receiver(user_logged_in)
def activate_user_language(sender, request, user, **kwargs):
    # The rest of this request (the redirect's message) speaks the user's language.
    translation.activate(user.preferred_language)
    request.LANGUAGE_CODE = user.preferred_language
