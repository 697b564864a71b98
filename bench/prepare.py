"""What the load tool needs before a run: its own accounts, signed-in sessions and the
ids of real pages, written to a JSON file (the load tool has no database access).

- HTTP benchmark: 16 learners (one per concurrent user) enrolled in a few scale courses,
  their progress reset before each run so "mark complete" and "quiz submit" always do
  the real first-time work; a trainer of those courses; certificate codes to verify.
- Soak: 200 learners with a real password (they sign in through allauth) and small soak
  courses (6 steps ending with a 5-question quiz) so each journey reaches a certificate.
"""

from __future__ import annotations

import secrets
import uuid
from importlib import import_module

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from academy.models import Membership, Organisation, User
from assessments.models import Attempt, Choice, Question, Quiz, QuizQuestion
from certificates.models import Certificate, CertificateEvent
from courses.authoring import structure_edit
from courses.models import Course, Enrollment, Item, ItemProgress, Module, Page

from .scale import EMAIL_DOMAIN, PASSWORD

BENCH_DOMAIN = "bench.academy.example"
COURSES_PER_BENCH_USER = 8


def session_for(user) -> str:
    """A signed-in session key, as django.contrib.auth.login would store it."""
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key


def _user(email: str, name: str, password_hash: str) -> User:
    user, created = User.objects.get_or_create(
        email=email,
        defaults={"full_name": name, "password": password_hash, "preferred_language": "pl"},
    )
    if created:
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def _reset(users) -> None:
    """Forget what earlier runs did, so every run measures first-time work."""
    enrollments = Enrollment.objects.filter(user__in=users)
    certificates = Certificate.objects.filter(user__in=users)
    CertificateEvent.objects.filter(certificate__in=certificates).delete()
    certificates.update(replaced_by=None)
    certificates.delete()
    Attempt.objects.filter(user__in=users).delete()
    ItemProgress.objects.filter(enrollment__in=enrollments).delete()
    enrollments.update(
        required_completed=0,
        percent=0,
        completed_at=None,
        last_item=None,
        last_activity_at=None,
        # Progress rows were deleted: no cached outline of the old progress may be read.
        progress_token=uuid.uuid4(),
    )


def _trainer_report_url(course: Course, quiz_item: Item | None) -> str:
    """The trainer's report on a course: the studio's learners page once it exists, else
    the quiz results per learner (assessments), else the course's certificates."""
    for name, kwargs in (
        ("studio:learners", {"slug": course.slug}),
        ("studio:course_learners", {"slug": course.slug}),
    ):
        try:
            return reverse(name, kwargs=kwargs)
        except NoReverseMatch:
            continue
    if quiz_item is not None:
        return reverse("assessments:results", kwargs={"item_id": quiz_item.pk})
    return reverse("certificates:course", kwargs={"slug": course.slug})


def _quiz_answers(quiz_items) -> dict[str, dict[str, int]]:
    answers: dict[str, dict[str, int]] = {}
    placements = QuizQuestion.objects.filter(quiz_id__in=[i.pk for i in quiz_items])
    question_quiz = dict(placements.values_list("question_id", "quiz_id"))
    for choice in Choice.objects.filter(question_id__in=question_quiz, is_correct=True):
        answers.setdefault(str(question_quiz[choice.question_id]), {})[str(choice.question_id)] = (
            choice.pk
        )
    return answers


