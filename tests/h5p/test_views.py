"""Every H5P URL for every persona, the player's isolation and its signed URLs."""

import json
import time

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse

from courses.models import Course
from h5p.models import Attempt, Library, SavedState
from h5p.player import token_make
from tests.factories.courses import EnrollmentFactory
from tests.factories.h5p import h5p_activity, upload
from tests.h5p.conftest import ACADEMY_HOST, PLAYER_HOST
from tests.h5p.statements import finished, statement

pytestmark = pytest.mark.django_db

PERSONAS = ["anonymous", "learner", "outsider", "other_trainer", "trainer", "staff"]


@pytest.fixture
def other_trainer(db):
    from tests.factories.academy import UserFactory

    return UserFactory(email="other-trainer@example.org", trainer=True)


@pytest.fixture
def people(learner, outsider, other_trainer, trainer, staff):
    return {
        "anonymous": None,
        "learner": learner,
        "outsider": outsider,
        "other_trainer": other_trainer,
        "trainer": trainer,
        "staff": staff,
    }


def academy(user) -> Client:
    client = Client(HTTP_HOST=ACADEMY_HOST)
    if user is not None:
        client.force_login(user)
    return client


def player() -> Client:
    return Client(HTTP_HOST=PLAYER_HOST)


def _token(user, activity, *, preview=False, origin=f"http://{ACADEMY_HOST}"):
    return token_make(
        user_id=user.pk, activity_id=activity.pk, parent_origin=origin, preview=preview
    )


# --- trainer and staff pages ---

TRAINER_PAGES = {
    "create": lambda a: reverse("h5p:create", kwargs={"module_id": a.item.module_id}),
    "edit": lambda a: reverse("h5p:edit", kwargs={"item_id": a.item_id}),
    "results": lambda a: reverse("h5p:results", kwargs={"item_id": a.item_id}),
    "results_csv": lambda a: reverse("h5p:results_csv", kwargs={"item_id": a.item_id}),
}
EXPECTED = {
    "anonymous": 302,
    "learner": 404,
    "outsider": 404,
    "other_trainer": 404,
    "trainer": 200,
    "staff": 200,
}


@pytest.mark.parametrize("page", TRAINER_PAGES)
@pytest.mark.parametrize("persona", PERSONAS)
def test_trainer_pages_are_for_the_course_trainers_and_staff(
    page, persona, people, activity, enrollment
):
    response = academy(people[persona]).get(TRAINER_PAGES[page](activity))
    assert response.status_code == EXPECTED[persona]


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_library_page_is_for_staff_only(persona, people, activity):
    response = academy(people[persona]).get(reverse("h5p:libraries"))
    assert response.status_code == {"anonymous": 302, "staff": 200}.get(persona, 404)


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_staff_approve_and_revoke_libraries(persona, people, module, trainer):
    activity = h5p_activity(module=module, user=trainer, approve=False)
    library = activity.main_library
    response = academy(people[persona]).post(
        reverse("h5p:library_approve", kwargs={"pk": library.pk})
    )
    library.refresh_from_db()
    assert library.is_approved is (persona == "staff")
    assert response.status_code == {"anonymous": 302, "staff": 302}.get(persona, 404)
    if persona == "staff":
        academy(people[persona]).post(reverse("h5p:library_revoke", kwargs={"pk": library.pk}))
        library.refresh_from_db()
        assert not library.is_approved


def test_the_library_page_shows_usage_counts(staff, module, trainer):
    h5p_activity(module=module, user=trainer, approve=False)
    h5p_activity(module=module, user=trainer, approve=False)
    response = academy(staff).get(reverse("h5p:libraries"))
    assert "H5P.AcademyCheck" in response.text
    assert "2 aktywności" in response.text


def test_a_trainer_uploads_a_package_and_gets_an_item(trainer, module):
    from h5p.sample import sample_package

    response = academy(trainer).post(
        reverse("h5p:create", kwargs={"module_id": module.pk}),
        {
            "package": upload(sample_package(title="Ochrona czasowa")),
            "title": "",
            "grading": "highest",
            "completion": "passed",
            "pass_percent": 80,
            "is_required": "on",
        },
    )
    assert response.status_code == 302
    item = module.items.get()
    assert item.title == "Ochrona czasowa"
    assert item.h5p_activity.pass_percent == 80


