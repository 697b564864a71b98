"""Two-factor authentication guards every staff power, not only the admin.

The persona "staff without MFA" (a staff account whose session did not pass a second
factor) is refused on every URL of the project outside the account pages, before any
view runs: it is sent to set up an authenticator, or to type a code if it has one.
"""

import re
import uuid

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from academy.middleware import StaffMfaRequiredMiddleware

pytestmark = pytest.mark.django_db

SAMPLE = {"int": "1", "slug": "x", "str": "x", "path": "x/y.json", "uuid": str(uuid.uuid4())}


def _routes(patterns, prefix=""):
    for pattern in patterns:
        text = str(pattern.pattern)
        if text.startswith("^"):
            # A regex route (the admin's app index, allauth's key-based links).
            text = re.sub(r"\(\?P<\w+>[^)]*\)", "x", text).lstrip("^").rstrip("$").replace("\\", "")
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, prefix + text)
        elif isinstance(pattern, URLPattern):
            yield "/" + re.sub(
                r"<(?:(\w+):)?\w+>", lambda m: SAMPLE[m.group(1) or "str"], prefix + text
            )


# The H5P player (/h5p/play/) is answered by h5p.middleware.PlayerHostMiddleware before
# sessions exist: its token is the authorisation, and it grants no staff power.
GUARDED = sorted(
    url
    for url in set(_routes(get_resolver().url_patterns))
    if not url.startswith((*StaffMfaRequiredMiddleware.OPEN_PREFIXES, "/h5p/play/"))
)

# Staff-only powers found by grepping permissions.py and views for is_staff: each must
# be among the guarded URLs (a new open prefix must not uncover one).
STAFF_POWERS = [
    "/admin/",
    "/h5p/libraries/",
    "/h5p/libraries/1/approve/",
    "/organisation/progress/",
    "/organisation/progress/export.csv",
    "/organisation/members/",
    "/certificates/organisation/",
    "/certificates/1/manage/",
    "/certificates/1/revoke/",
    "/studio/",
]


def test_every_staff_power_is_behind_the_guard():
    assert set(STAFF_POWERS) <= set(GUARDED)
    assert len(GUARDED) > 60


@pytest.mark.parametrize("url", GUARDED)
def test_staff_without_an_authenticator_are_sent_to_set_one_up_from_every_url(
    client_for, staff, url
):
    client = client_for(staff, mfa=False)
    for response in (client.get(url), client.post(url, {"x": "1"})):
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("mfa_activate_totp") + "?next="), url


@pytest.mark.parametrize("url", STAFF_POWERS)
def test_staff_with_an_authenticator_but_a_password_only_session_must_type_a_code(
    client_for, staff, url
):
    TOTP.activate(staff, generate_totp_secret())
    response = client_for(staff, mfa=False).get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_reauthenticate") + "?next=")


def test_an_htmx_request_gets_a_client_redirect(client_for, staff):
    response = client_for(staff, mfa=False).post(
        "/h5p/libraries/1/approve/", HTTP_HX_REQUEST="true"
    )
    assert response["HX-Redirect"].startswith(reverse("mfa_activate_totp"))


@pytest.mark.parametrize(
    "url", ["/h5p/libraries/", "/organisation/progress/", "/certificates/organisation/", "/admin/"]
)
def test_staff_whose_session_passed_mfa_reach_their_powers(client_for, staff, url):
    TOTP.activate(staff, generate_totp_secret())
    assert client_for(staff).get(url).status_code == 200


def test_account_pages_stay_open_so_staff_can_set_up_the_factor(client_for, staff):
    client = client_for(staff, mfa=False)
    assert client.get(reverse("mfa_index")).status_code == 200
    assert client.get("/healthz").status_code == 200


def test_signing_in_with_password_and_code_passes_and_a_password_alone_does_not(
    client, staff, password
):
    secret = generate_totp_secret()
    TOTP.activate(staff, secret)
    response = client.post(reverse("account_login"), {"login": staff.email, "password": password})
    assert response["Location"] == reverse("mfa_authenticate")
    # Half-way (password only) the person is not signed in at all.
    assert client.get("/h5p/libraries/")["Location"].startswith(reverse("account_login"))
    response = client.post(reverse("mfa_authenticate"), {"code": _code(secret)})
    assert response.status_code == 302
    assert client.get("/h5p/libraries/").status_code == 200


def test_setting_up_totp_lets_the_session_through(client, staff, password):
    client.post(reverse("account_login"), {"login": staff.email, "password": password})
    assert client.get("/h5p/libraries/")["Location"].startswith(reverse("mfa_activate_totp"))
    client.post(
        reverse("account_reauthenticate"), {"password": password}
    )  # allauth asks before a change
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 200
    secret = response.context["form"].secret
    response = client.post(reverse("mfa_activate_totp"), {"code": _code(secret)})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=staff, type=Authenticator.Type.TOTP).exists()
    assert client.get("/h5p/libraries/").status_code == 200


def _code(secret: str) -> str:
    counters = list(yield_hotp_counters_from_time())
    counter = counters[len(counters) // 2]
    return format_hotp_value(hotp_value(secret, counter))
