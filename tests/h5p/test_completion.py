"""Completion modes: what each one needs, what is proposed at import, the publish
checklist, and the statement query budget in every mode."""

import json

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from courses.models import ItemProgress
from h5p import completion
from h5p.kinds import publish_problems
from h5p.models import Activity, ActivityError
from h5p.services import (
    activity_create,
    activity_update,
    library_approve,
    state_save,
    statement_record,
)
from tests.factories.courses import EnrollmentFactory
from tests.factories.h5p import h5p_activity, upload
from tests.h5p.conftest import ACADEMY_HOST
from tests.h5p.corpus import PACKAGES, corpus_bytes
from tests.h5p.statements import finished, statement

pytestmark = pytest.mark.django_db

VIEWED = {"verb": {"id": "http://id.tincanapi.com/verb/viewed"}}


def _complete(activity, enrollment) -> bool:
    progress = ItemProgress.objects.filter(enrollment=enrollment, item=activity.item).first()
    return progress is not None and progress.state == ItemProgress.State.COMPLETED


def _sql(captured) -> list[str]:
    return [
        query["sql"]
        for query in captured
        if not query["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))
    ]


@pytest.mark.parametrize(
    ("mode", "sent", "completes"),
    [
        ("viewed", VIEWED, True),
        ("viewed", statement("experienced"), True),
        ("interacted", VIEWED, False),
        ("interacted", statement("interacted"), True),
        ("interacted", statement("experienced"), True),
        ("interacted", statement("consumed"), True),
        ("interacted", statement("attempted"), True),
        (
            "interacted",
            statement("answered", raw=0, max=1, child="q1"),
            False,
        ),  # counted by its attempt
        ("interacted", statement("answered", raw=0, max=2, completion=True), True),
        ("completed", VIEWED, False),
        ("completed", statement("interacted"), False),
        ("completed", statement("answered", raw=0, max=2, completion=True), True),
        ("passed", statement("answered", raw=1, max=2, completion=True), False),  # 50 % < 70 %
        ("passed", statement("answered", raw=2, max=2, completion=True), True),
    ],
)
def test_each_mode_completes_on_what_it_names(mode, sent, completes, module, trainer, enrollment):
    activity = h5p_activity(module=module, user=trainer, completion=mode)
    statement_record(activity=activity, enrollment=enrollment, statement=sent)
    assert _complete(activity, enrollment) is completes


@pytest.mark.parametrize("mode", ["interacted", "completed", "passed"])
def test_opening_the_step_begins_nothing_until_the_content_really_starts(
    mode, module, trainer, learner, course, django_assert_max_num_queries
):
    """A step whose content never starts (a crash at start-up) must not look begun."""
    activity = h5p_activity(module=module, user=trainer, completion=mode)
    enrollment = EnrollmentFactory(user=learner, course=course)
    client = Client(HTTP_HOST=ACADEMY_HOST)
    client.force_login(learner)
    url = reverse("courses:item", kwargs={"slug": course.slug, "item_id": activity.item_id})
    assert client.get(url).status_code == 200
    assert not ItemProgress.objects.filter(item=activity.item).exists()
    enrollment.refresh_from_db()
    assert enrollment.last_item_id == activity.item_id  # "resume" still brings them back
    # The relay's "viewed" (sent once the content runs) begins the step, in every mode.
    with django_assert_max_num_queries(6):
        statement_record(activity=activity, enrollment=enrollment, statement=VIEWED)
    progress = ItemProgress.objects.get(item=activity.item)
    assert progress.state == ItemProgress.State.IN_PROGRESS


def test_a_saved_state_completes_interacted_but_not_completed(module, trainer, enrollment, learner):
    activity = h5p_activity(module=module, user=trainer, completion="interacted")
    state_save(activity=activity, user=learner, data='{"card": 2}', enrollment=enrollment)
    assert _complete(activity, enrollment)
    other = h5p_activity(module=module, user=trainer, completion="completed")
    state_save(activity=other, user=learner, data='{"card": 2}', enrollment=enrollment)
    assert not _complete(other, enrollment)


def test_a_failed_attempt_never_completes_the_attempt_modes(module, trainer, enrollment):
    for mode in ("completed", "passed"):
        activity = h5p_activity(module=module, user=trainer, completion=mode, pass_percent=0)
        statement_record(
            activity=activity,
            enrollment=enrollment,
            statement=statement("answered", raw=2, max=2, success=False, completion=True),
        )
        assert not _complete(activity, enrollment), mode


@pytest.mark.parametrize("mode", ["viewed", "interacted", "completed", "passed"])
def test_recording_a_statement_takes_at_most_six_queries_in_every_mode(
    mode, module, trainer, enrollment, django_assert_max_num_queries
):
    activity = h5p_activity(module=module, user=trainer, completion=mode, pass_percent=50)
    statement_record(
        activity=activity,
        enrollment=enrollment,
        statement=statement("answered", raw=1, max=1, child="q1"),
    )
    for sent in (
        VIEWED,
        statement("interacted"),
        statement("progressed"),
        *finished(2, 2),
        *finished(0, 2),
    ):
        with django_assert_max_num_queries(
            8
        ) as captured:  # six, plus the transaction's savepoint pair
            statement_record(activity=activity, enrollment=enrollment, statement=sent)
        assert len(_sql(captured)) <= 6, (mode, sent["verb"], _sql(captured))
    assert _complete(activity, enrollment)


@pytest.mark.parametrize("package", PACKAGES, ids=[package.file for package in PACKAGES])
def test_the_mode_proposed_at_import_fits_what_the_content_can_do(package, module, trainer):
    created = activity_create(
        module=module, upload=upload(corpus_bytes(package), package.file), user=trainer
    )
    activity = Activity.objects.get(pk=created.pk)
    assert activity.completion == package.mode
    assert completion.mode_possible(
        activity.completion, scores=completion.content_scores(activity.main_library.machine_name)
    )
    assert (package.mode == "passed") is package.scores


def test_publishing_is_blocked_by_a_required_step_nobody_can_complete(module, trainer, course):
    package = next(each for each in PACKAGES if each.file == "H5P.Accordion.h5p")
    activity = activity_create(
        module=module, upload=upload(corpus_bytes(package)), user=trainer, completion="passed"
    )
    for library in activity.libraries.all():
        library_approve(library=library, user=trainer)
    with translation.override("en"):
        problems = publish_problems(course)
    assert len(problems) == 1
    message, url = problems[0]
    assert "never reports a score" in message
    assert url == reverse("h5p:edit", kwargs={"item_id": activity.item_id}) + "#completion"
    # The fix-it page says what is wrong; choosing "viewed" there clears the problem.
    client = Client(HTTP_HOST=ACADEMY_HOST)
    client.force_login(trainer)
    page = client.get(url).content.decode()
    assert 'id="completion-impossible"' in page and 'id="completion"' in page
    activity_update(
        activity=activity, grading=activity.grading, completion="viewed", pass_percent=70, title=""
    )
    assert publish_problems(course) == []


def test_the_settings_page_shows_what_the_trainer_needs_to_trust_the_content(
    module, trainer, settings
):
    settings.H5P_ALLOWED_EXTERNAL_ORIGINS = []
    package = next(each for each in PACKAGES if each.file == "H5P.Timeline.h5p")
    activity = activity_create(module=module, upload=upload(corpus_bytes(package)), user=trainer)
    client = Client(HTTP_HOST=ACADEMY_HOST)
    client.force_login(trainer)
    page = client.get(reverse("h5p:edit", kwargs={"item_id": activity.item_id})).content.decode()
    assert "H5P.Timeline 1.1" in page
    assert (
        "TimelineJS" in page and "czeka na zatwierdzenie" in page
    )  # the academy speaks Polish by default
    assert "Wyświetlone (otwarte w odtwarzaczu)" in page
    assert "https://upload.wikimedia.org" in page, "the blocked external host is named"
    assert (
        reverse(
            "courses:item_preview",
            kwargs={"slug": activity.item.course.slug, "item_id": activity.item_id},
        )
        in page
    )
    settings.H5P_ALLOWED_EXTERNAL_ORIGINS = ["https://upload.wikimedia.org"]
    page = client.get(reverse("h5p:edit", kwargs={"item_id": activity.item_id})).content.decode()
    assert "https://upload.wikimedia.org" not in page


def test_uploading_content_with_blocked_external_media_warns_the_trainer(module, trainer):
    package = next(each for each in PACKAGES if each.file == "H5P.Column-youtube.h5p")
    client = Client(HTTP_HOST=ACADEMY_HOST)
    client.force_login(trainer)
    response = client.post(
        reverse("h5p:create", kwargs={"module_id": module.pk}),
        {
            "package": upload(corpus_bytes(package), package.file),
            "title": "",
            "grading": "highest",
            "completion": "",
            "pass_percent": 70,
            "is_required": "on",
        },
        follow=True,
    )
    page = response.content.decode()
    assert "https://www.youtube.com" in page and "blokuje" in page
    assert Activity.objects.get().completion == "viewed"


def test_errors_reported_by_a_learners_player_reach_the_trainer(module, trainer, learner, course):
    activity = h5p_activity(module=module, user=trainer)
    EnrollmentFactory(user=learner, course=course)
    client = Client(HTTP_HOST=ACADEMY_HOST)
    client.force_login(learner)
    url = reverse("h5p:error", kwargs={"item_id": activity.item_id})
    body = {"phase": "start", "message": "TypeError: boom", "library": "H5P.AcademyCheck-1.1"}
    for _twice in range(2):
        assert (
            client.post(url, json.dumps(body), content_type="application/json").status_code == 200
        )
    assert ActivityError.objects.count() == 1, "the same error from the same learner is kept once"
    assert (
        client.post(
            url, json.dumps({"phase": "nonsense"}), content_type="application/json"
        ).status_code
        == 400
    )
    trainer_client = Client(HTTP_HOST=ACADEMY_HOST)
    trainer_client.force_login(trainer)
    for name in ("h5p:edit", "h5p:results"):
        page = trainer_client.get(
            reverse(name, kwargs={"item_id": activity.item_id})
        ).content.decode()
        assert "TypeError: boom" in page and "H5P.AcademyCheck-1.1" in page, name


@pytest.mark.parametrize(
    ("origins", "errors"),
    [
        (["https://www.youtube.com", "http://media.example.org:8080"], 0),
        (["*", "https://example.org/videos", "youtube.com", "https://*.example.org"], 4),
    ],
)
def test_allowed_external_origins_must_be_plain_origins(settings, origins, errors):
    from h5p.checks import external_origins_valid

    settings.H5P_ALLOWED_EXTERNAL_ORIGINS = origins
    assert len(external_origins_valid(None)) == errors


def test_a_course_built_from_the_whole_corpus_can_be_finished_and_certified(
    module, trainer, staff, learner, course, django_capture_on_commit_callbacks
):
    """Acceptance: every required step made of real Hub content can be completed under the
    mode proposed at import, and the course then issues its certificate."""
    from certificates.models import Certificate

    activities = []
    for package in PACKAGES:
        activity = activity_create(
            module=module, upload=upload(corpus_bytes(package), package.file), user=trainer
        )
        activities.append((package, activity))
    for library in activity.libraries.model.objects.all():
        library_approve(library=library, user=staff)
    enrollment = EnrollmentFactory(user=learner, course=course)
    with django_capture_on_commit_callbacks(execute=True):
        for package, activity in activities:
            sent = {
                "passed": finished(3, 3, success=True),
                "viewed": [VIEWED],
                "interacted": [statement("interacted")],
            }[package.mode]
            for data in sent:
                statement_record(activity=activity, enrollment=enrollment, statement=data)
    enrollment.refresh_from_db()
    assert (enrollment.required_completed, enrollment.required_total) == (
        len(PACKAGES),
        len(PACKAGES),
    )
    assert enrollment.completed_at is not None
    assert Certificate.objects.filter(enrollment=enrollment).exists()


@pytest.mark.parametrize(
    ("mode", "words"),
    [
        ("viewed", "gdy tylko ćwiczenie się uruchomi"),
        ("interacted", "gdy zrobisz coś w ćwiczeniu"),
        ("completed", "gdy dokończysz ćwiczenie"),
        ("passed", "gdy uzyskasz co najmniej 80%"),
    ],
)
def test_the_learner_is_told_what_completes_the_step(mode, words, module, trainer, learner, course):
    activity = h5p_activity(module=module, user=trainer, completion=mode, pass_percent=80)
    EnrollmentFactory(user=learner, course=course)
    client = Client(HTTP_HOST=ACADEMY_HOST)
    client.force_login(learner)
    page = client.get(
        reverse("courses:item", kwargs={"slug": course.slug, "item_id": activity.item_id})
    )
    text = page.content.decode()
    assert words in text
    # Only the activity's own words: no generic "complete when you pass it" beside them.
    assert "gdy go zdasz" not in text
