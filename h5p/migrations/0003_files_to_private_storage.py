"""Move H5P files stored by earlier versions under MEDIA_ROOT/h5p/ to private storage
(ACADEMY_PRIVATE_MEDIA_ROOT/h5p/): MEDIA_ROOT is public, and library files include
scripts and SVG that must never run on the academy origin. Paths in the database are
relative ("h5p/content/…") and stay the same."""

import shutil
from pathlib import Path

from django.conf import settings
from django.db import migrations


def move_files(apps, schema_editor):
    source = Path(settings.MEDIA_ROOT) / "h5p"
    if not source.is_dir():
        return
    target = Path(settings.ACADEMY_PRIVATE_MEDIA_ROOT) / "h5p"
    for path in sorted(source.rglob("*")):
        if path.is_file():
            destination = target / path.relative_to(source)
            if not destination.exists():
                destination.parent.mkdir(parents=True, exist_ok=True)
                shutil.move(str(path), str(destination))
    shutil.rmtree(source, ignore_errors=True)


class Migration(migrations.Migration):
    dependencies = [("h5p", "0002_completion_modes_and_errors")]

    operations = [migrations.RunPython(move_files, migrations.RunPython.noop)]
