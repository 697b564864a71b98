"""Open Badges 3.0: every certificate as a signed OpenBadgeCredential (VC-JWT, RS256).

Why VC-JWT and not ``eddsa-rdfc-2022``: a JWT's signature covers the exact bytes
issued, so nothing can be silently dropped by JSON-LD canonicalisation; RS256 is the
algorithm every Open Badges 3.0 verifier must support; PyJWT and cryptography are
already dependencies, while Data Integrity would add pyld and fetch remote contexts.
"""

from __future__ import annotations

import hashlib
import uuid
from datetime import UTC, datetime, time

import jwt
from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext as _

from . import signing
from .models import Certificate

CONTEXT = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]


def absolute(path: str) -> str:
    return settings.ACADEMY_BASE_URL.rstrip("/") + path


# Namespace of the credential subjects' ids (docs/certificates.md, "Subject id").
SUBJECT_NAMESPACE = uuid.UUID("5d1f4a63-2f0e-4c1b-9a57-7e0f6f3f6a10")


def issuer_name() -> str:
    """The issuer's one name, the same in the profile and in every credential: the
    configured name, else the academy's name in the default language (Polish). OB 3.0's
    JSON schema types ``name`` as a string, so there is no language map; the PDF prints
    the name in the certificate's language."""
    if settings.CERTIFICATES_ISSUER_NAME:
        return settings.CERTIFICATES_ISSUER_NAME
    with translation.override(settings.LANGUAGE_CODE):
        return str(settings.ACADEMY_SITE_NAME)


def badge_image(caption: str) -> dict:
    return {
        "id": absolute(reverse("certificates:badge_image")),
        "type": "Image",
        "caption": caption,
    }


def issuer_profile() -> dict:
    name = issuer_name()
    return {
        "@context": CONTEXT,
        "id": absolute(reverse("certificates:issuer")),
        "type": ["Profile"],
        "name": name,
        "url": absolute("/"),
        "image": badge_image(name),
        "description": "Migration Academy: learning for Polish local governments and NGOs on migration management.",
    }


def subject_id(certificate: Certificate) -> str:
    """A stable, non-personal id for the learner as subject of this one credential: a
    UUID derived from the certificate's random code (its salt), so it says nothing about
    the person and two certificates of one learner cannot be linked through it."""
    return f"urn:uuid:{uuid.uuid5(SUBJECT_NAMESPACE, 'credential-subject:' + certificate.code)}"


def key_url(kid: str) -> str:
    """Where the JOSE ``kid`` points: one JWK (the set stays at certificates:jwks)."""
    return absolute(reverse("certificates:jwk", kwargs={"kid": kid}))


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def credential_for(certificate: Certificate) -> dict:
    """The OpenBadgeCredential (unsigned) describing ``certificate``'s snapshot."""
    snap = certificate.snapshot
    verify_url = absolute(certificate.get_absolute_url())
    profile = issuer_profile()
    salt = certificate.code[:16]
    email_hash = hashlib.sha256((certificate.user.email.lower() + salt).encode()).hexdigest()
    credential = {
        "@context": CONTEXT,
        "id": verify_url,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": snap["course_title"],
        "issuer": {
            "id": profile["id"],
            "type": ["Profile"],
            "name": profile["name"],
            "image": profile["image"],
        },
        "validFrom": _iso(certificate.issued_at),
        "credentialSubject": {
            "id": subject_id(certificate),
            "type": ["AchievementSubject"],
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityType": "name",
                    "hashed": False,
                    "identityHash": snap["full_name"],
                },
                {
                    "type": "IdentityObject",
                    "identityType": "emailAddress",
                    "hashed": True,
                    "identityHash": f"sha256${email_hash}",
                    "salt": salt,
                },
            ],
            "activityEndDate": f"{snap['completed_on']}T00:00:00Z",
            "achievement": {
                "id": absolute(_course_path(certificate)),
                "type": ["Achievement"],
                "achievementType": "Course",
                "name": snap["course_title"],
                "description": certificate.course.summary or snap["course_title"],
                "criteria": {"narrative": _criteria(snap)},
                "image": badge_image(snap["course_title"]),
                "humanCode": certificate.number,
                "inLanguage": snap["language"],
            },
        },
        "credentialStatus": {
            "id": absolute(
                reverse("certificates:status", kwargs={"code": certificate.display_code})
            ),
            "type": "1EdTechRevocationList",
        },
    }
    if certificate.valid_until:
        credential["validUntil"] = _iso(
            datetime.combine(certificate.valid_until, time.max, tzinfo=UTC)
        )
    return credential


def _criteria(snap: dict) -> str:
    """In the certificate's language, with the hours written as the PDF prints them."""
    with translation.override(snap["language"]):
        return _(
            "Completed every required part of the course (%(hours)s hours), as recorded by the "
            "Migration Academy's progress tracking."
        ) % {"hours": snap["hours"]}


def _course_path(certificate: Certificate) -> str:
    try:
        return certificate.course.get_absolute_url()
    except NoReverseMatch:  # the catalog is not mounted (tests of this app alone)
        return f"/courses/{certificate.course.slug}/"


def credential_jwt(certificate: Certificate) -> str:
    """The credential as a compact JWS (OB 3.0 §8.2): the credential's members are the
    payload, with the registered claims iss, jti, nbf (and exp) added."""
    credential = credential_for(certificate)
    payload = {
        **credential,
        "iss": credential["issuer"]["id"],
        "sub": credential["credentialSubject"]["id"],
        "jti": credential["id"],
        "nbf": int(certificate.issued_at.timestamp()),
    }
    if certificate.valid_until:
        payload["exp"] = int(
            datetime.combine(certificate.valid_until, time.max, tzinfo=UTC).timestamp()
        )
    jwk = signing.public_jwk()
    # The kid alone names the key (a URL that returns that one JWK). No embedded "jwk"
    # header: verifiers must not trust a key the token brings along, and with a 2048-bit
    # modulus it pushed the header past the 512 bytes some JOSE libraries accept.
    headers = {"kid": key_url(jwk["kid"]), "typ": "JWT"}
    return jwt.encode(payload, signing.private_key(), algorithm="RS256", headers=headers)


def revocation_list(certificate: Certificate) -> dict:
    """A 1EdTech revocation list for one credential (no list of everyone's certificates)."""
    url = absolute(reverse("certificates:status", kwargs={"code": certificate.display_code}))
    revoked = []
    if certificate.revoked_at or certificate.replaced_at:
        revoked.append(
            {
                "id": absolute(certificate.get_absolute_url()),
                "revoked": True,
                "revokedAt": _iso(certificate.revoked_at or certificate.replaced_at),
            }
        )
    return {"id": url, "revokedCredentials": revoked}
