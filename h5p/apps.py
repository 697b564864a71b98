from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class H5pConfig(AppConfig):
    name = "h5p"
    verbose_name = _("H5P activities")

    def ready(self) -> None:
        from . import (
            checks,  # noqa: F401 - registers the deploy check
            kinds,
        )

        kinds.register()
