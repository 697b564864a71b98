"""Sign-in limits (academy/signin_limits.py): per account with a growing delay, per IP
only for failures; a right password is never refused because of other people's failures."""

import pytest
from django.core.cache import cache

from academy import signin_limits
from tests.factories.academy import UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


@pytest.fixture
def clock(monkeypatch):
    class Clock:
        now = 1_800_000_000.0

        def __call__(self):
            return self.now

    clock = Clock()
    monkeypatch.setattr(signin_limits, "_now", clock)
    return clock


def sign_in(client, email, password, ip="203.0.113.7"):
    response = client.post(LOGIN, {"login": email, "password": password}, REMOTE_ADDR=ip)
    signed_in = "_auth_user_id" in client.session
    client.logout()
    return response, signed_in


def test_an_office_keeps_signing_in_while_others_there_fail_many_times(client, password):
    people = [UserFactory(email=f"clerk{i}@gmina.example.org") for i in range(3)]
    for attempt in range(120):
        _r, ok = sign_in(client, f"someone{attempt % 40}@gmina.example.org", "wrong-password")
        assert not ok
    for person in people:
        _r, ok = sign_in(client, person.email, password)
        assert ok, person.email


def test_a_right_password_is_refused_only_while_its_own_account_is_paused(
    client, clock, learner, password
):
    for _attempt in range(signin_limits.FREE_FAILURES):
        response, _ok = sign_in(client, learner.email, "wrong-password")
        assert "Zbyt wiele" not in response.content.decode()
    response, _ok = sign_in(client, learner.email, "wrong-password")
    assert "Zbyt wiele błędnych haseł dla tego konta" in response.content.decode()
    response, ok = sign_in(client, learner.email, password)
    assert not ok and "Zbyt wiele" in response.content.decode()
    # Someone else from the same address is not affected.
    other = UserFactory(email="colleague@example.org")
    assert sign_in(client, other.email, password)[1]
    clock.now += signin_limits.FIRST_DELAY + 1
    assert sign_in(client, learner.email, password)[1]
    # A right password forgets the failures.
    assert signin_limits.locked_until(learner.email) is None
    assert sign_in(client, learner.email, "wrong-password")[0].status_code == 200
    assert signin_limits.locked_until(learner.email) is None


def test_the_delay_doubles_with_each_further_failure_up_to_the_maximum(rf, clock):
    request = rf.post(LOGIN, REMOTE_ADDR="198.51.100.1")
    delays = []
    for _attempt in range(signin_limits.FREE_FAILURES + 8):
        until = signin_limits.record_failure(request, "Target@Example.org")
        if until is not None:
            delays.append(until - clock.now)
    assert delays[:4] == [30, 60, 120, 240]
    assert max(delays) == signin_limits.MAX_DELAY
    assert signin_limits.locked_until("target@example.org") is not None  # case-insensitive


def test_an_address_spraying_wrong_passwords_pauses_each_account_at_its_first_failure(rf, clock):
    spray = rf.post(LOGIN, REMOTE_ADDR="198.51.100.9")
    for index in range(signin_limits.IP_FAILURES):
        signin_limits.record_failure(spray, f"victim{index}@example.org")
    assert signin_limits.record_failure(spray, "next@example.org") is not None
    # The same first failure from another address costs nothing.
    assert (
        signin_limits.record_failure(rf.post(LOGIN, REMOTE_ADDR="192.0.2.1"), "fresh@example.org")
        is None
    )


def test_counters_live_in_the_shared_cache(rf, clock):
    signin_limits.record_failure(rf.post(LOGIN, REMOTE_ADDR="192.0.2.5"), "someone@example.org")
    assert cache.get(signin_limits._account("someone@example.org") + ":failures") == 1
    assert cache.get("signin:ip:192.0.2.5") == 1


def test_a_password_reset_reopens_sign_in(client, clock, learner):
    from allauth.account.signals import password_reset
    from django.test import RequestFactory

    for _attempt in range(signin_limits.FREE_FAILURES + 1):
        sign_in(client, learner.email, "wrong-password")
    assert signin_limits.locked_until(learner.email) is not None
    password_reset.send(sender=type(learner), request=RequestFactory().get("/"), user=learner)
    assert signin_limits.locked_until(learner.email) is None
