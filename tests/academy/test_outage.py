"""A database outage (PostgreSQL restarting, failing over) answers 503 with
Retry-After and a translated maintenance page, not 500; /healthz names what is down."""

import pytest
from django.db import OperationalError, connection
from django.test import Client

pytestmark = pytest.mark.django_db


def _refuse(*args, **kwargs):
    raise OperationalError(
        'connection to server at "127.0.0.1", port 5432 failed: Connection refused'
    )


@pytest.fixture
def database_down(monkeypatch):
    monkeypatch.setattr(connection, "cursor", _refuse)


@pytest.fixture
def browser():
    return Client(raise_request_exception=False)


def test_a_signed_in_page_during_an_outage_is_a_translated_503_with_retry_after(
    learner, browser, monkeypatch
):
    # The session itself lives in the database: its first query fails.
    browser.force_login(learner)
    browser.cookies["academy_language"] = "uk"
    monkeypatch.setattr(connection, "cursor", _refuse)
    response = browser.get("/dashboard/")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    html = response.content.decode()
    assert '<html lang="uk">' in html
    assert "Коротка технічна перерва" in html


@pytest.mark.parametrize("url", ["/courses/", "/courses/a-course/"])
def test_public_pages_during_an_outage_answer_503_in_polish(browser, database_down, url):
    response = browser.get(url)
    assert response.status_code == 503
    assert "Krótka przerwa techniczna" in response.content.decode()


def test_other_errors_stay_500(learner, browser, monkeypatch):
    from academy import views

    def broken():
        raise RuntimeError("a bug")

    monkeypatch.setattr(views, "sections", broken)
    browser.force_login(learner)
    response = browser.get("/dashboard/")
    assert response.status_code == 500
    assert "Retry-After" not in response


def test_healthz_names_the_dependency_that_is_down(client, database_down):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "error"
    assert response.json()["database"] == "error" and response.json()["cache"] == "ok"


def test_healthz_reports_a_cache_outage(client, monkeypatch):
    from django.core.cache import cache

    def refuse(*args, **kwargs):
        raise ConnectionError("Redis is down")

    monkeypatch.setattr(cache, "set", refuse)
    response = client.get("/healthz")
    # Degraded, not down: every app server shares the cache, and pages still answer.
    assert response.status_code == 200
    assert response.json() == {
        "status": "degraded",
        "database": "ok",
        "cache": "error",
        "storage": "ok",
        "queue": "ok",
    }


@pytest.mark.django_db(transaction=True)
def test_a_real_unreachable_database_gives_503_and_healthz_names_it(browser):
    """No mock: the connection is pointed at a closed port (PostgreSQL) or an unopenable
    file (SQLite), as during a restart, then restored."""
    settings_dict = connection.settings_dict
    saved = dict(settings_dict)
    connection.close()
    if connection.vendor == "postgresql":
        settings_dict["HOST"], settings_dict["PORT"] = "127.0.0.1", "1"
        settings_dict.setdefault("OPTIONS", {})
        settings_dict["OPTIONS"] = {**settings_dict["OPTIONS"], "connect_timeout": 2}
    else:
        settings_dict["NAME"] = "/nonexistent-directory/academy.sqlite3"
    try:
        page = browser.get("/courses/")
        health = browser.get("/healthz")
    finally:
        connection.close()
        settings_dict.clear()
        settings_dict.update(saved)
    assert page.status_code == 503 and page["Retry-After"] == "5"
    assert health.status_code == 503 and health.json()["database"] == "error"
    assert browser.get("/healthz").status_code == 200
