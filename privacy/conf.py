"""The privacy app's settings, each overridable in Django settings or the environment
(docs/privacy.md, "Retention")."""

from __future__ import annotations

import os

from django.conf import settings

DEFAULTS = {
    # Self-service
    "PRIVACY_EXPORT_EXPIRY_DAYS": 7,
    "PRIVACY_DELETION_GRACE_DAYS": 14,
    # Data-subject requests: answered within one month (art. 12(3) GDPR).
    "PRIVACY_REQUEST_DUE_MONTHS": 1,
    "PRIVACY_REQUEST_REMINDER_DAYS": 7,
    # Retention rules run daily by the scheduler.
    "PRIVACY_INACTIVE_ACCOUNT_DAYS": 3 * 365,
    "PRIVACY_INACTIVE_WARNING_DAYS": 30,
    "PRIVACY_H5P_RAW_STATEMENT_DAYS": 365,
    "PRIVACY_TASK_RESULT_DAYS": 30,
    "PRIVACY_EMAIL_DELIVERY_DAYS": 365,
    "PRIVACY_ACCESS_LOG_DAYS": 2 * 365,
    # What an anonymised person is called wherever their name was shown.
    "PRIVACY_ERASED_NAME": "Usunięty użytkownik",
}


def get(name: str):
    if hasattr(settings, name):
        return getattr(settings, name)
    default = DEFAULTS[name]
    raw = os.environ.get(name)
    if raw is None:
        return default
    return type(default)(raw)


def export_root():
    return getattr(settings, "PRIVACY_EXPORT_ROOT", None) or (
        settings.ACADEMY_PRIVATE_MEDIA_ROOT / "privacy-exports"
    )
