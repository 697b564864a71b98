"""Who may download what: PDFs, Open Badges and the course ZIP; and the lists."""

import base64
import io
import json
import zipfile

import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from django.http import StreamingHttpResponse
from django.urls import reverse

from certificates import services
from tests.factories.academy import MembershipFactory, UserFactory
from tests.factories.certificates import completed_enrollment

pytestmark = pytest.mark.django_db

ALLOWED = {"learner", "coordinator", "trainer", "staff"}
PERSONAS = [
    "anonymous",
    "learner",
    "coordinator",
    "trainer",
    "staff",
    "outsider",
    "other_coordinator",
    "other_trainer",
]


@pytest.fixture
def persona(request, learner, coordinator, trainer, staff, outsider, other_coordinator):
    people = {
        "anonymous": None,
        "learner": learner,
        "coordinator": coordinator,
        "trainer": trainer,
        "staff": staff,
        "outsider": outsider,
        "other_coordinator": other_coordinator,
        "other_trainer": UserFactory(trainer=True),
    }
    return people


@pytest.mark.parametrize("who", PERSONAS)
@pytest.mark.parametrize("what", ["certificates:pdf", "certificates:badge"])
def test_certificate_downloads_permission_matrix(client_for, persona, certificate, who, what):
    response = client_for(persona[who]).get(reverse(what, kwargs={"pk": certificate.pk}))
    if who == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    elif who in ALLOWED:
        assert response.status_code == 200
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("who", PERSONAS)
def test_course_zip_permission_matrix(client_for, persona, certificate, who):
    response = client_for(persona[who]).get(
        reverse("certificates:zip", kwargs={"slug": certificate.course.slug})
    )
    if who == "anonymous":
        assert response.status_code == 302
    elif who in {"trainer", "staff"}:
        assert response.status_code == 200
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("who", PERSONAS)
@pytest.mark.parametrize(
    "what", ["certificates:detail", "certificates:revoke", "certificates:reissue"]
)
def test_managing_a_certificate_is_for_the_courses_trainers_and_staff(
    client_for, persona, certificate, who, what
):
    client = client_for(persona[who])
    url = reverse(what, kwargs={"pk": certificate.pk})
    response = (
        client.get(url)
        if what == "certificates:detail"
        else client.post(url, {"reason": "x", "note": ""})
    )
    if who == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    elif who in {"trainer", "staff"}:
        assert response.status_code in (200, 302)
    else:
        assert response.status_code == 404
    certificate.refresh_from_db()
    if what == "certificates:revoke" and who not in {"trainer", "staff"}:
        assert certificate.revoked_at is None


def test_the_pdf_download_is_the_stored_record(client_for, learner, certificate):
    response = client_for(learner).get(reverse("certificates:pdf", kwargs={"pk": certificate.pk}))
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == services.certificate_pdf_bytes(certificate)
    assert "attachment" in response["Content-Disposition"]


def test_the_course_zip_streams_every_valid_certificate(client_for, trainer, course, certificate):
    others = [
        services.certificate_issue(
            enrollment=completed_enrollment(user=UserFactory(), course=course), notify=False
        )
        for _ in range(2)
    ]
    services.certificate_revoke(certificate=others[1], by=trainer, reason="Nie ukończył")
    response = client_for(trainer).get(reverse("certificates:zip", kwargs={"slug": course.slug}))
    assert isinstance(response, StreamingHttpResponse)
    chunks = [chunk for chunk in response.streaming_content if chunk]
    # Written piece by piece (one PDF at a time), never assembled in memory.
    assert len(chunks) >= 2 and max(map(len, chunks)) < 70_000
    archive = zipfile.ZipFile(io.BytesIO(b"".join(chunks)))
    assert archive.testzip() is None
    names = archive.namelist()
    assert len(names) == 2 and names[0].startswith(certificate.number.replace("/", "-"))
    assert archive.read(names[0]) == services.certificate_pdf_bytes(certificate)


