"""Render a learning-path certificate as an A4 landscape PDF. Pure: no ORM, no request.

It is drawn with the course certificate's building blocks (``certificates.pdf``: canvas,
fonts, frame, title sizing, QR code), so the two look like one family; below the name it
lists the path's courses with their completion dates and hours.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from reportlab.lib.colors import HexColor
from reportlab.pdfbase import pdfmetrics

from certificates.pdf import (
    INK,
    MARGIN,
    MUTED,
    PAGE,
    centred_lines,
    document_canvas,
    draw_frame,
    draw_number_and_issuer,
    draw_qr,
    fit,
)

ACCENT = "#1f4e79"
TABLE_TOP_ROOM = 16


@dataclass(frozen=True)
class PathCourse:
    title: str
    completed_on: str  # already formatted in the certificate's language
    hours: str


@dataclass(frozen=True)
class PathCertificateDocument:
    """Everything printed, already in the holder's language."""

    language: str
    title: str
    intro: str
    full_name: str
    body: str
    courses: list[PathCourse]
    headings: tuple[str, str, str]  # course, completed on, hours
    total: str  # "Total: 12 hours"
    facts: list[tuple[str, str]]
    number_label: str
    number: str
    code_label: str
    code: str
    verify_label: str
    verify_url: str
    issuer: str
    subject: str = ""


def _table(canvas, document: PathCertificateDocument, top: float, bottom: float) -> float:
    """The courses as three columns between ``top`` and ``bottom``; returns the new y."""
    width = PAGE[0]
    left, right = MARGIN + 70, width - MARGIN - 70
    date_x, hours_x = right - 190, right
    title_width = date_x - left - 24
    rows = len(document.courses) + 2  # heading and total
    leading = max(9.0, min(17.0, (top - bottom) / max(rows, 1)))
    size = min(11.0, leading - 3)
    y = top
    canvas.setFillColor(MUTED)
    canvas.setFont("Sans-Bold", size)
    canvas.drawString(left, y, document.headings[0])
    canvas.drawString(date_x, y, document.headings[1])
    canvas.drawRightString(hours_x, y, document.headings[2])
    canvas.setStrokeColor(MUTED)
    canvas.setLineWidth(0.5)
    canvas.line(left, y - 4, right, y - 4)
    y -= leading
    canvas.setFillColor(INK)
    for course in document.courses:
        canvas.setFont("Sans", fit(course.title, "Sans", size, title_width, 6))
        title = course.title
        if pdfmetrics.stringWidth(title, "Sans", 6) > title_width:
            while title and pdfmetrics.stringWidth(title + "…", "Sans", 6) > title_width:
                title = title[:-1]
            title += "…"
        canvas.drawString(left, y, title)
        canvas.setFont("Sans", size)
        canvas.drawString(date_x, y, course.completed_on)
        canvas.drawRightString(hours_x, y, course.hours)
        y -= leading
    canvas.line(left, y + leading - 5, right, y + leading - 5)
    canvas.setFont("Sans-Bold", size)
    canvas.drawRightString(hours_x, y, document.total)
    return y - leading


def render_path_pdf(document: PathCertificateDocument) -> bytes:
    buffer = io.BytesIO()
    width, height = PAGE
    canvas = document_canvas(buffer, document)
    accent = HexColor(ACCENT)
    draw_frame(canvas, accent)
    draw_number_and_issuer(canvas, document)

    text_width = width - 2 * MARGIN - 120
    y = height - 112
    canvas.setFillColor(accent)
    canvas.setFont("Serif-Bold", fit(document.title, "Serif-Bold", 30, text_width))
    canvas.drawCentredString(width / 2, y, document.title)
    y -= 30
    canvas.setFillColor(INK)
    y = centred_lines(canvas, document.intro, "Sans", 13, y, text_width, 17)
    y -= 18
    size = fit(document.full_name, "Serif-Bold", 28, text_width)
    canvas.setFont("Serif-Bold", size)
    canvas.drawCentredString(width / 2, y, document.full_name)
    half = (
        min(text_width, max(320, pdfmetrics.stringWidth(document.full_name, "Serif-Bold", size)))
        / 2
    )
    canvas.setStrokeColor(accent)
    canvas.setLineWidth(0.8)
    canvas.line(width / 2 - half, y - 9, width / 2 + half, y - 9)
    y -= 32
    y = centred_lines(canvas, document.body, "Sans", 13, y, text_width, 17)
    y -= TABLE_TOP_ROOM
    # The table ends above the facts line, the code and the QR code.
    y = _table(canvas, document, y, MARGIN + 150)
    canvas.setFillColor(INK)
    facts = "   ·   ".join(f"{label}: {value}" for label, value in document.facts)
    canvas.setFont("Sans", fit(facts, "Sans", 11, text_width, 8))
    canvas.drawCentredString(width / 2, MARGIN + 110, facts)

    qr_size = 84
    draw_qr(canvas, document.verify_url, width - MARGIN - 8 - qr_size, MARGIN + 14, qr_size)
    canvas.setFillColor(MUTED)
    canvas.setFont("Sans", 8.5)
    canvas.drawString(MARGIN + 8, MARGIN + 16, f"{document.code_label}: {document.code}")
    canvas.drawString(MARGIN + 8, MARGIN + 5, f"{document.verify_label}: {document.verify_url}")
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
