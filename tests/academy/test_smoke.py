import pytest

pytestmark = pytest.mark.django_db


def test_healthz_reports_database_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "cache": "ok",
        "storage": "ok",
        "queue": "ok",
    }


def test_home_page_speaks_polish_by_default_and_offers_english_and_ukrainian(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="pl">' in html
    assert "Przejdź do głównej treści" in html
    assert 'value="en" lang="en"' in html and 'value="uk" lang="uk"' in html
