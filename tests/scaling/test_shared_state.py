"""Shared state across hosts: the Redis cache keeps the academy serving when Redis is down
(a real Redis, and a dead port), sign-in limits still hold; the replica router keeps
writes and read-your-writes on the primary."""

from __future__ import annotations

import socket

import pytest
from django.core.cache import caches
from django.test import RequestFactory

from academy import replica, signin_limits
from academy.cache import ResilientRedisCache

REDIS = "redis://127.0.0.1:6379/6"

pytestmark = pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")


def _dead_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # closed again: nothing listens there


def _redis_up() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


def _cache(location):
    return ResilientRedisCache(
        location,
        {
            "KEY_PREFIX": "h22-test",
            "OPTIONS": {"socket_connect_timeout": 0.3, "socket_timeout": 0.5},
        },
    )


@pytest.fixture
def dead_redis_cache(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "academy.cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{_dead_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 0.3, "socket_timeout": 0.5},
        }
    }
    from django.core.cache import cache

    yield cache
    caches["default"].close()


def test_a_dead_redis_is_a_cache_miss_not_an_error():
    cache = _cache(f"redis://127.0.0.1:{_dead_port()}/0")
    assert cache.ping() is False
    assert cache.get("k") is None
    assert cache.add("k", 1, 60) is True
    assert cache.incr("k") == 2  # counted locally while Redis is away
    cache.set_many({"a": 1, "b": 2})
    assert cache.get_many(["a", "b"]) == {"a": 1, "b": 2}


@pytest.mark.skipif(not _redis_up(), reason="needs the machine's Redis")
def test_keys_written_while_redis_was_away_are_invalidated_when_it_returns(monkeypatch):
    from academy import cache as module

    cache = _cache(REDIS)
    cache.set("session", "signed in", 60)
    assert cache.get("session") == "signed in"
    # Redis unreachable: the process signs the session out in its fallback only.
    client = cache._cache

    def refuse(*args, **kwargs):
        raise ConnectionError("Redis is down")

    monkeypatch.setattr(client, "delete", refuse)
    monkeypatch.setattr(client, "get", refuse)
    cache.delete("session")
    assert cache.get("session") is None
    monkeypatch.undo()
    monkeypatch.setattr(module, "RETRY_SECONDS", 0.0)
    cache._down_until = 0.0
    # Back: the old value Redis still held is not served again.
    assert cache.get("session") is None
    cache.clear()


@pytest.mark.django_db
def test_sign_in_limits_still_lock_an_account_with_redis_down(dead_redis_cache):
    request = RequestFactory().post("/accounts/login/", REMOTE_ADDR="10.0.0.1")
    until = None
    for _ in range(signin_limits.FREE_FAILURES + 1):
        until = signin_limits.record_failure(request, "official@example.org")
    assert until is not None
    assert signin_limits.locked_until("official@example.org") is not None


@pytest.mark.django_db
def test_pages_and_health_with_redis_down(client, learner, dead_redis_cache, settings):
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    client.force_login(learner)
    assert client.get("/dashboard/").status_code == 200
    assert client.get("/courses/").status_code == 200
    health = client.get("/healthz")
    assert health.status_code == 200
    assert health.json()["status"] == "degraded" and health.json()["cache"] == "error"
    assert health.json()["database"] == "ok"


# --- read replica routing ---


@pytest.fixture
def with_replica(settings):
    settings.DATABASES = {**settings.DATABASES, "replica": dict(settings.DATABASES["default"])}
    return settings


def _route(request) -> str:
    from academy.models import User

    token = replica._use_replica.set(replica.may_use_replica(request))
    try:
        return replica.ReplicaRouter().db_for_read(User)
    finally:
        replica._use_replica.reset(token)


def test_without_a_replica_everything_reads_from_the_primary(settings):
    assert "replica" not in settings.DATABASES
    assert _route(RequestFactory().get("/courses/")) == "default"


