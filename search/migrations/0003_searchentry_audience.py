from importlib import import_module

from django.db import migrations, models


def restore_sqlite_index(apps, schema_editor):
    """Adding a column with a default rebuilds the table on SQLite, which drops the FTS5
    triggers of 0002: create them again and fill the FTS index again from the rows
    (folded the way the triggers fold them)."""
    connection = schema_editor.connection
    if connection.vendor != "sqlite":
        return
    text_search = import_module("search.migrations.0002_text_search")
    with connection.cursor() as cursor:
        for statement in text_search.SQLITE:
            cursor.execute(statement)
        cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('delete-all')")
        cursor.execute(
            "INSERT INTO search_fts(rowid, title, summary, keywords, body) "
            f"SELECT e.id, {text_search._values('e')} FROM search_searchentry e"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0002_text_search"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchentry",
            name="audience",
            field=models.CharField(blank=True, db_index=True, max_length=60),
        ),
        migrations.AlterField(
            model_name="searchentry",
            name="kind",
            field=models.CharField(
                choices=[
                    ("publication", "Publication"),
                    ("news", "News"),
                    ("course", "Course"),
                    ("course-content", "Course content"),
                    ("discussion", "Discussion"),
                    ("partnership", "Partnership offer"),
                ],
                max_length=20,
            ),
        ),
        migrations.RunPython(restore_sqlite_index, migrations.RunPython.noop),
    ]
