"""The academy's Open Badges signing key (RSA 2048, RS256).

Production configures ``CERTIFICATES_SIGNING_KEY`` (PEM text) or
``CERTIFICATES_SIGNING_KEY_FILE``; a deploy check warns when neither is set. In
development the key is generated once and kept under ``CERTIFICATES_STORAGE_ROOT``
(``manage.py certificates_signing_key`` creates it explicitly).
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import os
from functools import lru_cache
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.conf import settings

DEV_KEY_NAME = "dev-signing-key.pem"


def dev_key_path() -> Path:
    return Path(settings.CERTIFICATES_STORAGE_ROOT) / DEV_KEY_NAME


def is_configured() -> bool:
    return bool(settings.CERTIFICATES_SIGNING_KEY or settings.CERTIFICATES_SIGNING_KEY_FILE)


def generate_key_file(path: Path) -> Path:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    # Written with owner-only permissions; never overwrite an existing key.
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(pem)
    return path


def _pem() -> bytes:
    if settings.CERTIFICATES_SIGNING_KEY:
        return settings.CERTIFICATES_SIGNING_KEY.replace("\\n", "\n").encode()
    path = (
        Path(settings.CERTIFICATES_SIGNING_KEY_FILE)
        if settings.CERTIFICATES_SIGNING_KEY_FILE
        else dev_key_path()
    )
    if not path.exists() and not settings.CERTIFICATES_SIGNING_KEY_FILE:
        with contextlib.suppress(FileExistsError):  # another process created it first
            generate_key_file(path)
    return path.read_bytes()


@lru_cache(maxsize=4)
def _load(pem: bytes):
    return serialization.load_pem_private_key(pem, password=None)


def private_key():
    return _load(_pem())


def _b64(number: int) -> str:
    raw = number.to_bytes((number.bit_length() + 7) // 8, "big")
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def public_jwk() -> dict:
    numbers = private_key().public_key().public_numbers()
    jwk = {"kty": "RSA", "n": _b64(numbers.n), "e": _b64(numbers.e)}
    # RFC 7638 thumbprint as the key id: stable for one key, changes when the key rotates.
    canonical = json.dumps({"e": jwk["e"], "kty": "RSA", "n": jwk["n"]}, separators=(",", ":"))
    kid = (
        base64.urlsafe_b64encode(hashlib.sha256(canonical.encode()).digest()).rstrip(b"=").decode()
    )
    return {**jwk, "kid": kid, "use": "sig", "alg": "RS256"}
