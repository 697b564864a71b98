"""Templates use only valid HTML attributes for htmx: data-hx-*, never bare hx-*."""

import re
from pathlib import Path

from django.conf import settings

BASE = Path(settings.BASE_DIR)
BARE_HTMX = re.compile(r"(?<![\w-])hx-[a-z-]+=")


def test_no_template_or_script_uses_bare_hx_attributes():
    offenders = []
    for folder in [
        "academy",
        "courses",
        "assessments",
        "h5p",
        "certificates",
        "studio",
        "notifications",
        "knowledge",
        "search",
        "background",
        "templates",
        "static",
    ]:
        for path in (BASE / folder).rglob("*"):
            if (
                path.suffix in {".html", ".js", ".py"}
                and "vendor" not in path.parts
                and path.is_file()
            ):
                for number, line in enumerate(
                    path.read_text(encoding="utf-8").splitlines(), start=1
                ):
                    if BARE_HTMX.search(line):
                        offenders.append(f"{path.relative_to(BASE)}:{number}")
    assert not offenders, offenders
