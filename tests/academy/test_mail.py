"""Every email says who sends it and what it is about in the recipient's language:
sender name, subject prefix and subject (ours and allauth's)."""

from email.header import decode_header, make_header

import pytest
from django.core import mail

from courses.services import enrollment_create
from tests.academy.test_signup import signup_data
from tests.factories.academy import UserFactory
from tests.factories.courses import build_course

pytestmark = pytest.mark.django_db

NAMES = {"pl": "Akademia Migracyjna", "en": "Migration Academy", "uk": "Міграційна академія"}


def sender_name(message) -> str:
    return str(make_header(decode_header(message.from_email))).rsplit(" <", 1)[0]


@pytest.mark.parametrize(
    ("language", "subject"),
    [
        ("pl", "Zapisano Cię na kurs „Kurs o integracji”"),
        ("en", "You are enrolled in “Kurs o integracji”"),
        ("uk", "Вас записано на курс «Kurs o integracji»"),
    ],
)
def test_course_emails_speak_the_recipients_language_from_sender_to_subject(
    django_capture_on_commit_callbacks, language, subject
):
    course, _items = build_course(items=1, title="Kurs o integracji")
    user = UserFactory(preferred_language=language)
    with django_capture_on_commit_callbacks(execute=True):
        enrollment_create(user=user, course=course)
    [message] = mail.outbox
    assert message.subject == f"[{NAMES[language]}] {subject}"
    assert sender_name(message) == NAMES[language]


@pytest.mark.parametrize(
    ("language", "subject"),
    [
        ("pl", "Potwierdź swój adres e-mail"),
        ("uk", "Підтвердьте свою адресу електронної пошти"),
        ("en", "Confirm your email address"),
    ],
)
def test_allauths_emails_get_our_grammatical_subject_prefix_and_sender(
    client, organisation, language, subject, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/accounts/signup/",
            signup_data(organisation=organisation.pk, preferred_language=language),
        )
    [message] = mail.outbox
    assert message.subject == f"[{NAMES[language]}] {subject}"
    assert sender_name(message) == NAMES[language]


def test_the_certificate_email_has_the_prefix_and_the_sender_in_the_learners_language(
    learner, django_capture_on_commit_callbacks
):
    from certificates.services import certificate_issue
    from tests.factories.certificates import CertificateTemplateFactory, completed_enrollment

    course, _items = build_course(items=1, title="Ochrona czasowa")
    CertificateTemplateFactory(course=course)
    learner.preferred_language = "uk"
    learner.save()
    with django_capture_on_commit_callbacks(execute=True):
        certificate_issue(enrollment=completed_enrollment(user=learner, course=course))
    message = next(m for m in mail.outbox if "Ochrona czasowa" in m.subject)
    assert message.subject.startswith("[Міграційна академія] ")
    assert sender_name(message) == "Міграційна академія"
