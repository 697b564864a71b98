"""Render one certificate as an A4 landscape PDF. Pure: no ORM, no request.

``render_pdf(document)`` takes a fully resolved ``CertificateDocument`` (every text
already in the certificate's language) and returns the PDF bytes. Fonts are PT Serif
and PT Sans (they cover Polish and Ukrainian), embedded as subsets. What keeps it fast
(measured, see docs/certificates.md): no ASCII85 on streams, images passed as file
paths, the QR code encoded with segno and drawn as one path of module runs.

The building blocks (``new_canvas``, ``draw_frame``, ``fit``, ``centred_lines``,
``draw_qr``) are shared with the learning-path certificate (``training/path_pdf.py``),
so both look alike.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

import fontpkg_pt_sans
import fontpkg_pt_serif
import segno
from reportlab import rl_config
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.utils import ImageReader, simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

# ASCII85 only makes streams 25 % bigger and slower to write; PDF readers do not need it.
rl_config.useA85 = 0

PAGE = landscape(A4)
QR_ERROR = "m"
# Every mask gives a valid code; fixing one skips segno's evaluation of all eight (~5 ms).
QR_MASK = 2
MARGIN = 42
INK = HexColor("#1c2833")
MUTED = HexColor("#4a5563")

_FONTS = {
    "Serif-Bold": fontpkg_pt_serif.ROOT / "files" / "PT_Serif-Web-Bold.ttf",
    "Sans": fontpkg_pt_sans.ROOT / "files" / "PT_Sans-Web-Regular.ttf",
    "Sans-Bold": fontpkg_pt_sans.ROOT / "files" / "PT_Sans-Web-Bold.ttf",
}
_registered = False


def font_characters() -> frozenset[str]:
    """The characters every certificate font has a glyph for (academy/names.py accepts
    no other letters in a full name)."""
    sets = [
        set(TTFont(f"cmap-{name}", str(path)).face.charToGlyph) for name, path in _FONTS.items()
    ]
    return frozenset(chr(code) for code in set.intersection(*sets))


def register_fonts() -> None:
    global _registered
    if _registered:
        return
    for name, path in _FONTS.items():
        # Only the glyphs used are embedded (not all of ASCII as well): half the file size.
        pdfmetrics.registerFont(TTFont(name, str(path), asciiReadable=False))
    _registered = True


@dataclass(frozen=True)
class Signatory:
    name: str
    role: str = ""


@dataclass(frozen=True)
class CertificateDocument:
    """Everything printed, already in the certificate's language."""

    language: str
    title: str
    intro: str
    full_name: str
    body: str
    facts: list[tuple[str, str]]  # (label, value), e.g. ("Completed on", "12 listopada 2026")
    number_label: str
    number: str
    code_label: str
    code: str
    verify_label: str
    verify_url: str
    issuer: str
    accent: str = "#1f4e79"
    # English lines under the main ones when the template is bilingual.
    title_en: str = ""
    intro_en: str = ""
    body_en: str = ""
    signatories: list[Signatory] = field(default_factory=list)
    # The template's images: their bytes (read from storage), or a local file's path.
    background_path: bytes | str | None = None  # a JPEG
    logo_path: bytes | str | None = None
    subject: str = ""


def fit(text: str, font: str, size: float, width: float, minimum: float = 12) -> float:
    """The largest size up to ``size`` at which ``text`` fits in ``width``."""
    actual = pdfmetrics.stringWidth(text, font, size)
    if actual <= width:
        return size
    return max(minimum, size * width / actual)


def centred_lines(
    canvas: Canvas, text: str, font: str, size: float, y: float, width: float, leading: float
) -> float:
    width_page = PAGE[0]
    for paragraph in text.splitlines() or [""]:
        for line in simpleSplit(paragraph, font, size, width) or [""]:
            canvas.setFont(font, size)
            canvas.drawCentredString(width_page / 2, y, line)
            y -= leading
    return y


def draw_qr(canvas: Canvas, url: str, x: float, y: float, size: float) -> None:
    """Draw the QR code as one filled path of horizontal runs, in module units."""
    qr = segno.make(url, error=QR_ERROR, mask=QR_MASK, micro=False)
    matrix = qr.matrix
    count = len(matrix)
    path = canvas.beginPath()
    for row, cells in enumerate(matrix):
        column = 0
        while column < count:
            if cells[column] & 1:
                start = column
                while column < count and cells[column] & 1:
                    column += 1
                path.rect(start, row, column - start, 1)
            else:
                column += 1
    module = size / count
    canvas.saveState()
    canvas.setFillColor(INK)
    canvas.translate(x, y + size)
    canvas.scale(module, -module)
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()


def draw_frame(canvas: Canvas, accent) -> None:
    """The double frame in the accent colour every academy certificate has."""
    width, height = PAGE
    canvas.setStrokeColor(accent)
    canvas.setLineWidth(3)
    canvas.rect(18, 18, width - 36, height - 36, stroke=1, fill=0)
    canvas.setLineWidth(0.8)
    canvas.rect(26, 26, width - 52, height - 52, stroke=1, fill=0)


def new_canvas(buffer, *, language: str, title: str, issuer: str, subject: str, keywords: str):
    """An A4 landscape canvas with the certificates' fonts and document metadata."""
    register_fonts()
    canvas = Canvas(
        buffer,
        pagesize=PAGE,
        pageCompression=1,
        initialFontName="Sans",
        initialFontSize=10,
        lang=language,
    )
    canvas.setTitle(title)
    canvas.setAuthor(issuer)
    canvas.setSubject(subject)
    canvas.setCreator(issuer)
    canvas.setKeywords(keywords)
    return canvas


