"""Open Badges 3.0 conformance, checked the way an independent verifier or wallet would:
the credential against 1EdTech's JSON schema (tests/certificates/ob3/), the VC-JWT with
another JOSE library (joserfc) after dereferencing the JOSE ``kid`` over HTTP, and the
public documents readable from any origin."""

import json
import uuid
from pathlib import Path

import pytest
from django.urls import reverse
from joserfc import jwt as jose_jwt
from joserfc.jwk import RSAKey
from jsonschema import Draft201909Validator

from certificates import badges, services
from tests.factories.certificates import completed_enrollment
from tests.factories.courses import CourseFactory

pytestmark = pytest.mark.django_db

SCHEMA = json.loads(
    (Path(__file__).parent / "ob3" / "ob_v3p0_achievementcredential_schema.json").read_text()
)
VALIDATOR = Draft201909Validator(SCHEMA, format_checker=Draft201909Validator.FORMAT_CHECKER)
BASE = "https://academy.example"


def _path(url: str) -> str:
    assert url.startswith(BASE), url
    return url[len(BASE) :]


def _token(client_for, learner, certificate) -> str:
    return (
        client_for(learner)
        .get(reverse("certificates:badge", kwargs={"pk": certificate.pk}))
        .content.decode()
    )


def _any_key(client, token):
    import base64

    header = json.loads(base64.urlsafe_b64decode(token.split(".")[0] + "=="))
    response = client.get(_path(header["kid"]))
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    document = response.json()
    assert "keys" not in document, "the kid must dereference to one JWK, not to a key set"
    return RSAKey.import_key(document)


@pytest.fixture
def other_language_certificate(learner, trainer):
    from tests.factories.certificates import CertificateTemplateFactory

    course = CourseFactory(
        title="Working with interpreters",
        slug="interpreters",
        estimated_hours="7.5",
        trainers=[trainer],
        language="en",
    )
    CertificateTemplateFactory(course=course, language="en")
    return services.certificate_issue(
        enrollment=completed_enrollment(user=learner, course=course), notify=False
    )


def test_every_credential_is_valid_against_the_official_schema(
    certificate, other_language_certificate, trainer
):
    for issued in (certificate, other_language_certificate):
        credential = badges.credential_for(issued)
        errors = sorted(VALIDATOR.iter_errors(credential), key=lambda error: error.path)
        assert not errors, [f"{list(error.path)}: {error.message}" for error in errors]
    # Revoked and replaced credentials stay valid documents too.
    services.certificate_revoke(certificate=certificate, by=trainer, reason="Sprawdzenie")
    assert not list(VALIDATOR.iter_errors(badges.credential_for(certificate)))


def test_the_schema_test_catches_a_broken_credential(certificate):
    credential = badges.credential_for(certificate)
    del credential["credentialSubject"]["achievement"]["criteria"]
    assert list(VALIDATOR.iter_errors(credential))


def test_the_vc_jwt_verifies_with_an_independent_library_through_the_kid(
    client, client_for, learner, certificate
):
    token = _token(client_for, learner, certificate)
    claims = jose_jwt.decode(token, _any_key(client, token), algorithms=["RS256"]).claims
    assert claims["iss"] == claims["issuer"]["id"] == f"{BASE}/certificates/issuer/"
    assert claims["jti"] == claims["id"]
    assert not list(VALIDATOR.iter_errors(claims))
    # The set stays at its stable URL and holds the same key.
    keys = client.get(reverse("certificates:jwks"))
    assert keys["Access-Control-Allow-Origin"] == "*"
    assert (
        RSAKey.import_key(keys.json()["keys"][0]).thumbprint()
        == _any_key(client, token).thumbprint()
    )


def test_a_tampered_jwt_fails_verification(client, client_for, learner, certificate):
    import base64

    from joserfc.errors import BadSignatureError

    token = _token(client_for, learner, certificate)
    header, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=="))
    claims["credentialSubject"]["achievement"]["name"] = "Kurs, którego nie było"
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    with pytest.raises(BadSignatureError):
        jose_jwt.decode(
            f"{header}.{forged}.{signature}", _any_key(client, token), algorithms=["RS256"]
        )


def test_the_subject_has_a_stable_non_personal_id_in_sub(
    client, client_for, learner, certificate, trainer
):
    token = _token(client_for, learner, certificate)
    claims = jose_jwt.decode(token, _any_key(client, token), algorithms=["RS256"]).claims
    subject_id = claims["credentialSubject"]["id"]
    assert claims["sub"] == subject_id
    assert subject_id.startswith("urn:uuid:")
    assert learner.email not in subject_id
    assert uuid.UUID(
        subject_id.removeprefix("urn:uuid:")
    )  # a well-formed URN, nothing personal in it
    # Stable across a re-issue (same certificate, new PDF); another certificate of the same
    # learner gets another id, so the two cannot be linked through it.
    services.certificate_reissue(certificate=certificate, by=trainer, note="Literówka")
    assert badges.credential_for(certificate)["credentialSubject"]["id"] == subject_id
    second = services.certificate_issue(
        enrollment=completed_enrollment(user=learner, course=CourseFactory(trainers=[trainer])),
        notify=False,
    )
    assert badges.credential_for(second)["credentialSubject"]["id"] != subject_id


@pytest.mark.parametrize("name", ["issuer", "jwks", "status", "jwk", "badge_image"])
def test_public_badge_documents_are_readable_from_any_origin(client, certificate, name):
    from certificates import signing

    kwargs = {
        "status": {"code": certificate.display_code},
        "jwk": {"kid": signing.public_jwk()["kid"]},
    }
    response = client.get(
        reverse(f"certificates:{name}", kwargs=kwargs.get(name)),
        HTTP_ORIGIN="https://wallet.example",
    )
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"


def test_a_key_id_that_is_not_ours_is_not_found(client):
    assert (
        client.get(reverse("certificates:jwk", kwargs={"kid": "someone-else"})).status_code == 404
    )


def test_one_issuer_id_one_name_and_an_image_served_by_the_academy(
    client, certificate, other_language_certificate
):
    profile = client.get(reverse("certificates:issuer")).json()
    for issued in (certificate, other_language_certificate):
        credential = badges.credential_for(issued)
        assert credential["issuer"]["id"] == profile["id"]
        assert credential["issuer"]["name"] == profile["name"]
        for image in (
            credential["issuer"]["image"],
            credential["credentialSubject"]["achievement"]["image"],
        ):
            response = client.get(_path(image["id"]))
            assert response.status_code == 200 and response["Content-Type"] == "image/svg+xml"
    assert profile["image"]["id"].startswith(BASE)
    # The same name whatever language the profile is fetched in.
    client.cookies["academy_language"] = "uk"
    assert client.get(reverse("certificates:issuer")).json()["name"] == profile["name"]


def test_the_criteria_are_in_the_certificate_s_language_with_the_hours_as_printed(
    certificate, other_language_certificate
):
    polish = badges.credential_for(certificate)["credentialSubject"]["achievement"]
    english = badges.credential_for(other_language_certificate)["credentialSubject"]["achievement"]
    assert certificate.snapshot["hours"] in polish["criteria"]["narrative"]
    assert (
        "12,5" in polish["criteria"]["narrative"] and "Ukończono" in polish["criteria"]["narrative"]
    )
    assert other_language_certificate.snapshot["hours"] in english["criteria"]["narrative"]
    assert english["criteria"]["narrative"].startswith("Completed every required part")
