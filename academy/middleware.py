from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

from . import mfa, safe_input

SUPPORTED = {code for code, _name in settings.LANGUAGES}


def language_for(request) -> str:
    """The signed-in user's choice, else the switcher's cookie, else Polish.

    The browser's Accept-Language is deliberately ignored: the academy is Polish
    first, and a language once chosen must stick on every device.
    """
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.preferred_language in SUPPORTED:
        return user.preferred_language
    cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if cookie in SUPPORTED:
        return cookie
    return settings.LANGUAGE_CODE


class UserLocaleMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = language_for(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ["Cookie"])
        return response


class HtmxAwareLoginRequiredMiddleware(LoginRequiredMiddleware):
    """htmx requests that need a login get a client redirect, not a login page in a fragment."""

    def handle_no_permission(self, request, view_func):
        if getattr(request, "htmx", False):
            current = request.htmx.current_url_abs_path or request.get_full_path()
            login_url = self.get_login_url(view_func)
            return HttpResponseClientRedirect(
                redirect_to_login(current, login_url, self.get_redirect_field_name(view_func)).url
            )
        return super().handle_no_permission(request, view_func)


class StaffMfaRequiredMiddleware:
    """A staff session that has not passed two-factor authentication may only reach
    the account pages: it is sent to set up an authenticator (none yet) or to type a
    code (one exists). See academy/mfa.py for what counts as passing."""

    OPEN_PREFIXES = (
        "/accounts/",
        "/language/",
        "/healthz",
        "/privacy/",
        "/accessibility/",
        "/terms/",
        "/cookies/",
        settings.STATIC_URL,
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is None
            or not user.is_authenticated
            or not user.is_staff
            or request.path.startswith(self.OPEN_PREFIXES)
            or mfa.session_passed_mfa(request)
        ):
            return self.get_response(request)
        if mfa.has_totp(user):
            message = _(
                "Staff powers need two-factor authentication: enter a code from your authenticator app."
            )
            target = reverse("mfa_reauthenticate")
        else:
            message = _(
                "Staff accounts need two-factor authentication. Set up an authenticator app to continue."
            )
            target = reverse("mfa_activate_totp")
        messages.warning(request, message)
        target += "?" + urlencode({"next": request.get_full_path()})
        if getattr(request, "htmx", False):
            return HttpResponseClientRedirect(target)
        return redirect(target)


class BadInputMiddleware:
    """400 for a path, query or form value PostgreSQL cannot store (NUL, lone
    surrogate) and for over-long query values: such input never reaches a view."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._bad(request):
            return render(request, "400.html", status=400)
        return self.get_response(request)

    @staticmethod
    def _bad(request) -> bool:
        if safe_input.unstorable(request.path):
            return True
        for key, values in request.GET.lists():
            if safe_input.unstorable(key) or any(
                safe_input.unstorable(value) or len(value) > safe_input.MAX_QUERY_VALUE
                for value in values
            ):
                return True
        if request.method == "POST" and request.content_type in (
            "application/x-www-form-urlencoded",
            "multipart/form-data",
        ):
            for key, values in request.POST.lists():
                if safe_input.unstorable(key) or any(
                    safe_input.unstorable(value) for value in values
                ):
                    return True
        return False
