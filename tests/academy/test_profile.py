import pytest
from django.urls import reverse

from academy.models import User
from tests.factories.academy import UserFactory

pytestmark = pytest.mark.django_db


def test_a_learner_corrects_the_name_for_future_certificates_and_changes_language(
    client_for, learner
):
    client = client_for(learner)

    response = client.post(
        reverse("profile"),
        {"full_name": "  Łucja   Źdźbło  ", "job_title": "Referentka", "preferred_language": "uk"},
    )

    assert response.status_code == 302
    learner.refresh_from_db()
    assert (learner.full_name, learner.job_title, learner.preferred_language) == (
        "Łucja Źdźbło",
        "Referentka",
        "uk",
    )
    assert response.cookies["academy_language"].value == "uk"


def test_an_empty_name_is_refused_and_nothing_changes(client_for, learner):
    response = client_for(learner).post(
        reverse("profile"), {"full_name": "", "preferred_language": "xx"}
    )

    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"full_name", "preferred_language"}
    assert User.objects.get(pk=learner.pk).full_name == "Łucja Źdźbło-Kowalska"


def test_the_profile_needs_a_login(client):
    response = client.get(reverse("profile"))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_one_can_only_ever_edit_ones_own_profile(client_for, learner, outsider):
    # There is no id in the URL: a tampered form still edits the signed-in person only.
    client_for(outsider).post(
        reverse("profile"), {"full_name": "Zmienione", "preferred_language": "pl", "id": learner.pk}
    )
    assert User.objects.get(pk=learner.pk).full_name == "Łucja Źdźbło-Kowalska"
    assert User.objects.get(pk=outsider.pk).full_name == "Zmienione"


@pytest.mark.parametrize(
    ("full_name", "short_name", "greeting"),
    [
        ("dr Katarzyna Wiśniewska", "", "Katarzyna"),
        ("prof. dr hab. Jan Kowalski", "", "Jan"),
        ("Anna Nowak", "", "Anna"),
        ("dr Katarzyna Wiśniewska", "Kasia", "Kasia"),
    ],
)
def test_the_header_and_dashboard_greet_by_a_short_name_never_a_title(
    client_for, full_name, short_name, greeting
):
    user = UserFactory(full_name=full_name, short_name=short_name)
    content = client_for(user).get(reverse("dashboard")).content.decode()
    assert f"<summary>{greeting}</summary>" in content
    assert f"Witaj, {greeting}" in content
    assert "<summary>dr</summary>" not in content


def test_the_short_name_is_set_on_the_profile(client_for, learner):
    client = client_for(learner)
    response = client.post(
        reverse("profile"),
        {
            "full_name": learner.full_name,
            "short_name": "Łucja",
            "job_title": "",
            "preferred_language": "pl",
        },
    )
    assert response.status_code == 302
    learner.refresh_from_db()
    assert learner.short_name == "Łucja"
