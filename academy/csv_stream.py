"""Streaming CSV downloads (report exports): one line at a time, so an export of any
size holds one row in memory, with a byte-order mark first so spreadsheet programs read
UTF-8 (Excel would read Polish letters as cp1250 otherwise)."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator

# Spreadsheets run cells starting with these as formulas; names and answers come from users.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    """``value`` as text that a spreadsheet shows rather than runs (CSV injection)."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_START) else text


class _Echo:
    """A file-like object whose write() returns the line, for csv.writer in a stream."""

    def write(self, value: str) -> str:
        return value


def csv_lines(header: list, rows: Iterable[list], *, delimiter: str = ",") -> Iterator[str]:
    """The lines of a CSV file: the header (with the byte-order mark), then ``rows``,
    read as the response is sent. Translate the header before the view returns."""
    writer = csv.writer(_Echo(), delimiter=delimiter, lineterminator="\r\n")
    yield "\ufeff" + writer.writerow(header)
    for row in rows:
        yield writer.writerow(row)
