"""Tasks here run through a real worker: the database backend's ``db_worker`` (in this
process, so it sees the test's transaction), or RQ's worker when the suite runs with
ACADEMY_TASKS_BACKEND=rq (CI does that once for the tests marked ``tasks_backend``)."""

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command

DB_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def _run_db_worker():
    call_command(
        "db_worker",
        batch=True,
        reload=False,
        startup_delay=False,
        interval=0,
        queue_name="*",
        verbosity=0,
    )


def _run_rq_worker():
    import django_rq
    from django_tasks_rq.backend import Job
    from rq import SimpleWorker

    django_rq.get_worker("default", worker_class=SimpleWorker, job_class=Job).work(burst=True)


@pytest.fixture(autouse=True)
def _keep_the_test_connection(monkeypatch):
    # The worker closes stale connections between tasks; the test's connection holds its
    # transaction, so it must stay open (a real worker process has its own).
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )
    monkeypatch.setattr(
        "background.management.commands.scheduler.close_old_connections", lambda: None
    )


@pytest.fixture
def run_worker(settings, django_capture_on_commit_callbacks):
    """Switch tasks to the real backend; ``run_worker()`` drains the queue through its worker.

    Call the code under test inside ``with commit():`` so on-commit enqueues happen.
    """
    if django_settings.ACADEMY_TASKS_BACKEND == "rq":
        import django_rq

        django_rq.get_queue("default").empty()
        yield _run_rq_worker
    else:
        settings.TASKS = DB_BACKEND
        settings.BACKGROUND_RETRY_BASE_SECONDS = 0
        yield _run_db_worker


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def db_backend(settings):
    settings.TASKS = DB_BACKEND
    settings.BACKGROUND_RETRY_BASE_SECONDS = 0
    return _run_db_worker


@pytest.fixture
def admin_client(staff, client_for):
    """Staff with an authenticator (the admin requires two-factor authentication)."""
    from allauth.mfa.models import Authenticator

    Authenticator.objects.create(
        user=staff, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )
    return client_for(staff)
