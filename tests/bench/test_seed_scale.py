"""seed_scale at a tiny scale: the bulk-inserted data is what the services would have written."""

from collections import Counter
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core.management import CommandError, call_command
from django.db.models import Count, F, Max, Q
from django.utils import timezone

from academy.models import Organisation, User, organisation_name_key
from assessments.models import Attempt, Choice, Question, QuizQuestion
from bench.scale import EMAIL_DOMAIN, PASSWORD, REQUIRED_TOTAL, scaled
from certificates.codes import normalise_code
from certificates.models import Certificate, CertificateCounter, CertificateEvent
from certificates.services import build_snapshot
from community.models import Space
from courses.authoring import course_delete
from courses.models import Course, Enrollment, Item, ItemProgress

pytestmark = pytest.mark.django_db(transaction=False)

SCALE = 0.001


@pytest.fixture
def seeded():
    call_command("seed_scale", scale=SCALE, stdout=_Sink())


class _Sink:
    def __init__(self):
        self.lines = []

    def write(self, text, *args, **kwargs):
        self.lines.append(text)


def test_volumes_follow_the_scale(seeded):
    learners = User.objects.filter(email__startswith="learner", email__endswith="@" + EMAIL_DOMAIN)
    assert learners.count() == scaled("learners", SCALE)
    assert Course.objects.filter(slug__startswith="scale-").count() == scaled("courses", SCALE)
    # The coordinators' scenario (bench.scale_live) enrols its organisation today; the
    # scale enrolments are history (from BASE_TIME, over a year).
    history = Enrollment.objects.filter(enrolled_at__lt=timezone.now() - timedelta(days=30))
    assert history.count() == scaled("enrollments", SCALE)
    assert Certificate.objects.count() == scaled("certificates", SCALE)
    progress = ItemProgress.objects.count()
    assert abs(progress - scaled("progress", SCALE)) <= scaled("progress", SCALE) * 0.05
    assert Attempt.objects.count() >= scaled("attempts", SCALE) * 0.95


def test_enrolment_counters_match_the_progress_rows(seeded):
    required = dict(
        Item.objects.filter(is_required=True, archived_at__isnull=True)
        .values("course")
        .annotate(n=Count("pk"))
        .values_list("course", "n")
    )
    enrollments = Enrollment.objects.annotate(
        done=Count(
            "progress", filter=Q(progress__state="completed", progress__item__is_required=True)
        )
    )
    for enrollment in enrollments:
        assert enrollment.required_total == required[enrollment.course_id] == REQUIRED_TOTAL
        assert enrollment.required_completed == enrollment.done
        assert enrollment.percent == int(100 * enrollment.done / enrollment.required_total)
        assert (enrollment.completed_at is not None) == (
            enrollment.done == enrollment.required_total
        )
    assert enrollments.filter(completed_at__isnull=False).count() == Certificate.objects.count()


def test_derived_fields_are_set_as_the_models_would(seeded):
    for organisation in Organisation.objects.all():
        assert organisation.name_key == organisation_name_key(organisation.name)
    assert not Item.objects.exclude(course=F("module__course")).exists()
    completed = ItemProgress.objects.filter(state="completed")
    assert not completed.filter(completed_at__isnull=True).exists()
    # Quizzes count only when passed, and a passed quiz has a passing attempt.
    quiz_rows = completed.filter(item__kind="quiz").select_related("enrollment")
    passing = set(Attempt.objects.filter(passed=True).values_list("enrollment_id", "quiz_id"))
    for row in quiz_rows:
        assert row.passed is True
        assert (row.enrollment_id, row.item_id) in passing
    numbers = Attempt.objects.values("quiz", "user").annotate(top=Max("number"), n=Count("pk"))
    assert all(entry["top"] == entry["n"] for entry in numbers)
    # Every quiz has its questions with exactly one correct choice each.
    for placement in QuizQuestion.objects.all()[:50]:
        assert Choice.objects.filter(question=placement.question_id, is_correct=True).count() == 1


