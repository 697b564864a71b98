"""Export: everything the academy holds about one person, as JSON per app plus their
certificates' PDFs, in one ZIP stored privately (``privacy.tasks.build_export``)."""

from __future__ import annotations

import io
import logging
import zipfile
from collections import defaultdict
from datetime import timedelta
from functools import cache

from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.db import transaction
from django.utils import timezone, translation
from django.utils.crypto import get_random_string

from . import conf, registry
from .helpers import to_json
from .models import DataExport

logger = logging.getLogger(__name__)


@cache
def _storage(location: str) -> FileSystemStorage:
    return FileSystemStorage(location=location, base_url=None)


def export_storage() -> FileSystemStorage:
    """Outside MEDIA_ROOT: only the permission-checked download view serves these files."""
    return _storage(str(conf.export_root()))


def collect(user) -> dict[str, dict[str, list]]:
    """{app label: {model label: rows}} from every declaration's export callable."""
    data: dict[str, dict[str, list]] = defaultdict(dict)
    for declaration in registry.all_declarations():
        exported = declaration.export(user)
        data[declaration.model.split(".")[0]][declaration.model] = exported
    return dict(data)


def _readme(user, data) -> str:
    lines = [
        "Migration Academy: personal data export / eksport danych osobowych",
        f"Person / osoba: {user.full_name} <{user.email}>",
        f"Created / utworzono: {timezone.now().isoformat()}",
        "",
        "One JSON file per part of the academy; certificates/ holds the PDFs as issued.",
        "Jeden plik JSON na każdą część akademii; certificates/ zawiera wydane zaświadczenia.",
        "",
    ]
    for declaration in registry.all_declarations():
        with translation.override(user.preferred_language or "pl"):
            lines.append(
                f"- {declaration.model}: {declaration.purpose} ({declaration.legal_basis}); "
                f"{declaration.retention}"
            )
    return "\n".join(lines) + "\n"


def build_zip(user) -> bytes:
    from certificates.models import Certificate
    from certificates.services import certificate_pdf_bytes

    data = collect(user)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", _readme(user, data))
        for app_label, models in sorted(data.items()):
            archive.writestr(f"{app_label}.json", to_json(models))
        for certificate in Certificate.objects.filter(user=user).order_by("pk"):
            try:
                pdf = certificate_pdf_bytes(certificate)
            except Exception:  # noqa: BLE001 - a missing file must not lose the export
                logger.warning("Certificate %s has no readable PDF", certificate.number)
                continue
            archive.writestr(f"certificates/{certificate.number.replace('/', '-')}.pdf", pdf)
    return buffer.getvalue()


def export_request(*, user, by=None) -> DataExport:
    """Create a pending export and build it in the background (on commit)."""
    export = DataExport.objects.create(user=user, requested_by=by)

    def enqueue():
        from .tasks import build_export

        build_export.enqueue(export.pk)

    transaction.on_commit(enqueue)
    return export


def export_build(*, export_id: int) -> DataExport | None:
    """Build and store the ZIP, then tell the person. Idempotent."""
    export = DataExport.objects.select_related("user").filter(pk=export_id).first()
    if export is None or export.status != DataExport.Status.PENDING:
        return export
    content = build_zip(export.user)
    name = f"{export.user_id}/{get_random_string(32)}.zip"
    storage = export_storage()
    stored = storage.save(name, ContentFile(content))
    now = timezone.now()
    export.path, export.size, export.status = stored, len(content), DataExport.Status.READY
    export.ready_at = now
    export.expires_at = now + timedelta(days=conf.get("PRIVACY_EXPORT_EXPIRY_DAYS"))
    export.save(update_fields=["path", "size", "status", "ready_at", "expires_at"])
    from .notices import export_ready

    transaction.on_commit(lambda: export_ready(export))
    return export


def export_expire(*, now=None) -> int:
    """Delete the files of exports past their expiry (the retention job)."""
    now = now or timezone.now()
    storage = export_storage()
    count = 0
    for export in DataExport.objects.filter(status=DataExport.Status.READY, expires_at__lte=now):
        if export.path:
            storage.delete(export.path)
        export.status, export.path = DataExport.Status.EXPIRED, ""
        export.save(update_fields=["status", "path"])
        count += 1
    return count