def _b64decode(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def _verify_jws(token: str, jwk: dict) -> dict:
    """An independent check: RSA PKCS#1 v1.5 / SHA-256 over the JWS signing input with
    the published key, using cryptography directly (not PyJWT)."""
    header_b64, payload_b64, signature_b64 = token.split(".")
    numbers = rsa.RSAPublicNumbers(
        int.from_bytes(_b64decode(jwk["e"]), "big"), int.from_bytes(_b64decode(jwk["n"]), "big")
    )
    numbers.public_key().verify(
        _b64decode(signature_b64),
        f"{header_b64}.{payload_b64}".encode(),
        padding.PKCS1v15(),
        hashes.SHA256(),
    )
    assert json.loads(_b64decode(header_b64))["alg"] == "RS256"
    return json.loads(_b64decode(payload_b64))


def test_the_open_badge_is_signed_with_the_published_key_and_tampering_fails(
    client, client_for, learner, certificate
):
    token = (
        client_for(learner)
        .get(reverse("certificates:badge", kwargs={"pk": certificate.pk}))
        .content.decode()
    )
    keys = client.get(reverse("certificates:jwks")).json()["keys"]
    credential = _verify_jws(token, keys[0])
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert "https://www.w3.org/ns/credentials/v2" in credential["@context"]
    assert credential["issuer"]["id"] == "https://academy.example/certificates/issuer/"
    subject = credential["credentialSubject"]
    assert subject["type"] == ["AchievementSubject"]
    assert subject["achievement"]["name"] == "Lokalna polityka integracyjna"
    assert {"identityType": "name", "identityHash": "Łucja Źdźbło-Kowalska"}.items() <= subject[
        "identifier"
    ][0].items()
    assert learner.email not in token and learner.email not in json.dumps(credential)
    assert credential["credentialStatus"]["type"] == "1EdTechRevocationList"

    header, payload, signature = token.split(".")
    forged = dict(credential, name="Kurs, którego nie było")
    forged_payload = base64.urlsafe_b64encode(json.dumps(forged).encode()).rstrip(b"=").decode()
    with pytest.raises(InvalidSignature):
        _verify_jws(f"{header}.{forged_payload}.{signature}", keys[0])


def test_the_credential_status_follows_revocation(client, certificate, trainer):
    url = reverse("certificates:status", kwargs={"code": certificate.display_code})
    assert client.get(url).json()["revokedCredentials"] == []
    services.certificate_revoke(certificate=certificate, by=trainer, reason="Błąd")
    revoked = client.get(url).json()["revokedCredentials"]
    assert (
        revoked[0]["id"].endswith(certificate.get_absolute_url()) and revoked[0]["revoked"] is True
    )
    assert "Błąd" not in client.get(url).content.decode()
    services.certificate_unrevoke(certificate=certificate, by=trainer)
    assert client.get(url).json()["revokedCredentials"] == []


def test_the_issuer_profile_is_public(client, db):
    profile = client.get(reverse("certificates:issuer")).json()
    assert profile["type"] == ["Profile"] and profile["id"].endswith("/certificates/issuer/")


@pytest.mark.parametrize("count", [1, 5])
def test_my_certificates_page_query_count_does_not_grow(
    client_for, learner, django_assert_num_queries, count
):
    from tests.factories.courses import CourseFactory

    for _ in range(count):
        services.certificate_issue(
            enrollment=completed_enrollment(user=learner, course=CourseFactory()), notify=False
        )
    client = client_for(learner)
    # session, the user (with the shell's role flags), the certificates (course and replacement
    # joined), the learning-path certificates (training's section)
    with django_assert_num_queries(4):
        response = client.get(reverse("certificates:mine"))
    assert (
        response.content.decode().count('data-copy="https://academy.example/certificates/verify/')
        == count
    )


@pytest.mark.parametrize("count", [1, 5])
def test_coordinator_list_query_count_does_not_grow(
    client_for, coordinator, organisation, outsider, django_assert_num_queries, count
):
    from tests.factories.courses import CourseFactory

    course = CourseFactory()
    for _ in range(count):
        member = UserFactory()
        MembershipFactory(user=member, organisation=organisation)
        services.certificate_issue(
            enrollment=completed_enrollment(user=member, course=course), notify=False
        )
    services.certificate_issue(
        enrollment=completed_enrollment(user=outsider, course=course), notify=False
    )
    client = client_for(coordinator)
    # session, the user (with the shell's role flags), count and page of certificates
    with django_assert_num_queries(4):
        response = client.get(reverse("certificates:organisation"))
    content = response.content.decode()
    assert content.count("<tr>") == count + 1  # header row + one per member
    assert "Олена Іваненко" not in content  # the other organisation's member


def test_the_dashboard_lists_my_certificates(client_for, learner, certificate):
    content = client_for(learner).get(reverse("dashboard")).content.decode()
    assert certificate.number in content
    assert reverse("certificates:pdf", kwargs={"pk": certificate.pk}) in content


def test_coordinators_find_their_organisations_certificates_from_the_dashboard(
    client_for, coordinator, certificate
):
    content = client_for(coordinator).get(reverse("dashboard")).content.decode()
    assert reverse("certificates:organisation") in content
