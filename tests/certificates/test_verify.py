"""The public verification page, the lookup form and the rate limit."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from certificates import services
from certificates.models import Certificate

pytestmark = pytest.mark.django_db


def _page(client, certificate):
    return client.get(reverse("certificates:verify", kwargs={"code": certificate.display_code}))


def test_a_valid_certificate_shows_what_was_printed_and_nothing_more(client, certificate, learner):
    response = _page(client, certificate)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Łucja Źdźbło-Kowalska" in content and "Lokalna polityka integracyjna" in content
    assert "12,5" in content and certificate.number in content
    assert certificate.snapshot["completed_on_display"] in content
    assert learner.email not in content
    assert "Urząd Gminy Testowo" not in content  # the organisation is not published
    assert 'name="robots" content="noindex' in content
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert response["Referrer-Policy"] == "no-referrer"


def test_a_revoked_certificate_says_so_with_the_date_but_never_the_reason(
    client, certificate, trainer
):
    services.certificate_revoke(certificate=certificate, by=trainer, reason="Sekretny powód")
    content = _page(client, certificate).content.decode()
    assert "To zaświadczenie zostało unieważnione." in content
    assert certificate.events.get(action="revoked").at.strftime("%Y") in content
    assert "Sekretny powód" not in content


def test_a_replaced_certificate_points_to_the_valid_one(client, certificate, trainer):
    new = services.certificate_replace(certificate=certificate, by=trainer, reason="Korekta godzin")
    content = _page(client, certificate).content.decode()
    assert new.get_absolute_url() in content and new.number in content
    assert "Korekta godzin" not in content


def test_an_expired_certificate_says_it_expired(client, certificate):
    Certificate.objects.filter(pk=certificate.pk).update(
        valid_until=timezone.localdate() - timedelta(days=3)
    )
    certificate.refresh_from_db()
    response = _page(client, certificate)
    assert certificate.status == "expired"
    assert "To zaświadczenie wygasło." in response.content.decode()


@pytest.mark.parametrize("typed", ["lower", "spaces", "confusables"])
def test_the_lookup_form_accepts_a_code_typed_by_hand(client, certificate, typed):
    display = certificate.display_code
    text = {
        "lower": display.lower(),
        "spaces": display.replace("-", " "),
        "confusables": display.replace("1", "l").replace("0", "O"),
    }[typed]
    response = client.get(reverse("certificates:verify_lookup"), {"code": text})
    assert response.status_code == 302 and response["Location"] == certificate.get_absolute_url()


def test_a_code_in_the_address_is_normalised_by_redirect(client, certificate):
    response = client.get(f"/certificates/verify/{certificate.code.lower()}/")
    assert response.status_code == 302 and response["Location"] == certificate.get_absolute_url()


def test_a_malformed_code_gets_a_clear_message_on_the_form(client, db):
    response = client.get(reverse("certificates:verify_lookup"), {"code": "ABC"})
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()


def test_an_unknown_code_gets_a_friendly_404_with_the_form(client, db):
    response = client.get(reverse("certificates:verify", kwargs={"code": "0" * 28}))
    assert response.status_code == 404
    assert 'name="code"' in response.content.decode()
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_lookups_are_rate_limited_per_ip(client, certificate, settings):
    settings.CERTIFICATES_VERIFY_RATE = 3
    statuses = [_page(client, certificate).status_code for _ in range(3)]
    blocked = _page(client, certificate)
    assert statuses == [200, 200, 200] and blocked.status_code == 429
    assert client.get(reverse("certificates:verify_lookup")).status_code == 429
    other_ip = client.get(
        reverse("certificates:verify", kwargs={"code": certificate.display_code}),
        REMOTE_ADDR="10.0.0.9",
    )
    assert other_ip.status_code == 200


def test_guessing_unknown_codes_is_rate_limited_too(client, db, settings):
    settings.CERTIFICATES_VERIFY_RATE = 2
    codes = [f"{i}" * 28 for i in range(1, 4)]
    statuses = [
        client.get(reverse("certificates:verify", kwargs={"code": c})).status_code for c in codes
    ]
    assert statuses == [404, 404, 429]


def test_the_verification_page_works_in_english(client, certificate):
    client.cookies["academy_language"] = "en"
    content = _page(client, certificate).content.decode()
    assert "This certificate is valid." in content
    assert "Łucja Źdźbło-Kowalska" in content


def test_link_checkers_may_ask_with_head(client, certificate):
    assert client.head(certificate.get_absolute_url()).status_code == 200
