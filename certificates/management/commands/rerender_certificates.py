from django.core.management.base import BaseCommand, CommandError

from certificates.models import Certificate
from certificates.services import certificate_rerender
from courses.models import Course


class Command(BaseCommand):
    help = (
        "Render certificates' PDFs again after a template fix: a new PDF version with the same "
        "number and code; what was certified (name, course, hours, dates) does not change."
    )

    def add_arguments(self, parser):
        parser.add_argument("--course", help="Only this course (its slug).")

    def handle(self, *args, course=None, **options):
        certificates = Certificate.objects.current().order_by("pk")
        if course:
            if not Course.objects.filter(slug=course).exists():
                raise CommandError(f"No course with the slug {course!r}.")
            certificates = certificates.filter(course__slug=course)
        count = 0
        for certificate in certificates.iterator(chunk_size=100):
            certificate_rerender(certificate=certificate)
            count += 1
        self.stdout.write(self.style.SUCCESS(f"Rendered {count} certificate(s) again."))