def test_a_hostile_upload_shows_the_problem_in_polish_and_adds_nothing(trainer, module):
    from h5p.sample import build_package, sample_files

    files = sample_files()
    files["content/evil.svg"] = b"<svg/>"
    response = academy(trainer).post(
        reverse("h5p:create", kwargs={"module_id": module.pk}),
        {
            "package": upload(build_package(files)),
            "grading": "highest",
            "completion": "passed",
            "pass_percent": 70,
        },
    )
    assert response.status_code == 200
    assert (
        "„content/evil.svg” ma typ pliku, który nie jest dozwolony w treści H5P." in response.text
    )
    assert not module.items.exists()


def test_the_settings_page_changes_grading(trainer, activity):
    url = reverse("h5p:edit", kwargs={"item_id": activity.item_id})
    response = academy(trainer).post(
        url,
        {
            "title": "Nowy tytuł",
            "grading": "average",
            "completion": "completed",
            "pass_percent": 50,
        },
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert (activity.grading, activity.completion, activity.item.title) == (
        "average",
        "completed",
        "Nowy tytuł",
    )


def test_results_and_csv_show_attempts_and_questions(trainer, activity, enrollment):
    from h5p.services import statement_record

    for data in [
        statement("answered", raw=1, max=1, child="q1", response="=HYPERLINK(1)"),
        *finished(1, 2),
    ]:
        statement_record(activity=activity, enrollment=enrollment, statement=data)
    page = academy(trainer).get(reverse("h5p:results", kwargs={"item_id": activity.item_id}))
    assert "Question q1" in page.text and "50%" in page.text
    response = academy(trainer).get(
        reverse("h5p:results_csv", kwargs={"item_id": activity.item_id})
    )
    body = b"".join(response.streaming_content).decode()
    assert enrollment.user.email in body
    assert "'=HYPERLINK(1)" in body, "formula-looking answers are neutralised"


def test_results_show_an_attempt_in_progress_with_its_answers_so_far(trainer, activity, enrollment):
    from h5p.services import statement_record

    for data in [*finished(1, 2), statement("answered", raw=0, max=1, child="q7", response="2")]:
        statement_record(activity=activity, enrollment=enrollment, statement=data)
    url = reverse("h5p:results", kwargs={"item_id": activity.item_id})
    polish = academy(trainer).get(url)
    assert "jeszcze niezakończone" in polish.text and "Question q7" in polish.text
    trainer.preferred_language = "en"
    trainer.save(update_fields=["preferred_language"])
    page = academy(trainer).get(url)
    assert "Attempt 2" in page.text and "not finished yet" in page.text


def test_the_results_page_query_count_does_not_grow_with_learners(
    trainer, activity, course, django_assert_max_num_queries
):
    from h5p.services import statement_record

    def add(n):
        for _i in range(n):
            enrollment = EnrollmentFactory(course=course)
            for data in [statement("answered", raw=1, max=1, child="q1"), *finished(1, 2)]:
                statement_record(activity=activity, enrollment=enrollment, statement=data)

    client = academy(trainer)
    url = reverse("h5p:results", kwargs={"item_id": activity.item_id})
    add(1)
    with django_assert_max_num_queries(12) as one:
        client.get(url)
    add(5)
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get(url)


# --- learner endpoints ---


def _post(client, name, activity, body):
    return client.post(
        reverse(name, kwargs={"item_id": activity.item_id}),
        json.dumps(body),
        content_type="application/json",
    )


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_enrolled_learners_record_statements(persona, people, activity, course):
    if people[persona] is not None and persona == "learner":
        EnrollmentFactory(user=people[persona], course=course)
    response = _post(
        academy(people[persona]), "h5p:statement", activity, statement("answered", raw=1, max=1)
    )
    expected = {"anonymous": 302, "learner": 200}.get(persona, 403)
    if persona in {"trainer", "staff", "other_trainer", "outsider"}:
        expected = 403  # not enrolled (staff and trainers preview; previews record nothing)
    assert response.status_code == expected
    assert Attempt.objects.count() == (1 if persona == "learner" else 0)


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_enrolled_learners_report_player_errors(persona, people, activity, course):
    from h5p.models import ActivityError

    if persona == "learner":
        EnrollmentFactory(user=people[persona], course=course)
    response = _post(
        academy(people[persona]),
        "h5p:error",
        activity,
        {"phase": "runtime", "message": "boom", "library": ""},
    )
    assert response.status_code == {"anonymous": 302, "learner": 200}.get(persona, 403)
    assert ActivityError.objects.count() == (1 if persona == "learner" else 0)


def test_statements_need_the_csrf_token(learner, activity, enrollment):
    client = Client(HTTP_HOST=ACADEMY_HOST, enforce_csrf_checks=True)
    client.force_login(learner)
    assert (
        _post(client, "h5p:statement", activity, statement("answered", raw=1, max=1)).status_code
        == 403
    )
    assert Attempt.objects.count() == 0


def test_statements_are_rate_limited(learner, activity, enrollment, settings):
    settings.H5P_RATE_LIMIT = "3/60"
    client = academy(learner)
    codes = [
        _post(client, "h5p:statement", activity, statement("progressed")).status_code
        for _i in range(5)
    ]
    assert codes[:3] == [200, 200, 200] and codes[3:] == [429, 429]


def test_oversize_and_malformed_statements_are_refused(learner, activity, enrollment, settings):
    client = academy(learner)
    huge = statement("answered", raw=1, max=1)
    huge["padding"] = "x" * settings.H5P_STATEMENT_MAX_BYTES
    assert _post(client, "h5p:statement", activity, huge).status_code == 413
    bad = client.post(
        reverse("h5p:statement", kwargs={"item_id": activity.item_id}),
        "{oops",
        content_type="application/json",
    )
    assert bad.status_code == 400
    assert Attempt.objects.count() == 0


def test_an_unapproved_library_blocks_playing_and_publishing(module, trainer, learner, course):
    activity = h5p_activity(module=module, user=trainer, approve=False)
    EnrollmentFactory(user=learner, course=course)
    assert (
        _post(academy(learner), "h5p:statement", activity, statement("answered")).status_code == 404
    )
    assert (
        player().get(reverse("h5p:play", kwargs={"token": _token(learner, activity)})).status_code
        == 403
    )
    from h5p.kinds import publish_problems

    problems = publish_problems(course)
    assert [activity.item.title in message for message, _url in problems] == [True]
    Library.objects.update(approved_at="2026-01-01T00:00Z")
    assert publish_problems(course) == []


def test_state_is_saved_per_learner(learner, activity, enrollment):
    response = _post(academy(learner), "h5p:state", activity, {"state": '{"answers": {"q1": 1}}'})
    assert response.status_code == 200
    assert SavedState.objects.get().user == learner
    _post(academy(learner), "h5p:state", activity, {"state": ""})
    assert not SavedState.objects.exists()


# --- the isolated player ---


def test_the_player_page_is_served_only_on_the_player_host(learner, activity, enrollment):
    url = reverse("h5p:play", kwargs={"token": _token(learner, activity)})
    assert academy(learner).get(url).status_code == 404
    response = player().get(url)
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    policy = response["Content-Security-Policy"]
    assert f"frame-ancestors http://{ACADEMY_HOST}" in policy
    assert "default-src 'none'" in policy
    # Real libraries compile templates with eval and start blob: workers: allowed here,
    # on the origin without a session, and never on the academy's own pages.
    assert "'unsafe-eval'" in policy and "worker-src 'self' blob:" in policy
    assert "https://" not in policy, "no external origin unless the operator lists it"
    assert "X-Frame-Options" not in response
    academy_page = academy(learner).get(reverse("dashboard"))
    assert "'unsafe-eval'" not in academy_page["Content-Security-Policy"]
    assert (
        "blob:"
        not in academy_page["Content-Security-Policy"].split("script-src", 1)[1].split(";", 1)[0]
    )


def test_allowed_external_origins_open_the_player_policy_only(
    settings, learner, activity, enrollment
):
    settings.H5P_ALLOWED_EXTERNAL_ORIGINS = ["https://www.youtube.com"]
    response = player().get(reverse("h5p:play", kwargs={"token": _token(learner, activity)}))
    directives = dict(
        part.strip().split(" ", 1)
        for part in response["Content-Security-Policy"].split(";")
        if part.strip()
    )
    for name in ("media-src", "img-src", "frame-src", "script-src", "font-src"):
        assert "https://www.youtube.com" in directives[name], name
    assert "https://www.youtube.com" not in directives["default-src"]
    assert (
        "https://www.youtube.com"
        not in academy(learner).get(reverse("dashboard"))["Content-Security-Policy"]
    )


def test_the_player_host_serves_nothing_but_the_player(learner):
    client = Client(HTTP_HOST=PLAYER_HOST)
    client.force_login(learner)  # even with a session cookie sent there by mistake
    for path in ["/", "/dashboard/", "/admin/", "/accounts/login/", reverse("h5p:libraries")]:
        assert client.get(path).status_code == 404, path


def test_assets_are_served_with_nosniff_and_the_right_type(learner, activity, enrollment):
    token = _token(learner, activity)
    content = player().get(
        reverse("h5p:asset_content", kwargs={"token": token, "path": "content.json"})
    )
    assert content.status_code == 200 and content["Content-Type"] == "application/json"
    script = player().get(
        reverse(
            "h5p:asset_library",
            kwargs={"token": token, "path": "H5P.AcademyCheck-1.1/academy-check.js"},
        )
    )
    assert script.status_code == 200 and script["Content-Type"].startswith("text/javascript")
    assert script["X-Content-Type-Options"] == "nosniff"
    h5p_json = player().get(reverse("h5p:asset_h5p_json", kwargs={"token": token}))
    assert json.loads(b"".join(h5p_json.streaming_content))["mainLibrary"] == "H5P.AcademyCheck"


@pytest.mark.parametrize("path", ["../h5p.json", "../../libraries/x", "./.hidden"])
def test_asset_paths_cannot_escape_the_activity(learner, activity, enrollment, path):
    url = (
        reverse("h5p:asset_content", kwargs={"token": _token(learner, activity), "path": "x"})[:-1]
        + path
    )
    assert player().get(url).status_code in {403, 404}


def test_an_asset_url_signed_for_another_learner_is_refused(
    learner, outsider, activity, enrollment
):
    """The outsider is not enrolled: a URL minted for them (or leaked to them) is refused."""
    url = reverse(
        "h5p:asset_content", kwargs={"token": _token(outsider, activity), "path": "content.json"}
    )
    assert player().get(url).status_code == 403


def test_a_token_cannot_be_moved_to_another_activity(
    learner, activity, enrollment, module, trainer
):
    other = h5p_activity(module=module, user=trainer)
    token = _token(learner, activity)
    payload, _sep, signature = token.rpartition(":")
    forged = signing.dumps(
        [learner.pk, other.pk, f"http://{ACADEMY_HOST}", 0], salt="h5p.player", compress=True
    )
    tampered = forged.rsplit(":", 1)[0] + ":" + signature
    assert player().get(reverse("h5p:play", kwargs={"token": tampered})).status_code == 403
    assert player().get(reverse("h5p:play", kwargs={"token": token + "x"})).status_code == 403


def test_an_expired_asset_url_is_refused(learner, activity, enrollment, settings):
    token = _token(learner, activity)
    url = reverse("h5p:asset_content", kwargs={"token": token, "path": "content.json"})
    assert player().get(url).status_code == 200
    settings.H5P_TOKEN_MAX_AGE = 1
    time.sleep(2.1)
    assert player().get(url).status_code == 403


def test_a_withdrawn_learner_loses_the_player(learner, activity, enrollment):
    url = reverse("h5p:play", kwargs={"token": _token(learner, activity)})
    enrollment.status = enrollment.Status.WITHDRAWN
    enrollment.save()
    assert player().get(url).status_code == 403


def test_trainers_preview_unapproved_content_but_learner_tokens_cannot_claim_preview(
    module, trainer, learner, course
):
    activity = h5p_activity(module=module, user=trainer, approve=False)
    EnrollmentFactory(user=learner, course=course)
    assert (
        player()
        .get(reverse("h5p:play", kwargs={"token": _token(trainer, activity, preview=True)}))
        .status_code
        == 200
    )
    assert (
        player()
        .get(reverse("h5p:play", kwargs={"token": _token(learner, activity, preview=True)}))
        .status_code
        == 403
    )


def test_the_player_restores_the_learners_saved_state(learner, activity, enrollment):
    SavedState.objects.create(activity=activity, user=learner, data='{"answers": {"q1": 1}}')
    page = player().get(reverse("h5p:play", kwargs={"token": _token(learner, activity)}))
    config = json.loads(
        page.text.split('id="h5p-player-config" type="application/json">')[1].split("</script>")[0]
    )
    assert config["state"] == '{"answers": {"q1": 1}}'
    assert config["parentOrigin"] == f"http://{ACADEMY_HOST}"


def test_the_deploy_check_warns_without_a_player_origin(settings):
    settings.H5P_PLAYER_ORIGIN = ""
    from h5p.checks import player_origin_configured

    assert [warning.id for warning in player_origin_configured(None)] == ["h5p.W001"]
    settings.H5P_PLAYER_ORIGIN = "https://h5p.academy.example.org"
    assert player_origin_configured(None) == []


def test_development_derives_a_sibling_player_origin(settings, rf):
    from h5p.player import player_origin

    settings.H5P_PLAYER_ORIGIN = ""
    assert (
        player_origin(rf.get("/", HTTP_HOST="academy.localhost:8000"))
        == "http://h5p.academy.localhost:8000"
    )
    assert player_origin(rf.get("/", HTTP_HOST="127.0.0.1:8000")) is None


def test_courses_does_not_import_h5p():
    import pathlib

    for path in pathlib.Path("courses").rglob("*.py"):
        text = path.read_text()
        assert "from h5p" not in text and "import h5p" not in text, path


def test_course_publish_is_blocked_by_an_unapproved_library_through_the_registry(
    module, trainer, course
):
    from courses.registry import get_kind

    h5p_activity(module=module, user=trainer, approve=False)
    problems = get_kind("h5p").publish_problems(course)
    assert len(problems) == 1
    assert Course.objects.filter(pk=course.pk).exists()


def test_check_deploy_reports_the_missing_player_origin(settings):
    from django.core.checks import run_checks

    settings.H5P_PLAYER_ORIGIN = ""
    assert "h5p.W001" in [message.id for message in run_checks(include_deployment_checks=True)]
    assert "h5p.W001" not in [message.id for message in run_checks(include_deployment_checks=False)]


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_enrolled_learners_save_state(persona, people, activity, course):
    if persona == "learner":
        EnrollmentFactory(user=people[persona], course=course)
    response = _post(academy(people[persona]), "h5p:state", activity, {"state": "{}"})
    assert response.status_code == {"anonymous": 302, "learner": 200}.get(persona, 403)
    assert SavedState.objects.count() == (1 if persona == "learner" else 0)


def test_a_locked_item_records_nothing(learner, module, trainer, course):
    from courses.models import Item
    from tests.factories.courses import ItemFactory

    course.is_sequential = True
    course.save()
    ItemFactory(module=module, kind=Item.Kind.PAGE, position=0, title="Najpierw to")
    activity = h5p_activity(module=module, user=trainer)
    EnrollmentFactory(user=learner, course=course)
    response = _post(
        academy(learner), "h5p:statement", activity, statement("answered", raw=1, max=1)
    )
    assert response.status_code == 403
    assert Attempt.objects.count() == 0


# --- the step inside the course player ---


def _item_page(user, activity, host=ACADEMY_HOST):
    client = Client(HTTP_HOST=host)
    client.force_login(user)
    return client.get(
        reverse(
            "courses:item", kwargs={"slug": activity.item.course.slug, "item_id": activity.item_id}
        )
    )


def test_the_course_player_embeds_the_sandboxed_player_without_inline_script(
    learner, activity, enrollment
):
    response = _item_page(learner, activity)
    assert response.status_code == 200
    html = response.text
    assert 'sandbox="allow-scripts allow-same-origin allow-forms allow-popups"' in html
    assert f'src="http://{PLAYER_HOST}/h5p/play/' in html
    assert '<script id="h5p-config" type="application/json">' in html
    assert '<script src="/static/h5p/relay.js" defer></script>' in html
    config = json.loads(
        html.split('<script id="h5p-config" type="application/json">')[1].split("</script>")[0]
    )
    assert config["playerOrigin"] == f"http://{PLAYER_HOST}"
    assert config["statementUrl"] == reverse("h5p:statement", kwargs={"item_id": activity.item_id})
    assert "frame-src 'self'" in response["Content-Security-Policy"]


def test_learners_see_a_waiting_message_for_unapproved_content(learner, module, trainer, course):
    activity = h5p_activity(module=module, user=trainer, approve=False)
    EnrollmentFactory(user=learner, course=course)
    html = _item_page(learner, activity).text
    assert "czeka na zatwierdzenie" in html
    assert "/h5p/play/" not in html


def test_without_a_player_origin_the_step_explains_instead_of_running(
    learner, activity, enrollment, settings
):
    settings.H5P_PLAYER_ORIGIN = ""
    html = _item_page(learner, activity, host="127.0.0.1").text
    assert "osobnego adresu odtwarzacza" in html
    assert "/h5p/play/" not in html


def test_describe_rules_speaks_plainly(module, trainer):
    from h5p.kinds import describe_rules

    activity = h5p_activity(module=module, user=trainer, pass_percent=80)
    assert describe_rules([activity.item]) == {
        activity.item_id: f"uzyskaj co najmniej 80% w „{activity.item.title}”"
    }


def test_a_duplicated_course_shares_the_package_but_not_the_attempts(activity, enrollment, module):
    from h5p.kinds import duplicate
    from h5p.models import Activity
    from h5p.services import statement_record
    from tests.factories.courses import ItemFactory

    statement_record(activity=activity, enrollment=enrollment, statement=finished(1, 1)[0])
    copy_item = ItemFactory(module=module, kind="h5p")
    duplicate(activity.item, copy_item)
    copy = Activity.objects.get(item=copy_item)
    assert copy.content_path == activity.content_path
    assert list(copy.libraries.all()) == list(activity.libraries.all())
    assert not copy.attempts.exists()


def test_the_player_page_is_never_cached(learner, activity, enrollment):
    response = player().get(reverse("h5p:play", kwargs={"token": _token(learner, activity)}))
    assert response["Cache-Control"] == "no-store"


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("preview", [False, True])
def test_player_urls_by_whose_token_they_carry(persona, preview, people, activity, enrollment):
    """The player host has no session: the token's user is the persona."""
    user = people[persona]
    token = _token(user, activity, preview=preview) if user is not None else "not-a-token"
    allowed = (persona == "learner" and not preview) or (
        persona in {"trainer", "staff"} and preview
    )
    for url in [
        reverse("h5p:play", kwargs={"token": token}),
        reverse("h5p:asset_content", kwargs={"token": token, "path": "content.json"}),
        reverse(
            "h5p:asset_library",
            kwargs={"token": token, "path": "H5P.AcademyCheck-1.1/library.json"},
        ),
    ]:
        assert player().get(url).status_code == (200 if allowed else 403), url


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_course_trainers_and_staff_change_settings(persona, people, activity):
    url = reverse("h5p:edit", kwargs={"item_id": activity.item_id})
    response = academy(people[persona]).post(
        url,
        {"title": "Zmienione", "grading": "last", "completion": "completed", "pass_percent": 10},
    )
    activity.refresh_from_db()
    assert response.status_code == {"anonymous": 302, "trainer": 302, "staff": 302}.get(
        persona, 404
    )
    assert (activity.grading == "last") is (persona in {"trainer", "staff"})


def test_the_player_speaks_the_learners_language(learner, activity, enrollment):
    learner.preferred_language = "uk"
    learner.save(update_fields=["preferred_language"])
    page = player().get(reverse("h5p:play", kwargs={"token": _token(learner, activity)}))
    assert '<html lang="uk">' in page.text


@pytest.mark.parametrize("child", [True, False])
def test_the_statement_endpoint_query_count_does_not_grow_with_attempts(
    learner, activity, enrollment, child, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = academy(learner)
    data = statement("answered", raw=1, max=1, child="q1" if child else "", completion=True)

    def counted():
        with CaptureQueriesContext(connection) as queries:
            assert _post(client, "h5p:statement", activity, data).status_code == 200
        return len(queries.captured_queries)

    counted()  # the very first one also creates the learner's progress row
    second = counted()
    for _index in range(4):
        counted()
    with django_assert_num_queries(second):
        _post(client, "h5p:statement", activity, data)


def test_on_127_0_0_1_the_development_server_points_to_academy_localhost(
    settings, learner, activity, enrollment
):
    settings.H5P_PLAYER_ORIGIN = ""
    settings.DEBUG = True
    client = Client(HTTP_HOST="127.0.0.1:8123")
    client.force_login(learner)
    url = reverse(
        "courses:item", kwargs={"slug": activity.item.course.slug, "item_id": activity.item_id}
    )
    content = client.get(url).content.decode()
    assert f'href="http://academy.localhost:8123{url}"' in content
    assert "Otwórz ten krok pod adresem academy.localhost" in content
