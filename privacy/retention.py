"""Retention rules run daily by the scheduler (``privacy.tasks.apply_retention``).

Each rule is a function of ``now`` returning how many rows it touched; the periods come
from ``privacy.conf`` (settings or environment) and are listed in docs/privacy.md.
"""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from . import conf


def warn_inactive_accounts(now) -> int:
    """Accounts unused for PRIVACY_INACTIVE_ACCOUNT_DAYS are warned once by email."""
    from django.contrib.auth import get_user_model

    from .erasure import ERASED_DOMAIN
    from .models import InactivityWarning
    from .notices import inactivity_warning

    cutoff = now - timedelta(days=conf.get("PRIVACY_INACTIVE_ACCOUNT_DAYS"))
    users = (
        get_user_model()
        .objects.filter(is_staff=False)
        .filter(Q(last_login__lt=cutoff) | Q(last_login__isnull=True, date_joined__lt=cutoff))
        .exclude(email__endswith=ERASED_DOMAIN)
        .filter(inactivity_warning__isnull=True)
    )
    count = 0
    erase_on = (now + timedelta(days=conf.get("PRIVACY_INACTIVE_WARNING_DAYS"))).date()
    for user in users.iterator():
        InactivityWarning.objects.create(user=user, warned_at=now)
        inactivity_warning(user, erase_on=erase_on)
        count += 1
    return count


def erase_inactive_accounts(now) -> int:
    """Warned accounts still unused PRIVACY_INACTIVE_WARNING_DAYS later are anonymised."""
    from .erasure import erase_user
    from .models import InactivityWarning

    cutoff = now - timedelta(days=conf.get("PRIVACY_INACTIVE_WARNING_DAYS"))
    count = 0
    for warning in InactivityWarning.objects.filter(warned_at__lte=cutoff).select_related("user"):
        user = warning.user
        if user.last_login and user.last_login > warning.warned_at:
            warning.delete()
            continue
        erase_user(user=user)
        count += 1
    return count


def empty_h5p_raw_statements(now) -> int:
    from h5p.models import Statement

    cutoff = now - timedelta(days=conf.get("PRIVACY_H5P_RAW_STATEMENT_DAYS"))
    return Statement.objects.filter(created_at__lt=cutoff).exclude(raw={}).update(raw={})


def prune_task_results(now) -> int:
    from django.conf import settings

    if not settings.TASKS["default"]["BACKEND"].startswith("django_tasks_db"):
        return 0
    from django_tasks_db.models import DBTaskResult

    cutoff = now - timedelta(days=conf.get("PRIVACY_TASK_RESULT_DAYS"))
    deleted, _ = DBTaskResult.objects.filter(finished_at__lt=cutoff).delete()
    return deleted


def expire_exports(now) -> int:
    from .export import export_expire

    return export_expire(now=now)


def prune_email_deliveries(now) -> int:
    from background.models import EmailDelivery

    cutoff = now - timedelta(days=conf.get("PRIVACY_EMAIL_DELIVERY_DAYS"))
    deleted, _ = (
        EmailDelivery.objects.filter(created_at__lt=cutoff)
        .exclude(status=EmailDelivery.Status.PENDING)
        .delete()
    )
    return deleted


def prune_access_log(now) -> int:
    from .models import AccessLog

    cutoff = now - timedelta(days=conf.get("PRIVACY_ACCESS_LOG_DAYS"))
    deleted, _ = AccessLog.objects.filter(at__lt=cutoff).delete()
    return deleted


RULES = [
    ("inactive_accounts_warned", warn_inactive_accounts),
    ("inactive_accounts_anonymised", erase_inactive_accounts),
    ("h5p_raw_statements_emptied", empty_h5p_raw_statements),
    ("task_results_deleted", prune_task_results),
    ("exports_expired", expire_exports),
    ("email_deliveries_deleted", prune_email_deliveries),
    ("access_log_pruned", prune_access_log),
]


def retention_apply(*, now=None) -> dict[str, int]:
    now = now or timezone.now()
    return {name: rule(now) for name, rule in RULES}
