"""The learning-path certificate: a real PDF, who may download it, public verification."""

import io

import pypdf
import pytest
from django.urls import reverse

from privacy.erasure import erase_user
from tests.factories.academy import UserFactory
from tests.factories.courses import build_course
from training.models import LearningPath, PathCompletion, PathStep
from training.path_certificate import document_for, path_certificate_pdf

from .conftest import complete

pytestmark = pytest.mark.django_db


@pytest.fixture
def path(course):
    second, _items = build_course(title="Współpraca z tłumaczami", estimated_hours=4)
    path = LearningPath.objects.create(
        title="Ścieżka dla urzędników", slug="sciezka-urzednikow", is_published=True
    )
    PathStep.objects.create(path=path, course=course, position=1)
    PathStep.objects.create(path=path, course=second, position=2)
    path.second_course = second
    return path


@pytest.fixture
def completion(path, course, learner, django_capture_on_commit_callbacks):
    complete(learner, course, django_capture_on_commit_callbacks)
    complete(learner, path.second_course, django_capture_on_commit_callbacks)
    return PathCompletion.objects.select_related("path", "user").get(user=learner, path=path)


def pdf_text(content: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(content))
    return "".join(page.extract_text() for page in reader.pages)


def own_url(completion):
    return reverse("training:path_certificate", args=[completion.path.slug])


def person_url(completion):
    return reverse(
        "training:person_path_certificate", args=[completion.user_id, completion.path_id]
    )


def verify_url(completion):
    return reverse("training:path_verify", args=[completion.code])


def test_completing_the_path_records_a_verifiable_number_and_the_name(completion, learner):
    assert completion.number.startswith("P-")
    assert len(completion.code) == 32  # 128 random bits
    assert completion.full_name == "Łucja Źdźbło-Kowalska"


def test_the_pdf_names_the_person_path_courses_hours_and_number(completion, course, path):
    text = pdf_text(path_certificate_pdf(completion))
    assert "Łucja Źdźbło-Kowalska" in text  # Polish letters embedded in the font
    assert "Ścieżka dla urzędników" in text
    assert course.title in text and "Współpraca z tłumaczami" in text
    assert completion.number in text and completion.code in text
    assert "Razem: 7 godz." in text  # 3 + 4 hours, in the holder's language (Polish)


def test_the_pdf_is_in_the_holders_language_and_renders_cyrillic(completion):
    holder = completion.user
    holder.full_name = "Олена Іваненко"
    holder.preferred_language = "uk"
    holder.save()
    completion.full_name = holder.full_name
    text = pdf_text(path_certificate_pdf(completion))
    assert "Олена Іваненко" in text
    assert "Сертифікат" in text
    english = document_for(completion, "en")
    assert english.title == "Learning path certificate"
    assert english.verify_url.endswith(verify_url(completion))


@pytest.mark.parametrize(
    "persona, own, person",
    [
        ("anonymous", 302, 302),
        ("learner", 200, 200),
        ("other_learner", 404, 404),
        ("coordinator", 404, 200),
        ("other_coordinator", 404, 404),
        ("staff", 404, 200),
    ],
)
def test_who_may_download_the_path_certificate(
    request, client, client_for, completion, persona, own, person
):
    if persona == "anonymous":
        browser = client
    elif persona == "other_learner":
        browser = client_for(UserFactory())
    else:
        browser = client_for(request.getfixturevalue(persona))
    for url, expected in ((own_url(completion), own), (person_url(completion), person)):
        response = browser.get(url)
        assert response.status_code == expected, (persona, url)
        if expected == 200:
            assert response["Content-Type"] == "application/pdf"
            assert "Łucja Źdźbło-Kowalska" in pdf_text(response.content)
        if expected == 302:
            assert "/accounts/login/" in response["Location"]


def test_a_learner_who_has_not_finished_the_path_gets_404(client_for, learner, path):
    response = client_for(learner).get(reverse("training:path_certificate", args=[path.slug]))
    assert response.status_code == 404


def test_the_download_costs_a_constant_number_of_queries(
    client_for, coordinator, completion, django_assert_num_queries
):
    browser = client_for(coordinator)
    browser.get(person_url(completion))  # warm the session and fonts
    # Session, the user (with the shell's role flags), the completion with path and holder
    # filtered by the coordinator's organisations, the path's courses with completion dates.
    with django_assert_num_queries(4):
        response = browser.get(person_url(completion))
    assert response.status_code == 200


def test_the_path_page_and_my_training_link_the_certificate(client_for, learner, completion):
    browser = client_for(learner)
    for page in (reverse("training:path", args=[completion.path.slug]), reverse("training:mine")):
        assert own_url(completion) in browser.get(page).content.decode()


def test_the_coordinators_people_page_links_a_completed_paths_certificate(
    client_for, coordinator, organisation, learner, path, completion
):
    from datetime import timedelta

    from django.utils import timezone

    from training import services
    from training.models import Assignment

    services.assignment_create(
        organisation=organisation,
        path=path,
        due_on=timezone.localdate() + timedelta(days=14),
        scope=Assignment.Scope.MEMBERS,
        users=[learner],
        by=coordinator,
    )
    page = client_for(coordinator).get(reverse("training:people")).content.decode()
    assert person_url(completion) in page


def test_anyone_can_verify_a_path_certificate_without_an_account(client, completion):
    response = client.get(verify_url(completion))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Łucja Źdźbło-Kowalska" in page and "Ścieżka dla urzędników" in page
    assert completion.number in page
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "learner@example.org" not in page


@pytest.mark.parametrize("mangle", ["unknown", "tampered", "number"])
def test_an_unknown_or_tampered_code_is_a_clear_404(client, completion, mangle):
    code = {
        "unknown": "0" * 32,
        "tampered": completion.code[:-1] + ("0" if completion.code[-1] != "0" else "1"),
        "number": completion.number,
    }[mangle]
    response = client.get(reverse("training:path_verify", args=[code]))
    assert response.status_code == 404
    assert "Nie znaleziono zaświadczenia" in response.content.decode()


def test_verification_is_rate_limited_per_ip(client, completion, settings):
    settings.CERTIFICATES_VERIFY_RATE = 2
    statuses = [client.get(verify_url(completion)).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]


def test_erasure_keeps_the_path_certificate_verifiable(client, completion, learner):
    erase_user(user=learner)
    response = client.get(verify_url(completion))
    assert response.status_code == 200 and "Łucja Źdźbło-Kowalska" in response.content.decode()


def test_withdrawing_on_erasure_removes_the_name_and_stops_downloads(
    client, client_for, coordinator, completion, learner
):
    erase_user(user=learner, withdraw_certificates=True)
    page = client.get(verify_url(completion)).content.decode()
    assert "Łucja" not in page and "zostało wycofane" in page
    assert client_for(coordinator).get(person_url(completion)).status_code == 404


def test_my_certificates_lists_path_certificates_of_the_holder_only(
    client_for, learner, outsider, completion
):
    page = client_for(learner).get(reverse("certificates:mine")).content.decode()
    assert own_url(completion) in page and verify_url(completion) in page
    other = client_for(outsider).get(reverse("certificates:mine")).content.decode()
    assert completion.number not in other and "Ścieżka dla urzędników" not in other
