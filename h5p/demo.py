"""Demo H5P activities, built at seed time from our own content type (nothing downloaded)."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from courses.models import Course, Item, Module
from courses.progress import course_recompute

from .kinds import H5P
from .models import Library
from .sample import sample_package
from .services import activity_create, library_approve

DEMO = [
    {
        "course": "working-with-interpreters",
        "title": "Check yourself: working with an interpreter",
        "language": "en",
        "check_label": "Check my answers",
        "questions": [
            {
                "id": "q1",
                "text": "Whom do you address during an interpreted conversation?",
                "options": ["The interpreter", "The person you are speaking with"],
                "correct": 1,
            },
            {
                "id": "q2",
                "text": "May a client's child interpret at an appointment about their residence permit?",
                "options": [
                    "No, use a trained interpreter",
                    "Yes, if the child speaks Polish well",
                ],
                "correct": 0,
            },
            {
                "id": "q3",
                "text": "What should you agree with the interpreter before the meeting?",
                "options": [
                    "Confidentiality and how to signal a need for clarification",
                    "Nothing, they know the job",
                ],
                "correct": 0,
            },
        ],
    },
    {
        "course": "ochrona-czasowa-ukraina",
        "title": "Sprawdź się: ochrona czasowa",
        "language": "pl",
        "check_label": "Sprawdź odpowiedzi",
        "questions": [
            {
                "id": "q1",
                "text": "Komu przysługuje ochrona czasowa w Polsce?",
                "options": [
                    "Każdemu cudzoziemcowi",
                    "Osobom, które uciekły przed wojną w Ukrainie",
                ],
                "correct": 1,
            },
            {
                "id": "q2",
                "text": "Gdzie osoba z ochroną czasową zgłasza się po numer PESEL?",
                "options": ["Do urzędu gminy", "Do ambasady"],
                "correct": 0,
            },
        ],
    },
]


def seed(stdout) -> None:
    staff = get_user_model().objects.filter(email="staff@academy.example").first()
    trainer = get_user_model().objects.filter(email="trainer@academy.example").first()
    added = []
    for spec in DEMO:
        course = Course.objects.filter(slug=spec["course"]).first()
        if course is None:
            continue
        if Item.objects.filter(course=course, kind=H5P, title=spec["title"]).exists():
            continue
        # The last module ends with the course's final quiz: the exercise goes one module earlier.
        modules = list(Module.objects.filter(course=course).order_by("-position", "-pk")[:2])
        if not modules:
            continue
        module = modules[-1]
        package = sample_package(
            title=spec["title"],
            questions=spec["questions"],
            heading=spec["title"],
            check_label=spec["check_label"],
            language=spec["language"],
            pass_ratio=0.6,
        )
        activity = activity_create(
            module=module,
            upload=SimpleUploadedFile("demo.h5p", package),
            user=trainer,
            completion="passed",
            pass_percent=60,
        )
        # Learners already enrolled are recounted with the new required item.
        course_recompute(course=course)
        added.append(f"{course.slug}: {activity.item.title}")
    for library in Library.objects.filter(
        machine_name="H5P.AcademyCheck", approved_at__isnull=True
    ):
        library_approve(library=library, user=staff)
    if added:
        stdout.write("H5P activities: " + "; ".join(added) + ".")
    port = urlsplit(settings.ACADEMY_BASE_URL).port or 8000
    stdout.write(
        f"H5P needs the player's sibling host name: open http://academy.localhost:{port}/ "
        "(not 127.0.0.1) to play H5P activities."
    )
