"""Trainers' side: the template editor, the course list, actions, hooks, command, admin."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from certificates import services
from certificates.models import Certificate, CertificateTemplate
from courses.registry import course_tools, publish_checks
from tests.factories.academy import UserFactory
from tests.factories.courses import CourseFactory, EnrollmentFactory

pytestmark = pytest.mark.django_db


def _template_data(**overrides):
    data = {
        "language": "uk",
        "title": "Сертифікат",
        "body": "{name} завершила курс «{course}»",
        "title_en": "",
        "body_en": "",
        "signatory1_name": "Ірина Коваль",
        "signatory1_role": "Директорка",
        "signatory2_name": "",
        "signatory2_role": "",
        "signatory3_name": "",
        "signatory3_role": "",
        "accent_colour": "#7a1f3d",
        "validity_months": "",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    "who,status", [("trainer", 200), ("staff", 200), ("learner", 404), ("outsider", 404)]
)
def test_the_template_editor_is_for_the_courses_trainers_and_staff(
    client_for, request, course, who, status
):
    url = reverse("certificates:template", kwargs={"slug": course.slug})
    assert client_for(request.getfixturevalue(who)).get(url).status_code == status


def test_a_trainer_saves_a_template(client_for, trainer, course):
    url = reverse("certificates:template", kwargs={"slug": course.slug})
    response = client_for(trainer).post(url, _template_data())
    assert response.status_code == 302
    template = CertificateTemplate.objects.get(course=course)
    assert (template.language, template.signatory1_name, template.accent_colour) == (
        "uk",
        "Ірина Коваль",
        "#7a1f3d",
    )


def test_unknown_placeholders_are_rejected_with_a_clear_message(client_for, trainer, course):
    url = reverse("certificates:template", kwargs={"slug": course.slug})
    response = client_for(trainer).post(url, _template_data(body="Gratulacje {imie}!"))
    assert response.status_code == 400
    content = response.content.decode()
    assert "{imie}" in content and "{name}" in content
    assert CertificateTemplate.objects.get(course=course).body == ""  # nothing changed


def test_a_background_must_be_a_real_jpeg(client_for, trainer, course):
    url = reverse("certificates:template", kwargs={"slug": course.slug})
    fake = SimpleUploadedFile("bg.jpg", b"<script>alert(1)</script>", content_type="image/jpeg")
    response = client_for(trainer).post(url, {**_template_data(), "background": fake})
    assert response.status_code == 400
    from PIL import Image

    png = io.BytesIO()
    Image.new("RGB", (10, 10)).save(png, "PNG")
    response = client_for(trainer).post(
        url,
        {
            **_template_data(),
            "background": SimpleUploadedFile("bg.jpg", png.getvalue(), "image/jpeg"),
        },
    )
    assert response.status_code == 400 and "JPEG" in response.content.decode()


def test_a_trainer_issues_by_hand_and_sees_the_certificate_in_the_course_list(
    client_for, trainer, course, learner
):
    enrollment = EnrollmentFactory(user=learner, course=course)
    client = client_for(trainer)
    page = client.get(reverse("certificates:course", kwargs={"slug": course.slug})).content.decode()
    assert "Łucja Źdźbło-Kowalska" in page
    response = client.post(
        reverse("certificates:issue", kwargs={"slug": course.slug}), {"enrollment": enrollment.pk}
    )
    assert response.status_code == 302
    certificate = Certificate.objects.get(enrollment=enrollment)
    assert certificate.issued_by == trainer
    page = client.get(reverse("certificates:course", kwargs={"slug": course.slug})).content.decode()
    assert certificate.number in page
    assert f'name="enrollment" value="{enrollment.pk}"' not in page  # no longer waiting


def test_a_trainer_cannot_issue_for_another_courses_enrollment(
    client_for, trainer, course, learner
):
    foreign = EnrollmentFactory(user=learner, course=CourseFactory())
    response = client_for(trainer).post(
        reverse("certificates:issue", kwargs={"slug": course.slug}), {"enrollment": foreign.pk}
    )
    assert response.status_code == 404 and not Certificate.objects.exists()


def test_revoking_without_a_reason_shows_an_error_and_changes_nothing(
    client_for, trainer, certificate
):
    response = client_for(trainer).post(
        reverse("certificates:revoke", kwargs={"pk": certificate.pk}), {"reason": " "}
    )
    assert response.status_code == 400
    certificate.refresh_from_db()
    assert certificate.revoked_at is None


def test_revoke_then_unrevoke_through_the_pages(client_for, trainer, certificate):
    client = client_for(trainer)
    client.post(
        reverse("certificates:revoke", kwargs={"pk": certificate.pk}), {"reason": "Ściągał"}
    )
    certificate.refresh_from_db()
    assert certificate.status == "revoked"
    client.post(
        reverse("certificates:revoke", kwargs={"pk": certificate.pk}), {"reason": "again"}
    )  # double submit
    assert certificate.events.filter(action="revoked").count() == 1
    client.post(reverse("certificates:unrevoke", kwargs={"pk": certificate.pk}), {"note": ""})
    certificate.refresh_from_db()
    assert certificate.status == "valid"
    page = client.get(
        reverse("certificates:detail", kwargs={"pk": certificate.pk})
    ).content.decode()
    assert "Ściągał" in page  # the trail keeps the reason for the trainers


def test_the_publish_check_reports_an_incomplete_template(course):
    check = next(check for check in publish_checks() if check.__module__ == "certificates.hooks")
    assert check(course) == []
    template = course.certificate_template
    template.signatory1_name = ""
    template.save()
    problems = check(course)
    assert len(problems) == 1 and problems[0][1] == reverse(
        "certificates:template", kwargs={"slug": course.slug}
    )
    bare = CourseFactory()
    assert len(check(bare)) == 1
    assert check(CourseFactory(certificate_enabled=False)) == []


def test_the_studio_gets_links_to_certificates_and_the_template(course):
    urls = {tool.key: tool.url(course) for tool in course_tools()}
    assert urls["certificates"] == reverse("certificates:course", kwargs={"slug": course.slug})
    assert urls["certificate_template"] == reverse(
        "certificates:template", kwargs={"slug": course.slug}
    )


def test_rerender_command_makes_a_new_version_with_the_same_code(certificate, course):
    other = services.certificate_issue(
        enrollment=EnrollmentFactory(user=UserFactory(), course=CourseFactory(slug="inny")),
        notify=False,
    )
    out = io.StringIO()
    call_command("rerender_certificates", "--course", course.slug, stdout=out)
    certificate.refresh_from_db()
    other.refresh_from_db()
    assert (certificate.pdf_version, other.pdf_version) == (2, 1)
    assert "1" in out.getvalue()


def test_the_admin_never_deletes_certificates(client_for, staff, certificate):
    from django.contrib.admin.sites import site

    model_admin = site._registry[Certificate]
    assert not model_admin.has_delete_permission(None, certificate)
    client = client_for(staff)
    assert client.get(
        reverse("admin:certificates_certificate_delete", args=[certificate.pk])
    ).status_code in (302, 403)
    assert Certificate.objects.filter(pk=certificate.pk).exists()


def test_deploy_check_warns_without_a_configured_signing_key(settings):
    from certificates.checks import signing_key_configured

    settings.CERTIFICATES_SIGNING_KEY = ""
    settings.CERTIFICATES_SIGNING_KEY_FILE = ""
    assert [w.id for w in signing_key_configured(None)] == ["certificates.W001"]
    settings.CERTIFICATES_SIGNING_KEY_FILE = "/etc/academy/badges.pem"
    assert signing_key_configured(None) == []


def test_a_configured_key_is_used_for_signing(settings, tmp_path, certificate):
    from certificates import badges, signing

    path = signing.generate_key_file(tmp_path / "key.pem")
    settings.CERTIFICATES_SIGNING_KEY_FILE = str(path)
    import jwt

    token = badges.credential_jwt(certificate)
    public = signing.private_key().public_key()
    assert jwt.decode(token, public, algorithms=["RS256"], options={"verify_exp": False})["name"]
    assert signing.public_jwk()["n"] != _dev_key_modulus(settings)


def _dev_key_modulus(settings):
    from certificates import signing

    settings.CERTIFICATES_SIGNING_KEY_FILE = ""
    return signing.public_jwk()["n"]


@pytest.mark.parametrize("count", [1, 5])
def test_the_course_page_query_count_does_not_grow(
    client_for, trainer, course, django_assert_num_queries, count
):
    for _ in range(count):
        services.certificate_issue(
            enrollment=EnrollmentFactory(user=UserFactory(), course=course), notify=False
        )
        EnrollmentFactory(user=UserFactory(), course=course)  # one waiting learner each
    client = client_for(trainer)
    # session, the user (with the shell's role flags), course, two counts and two pages
    # (issued, waiting), template
    with django_assert_num_queries(8):
        response = client.get(reverse("certificates:course", kwargs={"slug": course.slug}))
    assert response.content.decode().count("Wydaj zaświadczenie") == count


def test_the_course_page_paginates(client_for, trainer, course, monkeypatch):
    from certificates.views import private

    monkeypatch.setattr(private, "PAGE_SIZE", 2)
    for _ in range(3):
        EnrollmentFactory(user=UserFactory(), course=course)
    client = client_for(trainer)
    url = reverse("certificates:course", kwargs={"slug": course.slug})
    assert client.get(url).content.decode().count('name="enrollment"') == 2
    assert client.get(url, {"waiting": 2}).content.decode().count('name="enrollment"') == 1


@pytest.mark.parametrize(
    "who,status", [("trainer", 200), ("staff", 200), ("learner", 404), ("outsider", 404)]
)
def test_trainers_preview_the_template_without_issuing_anything(
    client_for, request, course, who, status
):
    import pypdf

    user = request.getfixturevalue(who)
    response = client_for(user).get(
        reverse("certificates:template_preview", kwargs={"slug": course.slug})
    )
    assert response.status_code == status
    if status == 200:
        text = pypdf.PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
        assert user.full_name in text and "MA/" in text and "dr Katarzyna Wiśniewska" in text
    assert not Certificate.objects.exists()
    from certificates.models import CertificateCounter

    assert not CertificateCounter.objects.exists()
    assert (
        client_for(None)
        .get(reverse("certificates:template_preview", kwargs={"slug": course.slug}))
        .status_code
        == 302
    )


def test_an_oversized_logo_is_refused_and_a_good_one_is_printed(
    client_for, trainer, course, learner, settings, tmp_path
):
    import pypdf
    from PIL import Image

    settings.MEDIA_ROOT = tmp_path
    url = reverse("certificates:template", kwargs={"slug": course.slug})
    big = io.BytesIO()
    Image.new("RGB", (3000, 100), (200, 0, 0)).save(big, "PNG")
    response = client_for(trainer).post(
        url, {**_template_data(), "logo": SimpleUploadedFile("l.png", big.getvalue())}
    )
    assert response.status_code == 400 and "1200" in response.content.decode()
    good = io.BytesIO()
    Image.new("RGB", (300, 100), (200, 0, 0)).save(good, "PNG")
    response = client_for(trainer).post(
        url, {**_template_data(), "logo": SimpleUploadedFile("l.png", good.getvalue())}
    )
    assert response.status_code == 302
    from tests.factories.certificates import completed_enrollment

    certificate = services.certificate_issue(
        enrollment=completed_enrollment(user=learner, course=course), notify=False
    )
    reader = pypdf.PdfReader(io.BytesIO(services.certificate_pdf_bytes(certificate)))
    assert len(reader.pages[0].images) == 1


def test_an_empty_template_is_refused_saying_what_is_missing(client_for, trainer):
    bare = CourseFactory(trainers=[trainer])
    url = reverse("certificates:template", kwargs={"slug": bare.slug})
    response = client_for(trainer).post(url, _template_data(signatory1_name="", signatory1_role=""))
    assert response.status_code == 400
    assert "co najmniej jednej osoby podpisującej" in response.content.decode()
    assert not CertificateTemplate.objects.filter(course=bare).exists()


def test_the_checklist_says_what_the_certificate_template_lacks_and_that_a_published_course_is_published(
    client_for, trainer
):
    from courses.models import Course

    bare = CourseFactory(trainers=[trainer], status=Course.Status.DRAFT)
    checklist = reverse("studio:checklist", kwargs={"slug": bare.slug})
    content = client_for(trainer).get(checklist).content.decode()
    assert "podaj co najmniej jedną osobę podpisującą (imię i nazwisko oraz funkcję)" in content
    bare.status = Course.Status.PUBLISHED
    bare.save()
    content = client_for(trainer).get(checklist).content.decode()
    assert "Kurs jest opublikowany, ale" in content
    assert "można go opublikować" not in content


def test_a_published_course_without_problems_is_called_published_not_ready(client_for, trainer):
    from courses.models import Course
    from tests.factories.courses import PageFactory, build_course

    published, items = build_course(trainers=[trainer])
    for item in items:
        PageFactory(item=item)
    Course.objects.filter(pk=published.pk).update(
        status=Course.Status.PUBLISHED, certificate_enabled=False
    )
    content = (
        client_for(trainer)
        .get(reverse("studio:checklist", kwargs={"slug": published.slug}))
        .content.decode()
    )
    assert "Kurs jest opublikowany: uczestnicy znajdą go w katalogu." in content
    assert "Wszystko gotowe" not in content
