"""The PDF as a reader sees it: text, metadata, fonts and the QR code."""

import io

import pypdf
import pytest
import segno
from pypdf.generic import ContentStream

from certificates import pdf, services
from certificates.codes import format_code
from certificates.pdf import CertificateDocument, Signatory, render_pdf

pytestmark = pytest.mark.django_db

URL = "https://academy.example/certificates/verify/7KQ2-M9XA-7KQ2-M9XA-7KQ2-M9XA-7KQ2/"


def _document(**overrides):
    values = dict(
        language="pl",
        title="Zaświadczenie",
        intro="Niniejszym zaświadcza się, że",
        full_name="Łucja Źdźbło-Kowalska",
        body="ukończyła kurs „Ochrona czasowa” (8 godz.).",
        facts=[("Data ukończenia", "12 listopada 2026")],
        number_label="Nr",
        number="MA/2026/000001",
        code_label="Kod",
        code="7KQ2-M9XA-7KQ2-M9XA-7KQ2-M9XA-7KQ2",
        verify_label="Sprawdź",
        verify_url=URL,
        issuer="Akademia Migracyjna",
        signatories=[Signatory("Олена Іваненко", "Тренерка")],
    )
    values.update(overrides)
    return CertificateDocument(**values)


def _qr_cells(data: bytes) -> set[tuple[int, int]]:
    """Rebuild the QR matrix from the PDF's drawing operators: the code is the one path
    whose rectangles are drawn in module units (height 1, integer coordinates)."""
    page = pypdf.PdfReader(io.BytesIO(data)).pages[0]
    operations = ContentStream(page.get_contents(), page.pdf).operations
    best, current = [], []
    for operands, operator in operations:
        if (
            operator == b"re"
            and float(operands[3]) == 1
            and all(float(v).is_integer() for v in operands)
        ):
            current.append([int(float(v)) for v in operands])
        elif operator in (b"f", b"f*"):
            if len(current) > len(best):
                best = current
            current = []
    return {(y, x) for x0, y, w, _h in best for x in range(x0, x0 + w)}


def _segno_cells(url: str, **options) -> set[tuple[int, int]]:
    matrix = segno.make(url, micro=False, **options).matrix
    return {(y, x) for y, row in enumerate(matrix) for x, bit in enumerate(row) if bit & 1}


def test_polish_and_ukrainian_names_come_back_exactly_as_entered():
    data = render_pdf(_document())
    text = pypdf.PdfReader(io.BytesIO(data)).pages[0].extract_text()
    assert "Łucja Źdźbło-Kowalska" in text
    assert "Олена Іваненко" in text
    assert "ukończyła kurs „Ochrona czasowa”" in text


def test_the_pdf_is_a4_landscape_with_metadata_and_only_embedded_fonts():
    reader = pypdf.PdfReader(io.BytesIO(render_pdf(_document())))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (842, 595)
    assert reader.metadata.title == "Zaświadczenie — Łucja Źdźbło-Kowalska"
    assert reader.metadata.author == "Akademia Migracyjna"
    assert reader.trailer["/Root"]["/Lang"] == "pl"
    for font in reader.pages[0]["/Resources"]["/Font"].values():
        font = font.get_object()
        # TrueType subsets of PT Serif / PT Sans, each embedded; no base-14 Helvetica.
        assert font["/Subtype"] == "/TrueType" and "+PT" in font["/BaseFont"], font
        assert "/FontFile2" in font["/FontDescriptor"].get_object()


def test_the_qr_code_encodes_the_verification_url():
    cells = _qr_cells(render_pdf(_document()))
    assert cells == _segno_cells(URL, error=pdf.QR_ERROR, mask=pdf.QR_MASK)
    assert cells != _segno_cells(
        URL.replace("7KQ2/", "7KQ3/"), error=pdf.QR_ERROR, mask=pdf.QR_MASK
    )


def test_an_issued_certificate_prints_its_own_verification_url_and_code(certificate):
    data = services.certificate_pdf_bytes(certificate)
    url = "https://academy.example" + certificate.get_absolute_url()
    assert url.endswith(f"/certificates/verify/{format_code(certificate.code)}/")
    assert _qr_cells(data) == _segno_cells(url, error=pdf.QR_ERROR, mask=pdf.QR_MASK)
    text = pypdf.PdfReader(io.BytesIO(data)).pages[0].extract_text()
    assert certificate.number in text and format_code(certificate.code) in text
    assert "12,5" in text


def test_bilingual_template_prints_english_under_the_certificate_language(course, learner):
    from tests.factories.certificates import completed_enrollment

    template = course.certificate_template
    template.language, template.bilingual = "uk", True
    template.body = "завершила курс «{course}» ({hours} год.)"
    template.save()
    certificate = services.certificate_issue(
        enrollment=completed_enrollment(user=learner, course=course), notify=False
    )
    text = (
        pypdf.PdfReader(io.BytesIO(services.certificate_pdf_bytes(certificate)))
        .pages[0]
        .extract_text()
    )
    assert "завершила курс «Lokalna polityka integracyjna» (12,5 год.)" in text
    assert "has completed the course “Lokalna polityka integracyjna” (12.5 hours)" in text


def test_a_background_jpeg_is_drawn(tmp_path):
    from PIL import Image

    path = tmp_path / "bg.jpg"
    Image.new("RGB", (842, 595), (250, 246, 235)).save(path, "JPEG")
    reader = pypdf.PdfReader(io.BytesIO(render_pdf(_document(background_path=str(path)))))
    assert len(reader.pages[0].images) == 1
