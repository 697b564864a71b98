"""The academy's named storages (settings.STORAGES) and the S3 switch.

Aliases (docs/deployment.md, "Files and object storage"):

- ``default``: public media (course covers, certificate template images).
- ``private``: files served only through permission-checked views: course documents,
  videos and captions, H5P packages and libraries, knowledge-base files.
- ``certificates``: the certificate register's PDFs (never deleted).

On the local filesystem each alias follows its directory setting (``MEDIA_ROOT``,
``ACADEMY_PRIVATE_MEDIA_ROOT``, ``CERTIFICATES_STORAGE_ROOT``), also when a test changes
it. With ``ACADEMY_S3_BUCKET`` set every alias is a prefix of one S3-compatible bucket
(django-storages), so any number of app servers and workers share the same files.

Code never asks a storage for a local path: it reads and writes through ``open``/``save``
(or the filesystem fast path ``save_new`` below, which S3 does not need).
"""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import tempfile

from django.conf import settings
from django.core.files import File
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.deconstruct import deconstructible
from django.utils.functional import LazyObject, cached_property, empty

try:  # object storage errors (django-storages' S3 backend); none without boto3
    from botocore.exceptions import BotoCoreError, ClientError

    STORAGE_UNAVAILABLE: tuple[type[BaseException], ...] = (BotoCoreError, ClientError)
except ImportError:  # pragma: no cover
    STORAGE_UNAVAILABLE = ()

PRIVATE = "private"
CERTIFICATES = "certificates"
CHUNK = 64 * 1024


@deconstructible(path="academy.storage.SettingFileSystemStorage")
class SettingFileSystemStorage(FileSystemStorage):
    """A filesystem storage whose folder is a setting, read when first used (and again
    after a test overrides it): ``SettingFileSystemStorage(setting="ACADEMY_PRIVATE_MEDIA_ROOT")``."""

    def __init__(self, setting: str = "MEDIA_ROOT", **kwargs):
        self.setting = setting
        super().__init__(**kwargs)

    @cached_property
    def base_location(self):
        return self._value_or_setting(self._location, getattr(settings, self.setting))

    def _clear_cached_properties(self, setting, **kwargs):
        if setting == self.setting:
            for name in ("base_location", "location"):  # cached properties: reset by del
                with contextlib.suppress(AttributeError):
                    delattr(self, name)
        super()._clear_cached_properties(setting, **kwargs)

    def save_new(self, name: str, stream) -> str:
        """Write ``name`` with one exclusive create (no rename-on-collision, no extra
        stat): H5P packages hold hundreds of small files. FileExistsError if it exists."""
        path = self.path(name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        handle = os.open(
            path,
            os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0),
            self.file_permissions_mode or 0o666,
        )
        with os.fdopen(handle, "wb") as output:
            shutil.copyfileobj(stream, output, CHUNK)
        return name


class NamedStorage(LazyObject):
    """``storages[alias]``, resolved on first use and again after STORAGES changes, so a
    FileField's ``storage=`` callable can return it at import time."""

    def __init__(self, alias: str):
        super().__init__()
        # Set on the proxy itself: LazyObject's own setattr would resolve the storage.
        object.__setattr__(self, "alias", alias)

    def _setup(self):
        self._wrapped = storages[self.alias]


private_storage = NamedStorage(PRIVATE)
certificate_storage = NamedStorage(CERTIFICATES)


@receiver(setting_changed)
def _storages_changed(*, setting, **kwargs):
    if setting == "STORAGES":
        private_storage._wrapped = empty
        certificate_storage._wrapped = empty


class _ObjectFile(File):
    """An S3 object read as one streamed GET. Sequential reads (a download, the ZIP of a
    course's certificates) never hold more than a chunk; the first ``seek`` (a PDF or
    DOCX parser) copies the object into a spooled temporary file and seeks in that."""

    def __init__(self, storage, key: str, name: str, answer: dict):
        super().__init__(answer["Body"], name)
        self._storage, self._key = storage, key
        self.size = answer.get("ContentLength")
        self._position = 0
        self._spool = None

    def read(self, size=-1):
        if self._spool is not None:
            return self._spool.read(size)
        data = self.file.read() if size is None or size < 0 else self.file.read(size)
        self._position += len(data)
        return data

    def tell(self) -> int:
        return self._spool.tell() if self._spool is not None else self._position

    def seekable(self) -> bool:
        return self._spool is not None  # FileResponse streams; parsers that seek get a copy

    def readable(self) -> bool:
        return True

    def seek(self, offset, whence=0):
        if self._spool is None:
            spool = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115 - kept
            body = self.file
            if self._position:  # part of the stream is gone: read the object again
                body.close()
                body = self._storage.connection.meta.client.get_object(
                    Bucket=self._storage.bucket_name, Key=self._key
                )["Body"]
            shutil.copyfileobj(body, spool, CHUNK)
            body.close()
            spool.seek(self._position)
            self._spool = spool
        return self._spool.seek(offset, whence)

    def close(self):
        if self._spool is not None:
            self._spool.close()
        self.file.close()

    @property
    def closed(self) -> bool:
        return self._spool.closed if self._spool is not None else False


