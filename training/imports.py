"""Bulk onboarding: read a CSV or XLSX of staff, check every row, preview, then invite.

``parse_upload`` only reads and checks: it writes nothing. The preview lists each row with
its outcome; ``import_confirm`` invites the valid rows once the coordinator confirms.
Limits and defences: at most ``MAX_ROWS`` rows and ``MAX_BYTES`` bytes; a cell that starts
like a spreadsheet formula (``=HYPERLINK(...)``, ``+``, ``-``, ``@``) is refused, so it is
never stored and never reaches another spreadsheet; XLSX is read with openpyxl in
read-only mode (values, not formulas evaluated); anything else is refused as "not a CSV
or XLSX file".
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import asdict, dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from academy.models import Membership, Organisation, User

from .services import department_get_or_create, invitation_create

MAX_ROWS = 2000
MAX_BYTES = 2 * 1024 * 1024
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

# Accepted headers (case-insensitive), Polish and English.
COLUMNS = {
    "name": {"name", "full name", "imię i nazwisko", "imie i nazwisko", "nazwisko", "ім'я"},
    "email": {"email", "e-mail", "adres e-mail", "adres email", "mail"},
    "department": {"department", "wydział", "wydzial", "dział", "dzial", "відділ"},
    "job_title": {"job title", "stanowisko", "position", "посада"},
}


class ImportError_(Exception):
    """The file as a whole cannot be read (wrong type, columns, size)."""


@dataclass
class Row:
    line: int
    name: str = ""
    email: str = ""
    department: str = ""
    job_title: str = ""
    errors: list[str] = field(default_factory=list)
    note: str = ""

    @property
    def ok(self) -> bool:
        return not self.errors


def _read_csv(data: bytes) -> list[list[str]]:
    if b"\x00" in data[:4096]:
        raise ImportError_(_("This is not a CSV or XLSX file."))
    for encoding in ("utf-8-sig", "cp1250"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1250 decodes almost anything
        raise ImportError_(_("This is not a CSV or XLSX file."))
    sample = text[:4096]
    delimiter = ";" if sample.count(";") >= sample.count(",") else ","
    return [row for row in csv.reader(io.StringIO(text), delimiter=delimiter)]


def _read_xlsx(data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as error:  # noqa: BLE001 - any broken workbook is the same to a user
        raise ImportError_(_("This is not a CSV or XLSX file.")) from error
    sheet = workbook.worksheets[0]
    rows = []
    for values in sheet.iter_rows(values_only=True, max_row=MAX_ROWS + 2):
        rows.append(["" if v is None else str(v) for v in values])
    if sheet.max_row and sheet.max_row > MAX_ROWS + 1:
        rows.append(["…"] * (MAX_ROWS + 2 - len(rows)))
    workbook.close()
    return rows


def read_table(name: str, data: bytes) -> list[list[str]]:
    """The rows of the upload (header first). Raises ImportError_."""
    if len(data) > MAX_BYTES:
        raise ImportError_(
            _("The file is too large (at most %(mb)s MB).") % {"mb": MAX_BYTES // (1024 * 1024)}
        )
    if data[:2] == b"PK" and zipfile.is_zipfile(io.BytesIO(data)):
        return _read_xlsx(data)
    if name.lower().endswith((".xlsx", ".xls", ".pdf", ".doc", ".docx", ".png", ".jpg", ".zip")):
        raise ImportError_(_("This is not a CSV or XLSX file."))
    return _read_csv(data)


def _columns(header: list[str]) -> dict[str, int]:
    found = {}
    for index, title in enumerate(header):
        key = " ".join(str(title).strip().lower().split())
        for column, names in COLUMNS.items():
            if key in names and column not in found:
                found[column] = index
    missing = [c for c in ("name", "email") if c not in found]
    if missing:
        raise ImportError_(
            _(
                "The first row must name the columns: name, email, department, job title "
                "(or imię i nazwisko, e-mail, wydział, stanowisko). Missing: %(missing)s."
            )
            % {"missing": ", ".join(missing)}
        )
    return found


def parse_upload(*, organisation: Organisation, name: str, data: bytes) -> list[Row]:
    """Check every row of the upload. Raises ImportError_ for the file as a whole."""
    table = [r for r in read_table(name, data) if any(str(c).strip() for c in r)]
    if not table:
        raise ImportError_(_("The file is empty."))
    columns = _columns(table[0])
    body = table[1:]
    if len(body) > MAX_ROWS:
        raise ImportError_(
            _("The file has more than %(max)s rows; split it into smaller files.")
            % {"max": MAX_ROWS}
        )
    rows: list[Row] = []
    for offset, cells in enumerate(body, start=2):
        row = Row(line=offset)
        for column, index in columns.items():
            value = str(cells[index]).strip() if index < len(cells) else ""
            if value.startswith(FORMULA_START):
                row.errors.append(
                    _("%(column)s looks like a spreadsheet formula and was refused.")
                    % {"column": _column_label(column)}
                )
                value = ""
            setattr(row, column, value[:150])
        row.email = row.email.lower()
        if not row.name and not any("formula" in e for e in row.errors):
            row.errors.append(_("The name is missing."))
        try:
            validate_email(row.email)
        except ValidationError:
            if row.email or not row.errors:
                row.errors.append(_("This is not a valid email address."))
        rows.append(row)
    _check_people(organisation, rows)
    return rows


def _column_label(column: str) -> str:
    return {
        "name": _("Name"),
        "email": _("Email"),
        "department": _("Department"),
        "job_title": _("Job title"),
    }[column]


def _check_people(organisation: Organisation, rows: list[Row]) -> None:
    """Duplicates in the file; people already in this or in another organisation
    (two queries, whatever the number of rows)."""
    seen: dict[str, int] = {}
    for row in rows:
        if not row.email:
            continue
        if row.email in seen:
            row.errors.append(
                _("Duplicate: this email is already in line %(line)s.") % {"line": seen[row.email]}
            )
        else:
            seen[row.email] = row.line
    emails = [r.email for r in rows if r.email]
    members = set(
        User.objects.filter(
            email__in=emails,
            memberships__organisation=organisation,
            memberships__status=Membership.Status.APPROVED,
        ).values_list("email", flat=True)
    )
    elsewhere = set(
        User.objects.filter(email__in=emails, memberships__status=Membership.Status.APPROVED)
        .exclude(memberships__organisation=organisation)
        .values_list("email", flat=True)
    )
    for row in rows:
        if row.errors:
            continue
        if row.email in members:
            row.errors.append(_("Already a member of your organisation."))
        elif row.email in elsewhere:
            row.errors.append(
                _("This person belongs to another organisation; ask them to join yours.")
            )


def rows_to_session(rows: list[Row]) -> list[dict]:
    return [asdict(r) for r in rows if r.ok]


@transaction.atomic
def import_confirm(*, organisation: Organisation, rows: list[dict], by: User) -> int:
    """Invite every previewed valid row (departments are created as needed). Rows that
    became invalid since the preview (someone joined meanwhile) are skipped. Returns how
    many were invited."""
    invited = 0
    for data in rows:
        department = department_get_or_create(
            organisation=organisation, name=data.get("department", "")
        )
        try:
            invitation_create(
                organisation=organisation,
                email=data["email"],
                full_name=data["name"],
                job_title=data.get("job_title", ""),
                department=department,
                by=by,
            )
        except ValidationError:
            continue
        invited += 1
    return invited
