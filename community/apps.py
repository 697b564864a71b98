from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    name = "community"
    verbose_name = _("Community")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from background.schedule import register as schedule
        from search.permissions import register_audience

        from . import notices
        from .permissions import audience_tokens
        from .tasks import offers_expire

        notices.register_types()
        register_audience(audience_tokens)
        schedule(name="community.offers_expire", cron="15 3 * * *", task=offers_expire)
