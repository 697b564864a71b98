"""Real documents for the tests, made on the fly: PDFs (reportlab, pypdf), DOCX
(python-docx) and ODT (zipfile), including broken and hostile ones."""

from __future__ import annotations

import io
import zipfile

from knowledge.pdf import document_pdf


def pdf(text: str = "Raport o zakwaterowaniu uchodźców", pages: int = 3) -> bytes:
    return document_pdf("Tytuł", [(f"Rozdział {n}", text) for n in range(1, pages)])


def encrypted_pdf() -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(pdf())).pages:
        writer.add_page(page)
    writer.encrypt(user_password="secret", owner_password="owner")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def zero_page_pdf() -> bytes:
    from pypdf import PdfWriter

    out = io.BytesIO()
    PdfWriter().write(out)
    return out.getvalue()


def blank_pdf() -> bytes:
    """A page with no text layer, like a scan."""
    from reportlab.pdfgen.canvas import Canvas

    out = io.BytesIO()
    canvas = Canvas(out)
    canvas.rect(50, 50, 200, 200, fill=1)
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def docx(paragraphs=("Polityka integracyjna gminy", "Zespół ds. integracji")) -> bytes:
    import docx as python_docx

    document = python_docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _replace_part(data: bytes, name: str, content: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(
                info.filename, content if info.filename == name else source.read(info.filename)
            )
    return out.getvalue()


def bomb_docx(megabytes: int = 3) -> bytes:
    """A DOCX whose document.xml is tiny compressed and huge expanded."""
    body = b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
    body += b" " * (megabytes * 1024 * 1024) + b"</w:body></w:document>"
    return _replace_part(docx(), "word/document.xml", body)


def entity_docx() -> bytes:
    """Billion laughs: entities that expand to gigabytes if a parser resolves them."""
    laughs = (
        b'<!DOCTYPE lolz [<!ENTITY lol "lol">'
        + b"".join(
            b'<!ENTITY lol%d "%s">' % (n, (b"&lol%d;" % (n - 1) if n > 1 else b"&lol;") * 10)
            for n in range(1, 10)
        )
        + b"]>"
    )
    body = (
        b'<?xml version="1.0"?>'
        + laughs
        + b'<w:document xmlns:w="http://schemas.openxmlformats.org/'
        b'wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>'
    )
    return _replace_part(docx(), "word/document.xml", body)


def odt(
    paragraphs=("Zarys polityk integracyjnych", "Diagnoza potrzeb"),
    pages: int = 4,
    doctype: bool = False,
) -> bytes:
    text_ns = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
    office_ns = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
    meta_ns = "urn:oasis:names:tc:opendocument:xmlns:meta:1.0"
    prolog = '<!DOCTYPE x [<!ENTITY a "aaaa">]>' if doctype else ""
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<office:document-content xmlns:office="{office_ns}" '
        f'xmlns:text="{text_ns}"><office:body><office:text>'
        + "".join(f"<text:p>{p}</text:p>" for p in paragraphs)
        + "</office:text></office:body></office:document-content>"
    )
    meta = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-meta xmlns:office="{office_ns}" '
        f'xmlns:meta="{meta_ns}"><office:meta><meta:document-statistic meta:page-count="{pages}"/>'
        "</office:meta></office:document-meta>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", content)
        archive.writestr("meta.xml", meta)
        archive.writestr("META-INF/manifest.xml", "<manifest/>")
    return out.getvalue()