@transaction.atomic
def prepare_http(*, users: int = 16) -> dict:
    courses = list(
        Course.objects.filter(slug__startswith="scale-", is_sequential=False).order_by("pk")
    )
    if not courses:
        raise RuntimeError("No scale data: run manage.py seed_scale first.")
    password_hash = make_password(None)  # unusable: these accounts use prepared sessions
    learners = [
        _user(f"learner{i:02d}@{BENCH_DOMAIN}", f"Bench Learner {i + 1}", password_hash)
        for i in range(users)
    ]
    _reset(learners)
    trainer = courses[0].trainers.first()
    now = timezone.now()
    data = {"learners": [], "trainer": {}, "courses": [], "verify_codes": [], "catalog_queries": []}
    for index, learner in enumerate(learners):
        chosen = [
            courses[(index + k) % len(courses)]
            for k in range(min(COURSES_PER_BENCH_USER, len(courses)))
        ]
        for course in chosen:
            Enrollment.objects.get_or_create(
                user=learner,
                course=course,
                defaults={
                    "status": Enrollment.Status.ACTIVE,
                    "enrolled_at": now,
                    "required_total": 40,
                },
            )
        items = []
        for course in chosen:
            for item in Item.objects.active().filter(course=course).in_order().only("pk", "kind"):
                items.append({"slug": course.slug, "id": item.pk, "kind": item.kind})
        data["learners"].append(
            {"email": learner.email, "session": session_for(learner), "items": items}
        )
    quiz_items = list(Item.objects.filter(course__in=courses, kind="quiz"))
    data["answers"] = _quiz_answers(quiz_items)
    taught = [c for c in courses if c.trainers.filter(pk=trainer.pk).exists()]
    data["trainer"] = {
        "email": trainer.email,
        "session": session_for(trainer),
        "report_urls": [
            _trainer_report_url(c, next((i for i in quiz_items if i.course_id == c.pk), None))
            for c in taught[:4]
        ],
    }
    data["report_kind"] = data["trainer"]["report_urls"][0]
    data["courses"] = [
        c.slug for c in Course.objects.filter(slug__startswith="scale-").order_by("pk")
    ]
    data["verify_codes"] = [
        c.display_code
        for c in Certificate.objects.filter(user__email__endswith="@" + EMAIL_DOMAIN).order_by(
            "pk"
        )[:500]
    ]
    data["catalog_queries"] = ["", "?q=integracja", "?language=pl", "?level=beginner", "?page=2"]
    # Knowledge-base search (bench.scale_knowledge): broad (in nearly every text), narrow
    # (about 1 %), inflected, unaccented, a typo, and one filtered by kind.
    data["search_queries"] = [
        "?q=integracja",
        "?q=integracji+gminy",
        "?q=t%C5%82umaczy+przysi%C4%99g%C5%82ych",
        "?q=tlumaczy",
        "?q=integrcja",
        "?q=zakwaterowanie&kind=publication",
    ]
    data["knowledge_urls"] = [
        "/knowledge/",
        "/knowledge/publications/",
        "/knowledge/publications/?type=report",
        "/knowledge/publications/?language=uk&page=2",
        "/knowledge/publications/?year=2025&page=5",
    ]
    _live_targets(data, learners)
    return data


def _live_targets(data: dict, learners) -> None:
    """The community and workshop pages (bench.scale_live). The bench learners become
    approved members of a scale organisation: verified members read the communities."""
    from academy.models import Membership, Organisation
    from community.models import Topic

    from .scale_live import BIG_TOPIC_TITLE, FEED_TOKEN, LIST_SPACE, TOPIC_SPACE

    organisation = Organisation.objects.filter(is_approved=True).order_by("pk").first()
    for learner in learners:
        Membership.objects.update_or_create(
            user=learner,
            organisation=organisation,
            defaults={"status": Membership.Status.APPROVED},
        )
    big = Topic.objects.get(space__slug=TOPIC_SPACE, title=BIG_TOPIC_TITLE)
    data["forum_topic_urls"] = [f"/community/t/{big.pk}/", f"/community/t/{big.pk}/?page=last"]
    data["forum_list_urls"] = [f"/community/s/{LIST_SPACE}/", f"/community/s/{LIST_SPACE}/?page=2"]
    data["calendar_feed_url"] = f"/calendar/{FEED_TOKEN}.ics"
    data["directory_urls"] = [
        "/community/partners/",
        "/community/partners/?voivodeship=mazowieckie",
        "/community/partners/?q=t%C5%82umacz+ukrai%C5%84ski",
        "/community/partners/?offer_kind=need&page=2",
    ]
    _booking_targets(data, learners)
    _training_targets(data)


def _booking_targets(data: dict, learners) -> None:
    """Every run books the same sessions afresh: earlier runs' bookings are removed."""
    from workshops.models import Booking, Session

    from .scale_live import BOOKING_WORKSHOP_TITLE

    sessions = Session.objects.filter(workshop__title=BOOKING_WORKSHOP_TITLE).order_by(
        "starts_at", "pk"
    )
    Booking.objects.filter(session__in=sessions, user__in=learners).delete()
    data["booking_session_ids"] = list(sessions.values_list("pk", flat=True))


