import hashlib
import re

import pytest
from django.core import mail
from django.db import IntegrityError, transaction

from certificates import services
from certificates.codes import CODE_LENGTH
from certificates.models import Certificate, CertificateCounter, CertificateEvent
from courses.models import Enrollment
from tests.factories.academy import UserFactory
from tests.factories.certificates import completed_enrollment
from tests.factories.courses import CourseFactory, EnrollmentFactory

pytestmark = pytest.mark.django_db


def test_issue_records_what_was_certified_with_a_register_number_and_a_long_random_code(
    certificate, learner
):
    assert re.fullmatch(r"MA/\d{4}/\d{6}", certificate.number)
    assert len(certificate.code) == CODE_LENGTH  # 28 × 5 bits = 140 random bits
    snap = certificate.snapshot
    assert snap["full_name"] == "Łucja Źdźbło-Kowalska"
    assert snap["course_title"] == "Lokalna polityka integracyjna"
    assert snap["hours"] == "12,5"
    assert snap["organisation"] == "Urząd Gminy Testowo"
    assert snap["signatories"] == [
        {"name": "dr Katarzyna Wiśniewska", "role": "Kierowniczka programu"}
    ]
    assert snap["language"] == "pl"
    data = services.certificate_pdf_bytes(certificate)
    assert data.startswith(b"%PDF") and hashlib.sha256(data).hexdigest() == certificate.pdf_sha256
    assert list(certificate.events.values_list("action", flat=True)) == ["issued"]


def test_issuing_twice_returns_the_same_certificate(enrollment):
    first = services.certificate_issue(enrollment=enrollment, notify=False)
    second = services.certificate_issue(enrollment=enrollment, notify=False)
    assert first.pk == second.pk
    assert Certificate.objects.count() == 1


def test_register_numbers_are_consecutive_within_a_year(course):
    numbers = [
        services.certificate_issue(
            enrollment=completed_enrollment(user=UserFactory(), course=course), notify=False
        ).sequence
        for _ in range(3)
    ]
    assert numbers == [1, 2, 3]
    assert CertificateCounter.objects.get().last == 3


def test_a_failed_issue_gives_its_number_back(course, monkeypatch):
    enrollment = completed_enrollment(user=UserFactory(), course=course)

    def broken(document):
        raise RuntimeError("renderer down")

    monkeypatch.setattr(services, "render_pdf", broken)
    with pytest.raises(RuntimeError):
        services.certificate_issue(enrollment=enrollment, notify=False)
    monkeypatch.undo()
    assert services.certificate_issue(enrollment=enrollment, notify=False).number.endswith(
        "/000001"
    )


def test_issuing_costs_six_queries_whatever_the_register_holds(course, django_assert_num_queries):
    for _index in range(3):
        services.certificate_issue(
            enrollment=completed_enrollment(user=UserFactory(), course=course), notify=False
        )
    enrollment = completed_enrollment(user=UserFactory(), course=course)
    # savepoint; the enrollment locked with its course, template, learner and organisation;
    # any current certificate; the counter's increment and its new value; the certificate;
    # the "issued" event; release
    with django_assert_num_queries(8):
        certificate = services.certificate_issue(enrollment=enrollment, notify=False)
    assert certificate.sequence == 4


