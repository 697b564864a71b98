"""Scale data for the community and the workshops (issues 19, 17, 23).

- Two thematic communities, readable by every verified member (so any scale learner can
  open them): one topic of 1,000 posts in the first, 10,000 topics in the second.
- One online workshop of 50 sessions, every one booked by the first scale learner, whose
  calendar feed (``/calendar/<token>.ics``) then lists 50 sessions.
- A listed online workshop of 300 sessions of ten places each, which the HTTP benchmark's
  users book in the same order: sixteen people race for ten seats at every step.
- The partnerships directory: every scale organisation listed with offers and needs (500
  at scale 1), in the search index as the directory's own search reads them.
- An organisation of 2,000 approved members (scale learners) with a course assigned to
  all of them: the coordinator's assignment view at that size.

Below scale 0.1 (the CI smoke) the volumes are a tenth, so the seed stays quick.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

from academy.models import Membership, Organisation, User, organisation_name_key
from community.models import Offer, PartnerProfile, Post, Space, Topic
from community.search import offer_index
from courses.authoring import module_create
from courses.models import Course
from training.models import Assignment
from training.services import assignment_create
from workshops import services as workshop_services
from workshops.models import Booking, CalendarToken, Session

from .scale import EMAIL_DOMAIN

TOPIC_SPACE = "bench-forum"
LIST_SPACE = "bench-forum-list"
FEED_TOKEN = "bench-calendar-feed"
BIG_TOPIC_TITLE = "Zakwaterowanie zbiorowe: doświadczenia gmin (1000 wpisów)"
BOOKING_WORKSHOP_TITLE = "Zapisy na warsztaty (bench)"
BOOKING_SESSIONS = 300
BOOKING_SEATS = 10
BIG_ORGANISATION = "Urząd Marszałkowski (bench, 2000 osób)"
BIG_ORGANISATION_PEOPLE = 2_000


def _volumes(scale: float) -> tuple[int, int, int]:
    if scale >= 0.1:
        return 1_000, 10_000, 50
    return 100, 1_000, 50


def seed(*, scale: float, trainer_id: int, learner_ids: list[int], say) -> None:
    posts, topics, sessions = _volumes(scale)
    started = time.monotonic()
    now = datetime(2026, 11, 1, 9, tzinfo=UTC)
    forum = Space.objects.create(
        kind=Space.Kind.COMMUNITY,
        title="Koordynatorzy ds. integracji w gminach (bench)",
        slug=TOPIC_SPACE,
    )
    big = Topic.objects.create(
        space=forum, title=BIG_TOPIC_TITLE, author_id=trainer_id, post_count=posts
    )
    Post.objects.bulk_create(
        [
            Post(
                topic=big,
                author_id=learner_ids[n % len(learner_ids)] if n % 3 else trainer_id,
                body=f"<p>Wpis {n}: w naszej gminie ośrodek zbiorowego zakwaterowania działał "
                f"{n % 12 + 1} miesięcy; najważniejsza była osoba do kontaktu z mieszkańcami.</p>",
                created_at=now + timedelta(minutes=n),
            )
            for n in range(posts)
        ],
        batch_size=1000,
    )
    listing = Space.objects.create(
        kind=Space.Kind.COMMUNITY, title="Zakwaterowanie zbiorowe (bench)", slug=LIST_SPACE
    )
    Topic.objects.bulk_create(
        [
            Topic(
                space=listing,
                title=f"Temat {n}: umowy z właścicielami obiektów",
                author_id=learner_ids[n % len(learner_ids)],
                post_count=1,
                created_at=now + timedelta(minutes=n),
                last_post_at=now + timedelta(minutes=n),
            )
            for n in range(topics)
        ],
        batch_size=1000,
    )
    say(f"  community: {posts} posts, {topics} topics ({time.monotonic() - started:.1f} s)")
    started = time.monotonic()
    _workshop_feed(sessions=sessions, trainer_id=trainer_id, learner_id=learner_ids[0])
    say(f"  workshops: {sessions} booked sessions ({time.monotonic() - started:.1f} s)")
    started = time.monotonic()
    booking = BOOKING_SESSIONS if scale >= 0.1 else 30
    booking_sessions(trainer_id=trainer_id, sessions=booking)
    say(f"  workshops: {booking} sessions to book ({time.monotonic() - started:.1f} s)")
    started = time.monotonic()
    offers = partnership_offers(count=500 if scale >= 0.1 else 50)
    say(f"  partnerships: {offers} offers and needs ({time.monotonic() - started:.1f} s)")
    started = time.monotonic()
    people = big_organisation(people=BIG_ORGANISATION_PEOPLE if scale >= 0.1 else 100)
    say(
        f"  training: an organisation of {people} with an assignment ({time.monotonic() - started:.1f} s)"
    )


def booking_sessions(*, trainer_id: int, sessions: int) -> None:
    """Sessions for the booking benchmark, far in the future so none starts during a run."""
    trainer = User.objects.get(pk=trainer_id)
    workshop = workshop_services.workshop_create(
        title=BOOKING_WORKSHOP_TITLE, actor=trainer, voivodeship="mazowieckie"
    )
    first = datetime(2027, 3, 1, 9, tzinfo=UTC)
    for n in range(sessions):
        start = first + timedelta(days=n)
        workshop_services.session_create(
            workshop=workshop,
            blocks=[(start, start + timedelta(hours=3))],
            online_capacity=BOOKING_SEATS,
            mode=Session.Mode.ONLINE,
            meeting_url="https://meet.example.org/zapisy",
            trainers=[trainer],
        )


def big_organisation(*, people: int) -> int:
    """2,000 approved members (also members of their scale organisation), one of the scale
    courses assigned to all of them through the real service (enrolments, notifications)."""
    learners = list(
        User.objects.filter(email__startswith="learner", email__endswith="@" + EMAIL_DOMAIN)
        .order_by("pk")
        .values_list("pk", flat=True)[:people]
    )
    organisation = Organisation.objects.create(
        name=BIG_ORGANISATION,
        name_key=organisation_name_key(BIG_ORGANISATION),
        kind=Organisation.Kind.VOIVODESHIP_OFFICE,
        voivodeship="mazowieckie",
        is_approved=True,
    )
    Membership.objects.bulk_create(
        [
            Membership(user_id=pk, organisation=organisation, status=Membership.Status.APPROVED)
            for pk in learners
        ],
        batch_size=1000,
    )
    course = Course.objects.filter(slug__startswith="scale-").order_by("pk").first()
    assignment_create(
        organisation=organisation,
        due_on=datetime(2027, 6, 30, tzinfo=UTC).date(),
        scope=Assignment.Scope.ORGANISATION,
        by=None,
        course=course,
    )
    return len(learners)


def _workshop_feed(*, sessions: int, trainer_id: int, learner_id: int) -> None:
    course = Course.objects.create(
        title="Warsztaty online (bench)",
        slug="bench-warsztaty",
        status=Course.Status.PUBLISHED,
        estimated_hours=50,
    )
    course.trainers.add(trainer_id)
    module = module_create(course=course, title="Sesje")
    workshop = workshop_services.workshop_create(
        module=module,
        title="Cykl spotkań: integracja lokalna",
        actor=course.trainers.get(),
        voivodeship="mazowieckie",
    )
    first = datetime(2027, 1, 11, 9, tzinfo=UTC)
    created = []
    for n in range(sessions):
        start = first + timedelta(days=7 * n)
        created.append(
            workshop_services.session_create(
                workshop=workshop,
                blocks=[(start, start + timedelta(hours=2))],
                online_capacity=30,
                mode=Session.Mode.ONLINE,
                meeting_url="https://meet.example.org/integracja",
            )
        )
    Booking.objects.bulk_create(
        [
            Booking(
                session=session, user_id=learner_id, status=Booking.Status.BOOKED, seat="online"
            )
            for session in created
        ]
    )
    CalendarToken.objects.create(user_id=learner_id, token=FEED_TOKEN)


OFFER_TEXTS = [
    (
        Offer.Kind.OFFER,
        "Tłumacze języka ukraińskiego na spotkania w urzędzie",
        "Nasi tłumacze ukraińskiego i rosyjskiego towarzyszą mieszkańcom w urzędach, "
        "szkołach i przychodniach; pomagamy też przy tłumaczeniu pism.",
    ),
    (
        Offer.Kind.NEED,
        "Szukamy partnera samorządowego do projektu integracyjnego",
        "Organizacja pozarządowa szuka gminy do wspólnego wniosku o dofinansowanie "
        "lokalnego programu integracji cudzoziemców.",
    ),
    (
        Offer.Kind.OFFER,
        "Sale szkoleniowe dla organizacji",
        "Udostępniamy sale na szkolenia i spotkania informacyjne dla osób z doświadczeniem "
        "migracji, z dostępem dla osób z niepełnosprawnościami.",
    ),
    (
        Offer.Kind.NEED,
        "Potrzebujemy doradców prawnych ds. legalizacji pobytu",
        "Szukamy prawników i doradców, którzy poprowadzą dyżury dotyczące zezwoleń na pobyt "
        "i ochrony czasowej.",
    ),
    (
        Offer.Kind.OFFER,
        "Kursy języka polskiego dla dorosłych",
        "Prowadzimy bezpłatne kursy języka polskiego na poziomach A1–B1 w godzinach "
        "popołudniowych.",
    ),
]


def partnership_offers(*, count: int) -> int:
    """Offers and needs spread over the scale organisations, indexed for search."""
    organisations = list(Organisation.objects.filter(is_approved=True).order_by("pk"))
    PartnerProfile.objects.bulk_create(
        [
            PartnerProfile(organisation=o, description="Współpraca na rzecz integracji.")
            for o in organisations
        ]
    )
    now = datetime.now(UTC)
    offers = Offer.objects.bulk_create(
        [
            Offer(
                organisation=organisations[n % len(organisations)],
                kind=OFFER_TEXTS[n % len(OFFER_TEXTS)][0],
                title=f"{OFFER_TEXTS[n % len(OFFER_TEXTS)][1]} ({n + 1})",
                body=OFFER_TEXTS[n % len(OFFER_TEXTS)][2],
                created_at=now - timedelta(hours=n),
                expires_at=now + timedelta(days=365),
            )
            for n in range(count)
        ]
    )
    for offer in offers:
        offer_index(offer.pk)
    return len(offers)
