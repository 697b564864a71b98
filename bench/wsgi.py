"""The WSGI application `make bench` serves: the academy, plus the physical limit of this
stack at ``/bench/limit/`` — a bare Django view called with a real request but without
middleware, URL resolution or templates, under the same gunicorn workers. Its speed
changes only with the machine, so each page's ratio to it (measured in the same minutes)
is the figure that travels between machines (issue 23)."""

from __future__ import annotations

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "academy.settings")

from django.core.handlers.wsgi import WSGIRequest  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.http import HttpResponse  # noqa: E402

academy = get_wsgi_application()
LIMIT_PATH = "/bench/limit/"


def limit(request) -> HttpResponse:
    return HttpResponse(b"ok", content_type="text/plain")


def application(environ, start_response):
    if environ.get("PATH_INFO") != LIMIT_PATH:
        return academy(environ, start_response)
    response = limit(WSGIRequest(environ))
    status = f"{response.status_code} {response.reason_phrase}"
    start_response(status, [*response.items()])
    return [response.content]
