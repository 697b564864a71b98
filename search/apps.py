from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Search")

    def ready(self) -> None:
        from courses.catalog_search import register_catalog_search

        from . import checks, receivers  # noqa: F401 - registers the system check and the indexers
        from .service import catalog_course_ids

        register_catalog_search(catalog_course_ids)
