"""Sign-in limits: slow down password guessing without locking out an office.

Policy (docs/accounts.md, "Sign-in limits"):

- Per account (the email typed, lower-cased): the first ``FREE_FAILURES`` wrong
  passwords cost nothing; each further one locks the account's sign-in for a delay
  that doubles (``FIRST_DELAY`` … ``MAX_DELAY``). While locked, every attempt for that
  account is refused before the password is checked. The count is forgotten
  ``FAILURE_MEMORY`` seconds after the last failure, on a right password and on a
  password reset.
- Per IP, only failures are counted. A right password is never refused because of
  the address: a town hall behind one address keeps signing in while someone there
  mistypes. When an address has more than ``IP_FAILURES`` failures within
  ``IP_WINDOW``, each wrong password it sends locks that account at once (no free
  attempts), which stops spraying one password over many accounts.

Counters live in ``django.core.cache``: the shared Redis cache when ``REDIS_URL`` is
set (all workers and hosts see one count). The per-process LocMem cache used without
it is for single-process development only: with several workers each would count
separately.
"""

from __future__ import annotations

import hashlib
import time
from datetime import UTC, datetime

from django.core.cache import cache
from django.utils import formats, timezone

FREE_FAILURES = 5
FIRST_DELAY = 30
MAX_DELAY = 15 * 60
FAILURE_MEMORY = 60 * 60
IP_FAILURES = 50
IP_WINDOW = 15 * 60
LOOKUPS_PER_HOUR = 30  # password-reset answers ("no account with this address") per IP

_now = time.time  # tests move the clock


def _account(login: str) -> str:
    digest = hashlib.sha256(login.strip().lower().encode("utf-8", "replace")).hexdigest()[:32]
    return f"signin:account:{digest}"


def _ip_key(request) -> str:
    return "signin:ip:" + request.META.get("REMOTE_ADDR", "unknown")


def _count(key: str, timeout: int) -> int:
    if cache.add(key, 1, timeout=timeout):
        return 1
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=timeout)
        return 1
    cache.touch(key, timeout)
    return count


def locked_until(login: str) -> float | None:
    """The moment the account's sign-in opens again, or None when it is open."""
    until = cache.get(_account(login) + ":until")
    return until if until is not None and until > _now() else None


def record_failure(request, login: str) -> float | None:
    """Count a wrong password for ``login`` from this request's address; returns the
    moment the account opens again if this failure locked it."""
    failures = _count(_account(login) + ":failures", FAILURE_MEMORY)
    from_ip = _count(_ip_key(request), IP_WINDOW)
    free = 0 if from_ip > IP_FAILURES else FREE_FAILURES
    if failures <= free:
        return None
    delay = min(FIRST_DELAY * 2 ** (failures - free - 1), MAX_DELAY)
    until = _now() + delay
    cache.set(_account(login) + ":until", until, timeout=delay)
    return until


def lookup_over_limit(request) -> bool:
    """Count one "does this address have an account?" answer for the request's address."""
    return (
        _count("signin:lookup:" + request.META.get("REMOTE_ADDR", "unknown"), 60 * 60)
        > LOOKUPS_PER_HOUR
    )


def forget(login: str) -> None:
    cache.delete_many([_account(login) + ":failures", _account(login) + ":until"])


def format_moment(moment: float) -> str:
    local = timezone.localtime(datetime.fromtimestamp(moment, tz=UTC))
    return formats.time_format(local, "H:i:s")
