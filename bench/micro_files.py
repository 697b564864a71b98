"""Benchmarks of the file-heavy paths the issues budget: importing a 20 MB H5P package,
issuing certificates in bulk, and the memory the streamed course ZIP needs. Database
work runs in a transaction that is rolled back; files go to the run's temporary storage."""

from __future__ import annotations

import os
import time
import tracemalloc

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from .report import Figure, at_most


def _package_of(megabytes: int) -> bytes:
    from h5p.sample import build_package, sample_files

    files = sample_files(title="Bench 20 MB")
    # Incompressible media, as real video or audio in a package would be.
    files["content/videos/lecture.mp4"] = os.urandom(megabytes * 1024 * 1024)
    return build_package(files)


def h5p_import(*, trainer, module) -> Figure:
    from h5p.services import activity_create

    package = _package_of(20)
    started = time.perf_counter()
    activity_create(module=module, upload=SimpleUploadedFile("bench.h5p", package), user=trainer)
    seconds = time.perf_counter() - started
    return Figure("micro.h5p_import_20mb.seconds", seconds, "s", at_most(5))


def corpus_largest_package():
    """The largest real Hub package of the H5P corpus (``H5P_CORPUS_DIR`` or
    ``<repository>/../shared/h5p-corpus``), by unpacked size."""
    import zipfile
    from pathlib import Path

    from django.conf import settings

    folder = Path(
        os.environ.get("H5P_CORPUS_DIR") or Path(settings.BASE_DIR).parent / "shared" / "h5p-corpus"
    )
    packages = sorted(folder.glob("*.h5p"))
    if not packages:
        raise RuntimeError(
            f"The H5P corpus is missing: no .h5p files in {folder} (set H5P_CORPUS_DIR)."
        )

    def unpacked(path):
        with zipfile.ZipFile(path) as archive:
            return sum(info.file_size for info in archive.infolist())

    return max(packages, key=unpacked)


def h5p_import_corpus(*, trainer, module) -> Figure:
    """Importing the largest real package of the corpus (hundreds of small library files:
    the cost is per file, not per byte). Run alone with ``manage.py shell -c
    "from bench.micro_files import run_h5p_corpus; run_h5p_corpus()"``."""
    from h5p.services import activity_create

    path = corpus_largest_package()
    data = path.read_bytes()
    started = time.perf_counter()
    activity_create(module=module, upload=SimpleUploadedFile(path.name, data), user=trainer)
    seconds = time.perf_counter() - started
    return Figure("micro.h5p_import_largest_corpus.seconds", seconds, "s", at_most(2))


def run_h5p_corpus() -> Figure:
    """The corpus import alone, in a rolled-back transaction, printed."""
    from academy.models import User
    from courses.models import Course, Module

    with transaction.atomic():
        trainer = User.objects.create_user(
            email=f"h5p-{time.monotonic_ns()}@bench.academy.example",
            password=None,
            full_name="Bench Trainer",
        )
        course = Course.objects.create(
            title="Bench H5P",
            slug=f"bench-h5p-{time.monotonic_ns()}",
            status=Course.Status.PUBLISHED,
            estimated_hours=1,
        )
        module = Module.objects.create(course=course, title="M", position=1)
        figure = h5p_import_corpus(trainer=trainer, module=module)
        transaction.set_rollback(True)
    print(
        f"{figure.name} {figure.value:.3f} {figure.unit} ({corpus_largest_package().name})",
        "PASS" if figure.passed else "FAIL",
    )
    return figure


