"""Recognise uploaded files from their content, never from their name or the browser's
declared type. Pure functions over a file-like object; no Django."""

from __future__ import annotations

import zipfile

# The internal entry that identifies each Office Open XML type.
_OOXML = {
    "docx": "word/document.xml",
    "xlsx": "xl/workbook.xml",
    "pptx": "ppt/presentation.xml",
}
_ODF_MIMETYPE = b"application/vnd.oasis.opendocument.text"

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odt": "application/vnd.oasis.opendocument.text",
    "mp4": "video/mp4",
    "webm": "video/webm",
}


def _head(fileobj, size: int) -> bytes:
    fileobj.seek(0)
    data = fileobj.read(size)
    fileobj.seek(0)
    return data


def sniff_document(fileobj) -> str | None:
    """``"pdf" | "docx" | "xlsx" | "pptx" | "odt"`` or None when the content is none of them."""
    head = _head(fileobj, 8)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if not head.startswith(b"PK\x03\x04"):
        return None
    try:
        with zipfile.ZipFile(fileobj) as archive:
            names = set(archive.namelist())
            if "mimetype" in names and archive.read("mimetype").strip() == _ODF_MIMETYPE:
                return "odt"
            if "[Content_Types].xml" in names:
                for kind, entry in _OOXML.items():
                    if entry in names:
                        return kind
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError):
        return None
    finally:
        fileobj.seek(0)
    return None


def sniff_video(fileobj) -> str | None:
    """``"mp4"`` (ISO base media with an ``ftyp`` box) or ``"webm"`` (EBML header)."""
    head = _head(fileobj, 12)
    if len(head) >= 12 and head[4:8] == b"ftyp":
        return "mp4"
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return "webm"
    return None


def is_webvtt(fileobj) -> bool:
    """WebVTT files start with "WEBVTT" (after an optional BOM) and are UTF-8 text."""
    data = _head(fileobj, 1024 * 1024)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if not data.startswith(b"WEBVTT") or (
        len(data) > 6 and data[6:7] not in (b"\n", b"\r", b" ", b"\t")
    ):
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
