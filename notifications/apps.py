from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from background.schedule import register

        from .tasks import send_digests

        register(name="notifications.send_digests", cron="0 * * * *", task=send_digests)
