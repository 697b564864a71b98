"""Micro-benchmarks (timeit-style: many rounds, median): certificate PDF, scoring a
50-question attempt, the outline state of a 150-item course (in memory and with its
three queries) and ``progress_record``. Database work runs inside a transaction that
is rolled back, so the database is left as it was."""

from __future__ import annotations

import statistics
import time
from datetime import date
from decimal import Decimal
from types import SimpleNamespace

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from assessments import scoring
from certificates import printing
from certificates.codes import format_code
from certificates.models import Certificate
from certificates.pdf import render_pdf
from courses.access import course_outline
from courses.authoring import structure_edit
from courses.models import Course, Enrollment, Item, ItemProgress, Module
from courses.outline import build_outline
from courses.progress import progress_record
from courses.structure import structure_key

from .report import Figure, at_most


def median_ms(function, rounds: int, warmup: int = 3) -> float:
    for _ in range(warmup):
        function()
    samples = []
    for _ in range(rounds):
        started = time.perf_counter()
        function()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def certificate_document():
    language = "pl"
    day = date(2026, 11, 12)
    values = {
        "name": "Zażółć Gęślą-Jaźń",
        "course": "Lokalna polityka integracyjna",
        "hours": "12 godzin",
        "_hours_raw": "12.0",
        "date": printing.format_date(day, language),
        "organisation": "Urząd Miasta Lublin",
        "number": "MA/2026/000123",
    }
    snapshot = {
        "full_name": "Зоряна Ковальчук-Łęcka",
        "course_title": values["course"],
        "hours": values["hours"],
        "hours_raw": "12.0",
        "organisation": values["organisation"],
        **printing.template_texts(None, language, values),
        "language": language,
        "bilingual": False,
        "issuer": printing.default_texts(language)["issuer"],
        "completed_on": day.isoformat(),
        "completed_on_display": values["date"],
        "issued_on_display": values["date"],
        "valid_until_display": "",
        "signatories": [
            {"name": "Anna Nowak", "role": "Dyrektorka Akademii"},
            {"name": "Olena Shevchenko", "role": "Trenerka"},
        ],
        "accent_colour": "#1f4e79",
    }
    certificate = Certificate(
        number="MA/2026/000123", code="7KQ2M9XA3BCDEFGHJKMNPQRSTVWX", snapshot=snapshot
    )
    url = "https://academy.example.org/certificates/verify/" + format_code(certificate.code) + "/"
    return printing.document_for(certificate, verify_url=url)


def fifty_questions():
    """50 questions of every type with a learner's answers (some right, some wrong)."""
    questions, answers = [], {}
    qid, cid = 1, 1000
    types = (
        [scoring.SINGLE] * 12
        + [scoring.MULTIPLE] * 10
        + [scoring.TRUE_FALSE] * 6
        + [scoring.SHORT] * 8
        + [scoring.NUMERIC] * 5
        + [scoring.MATCHING] * 5
        + [scoring.ORDERING] * 4
    )
    for index, kind in enumerate(types):
        choices = []
        count = {scoring.TRUE_FALSE: 2, scoring.SHORT: 3, scoring.NUMERIC: 0}.get(kind, 5)
        for position in range(count):
            text = (
                ["Zażółć gęślą jaźń", "zazolc gesla jazn", "Urząd gminy"][position]
                if kind == scoring.SHORT
                else f"Odpowiedź {position}"
            )
            choices.append(
                scoring.ChoiceData(
                    id=cid,
                    text=text,
                    is_correct=position in (0, 2),
                    position=position,
                    match_text=f"para {position}",
                )
            )
            cid += 1
        question = scoring.QuestionData(
            id=qid,
            type=kind,
            points=Decimal("2") if index % 3 else Decimal("1"),
            choices=tuple(choices),
            partial=index % 2 == 0,
            ignore_diacritics=index % 2 == 1,
            numeric_answer=Decimal("12.5") if kind == scoring.NUMERIC else None,
            tolerance=Decimal("0.1"),
        )
        questions.append(question)
        ids = [c.id for c in choices]
        right = index % 4 != 0
        if kind in (scoring.SINGLE, scoring.TRUE_FALSE):
            answers[qid] = ids[0] if right else ids[1]
        elif kind == scoring.MULTIPLE:
            answers[qid] = [ids[0], ids[2]] if right else [ids[0], ids[1]]
        elif kind == scoring.SHORT:
            answers[qid] = "  ZAŻÓŁĆ  gęślą jaźń " if right else "coś innego"
        elif kind == scoring.NUMERIC:
            answers[qid] = "12,45" if right else "13"
        elif kind == scoring.MATCHING:
            answers[qid] = {str(i): (i if right else ids[0]) for i in ids}
        else:
            answers[qid] = ids if right else list(reversed(ids))
        qid += 1
    return questions, answers