@functools.cache
def _s3_storage_class():
    from botocore.exceptions import ClientError
    from storages.backends.s3 import S3Storage
    from storages.utils import clean_name

    @deconstructible(path="academy.storage.StreamingS3Storage")
    class StreamingS3Storage(S3Storage):
        """django-storages' S3Storage that reads with one streamed GET: its own reader
        sends a HEAD first and copies the whole object into a temporary file before the
        first byte goes out, which costs an H5P asset or a PDF a round trip."""

        def _open(self, name, mode="rb"):
            if mode != "rb":
                return super()._open(name, mode)
            key = self._normalize_name(clean_name(name))
            try:
                answer = self.connection.meta.client.get_object(Bucket=self.bucket_name, Key=key)
            except ClientError as error:
                if error.response["ResponseMetadata"]["HTTPStatusCode"] == 404:
                    raise FileNotFoundError(f"File does not exist: {name}") from error
                raise
            return _ObjectFile(self, key, name, answer)

    return StreamingS3Storage


def __getattr__(name):  # the S3 class is built only when used (boto3 is imported then)
    if name == "StreamingS3Storage":
        return _s3_storage_class()
    raise AttributeError(name)


def is_remote(storage: Storage) -> bool:
    """True for object storage (no local files behind it)."""
    return not isinstance(storage, FileSystemStorage)


# --- configuration (used by academy/settings.py) ---


def s3_options(environ, *, location: str, public: bool = False) -> dict:
    """django-storages' S3Storage options for one alias from the environment."""
    options = {
        "bucket_name": environ["ACADEMY_S3_BUCKET"],
        "location": location,
        "file_overwrite": False,
        "default_acl": None,
        # Private files leave only through the academy's views (or a signed URL that
        # expires within minutes); public media may use a CDN domain without signatures.
        "querystring_auth": not public,
        "querystring_expire": int(environ.get("ACADEMY_S3_URL_EXPIRE", "300")),
    }
    from botocore.config import Config

    # Fail fast when the store is unreachable (the upload is refused with a clear message
    # instead of holding a web worker for a minute); a few retries ride out a blip.
    options["client_config"] = Config(
        s3={"addressing_style": environ.get("ACADEMY_S3_ADDRESSING_STYLE", "path")},
        signature_version="s3v4",
        connect_timeout=float(environ.get("ACADEMY_S3_CONNECT_TIMEOUT", "3")),
        read_timeout=float(environ.get("ACADEMY_S3_READ_TIMEOUT", "30")),
        retries={
            "max_attempts": int(environ.get("ACADEMY_S3_MAX_ATTEMPTS", "3")),
            "mode": "standard",
        },
        max_pool_connections=int(environ.get("ACADEMY_S3_MAX_POOL", "20")),
    )
    for option, name in (
        ("endpoint_url", "ACADEMY_S3_ENDPOINT_URL"),
        ("region_name", "ACADEMY_S3_REGION"),
        ("access_key", "ACADEMY_S3_ACCESS_KEY_ID"),
        ("secret_key", "ACADEMY_S3_SECRET_ACCESS_KEY"),
    ):
        if environ.get(name):
            options[option] = environ[name]
    if public and environ.get("ACADEMY_S3_CUSTOM_DOMAIN"):
        options["custom_domain"] = environ["ACADEMY_S3_CUSTOM_DOMAIN"]
    return options


def storages_config(environ) -> dict:
    """The media aliases of STORAGES: filesystem by default, S3 with ACADEMY_S3_BUCKET."""
    if environ.get("ACADEMY_S3_BUCKET"):
        s3 = "academy.storage.StreamingS3Storage"
        return {
            "default": {
                "BACKEND": s3,
                "OPTIONS": s3_options(environ, location="public", public=True),
            },
            PRIVATE: {"BACKEND": s3, "OPTIONS": s3_options(environ, location="private")},
            CERTIFICATES: {"BACKEND": s3, "OPTIONS": s3_options(environ, location="certificates")},
        }
    local = "academy.storage.SettingFileSystemStorage"
    return {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        PRIVATE: {"BACKEND": local, "OPTIONS": {"setting": "ACADEMY_PRIVATE_MEDIA_ROOT"}},
        CERTIFICATES: {"BACKEND": local, "OPTIONS": {"setting": "CERTIFICATES_STORAGE_ROOT"}},
    }
