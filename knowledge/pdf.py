"""Plain multi-page PDFs with a text layer (reportlab, the embedded PT Sans that covers
Polish and Cyrillic). Used by the demo seed and the tests to make real documents."""

from __future__ import annotations

import io

from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas

from certificates.pdf import register_fonts

_MARGIN = 56
_WIDTH = A4[0] - 2 * _MARGIN


def document_pdf(title: str, pages: list[tuple[str, str]], *, language: str = "pl") -> bytes:
    """A PDF whose first page shows ``title`` and each further page one (heading, text)."""
    register_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, pageCompression=1)
    canvas.setTitle(title)
    canvas.setSubject(language)
    canvas.setFont("Sans-Bold", 20)
    y = A4[1] - 160
    for line in simpleSplit(title, "Sans-Bold", 20, _WIDTH):
        canvas.drawString(_MARGIN, y, line)
        y -= 26
    canvas.showPage()
    for number, (heading, text) in enumerate(pages, start=2):
        y = A4[1] - _MARGIN - 20
        canvas.setFont("Sans-Bold", 14)
        canvas.drawString(_MARGIN, y, heading)
        y -= 28
        canvas.setFont("Sans", 11)
        for paragraph in text.split("\n"):
            for line in simpleSplit(paragraph, "Sans", 11, _WIDTH):
                canvas.drawString(_MARGIN, y, line)
                y -= 16
            y -= 8
        canvas.setFont("Sans", 9)
        canvas.drawRightString(A4[0] - _MARGIN, 30, str(number))
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()