def _training_targets(data: dict) -> None:
    """The coordinator of the 2,000-person organisation, and a funder who may read the
    programme reports (a permission, not staff: staff pages also ask for two-factor)."""
    from django.contrib.auth.models import Permission

    from training.models import Assignment

    from .scale_live import BIG_ORGANISATION

    organisation = Organisation.objects.get(name=BIG_ORGANISATION)
    password_hash = make_password(None)
    coordinator = _user(f"coordinator@{BENCH_DOMAIN}", "Bench Coordinator", password_hash)
    Membership.objects.update_or_create(
        user=coordinator,
        organisation=organisation,
        defaults={"status": Membership.Status.APPROVED, "role": Membership.Role.COORDINATOR},
    )
    assignment = Assignment.objects.filter(organisation=organisation).order_by("pk").first()
    base = f"/training/people/?organisation={organisation.pk}"
    data["coordinator"] = {
        "session": session_for(coordinator),
        "urls": [
            base,
            base + "&page=20",
            base + "&state=overdue",
            f"/training/assignments/{assignment.pk}/?organisation={organisation.pk}&page=5",
        ],
    }
    funder = _user(f"funder@{BENCH_DOMAIN}", "Bench Funder", password_hash)
    funder.user_permissions.add(
        Permission.objects.get(
            content_type__app_label="training", codename="view_programme_reports"
        )
    )
    data["funder"] = {
        "session": session_for(funder),
        "urls": [
            "/reports/",
            "/reports/?by=course",
            "/reports/?by=kind&voivodeship=lubelskie",
            "/reports/?by=topic",
            "/reports/?by=period&start=2026-01-01&end=2026-12-31",
        ],
    }


@transaction.atomic
def prepare_soak(*, users: int = 200, courses: int = 10) -> dict:
    password_hash = make_password(PASSWORD)
    learners = [
        _user(f"soak{i:04d}@{BENCH_DOMAIN}", f"Soak Łucja Ковальчук {i + 1}", password_hash)
        for i in range(users)
    ]
    _reset(learners)
    Enrollment.objects.filter(user__in=learners).delete()
    organisation = Organisation.objects.filter(
        name_key="bench soak organisation"
    ).first() or Organisation.objects.create(
        name="Bench soak organisation", kind="ngo", is_approved=True
    )
    for learner in learners:
        Membership.objects.get_or_create(
            user=learner, organisation=organisation, defaults={"status": Membership.Status.APPROVED}
        )
    trainer = _user(f"soak-trainer@{BENCH_DOMAIN}", "Soak Trainer", password_hash)
    soak_courses = []
    for index in range(courses):
        course, created = Course.objects.get_or_create(
            slug=f"soak-{index + 1:02d}",
            defaults={
                "title": f"Soak: integracja lokalna {index + 1}",
                "status": Course.Status.PUBLISHED,
                "published_at": timezone.now(),
                "estimated_hours": 2,
                "certificate_enabled": True,
            },
        )
        if created:
            course.trainers.add(trainer)
            _soak_outline(course, trainer)
        soak_courses.append(course)
    items = {}
    for course in soak_courses:
        items[course.slug] = [
            {"id": i.pk, "kind": i.kind}
            for i in Item.objects.active().filter(course=course).in_order()
        ]
    quiz_items = list(Item.objects.filter(course__in=soak_courses, kind="quiz"))
    return {
        "learners": [u.email for u in learners],
        "password": PASSWORD,
        "courses": items,
        "answers": _quiz_answers(quiz_items),
        "race_session": _soak_race(trainer, learners),
        "topics": _soak_topics(soak_courses, trainer),
        "search_queries": ["?q=integracja", "?q=uchodzcow", "?q=t%C5%82umacz", "?q=gmina"],
    }


SOAK_RACE_TITLE = "Soak: wyścig o ostatnie miejsca"
SOAK_RACE_SEATS = 20


