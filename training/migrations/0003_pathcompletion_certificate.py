"""Path certificates: a verification code and the name as certified on each completion."""

import secrets

from django.db import migrations, models


def fill(apps, schema_editor):
    PathCompletion = apps.get_model("training", "PathCompletion")
    for completion in PathCompletion.objects.select_related("user").iterator():
        completion.code = secrets.token_hex(16)
        completion.full_name = completion.user.full_name or completion.user.email
        completion.save(update_fields=["code", "full_name"])


class Migration(migrations.Migration):
    dependencies = [("training", "0002_funders_group")]

    operations = [
        migrations.AddField(
            model_name="pathcompletion",
            name="code",
            field=models.CharField(max_length=40, null=True, verbose_name="verification code"),
        ),
        migrations.AddField(
            model_name="pathcompletion",
            name="full_name",
            field=models.CharField(blank=True, max_length=150, verbose_name="name as certified"),
        ),
        migrations.AddField(
            model_name="pathcompletion",
            name="withdrawn_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="withdrawn"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="pathcompletion",
            name="code",
            field=models.CharField(max_length=40, unique=True, verbose_name="verification code"),
        ),
    ]
