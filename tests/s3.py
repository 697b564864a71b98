"""A real S3 API on the loopback for the storage tests: moto's server (moto[s3] + Flask),
started once per test session, one fresh bucket per test.

- ``s3_server``: the running server (``.endpoint``, ``.stop()``, ``.start()``).
- ``s3_storages``: points STORAGES' ``default``, ``private`` and ``certificates`` at a new
  bucket of that server (exactly what ACADEMY_S3_BUCKET does in production).
- With ``ACADEMY_TEST_STORAGE=s3`` every test runs on S3 (``make test-s3``).
"""

from __future__ import annotations

import logging
import os
import socket
import uuid

import pytest

from academy.storage import storages_config

KEYS = {"ACADEMY_S3_ACCESS_KEY_ID": "testing", "ACADEMY_S3_SECRET_ACCESS_KEY": "testing"}


class S3Server:
    def __init__(self):
        self.port = _free_port()
        self.endpoint = f"http://127.0.0.1:{self.port}"
        self._server = None

    def start(self):
        from moto.server import ThreadedMotoServer

        self._server = ThreadedMotoServer(ip_address="127.0.0.1", port=self.port, verbose=False)
        self._server.start()

    def stop(self):
        if self._server is not None:
            self._server.stop()
            self._server = None

    def environ(self, bucket: str) -> dict:
        return {
            **KEYS,
            "ACADEMY_S3_BUCKET": bucket,
            "ACADEMY_S3_ENDPOINT_URL": self.endpoint,
            "ACADEMY_S3_REGION": "us-east-1",
            "ACADEMY_S3_CONNECT_TIMEOUT": "1",
            "ACADEMY_S3_MAX_ATTEMPTS": "2",
        }

    def create_bucket(self, bucket: str) -> None:
        import boto3

        boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            region_name="us-east-1",
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        ).create_bucket(Bucket=bucket)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def s3_server():
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # moto's request log
    server = S3Server()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def s3_storages(settings, s3_server):
    """STORAGES on a fresh bucket of the loopback S3 server; returns the bucket's name."""
    if s3_server._server is None:  # a test stopped it
        s3_server.start()
    bucket = f"academy-{uuid.uuid4().hex[:16]}"
    s3_server.create_bucket(bucket)
    settings.STORAGES = {**settings.STORAGES, **storages_config(s3_server.environ(bucket))}
    return bucket


@pytest.fixture(autouse=True)
def _whole_suite_on_s3(request):
    if os.environ.get("ACADEMY_TEST_STORAGE") == "s3":
        request.getfixturevalue("s3_storages")
