from django.core.management.base import BaseCommand

from privacy.docsgen import DOCS_PATH, write


class Command(BaseCommand):
    help = "Write docs/privacy.md from the privacy registry (run after changing a privacy.py)."

    def handle(self, *args, **options):
        changed = write()
        self.stdout.write(f"{DOCS_PATH}: {'updated' if changed else 'unchanged'}")
