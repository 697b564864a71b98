"""Personas shared by every test: a learner, a trainer, a coordinator and staff in one
organisation, and a member of a second organisation to prove isolation."""

import pytest
from django.test import Client

from academy import mfa as staff_mfa
from academy.models import Membership
from tests.factories.academy import PASSWORD, MembershipFactory, OrganisationFactory, UserFactory

pytest_plugins = ["tests.s3"]  # the loopback S3 server of the storage tests


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def organisation(db):
    return OrganisationFactory(name="Urząd Gminy Testowo")


@pytest.fixture
def other_organisation(db):
    return OrganisationFactory(name="Fundacja Druga")


@pytest.fixture
def learner(organisation):
    user = UserFactory(email="learner@example.org", full_name="Łucja Źdźbło-Kowalska")
    MembershipFactory(user=user, organisation=organisation)
    return user


@pytest.fixture
def trainer(organisation):
    user = UserFactory(email="trainer@example.org", full_name="Tomasz Trener", trainer=True)
    MembershipFactory(user=user, organisation=organisation)
    return user


@pytest.fixture
def coordinator(organisation):
    user = UserFactory(email="coordinator@example.org", full_name="Celina Koordynator")
    MembershipFactory(user=user, organisation=organisation, role=Membership.Role.COORDINATOR)
    return user


@pytest.fixture
def staff(db):
    return UserFactory(
        email="staff@example.org", full_name="Stefan Staff", is_staff=True, is_superuser=True
    )


@pytest.fixture
def outsider(other_organisation):
    """A member of a second organisation: must never see the first one's data."""
    user = UserFactory(email="outsider@example.org", full_name="Олена Іваненко")
    MembershipFactory(user=user, organisation=other_organisation)
    return user


@pytest.fixture
def other_coordinator(other_organisation):
    user = UserFactory(email="other-coordinator@example.org", full_name="Oskar Inny")
    MembershipFactory(user=user, organisation=other_organisation, role=Membership.Role.COORDINATOR)
    return user


@pytest.fixture(autouse=True)
def _force_login_passes_staff_mfa():
    """A staff session made by ``Client.force_login`` counts as having passed two-factor
    authentication (academy/mfa.py), as if the person had typed their code; real
    sign-ins through the login form are left alone. Tests of the guard itself use
    ``client_for(staff, mfa=False)``."""
    from django.contrib.auth.signals import user_logged_in
    from django.core.handlers.wsgi import WSGIRequest

    def receiver(sender, request, user, **kwargs):
        if user.is_staff and request is not None and not isinstance(request, WSGIRequest):
            staff_mfa.mark_mfa_passed(request, user)

    user_logged_in.connect(receiver, dispatch_uid="tests-force-login-mfa")
    yield
    user_logged_in.disconnect(dispatch_uid="tests-force-login-mfa")


def _client_for(user, *, mfa=True):
    client = Client()
    if user is not None:
        client.force_login(user)
        if not mfa:
            session = client.session
            session.pop(staff_mfa.SESSION_KEY, None)
            session.save()
    return client


@pytest.fixture
def client_for():
    """client_for(user) gives a signed-in test client (anonymous for None). Staff
    sessions have passed two-factor authentication unless ``mfa=False``."""
    return _client_for


def run_concurrently(function, count=2):
    """Call ``function(index)`` from ``count`` threads released at the same moment.

    For races on PostgreSQL (use with ``django_db(transaction=True)``). Returns the
    results, or the exceptions raised, in thread order. Each thread closes its own
    database connection.
    """
    import threading

    from django.db import connection

    barrier = threading.Barrier(count)
    results = [None] * count

    def worker(index):
        try:
            barrier.wait()
            results[index] = function(index)
        except Exception as error:  # noqa: BLE001 - the test inspects what each thread got
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@pytest.fixture
def concurrent_db():
    """For thread races. PostgreSQL serialises them with row locks; the SQLite test
    database is a file in WAL mode with IMMEDIATE transactions, so writers there really
    wait for each other too. `make test` runs every race on both."""
    from django.db import connection

    if connection.vendor not in ("postgresql", "sqlite"):
        pytest.skip(f"no thread-race support known for {connection.vendor}")


@pytest.fixture
def postgres_only(concurrent_db):
    """The fixture's first name, kept for the tests written against it."""


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate limits and other cached state must not leak from one test to the next."""
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()
    yield
    for cache in caches.all():
        cache.clear()
