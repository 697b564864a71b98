import importlib

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction


class Command(BaseCommand):
    help = "Create or refresh the demo organisations, people and courses. Safe to run again."

    def handle(self, *args, **options):
        # Each app that has demo content keeps it in its own ``demo.py`` with ``seed(stdout)``;
        # academy (people) runs first, the others in INSTALLED_APPS order.
        with transaction.atomic():
            for config in apps.get_app_configs():
                try:
                    module = importlib.import_module(f"{config.name}.demo")
                except ModuleNotFoundError as error:
                    if error.name != f"{config.name}.demo":
                        raise
                    continue
                module.seed(self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data is ready."))
        # The address links in emails and certificates use (make run sets it to the one it serves).
        self.stdout.write(
            f"Links in emails and certificates: {settings.ACADEMY_BASE_URL}/ (ACADEMY_BASE_URL)"
        )
