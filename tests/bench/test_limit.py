"""The physical limit the HTTP benchmark measures every page against (bench/wsgi.py)."""

import io

import pytest
from django.core import signals
from django.db import close_old_connections

from bench.wsgi import LIMIT_PATH, application


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    # As Django's test client does: the handler would close the test database connection.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def _call(path: str):
    seen = {}

    def start_response(status, headers):
        seen["status"], seen["headers"] = status, dict(headers)

    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "HTTP_HOST": "127.0.0.1",
        "wsgi.input": io.BytesIO(),
        "wsgi.url_scheme": "http",
    }
    body = b"".join(application(environ, start_response))
    return seen["status"], seen["headers"], body


def test_the_limit_is_a_bare_view_without_middleware(db, django_assert_num_queries):
    with django_assert_num_queries(0):
        status, headers, body = _call(LIMIT_PATH)
    assert status == "200 OK" and body == b"ok"
    # No middleware ran: none of the academy's security headers or cookies.
    assert "Content-Security-Policy" not in headers and "Set-Cookie" not in headers


def test_every_other_path_is_the_academy(db, settings):
    settings.ALLOWED_HOSTS = ["127.0.0.1"]
    status, headers, body = _call("/courses/")
    assert status.startswith("200"), body[:3000] and "Content-Security-Policy" in headers
