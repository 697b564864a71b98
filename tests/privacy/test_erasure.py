"""Export reaches every declared field; erasure leaves no personal value anywhere while
the certificate verifies and the course statistics stay."""

import io
import json
import zipfile

import pytest
from django.apps import apps
from django.db import models
from django.db.models import Avg, Count, Q

from assessments.models import Attempt
from certificates.models import Certificate
from courses.models import Enrollment, ItemProgress
from privacy import registry
from privacy.erasure import erase_user
from privacy.export import build_zip, collect
from tests.privacy.scenario import seed_person

pytestmark = pytest.mark.django_db

NAME = "Bożydar Testowy-Zieliński"
EMAIL = "bozydar.zielinski@example.org"
JOB = "Inspektor ds. legalizacji pobytu"
OTHER = "Olga Obca-Nieznajoma"
OTHER_EMAIL = "olga.obca@example.org"
# Exported on purpose as empty: sessions are not readable data about the person.
EMPTY_BY_DESIGN = {"sessions.Session"}


@pytest.fixture
def person(organisation, trainer, coordinator):
    return seed_person(
        full_name=NAME,
        email=EMAIL,
        job_title=JOB,
        organisation=organisation,
        trainer=trainer,
        coordinator=coordinator,
    )


@pytest.fixture
def other(organisation, trainer, coordinator):
    return seed_person(
        full_name=OTHER,
        email=OTHER_EMAIL,
        job_title="Referentka",
        organisation=organisation,
        trainer=trainer,
        coordinator=coordinator,
    )


def test_export_holds_every_declared_field_and_nothing_of_another_person(person, other):
    user = person[0]
    data = collect(user)
    for declaration in registry.all_declarations():
        if declaration.model in EMPTY_BY_DESIGN:
            continue
        exported = data[declaration.model.split(".")[0]][declaration.model]
        assert exported, f"nothing exported from {declaration.model}"
        # The relations to the person are implied by the export being theirs; every other
        # declared value must be in it.
        for field in set(declaration.fields) - set(declaration.user_fields):
            assert any(field in row for row in exported), f"{declaration.model}.{field} missing"
    text = json.dumps(data, default=str, ensure_ascii=False)
    assert NAME in text and EMAIL in text and JOB in text
    assert OTHER not in text and OTHER_EMAIL not in text


def test_the_zip_has_one_json_per_app_and_the_certificate_pdf(person):
    user, _course, certificate = person
    archive = zipfile.ZipFile(io.BytesIO(build_zip(user)))
    names = set(archive.namelist())
    assert {
        "README.txt",
        "academy.json",
        "courses.json",
        "certificates.json",
        "privacy.json",
    } <= names
    assert f"certificates/{certificate.number.replace('/', '-')}.pdf" in names
    assert json.loads(archive.read("academy.json"))["academy.User"][0]["email"] == EMAIL


def _text_columns():
    for model in apps.get_models():
        fields = [
            field.attname
            for field in model._meta.concrete_fields
            if isinstance(field, (models.CharField, models.TextField, models.JSONField))
        ]
        if fields:
            yield model, fields


def scan(*needles) -> set[tuple[str, str]]:
    """(table, column) of every text, char or JSON value holding one of ``needles``."""
    found = set()
    lowered = [needle.casefold() for needle in needles]
    for model, fields in _text_columns():
        for row in model._base_manager.values_list(*fields):
            for name, value in zip(fields, row):
                text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
                if any(needle in (text or "").casefold() for needle in lowered):
                    found.add((model._meta.db_table, name))
    return found


def statistics(course):
    enrolments = Enrollment.objects.filter(course=course).aggregate(
        total=Count("pk"),
        done=Count("pk", filter=Q(completed_at__isnull=False)),
        avg=Avg("percent"),
    )
    return (
        enrolments,
        ItemProgress.objects.filter(enrollment__course=course).count(),
        Attempt.objects.filter(quiz__item__module__course=course).aggregate(avg=Avg("score")),
    )


def test_before_erasure_the_scan_finds_the_person_everywhere(person):
    found = scan(NAME, EMAIL, JOB)
    assert ("academy_user", "full_name") in found and len(found) > 8


def test_erasure_keeps_the_certificate_snapshot_and_nothing_else(person, client):
    user, course, certificate = person
    before = statistics(course)
    erase_user(user=user)
    # The two certificate registers: course certificates and learning-path certificates.
    assert scan(NAME, EMAIL, JOB) == {
        ("certificates_certificate", "snapshot"),
        ("training_pathcompletion", "full_name"),
    }
    assert statistics(course) == before
    user.refresh_from_db()
    assert user.full_name == "Usunięty użytkownik" and not user.is_active
    assert not user.has_usable_password()
    page = client.get(certificate.get_absolute_url())
    assert page.status_code == 200 and NAME in page.content.decode()
    certificate.refresh_from_db()
    assert certificate.revoked_at is None


def test_withdrawing_certificates_leaves_no_trace_and_verification_says_revoked(person, client):
    user, course, certificate = person
    before = statistics(course)
    erase_user(user=user, withdraw_certificates=True)
    assert scan(NAME, EMAIL, JOB) == set()
    assert statistics(course) == before
    certificate.refresh_from_db()
    assert (
        certificate.revoked_at
        and "withdrawn at the holder's request" in certificate.revocation_reason
    )
    page = client.get(certificate.get_absolute_url())
    assert page.status_code == 200
    assert NAME not in page.content.decode()


def test_erasure_is_idempotent_and_spares_the_other_person(person, other):
    erase_user(user=person[0])
    erase_user(user=person[0])
    assert ("academy_user", "full_name") in scan(OTHER)
    assert Certificate.objects.filter(user=other[0], revoked_at__isnull=True).exists()