def test_the_replica_serves_anonymous_reads_and_listed_paths(with_replica):
    factory = RequestFactory()
    assert _route(factory.get("/courses/")) == "replica"
    signed_in = {with_replica.SESSION_COOKIE_NAME: "abc"}
    request = factory.get("/knowledge/")
    request.COOKIES.update(signed_in)
    assert _route(request) == "replica"


def test_writes_and_the_learners_own_pages_stay_on_the_primary(with_replica):
    factory = RequestFactory()
    assert _route(factory.post("/courses/")) == "default"
    mine = factory.get("/courses/kurs/")
    mine.COOKIES[with_replica.SESSION_COOKIE_NAME] = "abc"
    assert _route(mine) == "default", "a signed-in learner's course page shows own progress"
    after_write = factory.get("/knowledge/")
    after_write.COOKIES[replica.PIN_COOKIE] = "1"
    assert _route(after_write) == "default", "read-your-writes after a POST"
    from academy.models import User

    assert replica.ReplicaRouter().db_for_write(User) == "default"


@pytest.mark.django_db
def test_a_write_pins_the_browser_to_the_primary(client, with_replica, learner):
    client.force_login(learner)
    response = client.post("/language/", {"language": "en", "next": "/"})
    assert (
        response.cookies[replica.PIN_COOKIE]["max-age"] == with_replica.DATABASE_REPLICA_PIN_SECONDS
    )


@pytest.mark.django_db(transaction=True)
def test_a_lagging_replica_serves_the_catalogue_and_never_a_learners_own_pages(
    settings, client, learner
):
    """A real second PostgreSQL database as the replica: a copy of the primary taken
    before the learner's write, so it lags behind by that write."""
    from django.db import connection, connections
    from django.test.utils import CaptureQueriesContext
    from psycopg import sql

    from courses.models import Enrollment
    from courses.progress import progress_record
    from tests.factories.courses import CourseFactory, build_course

    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")
    course, items = build_course(items=2, title="Kurs przed kopią")
    enrollment = Enrollment.objects.create(user=learner, course=course)
    primary = dict(connections["default"].settings_dict)
    name = f"{primary['NAME']}_replica"
    connections.close_all()
    import psycopg

    admin = psycopg.connect(
        host=primary["HOST"] or None,
        port=primary["PORT"] or None,
        user=primary["USER"],
        password=primary["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    )
    admin.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
    admin.execute(
        sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
            sql.Identifier(name), sql.Identifier(primary["NAME"])
        )
    )
    # A connection made here, as a host with DATABASE_REPLICA_URL would make it (Django's
    # test case only polices the aliases it knew at its start).
    from django.db.utils import load_backend

    replica_settings = {**primary, "NAME": name}
    replica_connection = load_backend(primary["ENGINE"]).DatabaseWrapper(
        replica_settings, "replica"
    )
    setattr(connections._connections, "replica", replica_connection)
    settings.DATABASES = {**settings.DATABASES, "replica": replica_settings}
    try:
        # The primary moves on: a completion and a new course the replica has not seen.
        progress_record(enrollment=enrollment, item=items[0], completed=True)
        CourseFactory(title="Kurs po kopii")
        with CaptureQueriesContext(connections["replica"]) as on_replica:
            catalogue = client.get("/courses/")
        assert catalogue.status_code == 200
        assert len(on_replica) > 0, "anonymous catalogue reads come from the replica"
        assert "Kurs po kopii" not in catalogue.content.decode(), "the replica lags"
        client.force_login(learner)
        with CaptureQueriesContext(connections["replica"]) as on_replica:
            own = client.get(f"/courses/{course.slug}/learn/")
        assert own.status_code in (200, 302)
        assert len(on_replica) == 0, "a learner's own pages read the primary"
        assert Enrollment.objects.get(pk=enrollment.pk).required_completed == 1
    finally:
        replica_connection.close()
        delattr(connections._connections, "replica")
        admin.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        admin.close()
