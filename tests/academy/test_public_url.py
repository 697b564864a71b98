"""The public base URL (ACADEMY_BASE_URL) that every link in emails and certificates uses."""

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from academy.checks import public_base_url

BASE = Path(settings.BASE_DIR)


def ids(problems):
    return [problem.id for problem in problems]


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("", ["academy.E001"]),
        ("http://academy.example.org", ["academy.E002"]),
        ("academy.example.org", ["academy.E002"]),
        ("https://elsewhere.example.org", ["academy.E003"]),
        ("https://academy.example.org", []),
    ],
)
def test_production_refuses_a_missing_plain_http_or_foreign_base_url(settings, url, expected):
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["academy.example.org"]
    settings.ACADEMY_BASE_URL = url
    assert ids(public_base_url(None)) == expected


def test_development_accepts_the_local_address(settings):
    settings.DEBUG = True
    settings.ACADEMY_BASE_URL = "http://127.0.0.1:8000"
    assert public_base_url(None) == []


def test_check_deploy_fails_in_production_when_the_base_url_is_unset():
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"ACADEMY_BASE_URL", "DATABASE_URL"} and not key.startswith("PYTEST")
    }
    env.update(
        DJANGO_DEBUG="0", DJANGO_SECRET_KEY="x" * 60, DJANGO_ALLOWED_HOSTS="academy.example.org"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=BASE,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "academy.E001" in result.stderr + result.stdout


def test_make_run_prints_and_uses_the_address_it_serves():
    result = subprocess.run(
        ["make", "-n", "run", "PORT=8123"],
        cwd=BASE,
        capture_output=True,
        text=True,
        timeout=60,
        env={key: value for key, value in os.environ.items() if key != "ACADEMY_BASE_URL"},
    )
    assert "http://127.0.0.1:8123/ (ACADEMY_BASE_URL)" in result.stdout
    assert "serve 127.0.0.1:8123" in result.stdout


@pytest.mark.django_db
def test_seed_demo_prints_the_port_it_was_given(settings):
    settings.ACADEMY_BASE_URL = "http://127.0.0.1:8123"
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert "http://academy.localhost:8123/" in out.getvalue()
    assert "http://127.0.0.1:8123/ (ACADEMY_BASE_URL)" in out.getvalue()
    assert ":8000" not in out.getvalue()
