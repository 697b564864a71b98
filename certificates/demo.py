"""Demo certificate templates and certificates for ``seed_demo``. Idempotent.

``seed_demo`` runs in one transaction, so certificates for demo learners who completed
a course are issued here directly (the ``course_completed`` receiver would find them
already issued when it fires on commit).
"""

from __future__ import annotations

from courses.models import Course, Enrollment

from .badges import absolute
from .models import Certificate, CertificateTemplate
from .services import certificate_issue

TEMPLATES = {
    "lokalna-polityka-integracyjna": {
        "language": "pl",
        "bilingual": True,
        "accent_colour": "#1f4e79",
        "title": "Zaświadczenie o ukończeniu kursu",
        "body": "ukończył(a) kurs „{course}” ({hours} godz.) w Akademii Migracyjnej Konsorcjum Migracyjnego.",
        "signatory1_name": "dr Katarzyna Wiśniewska",
        "signatory1_role": "Trenerka, prawo migracyjne",
        "signatory2_name": "Ewa Administratorka",
        "signatory2_role": "Koordynatorka Akademii Migracyjnej",
    },
    "ochrona-czasowa-ukraina": {
        "language": "pl",
        "bilingual": False,
        "accent_colour": "#7a4b00",
        "validity_months": 24,
        "body": "ukończył(a) kurs „{course}” ({hours} godz.). Zaświadczenie jest ważne 2 lata ze względu "
        "na zmieniające się przepisy.",
        "signatory1_name": "dr Katarzyna Wiśniewska",
        "signatory1_role": "Trenerka, prawo migracyjne",
    },
    "working-with-interpreters": {
        "language": "en",
        "bilingual": False,
        "accent_colour": "#2d5f2e",
        "signatory1_name": "dr Katarzyna Wiśniewska",
        "signatory1_role": "Trainer",
    },
}


def seed(stdout) -> None:
    for slug, values in TEMPLATES.items():
        course = Course.objects.filter(slug=slug).first()
        if course is None:
            continue
        CertificateTemplate.objects.update_or_create(course=course, defaults=values)
    completed = (
        Enrollment.objects.filter(
            course__slug__in=TEMPLATES,
            course__certificate_enabled=True,
            status=Enrollment.Status.ACTIVE,
            completed_at__isnull=False,
        )
        .exclude(certificates__isnull=False)
        .select_related("course", "user")
    )
    for enrollment in completed:
        certificate_issue(enrollment=enrollment, notify=False)
    example = (
        Certificate.objects.current().filter(user__email="learner@academy.example").first()
        or Certificate.objects.current().first()
    )
    if example:
        stdout.write(f"Demo certificate {example.number}: {absolute(example.get_absolute_url())}")
    else:
        stdout.write("No demo learner has completed a course yet, so there is no demo certificate.")
