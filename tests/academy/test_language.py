"""The language switcher: Polish by default, remembered in a cookie and on the user."""

import pytest
from django.urls import reverse

from academy.models import User

pytestmark = pytest.mark.django_db


def switch(client, language, next_url="/"):
    return client.post(reverse("set_language"), {"language": language, "next": next_url})


def test_an_anonymous_visitor_switches_to_english_and_it_sticks(client):
    response = switch(client, "en", "/privacy/")

    assert response.status_code == 302
    assert response["Location"] == "/privacy/"
    assert response.cookies["academy_language"].value == "en"
    page = client.get("/privacy/")
    assert '<html lang="en">' in page.content.decode()
    assert "Privacy notice" in page.content.decode()


def test_a_signed_in_user_switching_to_ukrainian_is_remembered_on_the_account(client_for, learner):
    client = client_for(learner)

    switch(client, "uk", "/dashboard/")

    assert User.objects.get(pk=learner.pk).preferred_language == "uk"
    dashboard = client.get("/dashboard/").content.decode()
    assert '<html lang="uk">' in dashboard
    assert "Мій профіль" in dashboard or "Ваш профіль" in dashboard


def test_the_accounts_language_beats_a_stale_cookie_on_another_device(client_for, learner):
    learner.preferred_language = "en"
    learner.save()
    client = client_for(learner)
    client.cookies["academy_language"] = "uk"

    assert '<html lang="en">' in client.get("/dashboard/").content.decode()


def test_an_unknown_language_is_refused_with_a_message_and_nothing_changes(client_for, learner):
    client = client_for(learner)

    response = switch(client, "de")

    assert "academy_language" not in response.cookies
    assert User.objects.get(pk=learner.pk).preferred_language == "pl"
    assert "Ten język nie jest dostępny" in client.get("/").content.decode()


def test_the_switcher_never_redirects_to_another_site(client):
    response = switch(client, "en", "https://evil.example.com/phish")
    assert response["Location"] == "/"


def test_dates_are_localised(client_for, learner):
    from django.utils import formats, translation

    with translation.override("pl"):
        assert formats.date_format(learner.date_joined, "DATE_FORMAT").split()[1] in {
            "stycznia",
            "lutego",
            "marca",
            "kwietnia",
            "maja",
            "czerwca",
            "lipca",
            "sierpnia",
            "września",
            "października",
            "listopada",
            "grudnia",
        }