def _soak_race(trainer: User, learners) -> int:
    """One session of 20 places that every soak learner tries to book at once."""
    from datetime import timedelta

    from workshops import services as workshop_services
    from workshops.models import Booking, Session, Workshop

    workshop = Workshop.objects.filter(title=SOAK_RACE_TITLE).first()
    if workshop is None:
        workshop = workshop_services.workshop_create(title=SOAK_RACE_TITLE, actor=trainer)
        start = timezone.now().replace(microsecond=0) + timedelta(days=400)
        workshop_services.session_create(
            workshop=workshop,
            blocks=[(start, start + timedelta(hours=3))],
            online_capacity=SOAK_RACE_SEATS,
            mode=Session.Mode.ONLINE,
            meeting_url="https://meet.example.org/soak",
        )
    session = workshop.sessions.get()
    Booking.objects.filter(session=session).delete()
    return session.pk


def _soak_topics(courses, trainer: User) -> dict[str, int]:
    """A fresh question in every soak course's space: the learners answer it."""
    from community.models import Topic
    from community.services import course_space_ensure

    stamp = timezone.now().strftime("%Y-%m-%d %H:%M:%S")
    topics = {}
    for course in courses:
        space = course_space_ensure(course)
        topic = Topic.objects.create(
            space=space,
            kind=Topic.Kind.QUESTION,
            title=f"Jak u Was wygląda pierwszy kontakt z cudzoziemcem? ({stamp})",
            author=trainer,
        )
        topics[course.slug] = topic.pk
    return topics


def _soak_outline(course: Course, trainer: User) -> None:
    with structure_edit(course):
        _soak_modules(course, trainer)


def _soak_modules(course: Course, trainer: User) -> None:
    for m in range(2):
        module = Module.objects.create(course=course, title=f"Moduł {m + 1}", position=m)
        for position in range(3):
            is_quiz = m == 1 and position == 2
            item = Item.objects.create(
                course=course,
                module=module,
                position=position,
                kind="quiz" if is_quiz else "page",
                title="Sprawdź się" if is_quiz else f"Strona {m + 1}.{position + 1}",
            )
            if not is_quiz:
                Page.objects.create(item=item, body="<p>Materiał do przeczytania.</p>")
                continue
            quiz = Quiz.objects.create(item=item, pass_mark=60, shuffle_choices=True)
            for q in range(5):
                question = Question.objects.create(
                    owner=trainer, type="single", text=f"Pytanie {q + 1}"
                )
                for c in range(4):
                    Choice.objects.create(
                        question=question, text=f"Odpowiedź {c + 1}", is_correct=c == 0, position=c
                    )
                QuizQuestion.objects.create(quiz=quiz, question=question, position=q)


def soak_state(emails: list[str]) -> dict:
    """What the database holds for the soak learners (checked against the client's log)."""
    completed = set(
        ItemProgress.objects.filter(
            enrollment__user__email__in=emails, state=ItemProgress.State.COMPLETED
        ).values_list("enrollment__user__email", "item_id")
    )
    submitted = set(
        Attempt.objects.filter(user__email__in=emails)
        .exclude(state=Attempt.State.OPEN)
        .values_list("pk", flat=True)
    )
    current = Certificate.objects.current().filter(user__email__in=emails)
    per_enrollment: dict[int, int] = {}
    for enrollment_id in current.values_list("enrollment_id", flat=True):
        per_enrollment[enrollment_id] = per_enrollment.get(enrollment_id, 0) + 1
    completed_enrollments = set(
        Enrollment.objects.filter(user__email__in=emails, completed_at__isnull=False).values_list(
            "pk", flat=True
        )
    )
    from community.models import Post
    from workshops.models import Booking

    posts = set(Post.objects.filter(author__email__in=emails).values_list("author__email", "pk"))
    bookings = {
        email: status
        for email, status in Booking.objects.filter(
            user__email__in=emails, session__workshop__title=SOAK_RACE_TITLE
        ).values_list("user__email", "status")
    }
    return {
        "posts": posts,
        "bookings": bookings,
        "completed": completed,
        "submitted": submitted,
        "duplicate_certificates": sum(count - 1 for count in per_enrollment.values() if count > 1),
        "missing_certificates": len(completed_enrollments - set(per_enrollment)),
        "certificates": sum(per_enrollment.values()),
        "completed_enrollments": len(completed_enrollments),
    }


def random_csrf() -> str:
    return secrets.token_hex(16)  # 32 characters, a valid unmasked CSRF secret
