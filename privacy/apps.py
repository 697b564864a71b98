from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "privacy"
    verbose_name = _("Privacy")

    def ready(self) -> None:
        # Each app declares its personal data in its own ``privacy.py``.
        autodiscover_modules("privacy")
        from django.contrib.auth.signals import user_logged_in

        from background.schedule import register as schedule

        from .notices import register_types
        from .signals import on_user_logged_in
        from .tasks import apply_retention, remind_requests, run_deletions

        register_types()
        # Django's signal covers every sign-in (allauth signs in through django.contrib.auth.login).
        user_logged_in.connect(on_user_logged_in, dispatch_uid="privacy.cancel_deletion")
        schedule(name="privacy.run_deletions", cron="30 * * * *", task=run_deletions)
        schedule(name="privacy.apply_retention", cron="15 4 * * *", task=apply_retention)
        schedule(name="privacy.remind_requests", cron="0 8 * * *", task=remind_requests)
