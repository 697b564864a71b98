"""docs/privacy.md, generated from the registry so the list of personal data cannot drift
(``manage.py privacy_docs``; tests/privacy/test_docs.py fails when the file is stale)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from . import conf, registry
from .models import LegalPage
from .registry import LegalBasis

DOCS_PATH = Path(settings.BASE_DIR) / "docs" / "privacy.md"


def _cell(text) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def render() -> str:
    with translation.override("en"):
        declarations = sorted(registry.all_declarations(), key=lambda d: d.model)
        rows = [
            {
                "model": d.model,
                "fields": ", ".join(f"`{name}`" for name in d.fields),
                "user_fields": ", ".join(f"`{name}`" for name in d.user_fields) or "—",
                "purpose": _cell(d.purpose),
                "basis": _cell(LegalBasis(d.legal_basis).label),
                "retention": _cell(d.retention),
            }
            for d in declarations
        ]
        settings_rows = [(name, default) for name, default in conf.DEFAULTS.items()]
        text = render_to_string(
            "privacy/docs.md",
            {
                "rows": rows,
                "settings_rows": settings_rows,
                "legal_slugs": [(slug.value, slug.label) for slug in LegalPage.Slug],
            },
        )
    return text.strip() + "\n"


def write() -> bool:
    """Write the file; True when it changed."""
    text = render()
    old = DOCS_PATH.read_text(encoding="utf-8") if DOCS_PATH.exists() else ""
    if old == text:
        return False
    DOCS_PATH.write_text(text, encoding="utf-8")
    return True
