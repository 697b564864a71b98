"""Use the hunspell dictionaries installed on the database server after the migration ran
without them: rebuild the `polish` and `ukrainian` configurations and every entry's vector."""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from search.backends.postgres import dictionaries_installed

LANGUAGES = (("polish", "pl_pl"), ("ukrainian", "uk_ua"))
MAPPED = "asciiword, asciihword, hword_asciipart, word, hword, hword_part"


class Command(BaseCommand):
    help = (
        "Switch search to the Polish and Ukrainian hunspell dictionaries once the server has them."
    )

    def handle(self, *args, **options):
        if connection.vendor != "postgresql":
            raise CommandError("Only PostgreSQL uses dictionaries; SQLite search needs none.")
        with transaction.atomic(), connection.cursor() as cursor:
            for config, files in LANGUAGES:
                dictionary = f"{config}_hunspell"
                if not dictionaries_installed()[config]:
                    try:
                        with transaction.atomic():
                            cursor.execute(
                                f"CREATE TEXT SEARCH DICTIONARY {dictionary} "
                                f"(TEMPLATE = ispell, DictFile = {files}, AffFile = {files})"
                            )
                    except Exception as error:  # noqa: BLE001 - report and go on with the other language
                        self.stderr.write(f"{config}: {error}".strip())
                        continue
                cursor.execute(
                    f"ALTER TEXT SEARCH CONFIGURATION {config} ALTER MAPPING FOR {MAPPED} WITH {dictionary}, simple"
                )
                self.stdout.write(f"{config}: {dictionary}")
            cursor.execute(
                "UPDATE search_searchentry SET title = title"
            )  # the trigger rebuilds each vector
        self.stdout.write(self.style.SUCCESS("Search vectors rebuilt."))
