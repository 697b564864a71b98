"""Text extraction from PDF, DOCX and ODT files: pure functions, no Django, no ORM.

``extract_text(fileobj, file_type, limits)`` returns an :class:`Extracted` or raises
:class:`ExtractionFailed` with a reason an editor can read. Every path is bounded:

- pages: at most ``limits.max_pages`` pages are read (the page count is still reported);
- time: the clock is checked between pages and paragraphs, past ``limits.max_seconds``
  the extraction fails (a single pathological PDF page is bounded by pypdf's own
  decompression limits);
- memory: text stops growing at ``limits.max_chars``; the XML parts of DOCX and ODT are
  refused when their declared uncompressed size exceeds ``limits.max_xml_bytes`` or their
  compression ratio looks like a bomb, and XML with a DOCTYPE (entity expansion) is
  refused before any parser sees it.
"""

from __future__ import annotations

import re
import time
import zipfile
from dataclasses import dataclass
from xml.etree import ElementTree


@dataclass(frozen=True)
class Limits:
    max_pages: int = 2000
    max_seconds: float = 60.0
    max_chars: int = 5_000_000
    max_xml_bytes: int = 50 * 1024 * 1024
    max_ratio: int = 100


@dataclass(frozen=True)
class Extracted:
    text: str
    page_count: int | None
    truncated: bool = False

    @property
    def has_text(self) -> bool:
        return bool(self.text.strip())


class ExtractionFailed(Exception):
    """The file cannot be read; ``str(error)`` says why, for the editor."""


class _Budget:
    def __init__(self, limits: Limits):
        self.limits = limits
        self.deadline = time.monotonic() + limits.max_seconds
        self.parts: list[str] = []
        self.chars = 0
        self.truncated = False

    def tick(self) -> None:
        if time.monotonic() > self.deadline:
            raise ExtractionFailed(f"took longer than {self.limits.max_seconds:g} s")

    def add(self, text: str) -> bool:
        """Keep ``text``; False once the character budget is spent."""
        room = self.limits.max_chars - self.chars
        if room <= 0:
            self.truncated = True
            return False
        if len(text) > room:
            text, self.truncated = text[:room], True
        self.parts.append(text)
        self.chars += len(text)
        return not self.truncated

    def text(self) -> str:
        return _tidy("\n".join(self.parts))[: self.limits.max_chars]


_SPACES = re.compile(r"[ \t\f\v\r]+")
_BLANK_LINES = re.compile(r"\n{3,}")


def _tidy(text: str) -> str:
    text = text.replace("\x00", "")
    return _BLANK_LINES.sub("\n\n", _SPACES.sub(" ", text)).strip()


def extract_text(fileobj, file_type: str, limits: Limits | None = None) -> Extracted:
    limits = limits or Limits()
    extractor = {"pdf": _pdf, "docx": _docx, "odt": _odt}.get(file_type)
    if extractor is None:
        raise ExtractionFailed(f"unsupported file type {file_type!r}")
    fileobj.seek(0)
    try:
        return extractor(fileobj, _Budget(limits))
    except ExtractionFailed:
        raise
    except (MemoryError, RecursionError):
        raise ExtractionFailed("the file needs more memory than allowed") from None
    except Exception as error:  # noqa: BLE001 - any parser error means "cannot read", never a crash
        raise ExtractionFailed(
            f"the file is damaged or not a valid {file_type.upper()} ({type(error).__name__})"
        ) from None


def _pdf(fileobj, budget: _Budget) -> Extracted:
    from pypdf import PdfReader

    reader = PdfReader(fileobj, strict=False)
    if reader.is_encrypted:
        # Owner-password-only PDFs open with an empty user password; others cannot be read.
        try:
            if not reader.decrypt(""):
                raise ExtractionFailed("the PDF is encrypted")
        except ExtractionFailed:
            raise
        except Exception:  # noqa: BLE001 - unsupported encryption is the same answer
            raise ExtractionFailed("the PDF is encrypted") from None
    page_count = len(reader.pages)
    if page_count == 0:
        raise ExtractionFailed("the PDF has no pages")
    for index in range(min(page_count, budget.limits.max_pages)):
        budget.tick()
        if not budget.add(reader.pages[index].extract_text() or ""):
            break
    return Extracted(
        budget.text(), page_count, budget.truncated or page_count > budget.limits.max_pages
    )


