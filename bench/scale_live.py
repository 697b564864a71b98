"""Scale data for the community and the workshops (issues 19, 17, 23).

- Two thematic communities, readable by every verified member (so any scale learner can
  open them): one topic of 1,000 posts in the first, 10,000 topics in the second.
- One online workshop of 50 sessions, every one booked by the first scale learner, whose
  calendar feed (``/calendar/<token>.ics``) then lists 50 sessions.

Below scale 0.1 (the CI smoke) the volumes are a tenth, so the seed stays quick.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

from community.models import Post, Space, Topic
from courses.authoring import module_create
from courses.models import Course
from workshops import services as workshop_services
from workshops.models import Booking, CalendarToken, Session

TOPIC_SPACE = "bench-forum"
LIST_SPACE = "bench-forum-list"
FEED_TOKEN = "bench-calendar-feed"
BIG_TOPIC_TITLE = "Zakwaterowanie zbiorowe: doświadczenia gmin (1000 wpisów)"


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
