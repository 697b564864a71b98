"""recompute_progress and the demo content."""

import io

import pytest
from django.core.management import CommandError, call_command

from courses.models import Course, Document, Enrollment, Item, ItemProgress, Link, Page, Video
from tests.factories.courses import EnrollmentFactory, build_course

pytestmark = pytest.mark.django_db


def test_recompute_progress_recounts_one_course_by_slug():
    course, items = build_course(items=2)
    other, _ = build_course(items=2)
    enrollment = EnrollmentFactory(course=course)
    stale = EnrollmentFactory(course=other)
    ItemProgress.objects.create(
        enrollment=enrollment, item=items[0], state="completed", completed_at="2026-01-01T00:00Z"
    )
    out = io.StringIO()
    call_command("recompute_progress", course.slug, stdout=out)
    enrollment.refresh_from_db()
    stale.refresh_from_db()
    assert (enrollment.required_completed, enrollment.required_total) == (1, 2)
    assert stale.required_total == 0  # not asked for
    assert f"{course.slug}: 1" in out.getvalue()


def test_recompute_progress_without_a_slug_recounts_every_course():
    course, _ = build_course(items=3)
    enrollment = EnrollmentFactory(course=course)
    call_command("recompute_progress", stdout=io.StringIO())
    enrollment.refresh_from_db()
    assert enrollment.required_total == 3


def test_recompute_progress_names_an_unknown_course():
    with pytest.raises(CommandError, match="nie-ma-takiego"):
        call_command("recompute_progress", "nie-ma-takiego", stdout=io.StringIO())


def _snapshot():
    return {
        "courses": sorted(
            Course.objects.values_list("slug", "status", "enrolment_mode", "is_sequential")
        ),
        "items": Item.objects.count(),
        "pages": Page.objects.count(),
        "videos": Video.objects.count(),
        "documents": sorted(Document.objects.values_list("item_id", "file_type", "size")),
        "links": Link.objects.count(),
        "enrolments": sorted(
            Enrollment.objects.values_list(
                "user__email",
                "course__slug",
                "status",
                "required_completed",
                "required_total",
                "completed_at",
            )
        ),
        "progress": ItemProgress.objects.count(),
    }


def test_seed_demo_creates_the_demo_courses_and_is_idempotent():
    # Later apps' demos (quizzes, H5P) add required items to these courses; recounting
    # after each run keeps their additions from showing up as a difference in ours.
    call_command("seed_demo", stdout=io.StringIO())
    call_command("recompute_progress", stdout=io.StringIO())
    first = _snapshot()
    call_command("seed_demo", stdout=io.StringIO())
    call_command("recompute_progress", stdout=io.StringIO())
    assert _snapshot() == first
    slugs = {slug for slug, *_ in first["courses"]}
    assert {
        "lokalna-polityka-integracyjna",
        "ochrona-czasowa-ukraina",
        "working-with-interpreters",
    } <= slugs
    assert Course.objects.get(slug="lokalna-polityka-integracyjna").is_sequential
    for course in Course.objects.filter(slug__in=slugs):
        assert 3 <= course.modules.count() <= 6
        assert course.trainers.filter(email="trainer@academy.example").exists()
    assert {kind for kind in Item.objects.values_list("kind", flat=True)} >= {
        "page",
        "video",
        "document",
        "link",
    }
    for document in Document.objects.all():
        with document.file.open("rb") as stored:
            assert stored.read(5) == b"%PDF-"
    for video in Video.objects.all():
        assert (
            video.embed_url.startswith("https://www.youtube-nocookie.com/embed/")
            and video.transcript
        )
    learner = Enrollment.objects.get(
        user__email="learner@academy.example", course__slug="lokalna-polityka-integracyjna"
    )
    assert 0 < learner.required_completed < learner.required_total and learner.completed_at is None
    ngo = Enrollment.objects.get(
        user__email="ngo@academy.example", course__slug="ochrona-czasowa-ukraina"
    )
    assert ngo.completed_at is not None
    official = Enrollment.objects.get(user__email="official@academy.example")
    assert official.status == Enrollment.Status.REQUESTED
    assert official.course.enrolment_mode == Course.EnrolmentMode.APPROVAL
