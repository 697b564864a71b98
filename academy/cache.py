"""The shared Redis cache that keeps the academy serving while Redis is down.

``ResilientRedisCache`` is Django's RedisCache; when Redis does not answer (refused,
timed out) each operation falls back to a small per-process LocMem cache and Redis is
left alone for ``RETRY_SECONDS`` before the next try. What that means for correctness:

- pages: cache misses (the course structure is rebuilt from the database);
- sessions: ``cached_db`` reads them from the database;
- rate limits (sign-in, certificate verification, H5P): counted per process while Redis
  is down, so each still holds, only less strictly across hosts;
- ``/healthz`` reports ``"cache": "error"`` (``ping()``) and the status ``degraded``.

The breaker's timestamp is the only per-process state, and it only saves time.
"""

from __future__ import annotations

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNAVAILABLE = (RedisConnectionError, RedisTimeoutError, ConnectionError, TimeoutError, OSError)
RETRY_SECONDS = 5.0
WRITES = {"add", "set", "touch", "delete", "incr", "set_many", "delete_many"}
MAX_DIRTY = 10_000


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._fallback = LocMemCache(f"academy-fallback-{id(self)}", {"OPTIONS": {}})
        self._down_until = 0.0
        # Keys this process wrote or deleted while Redis was away: Redis may hold older
        # values (a session signed out meanwhile), so they are deleted there first when it
        # answers again. Too many to remember: the whole cache is cleared instead.
        self._dirty: set[tuple] = set()
        self._overflow = False

    def _call(self, name, *args):
        if time.monotonic() >= self._down_until:
            try:
                if self._dirty or self._overflow:
                    self._reconcile()
                return getattr(super(), name)(*args)
            except UNAVAILABLE as error:
                self._down_until = time.monotonic() + RETRY_SECONDS
                logger.warning("Redis cache unavailable, using the local fallback: %s", error)
        if name in WRITES:
            self._remember(name, args)
        return getattr(self._fallback, name)(*args)

    def _remember(self, name, args) -> None:
        version = args[-1]
        keys = list(args[0]) if name == "set_many" or name == "delete_many" else [args[0]]
        self._dirty.update((key, version) for key in keys)
        if len(self._dirty) > MAX_DIRTY:
            self._dirty.clear()
            self._overflow = True

    def _reconcile(self) -> None:
        if self._overflow:
            super().clear()
        else:
            by_version: dict = {}
            for key, version in self._dirty:
                by_version.setdefault(version, []).append(key)
            for version, keys in by_version.items():
                super().delete_many(keys, version)
        self._dirty.clear()
        self._overflow = False
        self._fallback.clear()
        logger.warning("Redis cache answers again; keys written meanwhile were invalidated.")

    def ping(self) -> bool:
        """True when Redis answers now (for /healthz; ignores the breaker)."""
        try:
            return bool(self._cache.get_client(write=True).ping())
        except UNAVAILABLE:
            return False

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._call("get", key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", key, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", key, version)

    def incr(self, key, delta=1, version=None):
        return self._call("incr", key, delta, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", keys, version)

    def clear(self):
        self._fallback.clear()
        return self._call("clear")