def _open_zip(fileobj, budget: _Budget, parts: tuple[str, ...]) -> zipfile.ZipFile:
    archive = zipfile.ZipFile(fileobj)
    for name in parts:
        try:
            info = archive.getinfo(name)
        except KeyError:
            continue
        if info.file_size > budget.limits.max_xml_bytes:
            raise ExtractionFailed(
                f"{name} expands to {info.file_size // (1024 * 1024)} MB, over the limit"
            )
        if (
            info.compress_size
            and info.file_size / info.compress_size > budget.limits.max_ratio
            and info.file_size > 1024 * 1024
        ):
            raise ExtractionFailed(f"{name} is compressed suspiciously well (a zip bomb?)")
    return archive


def _read_xml_part(archive: zipfile.ZipFile, name: str, budget: _Budget) -> bytes:
    with archive.open(name) as part:
        # The declared size is what zipfile reads at most; read one byte more to be sure.
        data = part.read(budget.limits.max_xml_bytes + 1)
    if len(data) > budget.limits.max_xml_bytes:
        raise ExtractionFailed(f"{name} is over the size limit")
    if b"<!DOCTYPE" in data[:4096].upper() or b"<!ENTITY" in data.upper():
        raise ExtractionFailed("the document declares XML entities, which are refused")
    return data


def _docx(fileobj, budget: _Budget) -> Extracted:
    import docx

    archive = _open_zip(fileobj, budget, ("word/document.xml", "docProps/app.xml"))
    if "word/document.xml" not in archive.namelist():
        raise ExtractionFailed("the DOCX has no document part")
    _read_xml_part(
        archive, "word/document.xml", budget
    )  # refuses entities and oversize before python-docx
    page_count = _docx_pages(archive, budget)
    fileobj.seek(0)
    document = docx.Document(fileobj)
    for block in document.element.body.iter():
        budget.tick()
        if block.tag.endswith("}p"):
            text = "".join(node.text or "" for node in block.iter() if node.tag.endswith("}t"))
            if text and not budget.add(text):
                break
    return Extracted(budget.text(), page_count, budget.truncated)


def _docx_pages(archive: zipfile.ZipFile, budget: _Budget) -> int | None:
    if "docProps/app.xml" not in archive.namelist():
        return None
    root = ElementTree.fromstring(_read_xml_part(archive, "docProps/app.xml", budget))  # noqa: S314 - no DOCTYPE
    for element in root.iter():
        if element.tag.endswith("}Pages") and _digits((element.text or "").strip()):
            return int(element.text.strip())
    return None


_ODF_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_ODF_META = "urn:oasis:names:tc:opendocument:xmlns:meta:1.0"


def _odt(fileobj, budget: _Budget) -> Extracted:
    archive = _open_zip(fileobj, budget, ("content.xml", "meta.xml"))
    if "content.xml" not in archive.namelist():
        raise ExtractionFailed("the ODT has no content part")
    root = ElementTree.fromstring(_read_xml_part(archive, "content.xml", budget))  # noqa: S314 - no DOCTYPE
    for element in root.iter():
        if element.tag in (f"{{{_ODF_TEXT}}}p", f"{{{_ODF_TEXT}}}h"):
            budget.tick()
            if not budget.add("".join(element.itertext())):
                break
    page_count = None
    if "meta.xml" in archive.namelist():
        meta = ElementTree.fromstring(_read_xml_part(archive, "meta.xml", budget))  # noqa: S314 - no DOCTYPE
        for element in meta.iter(f"{{{_ODF_META}}}document-statistic"):
            value = element.get(f"{{{_ODF_META}}}page-count", "")
            page_count = int(value) if _digits(value) else None
    return Extracted(budget.text(), page_count, budget.truncated)


def _digits(text: str) -> bool:
    """ASCII digits int() can read: str.isdigit() also accepts "²", which int() refuses."""
    return text.isascii() and text.isdigit() and len(text) <= 9