def knowledge_extract(*, pages: int) -> Figure:
    """A report of ``pages`` pages (about 2,000 characters each) uploaded, its text
    extracted and indexed: the editor's wait after an upload (issue 18: 300 pages <= 10 s)."""
    import random
    from datetime import date

    from django.core.files.base import ContentFile

    from knowledge import services
    from knowledge.demo_content import PUBLICATIONS
    from knowledge.models import Publication
    from knowledge.pdf import document_pdf

    words = [w for p in PUBLICATIONS for _h, text in p["pl"]["pages"] for w in text.split()]
    rng = random.Random(300)
    chapters = [(f"Rozdział {n}", " ".join(rng.choices(words, k=300))) for n in range(pages - 1)]
    publication = Publication.objects.create(
        title="Bench report",
        slug=f"bench-extract-{time.monotonic_ns()}",
        type="report",
        language="pl",
        region="national",
        licence="cc-by-4.0",
    )
    edition = services.edition_create(
        publication=publication, version_label="1", issued_on=date(2026, 1, 1)
    )
    version = services.language_version_create(
        edition=edition,
        language="pl",
        title="Bench report",
        upload=ContentFile(document_pdf("Raport", chapters), name="report.pdf"),
    )
    services.publication_publish(publication=publication)
    started = time.perf_counter()
    services.language_version_extract(version_id=version.pk)
    seconds = time.perf_counter() - started
    return Figure(f"micro.knowledge_extract_{pages}_pages.seconds", seconds, "s", at_most(10))


def certificates_issue(*, course, count: int) -> tuple[Figure, list]:
    from academy.models import User
    from certificates.services import certificate_issue
    from courses.models import Enrollment

    users = User.objects.bulk_create(
        [
            User(
                email=f"cert-bench-{index}-{time.monotonic_ns()}@bench.academy.example",
                full_name=f"Zofia Łęcka-Шевченко {index}",
                password="!",
            )
            for index in range(count)
        ]
    )
    now = timezone.now()
    enrollments = Enrollment.objects.bulk_create(
        [
            Enrollment(
                user=user,
                course=course,
                enrolled_at=now,
                completed_at=now,
                required_total=1,
                required_completed=1,
                percent=100,
            )
            for user in users
        ]
    )
    # Warm-up, as for the other micro-benchmarks: fonts registered, templates compiled.
    warmup, timed = enrollments[:3], enrollments[3:]
    issued = [certificate_issue(enrollment=enrollment, notify=False) for enrollment in warmup]
    started = time.perf_counter()
    issued += [certificate_issue(enrollment=enrollment, notify=False) for enrollment in timed]
    seconds = time.perf_counter() - started
    # The budget is for 1,000; a smaller run is scaled to it.
    return Figure(
        "micro.certificates_issue_1000.seconds", seconds * 1000 / len(timed), "s", at_most(30)
    ), issued


def zip_peak_memory(certificates) -> float:
    from certificates.views.private import _zip_stream

    tracemalloc.start()
    size = sum(len(chunk) for chunk in _zip_stream(iter(certificates)))
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert size > 0
    return peak / (1024 * 1024)


def run(*, quick: bool = False) -> list[Figure]:
    from academy.models import User
    from courses.authoring import module_create
    from courses.models import Course

    figures = []
    with transaction.atomic():
        trainer = User.objects.create_user(
            email=f"files-{time.monotonic_ns()}@bench.academy.example",
            password=None,
            full_name="Bench Trainer",
        )
        course = Course.objects.create(
            title="Bench files",
            slug=f"bench-files-{time.monotonic_ns()}",
            status=Course.Status.PUBLISHED,
            estimated_hours=4,
        )
        module = module_create(course=course, title="M")
        figures.append(h5p_import(trainer=trainer, module=module))
        figures.append(h5p_import_corpus(trainer=trainer, module=module))
        figures.append(knowledge_extract(pages=30 if quick else 300))
        figure, issued = certificates_issue(course=course, count=23 if quick else 1003)
        figures.append(figure)
        small = zip_peak_memory(issued[: max(1, len(issued) // 10)])
        large = zip_peak_memory(issued)
        # The PDFs are streamed, never held; what grows is the ZIP's central directory (one
        # ZipInfo per file, which the format must list at the end): about 1 KB per file.
        figures.append(Figure("micro.course_zip.peak_mb", large, "MB", at_most(16)))
        figures.append(
            Figure(
                "micro.course_zip.kb_per_certificate",
                (large - small) * 1024 / max(1, len(issued) - max(1, len(issued) // 10)),
                "KB",
                at_most(2),
            )
        )
        transaction.set_rollback(True)
    return figures
