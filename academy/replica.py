"""Read replica routing (DATABASE_REPLICA_URL): read-only pages read from the replica,
everything else from the primary.

A request reads from the replica only when all of these hold (``ReplicaMiddleware``):

- it is a GET or HEAD;
- the browser wrote nothing in the last ``DATABASE_REPLICA_PIN_SECONDS`` (every POST,
  PUT, PATCH or DELETE sets a short cookie that pins the browser to the primary, so a
  learner's next pages show their own answers, progress and sign-in however far the
  replica lags; keep the pin longer than the replica's usual lag);
- it is anonymous (no session cookie), or its path starts with one of
  ``DATABASE_REPLICA_PATHS`` (pages that show nobody's own progress: the knowledge base
  and search by default).

Writes, transactions, sessions, background tasks, management commands and the tests
always use the primary (the router reads from the replica only inside such a request).
"""

from __future__ import annotations

from contextvars import ContextVar

from django.conf import settings
from django.db import connections

REPLICA = "replica"
PIN_COOKIE = "academy_primary"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
PRIMARY_ONLY_APPS = {"sessions", "django_tasks_db", "django_tasks", "background"}

_use_replica: ContextVar[bool] = ContextVar("academy_use_replica", default=False)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if not _use_replica.get() or not replica_configured():
            return "default"
        if model._meta.app_label in PRIMARY_ONLY_APPS:
            return "default"
        if connections["default"].in_atomic_block:
            return "default"  # a transaction reads what it writes
        return REPLICA

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # one database, two copies

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"


def may_use_replica(request) -> bool:
    if not replica_configured() or request.method not in SAFE_METHODS:
        return False
    if request.COOKIES.get(PIN_COOKIE):
        return False
    if not request.COOKIES.get(settings.SESSION_COOKIE_NAME):
        return True
    return request.path.startswith(tuple(settings.DATABASE_REPLICA_PATHS))


class ReplicaMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _use_replica.set(may_use_replica(request))
        try:
            response = self.get_response(request)
        finally:
            _use_replica.reset(token)
        if replica_configured() and request.method not in SAFE_METHODS:
            response.set_cookie(
                PIN_COOKIE,
                "1",
                max_age=settings.DATABASE_REPLICA_PIN_SECONDS,
                httponly=True,
                samesite="Lax",
                secure=request.is_secure(),
            )
        return response
