"""Spreadsheets: real types (dates, numbers, percentages), a frozen header, filters, Polish
date order and locale-following number formats. openpyxl's write-only mode keeps memory flat however many rows."""

from __future__ import annotations

import io
import tempfile
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from .imports import FORMULA_START

DATE_FORMAT = "dd.mm.yyyy"
DATETIME_FORMAT = "dd.mm.yyyy hh:mm"
# Format codes use "," and "." structurally; Excel and LibreOffice show them with the reader's
# locale separators (in Poland: 1 234,5). Dates are spelled out in the Polish order.
NUMBER_FORMAT = "#,##0"
DECIMAL_FORMAT = "#,##0.0"
PERCENT_FORMAT = "0%"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _cell(sheet, value, kind: str = ""):
    if value is None:
        return None
    if isinstance(value, str) and not value.startswith(FORMULA_START):
        return value  # plain text needs no cell object (much faster in write-only mode)
    if isinstance(value, datetime):
        value = value.replace(tzinfo=None)
    if isinstance(value, str):
        # A typed name like "=HYPERLINK(...)" stays text (openpyxl would write a formula).
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"
        return cell
    cell = WriteOnlyCell(sheet, value=value)
    if kind == "percent":
        cell.number_format = PERCENT_FORMAT
    elif isinstance(value, datetime):
        cell.number_format = DATETIME_FORMAT
    elif isinstance(value, date):
        cell.number_format = DATE_FORMAT
    elif isinstance(value, Decimal | float):
        cell.number_format = DECIMAL_FORMAT
    elif isinstance(value, int) and not isinstance(value, bool):
        cell.number_format = NUMBER_FORMAT
    return cell


def write_xlsx(
    *,
    sheets: list[tuple[str, list[str], Iterable[list], dict[int, str]]],
) -> bytes:
    """``sheets`` = [(title, header, rows, {column index: "percent"})]; returns the file.
    Rows are consumed as they come (write-only mode, a temporary file on disk)."""
    workbook = Workbook(write_only=True)
    for title, header, rows, kinds in sheets:
        sheet = workbook.create_sheet(title=title[:31])
        sheet.freeze_panes = "A2"
        widths = [max(10, min(45, len(h) + 4)) for h in header]
        for index, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        bold = Font(bold=True)
        head = []
        for title_ in header:
            cell = WriteOnlyCell(sheet, value=title_)
            cell.font = bold
            head.append(cell)
        sheet.append(head)
        count = 0
        for row in rows:
            sheet.append([_cell(sheet, v, kinds.get(i, "")) for i, v in enumerate(row)])
            count += 1
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}{count + 1}"
    with tempfile.TemporaryFile() as handle:
        workbook.save(handle)
        handle.seek(0)
        return handle.read()


def write_xlsx_to(handle, **kwargs) -> None:
    handle.write(write_xlsx(**kwargs))


def as_bytes_io(data: bytes) -> io.BytesIO:
    return io.BytesIO(data)


def attachment(stem: str, suffix, extension: str) -> str:
    """A Content-Disposition for a download named ``stem-suffix.extension``."""
    name = f"{stem}-{suffix}" if suffix else stem
    return f'attachment; filename="{name}.{extension}"'
