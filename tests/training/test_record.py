import io
from datetime import date
from decimal import Decimal

import pypdf
import pytest

from training import record

pytestmark = pytest.mark.django_db


def test_another_app_adds_a_section_to_the_training_record(learner):
    section = record.RecordSection(
        key="workshops.attended",
        title="Warsztaty",
        rows=lambda user: [
            record.RecordRow(
                title="Warsztat: mediacje", completed_on=date(2026, 11, 3), hours=Decimal("4")
            )
        ],
        order=30,
    )
    record.register_section(section)
    try:
        collected = record.collect(learner)
        assert [title for title, _rows in collected][-1] == "Warsztaty"
        assert record.total_hours(collected) == Decimal("4.0")
        issue, pdf = record.record_issue(user=learner)
        text = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages)
        assert "Warsztat: mediacje" in text and issue.code in text
    finally:
        record._sections.pop("workshops.attended")


def test_polish_and_ukrainian_letters_are_printed(learner):
    learner.full_name = "Łucja Źdźbło — Олена Іваненко"
    learner.save()
    _issue, pdf = record.record_issue(user=learner)
    text = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    assert "Źdźbło" in text and "Іваненко" in text


def test_evaluating_needs_a_completed_enrolment(client_for, learner, outsider, course):
    from django.urls import reverse

    url = reverse("training:evaluate", args=[course.slug])
    assert client_for(learner).post(url, {"satisfaction": 5, "usefulness": 5}).status_code == 404
    assert client_for(None).post(url).status_code == 302
