"""The retention rules the scheduler runs daily."""

from datetime import timedelta

import pytest
from django.utils import timezone

from background.schedule import entries
from privacy.export import export_storage
from privacy.models import AccountDeletion, DataExport, InactivityWarning
from privacy.retention import retention_apply
from privacy.services import deletion_request
from tests.factories.academy import UserFactory

pytestmark = pytest.mark.django_db


def test_the_privacy_jobs_are_scheduled():
    names = {entry.name for entry in entries()}
    assert {"privacy.run_deletions", "privacy.apply_retention", "privacy.remind_requests"} <= names


def test_an_inactive_account_is_warned_then_anonymised_30_days_later(learner):
    now = timezone.now()
    learner.last_login = now - timedelta(days=3 * 365 + 1)
    learner.save(update_fields=["last_login"])
    active = UserFactory()
    active.last_login = now
    active.save(update_fields=["last_login"])
    assert retention_apply(now=now)["inactive_accounts_warned"] == 1
    assert retention_apply(now=now)["inactive_accounts_warned"] == 0
    assert InactivityWarning.objects.filter(user=learner).exists()
    assert retention_apply(now=now + timedelta(days=29))["inactive_accounts_anonymised"] == 0
    assert retention_apply(now=now + timedelta(days=31))["inactive_accounts_anonymised"] == 1
    learner.refresh_from_db()
    active.refresh_from_db()
    assert learner.full_name == "Usunięty użytkownik" and active.is_active


def test_signing_in_after_the_warning_keeps_the_account(client, learner, password):
    now = timezone.now()
    learner.last_login = now - timedelta(days=4 * 365)
    learner.save(update_fields=["last_login"])
    retention_apply(now=now)
    client.post("/accounts/login/", {"login": learner.email, "password": password})
    assert not InactivityWarning.objects.filter(user=learner).exists()
    retention_apply(now=now + timedelta(days=40))
    learner.refresh_from_db()
    assert learner.is_active


def test_exports_expire_after_seven_days(learner, django_capture_on_commit_callbacks):
    from privacy.export import export_request

    with django_capture_on_commit_callbacks(execute=True):
        export_request(user=learner)
    export = DataExport.objects.get()
    assert export_storage().exists(export.path)
    assert retention_apply(now=timezone.now() + timedelta(days=6))["exports_expired"] == 0
    assert retention_apply(now=timezone.now() + timedelta(days=8))["exports_expired"] == 1
    path = export.path
    export.refresh_from_db()
    assert export.status == "expired" and not export_storage().exists(path)


def test_raw_h5p_statements_are_emptied_after_a_year(learner, trainer):
    from h5p.models import Statement
    from tests.factories.h5p import h5p_activity

    activity = h5p_activity(user=trainer)
    old = Statement.objects.create(activity=activity, user=learner, verb="answered", raw={"a": 1})
    new = Statement.objects.create(activity=activity, user=learner, verb="answered", raw={"b": 2})
    Statement.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=366))
    assert retention_apply()["h5p_raw_statements_emptied"] == 1
    old.refresh_from_db()
    new.refresh_from_db()
    assert old.raw == {} and new.raw == {"b": 2}


def test_a_pending_deletion_is_not_touched_by_retention(learner):
    deletion_request(user=learner)
    retention_apply()
    assert AccountDeletion.objects.get().status == "pending"
