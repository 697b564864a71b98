from django.db import migrations


def seed(apps, schema_editor):
    from privacy.legal import seed as seed_pages

    seed_pages(apps.get_model("privacy", "LegalPage"))


class Migration(migrations.Migration):
    dependencies = [("privacy", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
