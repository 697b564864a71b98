"""Every studio URL × persona: anonymous → sign in, learner and another course's
trainer → 404 (the same as a missing course), co-trainer and staff → allowed."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _urls(s):
    slug, module, item = s.course.slug, s.module.pk, s.items[1].pk
    return [
        ("GET", reverse("studio:outline", args=[slug]), {}),
        ("GET", reverse("studio:details", args=[slug]), {}),
        ("GET", reverse("studio:checklist", args=[slug]), {}),
        ("GET", reverse("studio:trainers", args=[slug]), {}),
        ("GET", reverse("studio:learners", args=[slug]), {}),
        ("GET", reverse("studio:learner", args=[slug, s.enrollment.pk]), {}),
        ("GET", reverse("studio:item_edit", args=[item]), {}),
        (
            "POST",
            reverse("studio:item_edit", args=[item]),
            {"item-title": "Nowy", "item-estimated_minutes": "5", "detail-body": "<p>Tekst</p>"},
        ),
        ("POST", reverse("studio:details", args=[slug]), {"title": ""}),
        ("POST", reverse("studio:publish", args=[slug]), {}),
        ("POST", reverse("studio:unpublish", args=[slug]), {}),
        ("POST", reverse("studio:archive", args=[slug]), {}),
        ("POST", reverse("studio:duplicate", args=[slug]), {}),
        ("POST", reverse("studio:trainers", args=[slug]), {"email": "nobody@example.org"}),
        ("POST", reverse("studio:trainer_remove", args=[slug, s.co_trainer.pk]), {}),
        ("POST", reverse("studio:module_add", args=[slug]), {"title": "Nowy moduł"}),
        ("POST", reverse("studio:module_rename", args=[slug, module]), {"title": "Zmiana"}),
        ("POST", reverse("studio:module_move", args=[slug, module]), {"direction": "down"}),
        ("POST", reverse("studio:module_delete", args=[slug, module]), {}),
        (
            "POST",
            reverse("studio:item_add", args=[slug, module]),
            {"kind": "page", "title": "Nowa"},
        ),
        (
            "POST",
            reverse("studio:item_reorder", args=[slug, module]),
            {"order": [s.items[1].pk, s.items[0].pk]},
        ),
        ("POST", reverse("studio:item_rename", args=[slug, item]), {"title": "Inna"}),
        ("POST", reverse("studio:item_move", args=[slug, item]), {"direction": "up"}),
        ("POST", reverse("studio:item_delete", args=[slug, item]), {}),
        ("POST", reverse("studio:learners", args=[slug]), {"email": "new@example.org"}),
        ("POST", reverse("studio:decide", args=[slug, s.request.pk]), {"decision": "reject"}),
        ("POST", reverse("studio:invitation_revoke", args=[slug, "no-such-token"]), {}),
    ]


URL_COUNT = 27


def test_the_matrix_lists_every_studio_url(scenario):
    from studio.urls import urlpatterns

    named = {pattern.name for pattern in urlpatterns}
    listed = {"index", "course_create"}
    from django.urls import resolve

    for _method, url, _data in _urls(scenario):
        listed.add(resolve(url).url_name)
    assert named == listed
    assert len(_urls(scenario)) == URL_COUNT


@pytest.mark.parametrize("index", range(URL_COUNT))
def test_anonymous_is_sent_to_sign_in(scenario, client_for, index):
    method, url, data = _urls(scenario)[index]
    response = getattr(client_for(None), method.lower())(url, data)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


@pytest.mark.parametrize("persona", ["learner", "other_trainer", "outsider"])
@pytest.mark.parametrize("index", range(URL_COUNT))
def test_people_who_do_not_teach_the_course_get_404(scenario, client_for, request, persona, index):
    user = (
        scenario.other_trainer if persona == "other_trainer" else request.getfixturevalue(persona)
    )
    method, url, data = _urls(scenario)[index]
    response = getattr(client_for(user), method.lower())(url, data)
    assert response.status_code == 404


@pytest.mark.parametrize("persona", ["co_trainer", "staff"])
@pytest.mark.parametrize("index", range(URL_COUNT))
def test_co_trainers_and_staff_may_use_it(scenario, client_for, request, persona, index):
    user = scenario.co_trainer if persona == "co_trainer" else request.getfixturevalue(persona)
    method, url, data = _urls(scenario)[index]
    response = getattr(client_for(user), method.lower())(url, data)
    # The revoke URL names a token that does not exist: 404 for everyone.
    expected = {404} if "no-such-token" in url else {200, 302}
    assert response.status_code in expected, (url, response.status_code)


def test_studio_index_lists_only_courses_the_user_teaches(scenario, client_for, trainer):
    response = client_for(scenario.other_trainer).get(reverse("studio:index"))
    assert response.status_code == 200
    assert "Cudzy kurs" in response.content.decode()
    assert "Polityka integracyjna" not in response.content.decode()


def test_staff_see_every_course_in_the_studio(scenario, client_for, staff):
    body = client_for(staff).get(reverse("studio:index")).content.decode()
    assert "Cudzy kurs" in body and "Polityka integracyjna" in body


@pytest.mark.parametrize(
    "persona, allowed",
    [("learner", False), ("coordinator", False), ("trainer", True), ("staff", True)],
)
def test_only_trainers_and_staff_create_courses(db, client_for, request, persona, allowed):
    user = request.getfixturevalue(persona)
    client = client_for(user)
    page = client.get(reverse("studio:course_create"))
    response = client.post(
        reverse("studio:course_create"), {"title": "Nowy kurs", "language": "pl"}
    )
    from courses.models import Course

    if allowed:
        assert page.status_code == 200
        course = Course.objects.get(title="Nowy kurs")
        assert response["Location"] == reverse("studio:outline", args=[course.slug])
        assert course.status == Course.Status.DRAFT
        assert list(course.trainers.all()) == [user]
    else:
        assert page.status_code == 403 and response.status_code == 403
        assert not Course.objects.filter(title="Nowy kurs").exists()


def test_anonymous_creating_a_course_is_sent_to_sign_in(db, client_for):
    response = client_for(None).get(reverse("studio:course_create"))
    assert response.status_code == 302 and reverse("account_login") in response["Location"]
    assert client_for(None).get(reverse("studio:index")).status_code == 302