def test_certificates_follow_the_certificates_rules(seeded):
    certificates = list(
        Certificate.objects.select_related("enrollment__course", "enrollment__user")
    )
    assert len({c.number for c in certificates}) == len(certificates)
    assert len({c.code for c in certificates}) == len(certificates)
    assert all(normalise_code(c.display_code) == c.code for c in certificates)
    by_year = Counter(c.year for c in certificates)
    for year, count in by_year.items():
        sequences = sorted(c.sequence for c in certificates if c.year == year)
        assert sequences == list(range(1, count + 1))  # gapless
        assert CertificateCounter.objects.get(year=year).last == count
    for certificate in certificates[:10]:
        enrollment = certificate.enrollment
        assert enrollment.completed_at is not None and certificate.user_id == enrollment.user_id
        expected = build_snapshot(
            enrollment=enrollment,
            template=None,
            number=certificate.number,
            issued_on=timezone.localdate(certificate.issued_at),
            completed_on=timezone.localdate(enrollment.completed_at),
            valid_until=None,
        )
        assert certificate.snapshot == expected


def test_learners_can_sign_in_with_the_shared_password(seeded, client):
    learner = (
        User.objects.filter(email__endswith="@" + EMAIL_DOMAIN).exclude(enrollments=None).first()
    )
    assert EmailAddress.objects.filter(
        user=learner, email=learner.email, verified=True, primary=True
    ).exists()
    response = client.post("/accounts/login/", {"login": learner.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/dashboard/").status_code == 200


def test_it_refuses_to_seed_twice(seeded):
    users = User.objects.count()
    with pytest.raises(CommandError, match="already in this database"):
        call_command("seed_scale", scale=SCALE, stdout=_Sink())
    call_command("seed_scale", scale=SCALE, if_empty=True, stdout=_Sink())
    assert User.objects.count() == users


def test_the_same_seed_gives_the_same_data():
    call_command("seed_scale", scale=SCALE, stdout=_Sink())
    first = _fingerprint()
    CertificateEvent.objects.all().delete()
    Certificate.objects.all().delete()
    for model in (Attempt, ItemProgress, Enrollment):
        model.objects.all().delete()
    for course in Course.objects.filter(slug__startswith="scale-") | Course.objects.filter(
        slug="bench-warsztaty"
    ):
        course_delete(course=course)
    Space.objects.filter(slug__startswith="bench-").delete()
    Question.objects.all().delete()
    User.objects.filter(email__endswith="@" + EMAIL_DOMAIN).delete()
    Organisation.objects.all().delete()
    CertificateCounter.objects.all().delete()
    call_command("seed_scale", scale=SCALE, stdout=_Sink())
    assert _fingerprint() == first


def _fingerprint():
    return (
        list(
            User.objects.filter(email__endswith="@" + EMAIL_DOMAIN)
            .order_by("email")
            .values_list("email", "full_name")
        ),
        list(
            Enrollment.objects.order_by("user__email", "course__slug").values_list(
                "user__email", "course__slug", "required_completed"
            )
        ),
        ItemProgress.objects.count(),
        sorted(Certificate.objects.values_list("code", flat=True)),
    )


def test_the_knowledge_base_is_seeded_and_searchable(seeded):
    from django.contrib.auth.models import AnonymousUser

    from knowledge.models import LanguageVersion, Publication
    from search.models import Kind, SearchEntry
    from search.service import search

    publications = Publication.objects.filter(slug__startswith="bench-")
    assert publications.count() == 10  # 10,000 × 0.001
    pages = sum(LanguageVersion.objects.values_list("page_count", flat=True))
    assert pages == 200  # 200,000 × 0.001
    assert SearchEntry.objects.filter(kind="publication").count() == 10
    # The broad word is in every Polish text; the public page of a result opens.
    results = search("integracja", user=AnonymousUser(), kinds=(Kind.PUBLICATION,))
    assert results.total == publications.filter(language="pl").count()
    assert publications.first().get_absolute_url().startswith("/knowledge/publications/bench-")


def test_the_community_and_workshop_pages_of_the_benchmark_exist(seeded):
    from bench.prepare import _live_targets
    from tests.factories.academy import UserFactory

    learner = UserFactory()
    data = {}
    _live_targets(data, [learner])
    from django.test import Client

    client = Client()
    client.force_login(learner)
    for url in data["forum_topic_urls"] + data["forum_list_urls"] + data["directory_urls"]:
        assert client.get(url).status_code == 200, url
    # The directory's word search reads the search index the seed filled.
    found = client.get(data["directory_urls"][2]).text
    assert "Tłumacze języka ukraińskiego na spotkania w urzędzie" in found
    assert "Sale szkoleniowe" not in found
    feed = Client().get(data["calendar_feed_url"])
    assert feed.status_code == 200
    assert feed.content.decode().count("BEGIN:VEVENT") == 50


def test_the_booking_and_coordinator_pages_of_the_benchmark_exist(seeded, tmp_path):
    """The booking race's sessions, the 2,000-person organisation (20 people at this scale)
    with its assignment, and the funder's programme report: every prepared URL answers, a
    booking made as the benchmark makes it is stored, and the check finds no overbooking."""
    from django.test import Client

    from bench.prepare import _booking_targets, _training_targets
    from bench.scale_live import BIG_ORGANISATION
    from tests.factories.academy import UserFactory
    from training.models import Assignee
    from workshops.models import Booking

    learner = UserFactory()
    data = {}
    _booking_targets(data, [learner])
    _training_targets(data)
    assert len(data["booking_session_ids"]) == 30
    client = Client()
    client.force_login(learner)
    first = data["booking_session_ids"][0]
    response = client.post(f"/workshops/sessions/{first}/book/", {"seat": "online"})
    assert response.status_code == 302
    assert Booking.objects.get(session_id=first, user=learner).status == Booking.Status.BOOKED
    people = Assignee.objects.filter(assignment__organisation__name=BIG_ORGANISATION)
    assert people.count() == scaled("learners", SCALE)
    for role in ("coordinator", "funder"):
        signed_in = Client()
        signed_in.cookies["sessionid"] = data[role]["session"]
        for url in data[role]["urls"]:
            assert signed_in.get(url).status_code == 200, url
    page = Client()
    page.cookies["sessionid"] = data["coordinator"]["session"]
    assert people.first().user.full_name in page.get(data["coordinator"]["urls"][0]).text
    sink = _Sink()
    call_command("bench_bookings_check", parts=str(tmp_path), stdout=sink)
    assert "1 booked, 0 waitlisted, 0 oversold" in "".join(sink.lines)
    # A fresh run forgets the earlier runs' bookings, so every run books afresh.
    _booking_targets({}, [learner])
    assert not Booking.objects.filter(user=learner).exists()


def test_without_knowledge_leaves_out_the_knowledge_base_and_says_how_big_the_data_is():
    from knowledge.models import Publication
    from search.models import SearchEntry

    out = _Sink()
    call_command("seed_scale", scale=SCALE, without_knowledge=True, stdout=out)
    assert Certificate.objects.count() == scaled("certificates", SCALE)
    assert not Publication.objects.exists()
    assert not SearchEntry.objects.filter(kind="publication").exists()
    report = out.lines[-1]
    assert report.startswith("Peak memory ") and " MB on disk" in report


def test_the_catalogue_searches_the_index_as_in_production(seeded):
    from search.models import Kind, SearchEntry
    from search.service import catalog_course_ids

    courses = Course.objects.filter(slug__startswith="scale-")
    assert SearchEntry.objects.filter(kind=Kind.COURSE).count() == courses.count()
    pages = Item.objects.filter(course__in=courses, kind__in=["page", "video"]).count()
    assert SearchEntry.objects.filter(kind=Kind.COURSE_CONTENT).count() == pages
    course = courses.order_by("pk").first()
    # The index answers (a list), not None, which would send the catalogue to its fallback.
    assert course.pk in catalog_course_ids(course.title)
