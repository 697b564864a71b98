"""The attendance list (lista obecności) as PDF and XLSX — pure rendering, no writes."""

from __future__ import annotations

import io

from django.utils import formats
from django.utils.translation import gettext as _
from openpyxl import Workbook
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from certificates.pdf import register_fonts

from .models import WARSAW


def _when(session) -> str:
    parts = []
    for block in session.blocks.all():
        start, end = block.starts_at.astimezone(WARSAW), block.ends_at.astimezone(WARSAW)
        parts.append(f"{formats.date_format(start, 'SHORT_DATE_FORMAT')} {start:%H:%M}–{end:%H:%M}")
    return ", ".join(parts)


def _place(session) -> str:
    return (
        ", ".join(p for p in (session.venue_address, session.venue_room) if p)
        or session.get_mode_display()
    )


def attendance_pdf(session, bookings, trainers) -> bytes:
    register_fonts()
    buffer = io.BytesIO()
    width, height = A4
    canvas = Canvas(buffer, pagesize=A4)
    canvas.setTitle(_("Attendance list"))
    margin = 18 * mm
    row_height = 9 * mm
    columns = [
        (margin, _("No.")),
        (margin + 12 * mm, _("Participant")),
        (margin + 72 * mm, _("Organisation")),
        (margin + 122 * mm, _("Signature")),
    ]

    def header(y):
        canvas.setFont("Sans-Bold", 15)
        canvas.drawString(margin, y, _("Attendance list"))
        canvas.setFont("Sans", 10)
        y -= 7 * mm
        for line in (
            str(session),
            _("Date: %(when)s") % {"when": _when(session)},
            _("Place: %(place)s") % {"place": _place(session)},
            _("Trainer: %(names)s") % {"names": ", ".join(trainers) or "—"},
        ):
            canvas.drawString(margin, y, line[:110])
            y -= 5.5 * mm
        y -= 3 * mm
        canvas.setFont("Sans-Bold", 10)
        for x, label in columns:
            canvas.drawString(x, y, label)
        canvas.line(margin, y - 2 * mm, width - margin, y - 2 * mm)
        canvas.setFont("Sans", 10)
        return y - row_height

    y = header(height - margin)
    for number, booking in enumerate(bookings, start=1):
        if y < margin + row_height:
            canvas.showPage()
            y = header(height - margin)
        canvas.drawString(columns[0][0], y, str(number))
        canvas.drawString(columns[1][0], y, str(booking.user)[:38])
        canvas.drawString(
            columns[2][0], y, (booking.organisation.name if booking.organisation else "")[:30]
        )
        canvas.line(columns[3][0], y - 1 * mm, width - margin, y - 1 * mm)
        y -= row_height
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def attendance_xlsx(session, bookings) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Attendance")[:31])
    sheet.append([str(session)])
    sheet.append([_when(session), _place(session)])
    sheet.append(
        [
            _("Participant"),
            _("Email"),
            _("Organisation"),
            _("Seat"),
            _("Status"),
            _("Attendance"),
            _("Minutes"),
        ]
    )
    for booking in bookings:
        sheet.append(
            [
                str(booking.user),
                booking.user.email,
                booking.organisation.name if booking.organisation else "",
                booking.get_seat_display(),
                booking.get_status_display(),
                booking.get_attendance_display() if booking.attendance else "",
                booking.minutes,
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