def outline_rows(modules: int = 10, per_module: int = 15):
    """150 items in memory, half of them with progress (a third complete)."""
    mods = [SimpleNamespace(pk=m + 1) for m in range(modules)]
    items, rows = [], []
    for m in range(modules):
        for position in range(per_module):
            pk = m * per_module + position + 1
            items.append(
                SimpleNamespace(
                    pk=pk, module_id=m + 1, is_required=position % 5 != 4, title=f"Item {pk}"
                )
            )
            if pk <= modules * per_module // 2:
                rows.append(
                    SimpleNamespace(item_id=pk, state="completed" if pk % 3 else "in_progress")
                )
    return mods, items, rows


def _course_150(user) -> tuple[Course, Enrollment, list[Item]]:
    course = Course.objects.create(
        title="Bench 150",
        slug=f"bench-150-{time.monotonic_ns()}",
        status=Course.Status.PUBLISHED,
        is_sequential=True,
    )
    with structure_edit(course):
        modules = Module.objects.bulk_create(
            [Module(course=course, title=f"M{m}", position=m) for m in range(10)]
        )
        items = Item.objects.bulk_create(
            [
                Item(
                    course=course,
                    module=module,
                    kind="page",
                    title=f"Item {m}.{p}",
                    position=p,
                    is_required=p % 5 != 4,
                )
                for m, module in enumerate(modules)
                for p in range(15)
            ]
        )
    enrollment = Enrollment.objects.create(
        user=user, course=course, enrolled_at=timezone.now(), required_total=120
    )
    now = timezone.now()
    ItemProgress.objects.bulk_create(
        [
            ItemProgress(enrollment=enrollment, item=item, state="completed", completed_at=now)
            for item in items[:75]
        ]
    )
    return course, enrollment, items


def run(*, quick: bool = False) -> tuple[list[Figure], dict]:
    rounds = 1 if quick else 5
    figures, notes = [], {}

    document = certificate_document()
    pdf = render_pdf(document)
    figures.append(
        Figure(
            "micro.certificate_pdf.median",
            median_ms(lambda: render_pdf(document), 10 * rounds * 4),
            "ms",
            at_most(15),
        )
    )
    figures.append(Figure("micro.certificate_pdf.size", len(pdf) / 1024, "KB", at_most(60)))

    questions, answers = fifty_questions()
    figures.append(
        Figure(
            "micro.scoring_50_questions.median",
            median_ms(lambda: scoring.score_attempt(questions, answers), 100 * rounds * 2),
            "ms",
            at_most(20),
        )
    )

    mods, items, rows = outline_rows()
    figures.append(
        Figure(
            "micro.outline_150_items.median",
            median_ms(
                lambda: build_outline(
                    modules=mods, items=items, progress_rows=rows, sequential=True
                ),
                200 * rounds * 2,
            ),
            "ms",
            at_most(5),
        )
    )

    from academy.models import User

    with transaction.atomic():
        user = User.objects.create_user(
            email=f"micro-{time.monotonic_ns()}@bench.academy.example",
            password=None,
            full_name="Micro Bench",
        )
        course, enrollment, course_items = _course_150(user)
        course = Course.objects.get(pk=course.pk)
        # As a request sees it: the structure in the cache (the usual case)…
        figures.append(
            Figure(
                "micro.course_outline_150_items_with_queries.median",
                median_ms(
                    lambda: course_outline(course=course, enrollment=enrollment), 20 * rounds * 2
                ),
                "ms",
                at_most(5),
            )
        )
        # …and the first request after a trainer's edit, which reads it again.
        figures.append(
            Figure(
                "micro.course_outline_150_items_cold_structure.median",
                median_ms(
                    lambda: (
                        cache.delete(structure_key(course.pk, course.structure_token)),
                        course_outline(course=course, enrollment=enrollment),
                    ),
                    20 * rounds * 2,
                ),
                "ms",
                at_most(5),
            )
        )
        remaining = iter(course_items[75:])
        samples = []
        for item in list(remaining)[: 15 * rounds * 2]:
            started = time.perf_counter()
            progress_record(enrollment=enrollment, item=item, completed=True)
            samples.append((time.perf_counter() - started) * 1000)
        figures.append(Figure("micro.progress_record.median", statistics.median(samples), "ms"))
        transaction.set_rollback(True)
    notes["micro"] = {"pdf_bytes": len(pdf)}
    return figures, notes
