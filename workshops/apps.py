from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkshopsConfig(AppConfig):
    name = "workshops"
    verbose_name = _("Workshops")

    def ready(self) -> None:
        from background.schedule import register as schedule

        from . import kinds, notices, programme, record, tasks

        kinds.register()
        record.register()
        programme.register()
        notices.register_types()
        schedule(name="workshops.reminders", cron="*/10 * * * *", task=tasks.send_reminders)
        schedule(name="workshops.offers", cron="*/5 * * * *", task=tasks.expire_offers)
