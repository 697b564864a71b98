"""Course files are served only to enrolled learners and editors, through a checked view."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from courses.models import Course, Document, Item, Video
from tests.courses.test_forms import MP4, VTT, real_pdf
from tests.factories.courses import EnrollmentFactory, ItemFactory, ModuleFactory, build_course

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(trainer):
    course, items = build_course(items=1, trainers=[trainer])
    item = ItemFactory(module=items[0].module, kind=Item.Kind.DOCUMENT, position=5, title="Karta")
    content = real_pdf()
    document = Document(item=item, file_type="pdf", original_name="karta.pdf", size=len(content))
    document.file.save("karta.pdf", ContentFile(content))
    return document


def file_url(item, what="document"):
    return reverse(
        "courses:item_file", kwargs={"slug": item.course.slug, "item_id": item.pk, "what": what}
    )


@pytest.mark.parametrize(
    ("persona", "enrolled", "code"),
    [
        ("learner", True, 200),
        ("learner", False, 404),
        ("outsider", False, 404),
        ("trainer", False, 200),
        ("staff", False, 200),
    ],
)
def test_who_may_download_a_document(request, client_for, document, persona, enrolled, code):
    user = request.getfixturevalue(persona)
    if enrolled:
        EnrollmentFactory(user=user, course=document.item.course)
    response = client_for(user).get(file_url(document.item))
    assert response.status_code == code
    if code == 200:
        body = b"".join(response.streaming_content)
        assert body.startswith(b"%PDF-")
        assert response["Content-Type"] == "application/pdf"
        assert (
            "attachment" in response["Content-Disposition"]
            and "karta.pdf" in response["Content-Disposition"]
        )
        assert "no-store" in response["Cache-Control"]


def test_anonymous_users_are_sent_to_sign_in(client_for, document):
    response = client_for(None).get(file_url(document.item))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_documents_of_locked_items_stay_locked(client_for, learner, document):
    Course.objects.filter(pk=document.item.course_id).update(is_sequential=True)
    EnrollmentFactory(user=learner, course=document.item.course)
    assert client_for(learner).get(file_url(document.item)).status_code == 403


def test_documents_are_not_under_the_public_media_root(document):
    from django.core.files.storage import default_storage

    from courses.storage import private_storage

    assert private_storage().exists(document.file.name)
    assert not default_storage.exists(document.file.name)


def test_unknown_file_kinds_and_missing_files_are_404(client_for, learner, document):
    EnrollmentFactory(user=learner, course=document.item.course)
    client = client_for(learner)
    assert client.get(file_url(document.item, "secrets")).status_code == 404
    assert client.get(file_url(document.item, "captions")).status_code == 404


def test_uploaded_video_and_captions_are_streamed_to_learners(client_for, learner):
    course, _items = build_course(items=1)
    item = ItemFactory(module=ModuleFactory(course=course), kind=Item.Kind.VIDEO)
    video = Video(item=item, file_type="mp4", captions_language="pl")
    video.file.save("film.mp4", ContentFile(MP4), save=False)
    video.captions.save("napisy.vtt", ContentFile(VTT), save=False)
    video.save()
    EnrollmentFactory(user=learner, course=course)
    client = client_for(learner)
    page = client.get(
        reverse("courses:item", kwargs={"slug": course.slug, "item_id": item.pk})
    ).content.decode()
    assert '<track kind="captions"' in page and file_url(item, "captions") in page
    response = client.get(file_url(item, "video"))
    assert response["Content-Type"] == "video/mp4" and b"ftyp" in b"".join(
        response.streaming_content
    )
    response = client.get(file_url(item, "captions"))
    assert response["Content-Type"].startswith("text/vtt")
