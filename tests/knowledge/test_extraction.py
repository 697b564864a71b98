"""Text extraction as a plain function: good files give text and pages; bad ones fail
with a reason and never raise anything else."""

from __future__ import annotations

import io

import pytest

from search.extraction import ExtractionFailed, Limits, extract_text

from . import files


def test_a_pdf_gives_its_text_and_page_count():
    result = extract_text(io.BytesIO(files.pdf("Efekt gospodarza obiektu", pages=4)), "pdf")
    assert result.page_count == 4
    assert "Efekt gospodarza obiektu" in result.text
    assert result.has_text


def test_a_pdf_without_a_text_layer_has_no_text():
    result = extract_text(io.BytesIO(files.blank_pdf()), "pdf")
    assert result.page_count == 1
    assert not result.has_text


def test_pages_beyond_the_limit_are_not_read():
    result = extract_text(io.BytesIO(files.pdf("strona", pages=5)), "pdf", Limits(max_pages=2))
    assert result.page_count == 5
    assert result.truncated
    assert result.text.count("strona") == 1  # the title page and one chapter page


def test_text_stops_at_the_character_budget():
    result = extract_text(io.BytesIO(files.pdf("x" * 200, pages=5)), "pdf", Limits(max_chars=300))
    assert len(result.text) <= 300
    assert result.truncated


def test_a_docx_gives_its_paragraphs():
    result = extract_text(io.BytesIO(files.docx()), "docx")
    assert "Polityka integracyjna gminy" in result.text
    assert "Zespół ds. integracji" in result.text


def test_an_odt_gives_its_paragraphs_and_page_count():
    result = extract_text(io.BytesIO(files.odt()), "odt")
    assert "Diagnoza potrzeb" in result.text
    assert result.page_count == 4


@pytest.mark.parametrize(
    ("content", "file_type", "reason"),
    [
        (files.encrypted_pdf(), "pdf", "encrypted"),
        (files.zero_page_pdf(), "pdf", "no pages"),
        (b"%PDF-1.7\n this is not really a PDF", "pdf", "damaged"),
        (b"PK\x03\x04 broken zip", "docx", "damaged"),
        (files.bomb_docx(megabytes=3), "docx", "over the limit"),
        (files.entity_docx(), "docx", "entities"),
        (files.odt(doctype=True), "odt", "entities"),
        (b"", "odt", "damaged"),
    ],
    ids=[
        "encrypted-pdf",
        "zero-page-pdf",
        "malformed-pdf",
        "malformed-docx",
        "bomb-docx",
        "entity-docx",
        "entity-odt",
        "empty-odt",
    ],
)
def test_bad_files_fail_with_a_reason(content, file_type, reason):
    with pytest.raises(ExtractionFailed, match=reason):
        extract_text(io.BytesIO(content), file_type, Limits(max_xml_bytes=2 * 1024 * 1024))


def test_extraction_past_its_time_fails():
    with pytest.raises(ExtractionFailed, match="longer than"):
        extract_text(io.BytesIO(files.pdf(pages=3)), "pdf", Limits(max_seconds=-1))


def test_an_unknown_type_fails():
    with pytest.raises(ExtractionFailed, match="unsupported"):
        extract_text(io.BytesIO(b"x"), "xlsx")