def _image(source: bytes | str | None):
    """An image reportlab can draw: bytes read from storage, or an existing file's path."""
    if isinstance(source, bytes):
        return ImageReader(io.BytesIO(source)) if source else None
    if source and Path(source).is_file():
        return source
    return None


def document_canvas(buffer, document):
    """A canvas for a certificate-like ``document`` (title, full_name, issuer, subject,
    number, code, language), its PDF metadata filled in."""
    return new_canvas(
        buffer,
        language=document.language,
        title=f"{document.title} — {document.full_name}",
        issuer=document.issuer,
        subject=document.subject or document.title,
        keywords=f"{document.number} {document.code}",
    )


def draw_number_and_issuer(canvas, document) -> None:
    """The top-right corner: the document's number and its issuer."""
    width, height = PAGE
    canvas.setFillColor(MUTED)
    canvas.setFont("Sans", 10)
    canvas.drawRightString(
        width - MARGIN - 8, height - MARGIN - 14, f"{document.number_label}: {document.number}"
    )
    canvas.drawRightString(width - MARGIN - 8, height - MARGIN - 28, document.issuer)


def render_pdf(document: CertificateDocument) -> bytes:
    buffer = io.BytesIO()
    width, height = PAGE
    canvas = document_canvas(buffer, document)
    accent = HexColor(document.accent)

    if background := _image(document.background_path):
        canvas.drawImage(background, 0, 0, width=width, height=height)
    draw_frame(canvas, accent)

    if logo := _image(document.logo_path):
        canvas.drawImage(
            logo,
            MARGIN + 8,
            height - MARGIN - 62,
            width=150,
            height=54,
            preserveAspectRatio=True,
            anchor="sw",
            mask="auto",
        )
    draw_number_and_issuer(canvas, document)

    text_width = width - 2 * MARGIN - 120
    # The text block sits in the space between the header and the signatures,
    # lower when it is short so the page does not look top-heavy.
    lines = 1 + len(simpleSplit(document.body, "Sans", 14, text_width))
    if document.title_en:
        lines += 2 + len(simpleSplit(document.body_en, "Sans", 10.5, text_width))
    y = height - 150 - max(0, 6 - lines) * 9
    canvas.setFillColor(accent)
    size = fit(document.title, "Serif-Bold", 34, text_width)
    canvas.setFont("Serif-Bold", size)
    canvas.drawCentredString(width / 2, y, document.title)
    y -= 22
    canvas.setFillColor(MUTED)
    if document.title_en:
        canvas.setFont("Sans", 13)
        canvas.drawCentredString(width / 2, y, document.title_en)
        y -= 18
    y -= 22
    canvas.setFillColor(INK)
    y = centred_lines(canvas, document.intro, "Sans", 14, y, text_width, 18)
    if document.intro_en:
        canvas.setFillColor(MUTED)
        y = centred_lines(canvas, document.intro_en, "Sans", 10.5, y + 3, text_width, 14)
    y -= 24
    canvas.setFillColor(INK)
    size = fit(document.full_name, "Serif-Bold", 32, text_width)
    canvas.setFont("Serif-Bold", size)
    canvas.drawCentredString(width / 2, y, document.full_name)
    canvas.setStrokeColor(accent)
    canvas.setLineWidth(0.8)
    half = (
        min(
            text_width,
            max(340, pdfmetrics.stringWidth(document.full_name, "Serif-Bold", size) + 40),
        )
        / 2
    )
    canvas.line(width / 2 - half, y - 10, width / 2 + half, y - 10)
    y -= 42
    y = centred_lines(canvas, document.body, "Sans", 14, y, text_width, 20)
    if document.body_en:
        canvas.setFillColor(MUTED)
        y = centred_lines(canvas, document.body_en, "Sans", 10.5, y + 3, text_width, 14)
    y -= 16
    canvas.setFillColor(INK)
    facts = "   ·   ".join(f"{label}: {value}" for label, value in document.facts)
    canvas.setFont("Sans", fit(facts, "Sans", 11, text_width, 8))
    canvas.drawCentredString(width / 2, y, facts)

    # Signatories share the width left of the QR code.
    people = document.signatories[:3]
    if people:
        area = width - 2 * MARGIN - 150
        column = area / len(people)
        for index, person in enumerate(people):
            centre = MARGIN + column * index + column / 2
            canvas.setStrokeColor(MUTED)
            canvas.setLineWidth(0.5)
            canvas.line(centre - 95, 104, centre + 95, 104)
            canvas.setFillColor(INK)
            canvas.setFont("Serif-Bold", fit(person.name, "Serif-Bold", 12, column - 16, 8))
            canvas.drawCentredString(centre, 90, person.name)
            if person.role:
                canvas.setFillColor(MUTED)
                canvas.setFont("Sans", fit(person.role, "Sans", 9.5, column - 16, 7))
                canvas.drawCentredString(centre, 77, person.role)

    qr_size = 84
    qr_x, qr_y = width - MARGIN - 8 - qr_size, MARGIN + 14
    draw_qr(canvas, document.verify_url, qr_x, qr_y, qr_size)
    canvas.setFillColor(MUTED)
    canvas.setFont("Sans", 8.5)
    canvas.drawString(MARGIN + 8, MARGIN + 16, f"{document.code_label}: {document.code}")
    canvas.drawString(MARGIN + 8, MARGIN + 5, f"{document.verify_label}: {document.verify_url}")
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
