"""The training record ("karta szkoleń"): what a person completed, as a PDF.

Sections are plug-ins, like dashboard sections: an app registers a ``RecordSection``
whose ``rows(user)`` returns ``RecordRow``s (one query or a constant few). ``training``
registers completed courses and learning paths; the workshops app adds attended
workshops from its own ``ready()``::

    from training.record import RecordRow, RecordSection, register_section
    register_section(RecordSection(key="workshops", title=_("Workshops attended"),
                                   rows=attended_workshops, order=30))

``render_record`` is pure (no ORM): it takes the resolved sections and returns PDF bytes.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

HOURS = Decimal("0.1")


@dataclass(frozen=True)
class RecordRow:
    title: str
    completed_on: date | None
    hours: Decimal | None = None
    number: str = ""  # certificate or completion number


@dataclass(frozen=True)
class RecordSection:
    key: str
    title: object  # a (lazy) string
    rows: Callable  # (user) -> list[RecordRow]
    order: int = 100


_sections: dict[str, RecordSection] = {}


def register_section(section: RecordSection) -> None:
    _sections[section.key] = section


def sections() -> list[RecordSection]:
    return sorted(_sections.values(), key=lambda s: s.order)


def completed_courses(user) -> list[RecordRow]:
    """Completed courses with hours and the certificate number (one query)."""
    from django.db.models import OuterRef, Subquery

    from certificates.models import Certificate
    from courses.models import Enrollment

    number = Certificate.objects.filter(enrollment=OuterRef("pk")).order_by("-issued_at")
    rows = (
        Enrollment.objects.filter(user=user, completed_at__isnull=False)
        .select_related("course")
        .only("completed_at", "course__title", "course__estimated_hours")
        .annotate(certificate_number=Subquery(number.values("number")[:1]))
        .order_by("completed_at")
    )
    return [
        RecordRow(
            title=e.course.title,
            completed_on=e.completed_at.date(),
            hours=e.course.estimated_hours,
            number=e.certificate_number or "",
        )
        for e in rows
    ]


def completed_paths(user) -> list[RecordRow]:
    from .models import PathCompletion

    return [
        RecordRow(title=c.path.title, completed_on=c.completed_at.date(), number=c.number)
        for c in PathCompletion.objects.filter(user=user)
        .select_related("path")
        .order_by("completed_at")
    ]


def register_defaults() -> None:
    register_section(
        RecordSection(
            key="training.courses",
            title=gettext_lazy("Completed courses"),
            rows=completed_courses,
            order=10,
        )
    )
    register_section(
        RecordSection(
            key="training.paths",
            title=gettext_lazy("Completed learning paths"),
            rows=completed_paths,
            order=20,
        )
    )


def collect(user) -> list[tuple[str, list[RecordRow]]]:
    return [(str(section.title), section.rows(user)) for section in sections()]


def total_hours(collected) -> Decimal:
    return sum(
        (row.hours or Decimal(0) for _title, rows in collected for row in rows), Decimal(0)
    ).quantize(HOURS)


def render_record(
    *, full_name: str, organisation: str, collected, code: str, verify_url: str, issued: date
) -> bytes:
    """The PDF (A4 portrait): header, one table per section, total CPD hours, QR."""
    from reportlab.graphics.barcode.qr import QrCodeWidget
    from reportlab.graphics.shapes import Drawing
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    from certificates.pdf import register_fonts

    register_fonts()
    body = ParagraphStyle("body", fontName="Sans", fontSize=10, leading=13)
    head = ParagraphStyle("head", fontName="Sans-Bold", fontSize=18, leading=22)
    sub = ParagraphStyle("sub", fontName="Sans-Bold", fontSize=12, leading=16, spaceBefore=8)
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=_("Training record"),
        author=_("Migration Academy"),
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
    )
    story = [
        Paragraph(_("Training record"), head),
        Paragraph(full_name, sub),
        Paragraph(organisation, body),
        Paragraph(_("Issued on %(date)s") % {"date": formats.date_format(issued)}, body),
        Spacer(1, 6 * mm),
    ]
    for title, rows in collected:
        story.append(Paragraph(title, sub))
        if not rows:
            story.append(Paragraph(_("None yet."), body))
            continue
        data = [[_("Title"), _("Completed on"), _("Hours (CPD)"), _("Number")]]
        for row in rows:
            data.append(
                [
                    Paragraph(row.title, body),
                    formats.date_format(row.completed_on, "SHORT_DATE_FORMAT")
                    if row.completed_on
                    else "",
                    formats.number_format(row.hours, 1) if row.hours is not None else "",
                    Paragraph(row.number, body),
                ]
            )
        table = Table(data, colWidths=[80 * mm, 28 * mm, 24 * mm, 42 * mm], repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("FONT", (0, 0), (-1, 0), "Sans-Bold", 9),
                    ("FONT", (0, 1), (-1, -1), "Sans", 9),
                    ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.black),
                    ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.grey),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        story.append(table)
    story.append(Spacer(1, 6 * mm))
    story.append(
        Paragraph(
            _("Total hours (CPD): %(hours)s")
            % {"hours": formats.number_format(total_hours(collected), 1)},
            sub,
        )
    )
    qr = QrCodeWidget(verify_url)
    x0, y0, x1, y1 = qr.getBounds()
    size = 30 * mm
    drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    drawing.add(qr)
    story.append(Spacer(1, 4 * mm))
    story.append(drawing)
    story.append(
        Paragraph(
            _("Verify this record: %(url)s (code %(code)s)") % {"url": verify_url, "code": code},
            body,
        )
    )
    document.build(story)
    return buffer.getvalue()


def record_issue(*, user, by=None) -> tuple[object, bytes]:
    """Hand out a training record: a verification row and the PDF bytes."""
    import secrets

    from django.urls import reverse
    from django.utils import timezone

    from academy.models import Membership

    from .models import RecordIssue
    from .services import absolute

    collected = collect(user)
    code = secrets.token_hex(16)
    issue = RecordIssue.objects.create(
        user=user,
        code=code,
        issued_by=by,
        summary={
            "full_name": user.full_name,
            "sections": [[title, len(rows)] for title, rows in collected],
            "hours": str(total_hours(collected)),
        },
    )
    organisation = (
        Membership.objects.filter(user=user, status=Membership.Status.APPROVED)
        .select_related("organisation")
        .order_by("pk")
        .first()
    )
    pdf = render_record(
        full_name=user.full_name or user.email,
        organisation=organisation.organisation.name if organisation else "",
        collected=collected,
        code=code,
        verify_url=absolute(reverse("training:record_verify", kwargs={"code": code})),
        issued=timezone.localdate(),
    )
    return issue, pdf
