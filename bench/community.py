"""Community figures (a script, not a test): render time of a topic page with 1,000 posts
and of a space's topic list with 10,000 topics, and the author's request time when a
reply notifies 5,000 followers (the fan-out is a task; it is timed apart).

    DATABASE_URL=postgres://…/academy_hN .venv/bin/python manage.py migrate
    DATABASE_URL=postgres://…/academy_hN .venv/bin/python bench/community.py

Creates its own rows (prefix "bench-community"), re-used on the next run. In-process
(django.test.Client, no HTTP server): compare with docs/performance.md's HTTP figures.
"""

from __future__ import annotations

import os
import statistics
import sys
import time

# Run as a script: its own folder (bench/, which has an "http" package) must not shadow
# the standard library, so the project root replaces it on the path.
sys.path[0] = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "academy.settings")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,localhost")
# As served: no DEBUG (cached templates, no query log).
os.environ.setdefault("DJANGO_DEBUG", "0")
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-community-not-secret-" + "x" * 40)

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from academy.models import Membership, Organisation, User  # noqa: E402
from community import services  # noqa: E402
from community.models import Follow, Post, Topic  # noqa: E402
from courses.models import Course, Enrollment  # noqa: E402

PREFIX = "bench-community"
FOLLOWERS = 5000


def _users(count: int) -> list[int]:
    existing = list(
        User.objects.filter(email__startswith=f"{PREFIX}-f").values_list("pk", flat=True)
    )
    if len(existing) < count:
        User.objects.bulk_create(
            [
                User(email=f"{PREFIX}-f{n}@example.org", full_name=f"Obserwator {n}", password="!")
                for n in range(len(existing), count)
            ],
            batch_size=1000,
        )
        existing = list(
            User.objects.filter(email__startswith=f"{PREFIX}-f").values_list("pk", flat=True)
        )
    return existing[:count]


def setup():
    organisation, _ = Organisation.objects.get_or_create(
        name=f"{PREFIX} gmina", defaults={"kind": "municipality", "is_approved": True}
    )
    trainer, _ = User.objects.get_or_create(
        email=f"{PREFIX}-trainer@example.org", defaults={"full_name": "Trener Benchmark"}
    )
    learner, _ = User.objects.get_or_create(
        email=f"{PREFIX}-learner@example.org", defaults={"full_name": "Uczestniczka Benchmark"}
    )
    for user in (trainer, learner):
        Membership.objects.get_or_create(
            user=user, organisation=organisation, defaults={"status": "approved"}
        )
    course, _ = Course.objects.get_or_create(
        slug=f"{PREFIX}-kurs",
        defaults={"title": "Kurs benchmarku", "status": Course.Status.PUBLISHED, "language": "pl"},
    )
    course.trainers.add(trainer)
    Enrollment.objects.get_or_create(
        user=learner, course=course, defaults={"status": "active", "enrolled_at": timezone.now()}
    )
    space = services.course_space_ensure(course)
    now = timezone.now()
    big = Topic.objects.filter(space=space, title="Wątek z 1000 wpisów").first()
    if big is None:
        big = Topic.objects.create(
            space=space, title="Wątek z 1000 wpisów", author=trainer, post_count=1000
        )
        Post.objects.bulk_create(
            [
                Post(
                    topic=big,
                    author=learner if n % 2 else trainer,
                    body=f"<p>Wpis numer {n} o ochronie czasowej i zakwaterowaniu.</p>",
                    created_at=now,
                )
                for n in range(1000)
            ],
            batch_size=500,
        )
    organisation_space = services.organisation_space_ensure(organisation)
    have = Topic.objects.filter(space=organisation_space).count()
    if have < 10_000:
        Topic.objects.bulk_create(
            [
                Topic(
                    space=organisation_space,
                    title=f"Temat {n}",
                    author=trainer,
                    post_count=1,
                    last_post_at=now,
                )
                for n in range(have, 10_000)
            ],
            batch_size=1000,
        )
    # 5,000 followers of the reply topic, all enrolled so they may be told.
    reply_topic = Topic.objects.filter(
        space=space, title="Wątek obserwowany przez 5000 osób"
    ).first()
    if reply_topic is None:
        reply_topic = services.topic_create(
            space=space,
            author=trainer,
            kind="discussion",
            title="Wątek obserwowany przez 5000 osób",
            body="<p>Start</p>",
        )
    ids = _users(FOLLOWERS)
    Enrollment.objects.bulk_create(
        [Enrollment(user_id=pk, course=course, status="active", enrolled_at=now) for pk in ids],
        ignore_conflicts=True,
        batch_size=1000,
    )
    Follow.objects.bulk_create(
        [Follow(user_id=pk, topic=reply_topic) for pk in ids],
        ignore_conflicts=True,
        batch_size=1000,
    )
    return trainer, learner, space, organisation_space, big, reply_topic


def timed(client, url, runs=40):
    client.get(url, secure=True)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(url, secure=True)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.status_code
    with CaptureQueriesContext(connection) as captured:
        client.get(url, secure=True)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1], len(captured)


def main():
    with transaction.atomic():
        trainer, learner, space, organisation_space, big, reply_topic = setup()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # fresh statistics after the bulk inserts
            cursor.execute("ANALYZE community_topic, community_post, community_follow")
    client = Client()
    client.force_login(learner)
    print(f"database: {connection.vendor}")
    for label, url in (
        ("reference: /healthz (one query, no template)", "/healthz"),
        ("topic, 1,000 posts, page 1", f"/community/t/{big.pk}/"),
        ("topic, 1,000 posts, last page", f"/community/t/{big.pk}/?page=last"),
        ("topic list, 10,000 topics, page 1", f"/community/s/{organisation_space.slug}/"),
        (
            "topic list, 10,000 topics, page 200",
            f"/community/s/{organisation_space.slug}/?page=200",
        ),
    ):
        p50, p95, queries = timed(client, url)
        print(f"{label}: p50 {p50:.1f} ms, p95 {p95:.1f} ms, {queries} queries")
    # The author's reply with 5,000 followers: the request only enqueues the fan-out.
    author = Client()
    author.force_login(trainer)
    times = []
    from django.core.cache import cache

    for n in range(10):
        cache.clear()  # the rate limit
        start = time.perf_counter()
        response = author.post(
            f"/community/t/{reply_topic.pk}/reply/",
            {"body": f"<p>Odpowiedź {n} {time.time()}</p>"},
            secure=True,
        )
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 302
    times.sort()
    print(
        f"author's reply request, {FOLLOWERS} followers: p50 {statistics.median(times):.1f} ms, max {times[-1]:.1f} ms (fan-out enqueued)"
    )
    from community.fanout import post_fan_out
    from notifications.models import Notification

    post = Post.objects.filter(topic=reply_topic).order_by("-pk").first()
    start = time.perf_counter()
    with transaction.atomic():
        sent = post_fan_out(post.pk, new_topic=False)
    print(
        f"fan-out task for one reply: {sent} notifications in {(time.perf_counter() - start) * 1000:.0f} ms"
    )
    Notification.objects.filter(
        type__startswith="community.", recipient__email__startswith=PREFIX
    ).delete()


if __name__ == "__main__":
    from django.conf import settings
    from django.test.utils import override_settings

    # Without collectstatic there is no manifest: plain static URLs, same templates.
    plain = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(STORAGES=plain):
        main()