def test_the_database_refuses_a_second_current_certificate_for_one_enrollment(certificate):
    duplicate = Certificate(
        enrollment=certificate.enrollment,
        user=certificate.user,
        course=certificate.course,
        year=2099,
        sequence=1,
        number="MA/2099/000001",
        code="X" * 28,
        snapshot={},
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


def test_the_database_refuses_a_revocation_without_reason(certificate):
    from django.utils import timezone

    with pytest.raises(IntegrityError), transaction.atomic():
        Certificate.objects.filter(pk=certificate.pk).update(revoked_at=timezone.now())


def test_issuing_needs_an_active_enrollment(course, learner):
    enrollment = EnrollmentFactory(user=learner, course=course, status=Enrollment.Status.WITHDRAWN)
    with pytest.raises(services.CertificateError):
        services.certificate_issue(enrollment=enrollment, notify=False)


def test_reissue_after_a_name_correction_keeps_number_and_code_and_logs_the_change(
    certificate, learner, trainer
):
    learner.full_name = "Łucja Źdźbło-Nowak"
    learner.save()
    updated = services.certificate_reissue(
        certificate=certificate, by=trainer, note="Zmiana nazwiska"
    )
    assert (updated.number, updated.code) == (certificate.number, certificate.code)
    assert updated.pdf_version == 2
    assert updated.snapshot["full_name"] == "Łucja Źdźbło-Nowak"
    assert updated.pdf_sha256 != certificate.pdf_sha256
    event = updated.events.get(action=CertificateEvent.Action.REISSUED)
    assert event.by == trainer
    assert event.details["changes"]["full_name"] == ["Łucja Źdźbło-Kowalska", "Łucja Źdźbło-Nowak"]


def test_rerender_keeps_what_was_certified_but_takes_the_fixed_template(
    certificate, learner, course
):
    learner.full_name = "Someone Else"
    learner.save()
    template = course.certificate_template
    template.title = "Certyfikat"
    template.save()
    updated = services.certificate_rerender(certificate=certificate)
    assert updated.snapshot["full_name"] == "Łucja Źdźbło-Kowalska"
    assert updated.snapshot["title"] == "Certyfikat"
    assert updated.pdf_version == 2 and updated.code == certificate.code


def test_revoke_needs_a_reason_and_unrevoke_keeps_it_in_the_trail(certificate, trainer):
    with pytest.raises(services.CertificateError):
        services.certificate_revoke(certificate=certificate, by=trainer, reason="   ")
    revoked = services.certificate_revoke(certificate=certificate, by=trainer, reason="Plagiat")
    assert revoked.status == Certificate.Status.REVOKED and revoked.revoked_by == trainer
    with pytest.raises(services.CertificateError):
        services.certificate_revoke(certificate=certificate, by=trainer, reason="again")
    valid = services.certificate_unrevoke(certificate=certificate, by=trainer)
    assert valid.status == Certificate.Status.VALID and valid.revocation_reason == ""
    actions = list(valid.events.values_list("action", "note"))
    assert actions == [("issued", ""), ("revoked", "Plagiat"), ("unrevoked", "")]
    assert valid.events.get(action="unrevoked").details == {"previous_reason": "Plagiat"}


def test_replace_issues_a_new_number_and_the_old_one_points_to_it(certificate, trainer):
    new = services.certificate_replace(
        certificate=certificate, by=trainer, reason="Błędna liczba godzin"
    )
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.REPLACED and certificate.replaced_by == new
    assert new.number != certificate.number and new.code != certificate.code
    assert new.enrollment_id == certificate.enrollment_id and new.status == Certificate.Status.VALID


def test_validity_period_sets_valid_until_and_expiry(course, learner):
    from datetime import timedelta

    from django.utils import timezone

    course.certificate_template.validity_months = 12
    course.certificate_template.save()
    certificate = services.certificate_issue(
        enrollment=completed_enrollment(user=learner, course=course), notify=False
    )
    assert certificate.valid_until == services._add_months(timezone.localdate(), 12)
    Certificate.objects.filter(pk=certificate.pk).update(
        valid_until=timezone.localdate() - timedelta(days=1)
    )
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.EXPIRED


def test_completion_issues_the_certificate_after_commit_and_emails_it_in_the_learners_language(
    course, django_capture_on_commit_callbacks
):
    from courses.progress import progress_record
    from tests.factories.courses import ItemFactory, ModuleFactory

    learner = UserFactory(full_name="Олена Іваненко", preferred_language="uk")
    item = ItemFactory(module=ModuleFactory(course=course))
    enrollment = EnrollmentFactory(user=learner, course=course)
    with django_capture_on_commit_callbacks(execute=True):
        progress_record(enrollment=enrollment, item=item, completed=True)
    certificate = Certificate.objects.get(enrollment=enrollment)
    assert certificate.snapshot["full_name"] == "Олена Іваненко"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [learner.email]
    assert "Ваш сертифікат" in message.subject
    assert certificate.get_absolute_url() in message.body
    name, content, mimetype = message.attachments[0]
    assert mimetype == "application/pdf" and content == services.certificate_pdf_bytes(certificate)


def test_no_certificate_when_the_course_does_not_give_them(
    learner, django_capture_on_commit_callbacks
):
    from courses.progress import progress_record
    from tests.factories.courses import ItemFactory, ModuleFactory

    course = CourseFactory(certificate_enabled=False)
    item = ItemFactory(module=ModuleFactory(course=course))
    enrollment = EnrollmentFactory(user=learner, course=course)
    with django_capture_on_commit_callbacks(execute=True):
        progress_record(enrollment=enrollment, item=item, completed=True)
    assert not Certificate.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_completions_give_one_certificate(postgres_only, course):
    from tests.conftest import run_concurrently

    enrollment = completed_enrollment(user=UserFactory(), course=course)
    results = run_concurrently(
        lambda index: services.certificate_issue(
            enrollment=Enrollment.objects.get(pk=enrollment.pk), notify=False
        )
    )
    assert all(isinstance(result, Certificate) for result in results), results
    assert results[0].pk == results[1].pk
    assert Certificate.objects.filter(enrollment=enrollment).count() == 1
    assert CertificateCounter.objects.get().last == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_issues_for_different_learners_take_distinct_consecutive_numbers(
    postgres_only, course
):
    from tests.conftest import run_concurrently

    enrollments = [completed_enrollment(user=UserFactory(), course=course) for _ in range(4)]
    results = run_concurrently(
        lambda index: services.certificate_issue(enrollment=enrollments[index], notify=False),
        count=4,
    )
    assert sorted(result.sequence for result in results) == [1, 2, 3, 4]


def test_a_failing_issue_never_undoes_the_learners_completion(
    course, learner, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    from courses.progress import progress_record
    from tests.factories.courses import ItemFactory, ModuleFactory

    def broken(document):
        raise OSError("disk full")

    monkeypatch.setattr(services, "render_pdf", broken)
    item = ItemFactory(module=ModuleFactory(course=course))
    enrollment = EnrollmentFactory(user=learner, course=course)
    with django_capture_on_commit_callbacks(execute=True):
        progress_record(enrollment=enrollment, item=item, completed=True)
    enrollment.refresh_from_db()
    assert enrollment.completed_at is not None
    assert not Certificate.objects.exists()
    assert "Could not issue the certificate" in caplog.text


def test_a_mail_outage_does_not_lose_the_certificate(
    course, learner, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    def down(*args, **kwargs):
        raise ConnectionRefusedError("smtp down")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", down)
    enrollment = completed_enrollment(user=learner, course=course)
    with django_capture_on_commit_callbacks(execute=True):
        certificate = services.certificate_issue(enrollment=enrollment)
    assert Certificate.objects.filter(pk=certificate.pk).exists()
    # The email is not lost: its delivery waits, with the error, for the next attempt.
    from background.models import EmailDelivery

    delivery = EmailDelivery.objects.get(to=learner.email)
    assert delivery.status != EmailDelivery.Status.SENT
    assert "smtp down" in delivery.last_error


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_completion_signals_give_one_certificate(postgres_only, course):
    """The receiver path: even a duplicated course_completed issues once."""
    from courses.signals import course_completed
    from tests.conftest import run_concurrently

    enrollment = completed_enrollment(user=UserFactory(), course=course)
    run_concurrently(
        lambda index: course_completed.send(
            sender=Enrollment,
            enrollment=Enrollment.objects.select_related("course").get(pk=enrollment.pk),
        )
    )
    assert Certificate.objects.filter(enrollment=enrollment).count() == 1
    assert CertificateEvent.objects.filter(action="issued").count() == 1
    assert len(mail.outbox) == 1
