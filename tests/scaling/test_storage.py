"""Every stored file goes through the named storages, on the local disk and on a real S3
API (moto's server on the loopback): H5P packages play from the isolated origin,
certificates and their template images, course documents; an unreachable store refuses
uploads clearly and leaves nothing half-written."""

from __future__ import annotations

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from academy.storage import is_remote, private_storage, storages_config
from certificates import services as certificates
from courses.models import Item
from h5p.models import Activity, Library
from h5p.player import token_make
from h5p.sample import sample_package
from h5p.services import library_approve
from tests.factories.certificates import CertificateTemplateFactory, completed_enrollment
from tests.factories.courses import CourseFactory, EnrollmentFactory, ModuleFactory

pytestmark = pytest.mark.django_db

ACADEMY_HOST = "academy.localhost"
PLAYER_HOST = "h5p.academy.localhost"


@pytest.fixture(params=["filesystem", "s3"])
def backend(request, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ACADEMY_PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.CERTIFICATES_STORAGE_ROOT = tmp_path / "certificates"
    settings.H5P_PLAYER_ORIGIN = f"http://{PLAYER_HOST}"
    settings.ACADEMY_BASE_URL = "https://academy.example"
    if request.param == "s3":
        request.getfixturevalue("s3_storages")
    else:  # also under ACADEMY_TEST_STORAGE=s3
        settings.STORAGES = {**settings.STORAGES, **storages_config({})}
    return request.param


def _academy(user) -> Client:
    client = Client(HTTP_HOST=ACADEMY_HOST)
    client.force_login(user)
    return client


def _upload_h5p(trainer, module):
    return _academy(trainer).post(
        reverse("h5p:create", kwargs={"module_id": module.pk}),
        {
            "title": "Ćwiczenie",
            "package": SimpleUploadedFile("a.h5p", sample_package(), "application/zip"),
            "grading": "highest",
            "completion": "passed",
            "pass_percent": 80,
        },
    )


def test_an_uploaded_h5p_package_plays_on_the_isolated_origin(backend, trainer, learner, staff):
    course = CourseFactory(trainers=[trainer])
    module = ModuleFactory(course=course)
    response = _upload_h5p(trainer, module)
    assert response.status_code == 302, response.content[:500]
    activity = Activity.objects.get(item__module=module)
    assert is_remote(private_storage) == (backend == "s3")
    assert private_storage.exists(f"{activity.content_path}/h5p.json")
    for library in Library.objects.all():
        library_approve(library=library, user=staff)
    EnrollmentFactory(user=learner, course=course)
    token = token_make(
        user_id=learner.pk, activity_id=activity.pk, parent_origin=f"http://{ACADEMY_HOST}"
    )
    player = Client(HTTP_HOST=PLAYER_HOST)
    page = player.get(reverse("h5p:play", kwargs={"token": token}))
    assert page.status_code == 200
    manifest = player.get(reverse("h5p:asset_h5p_json", kwargs={"token": token}))
    assert manifest.status_code == 200 and b"".join(manifest.streaming_content).startswith(b"{")
    # A library file, by the relative path the package's code asks for.
    library = Library.objects.filter(activities=activity).first()
    folder = library.path.split("/")[2]
    _dirs, files = private_storage.listdir(library.path)
    name = next(each for each in files if each != "library.json") if len(files) > 1 else files[0]
    asset = player.get(
        reverse("h5p:asset_library", kwargs={"token": token, "path": f"{folder}/{name}"})
    )
    assert asset.status_code == 200
    with private_storage.open(f"{library.path}/{name}", "rb") as stored:
        assert b"".join(asset.streaming_content) == stored.read()
    missing = player.get(
        reverse("h5p:asset_content", kwargs={"token": token, "path": "no-such-file.png"})
    )
    assert missing.status_code == 404


def test_a_certificate_with_a_template_logo_is_stored_and_downloaded(backend, trainer, learner):
    from PIL import Image

    course = CourseFactory(trainers=[trainer], slug="kurs")
    template = CertificateTemplateFactory(course=course)
    logo = io.BytesIO()
    Image.new("RGB", (300, 100), (200, 0, 0)).save(logo, "PNG")
    template.logo.save("logo.png", ContentFile(logo.getvalue()))
    assert default_storage.exists(template.logo.name)
    enrollment = completed_enrollment(user=learner, course=course)
    certificate = certificates.certificate_issue(enrollment=enrollment, notify=False)
    assert certificates.pdf_storage().exists(certificate.pdf_path)
    response = _academy(learner).get(reverse("certificates:pdf", kwargs={"pk": certificate.pk}))
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    assert body == certificates.certificate_pdf_bytes(certificate)
    import pypdf

    page = pypdf.PdfReader(io.BytesIO(body)).pages[0]
    assert page["/Resources"]["/XObject"], "the logo read from storage is printed"


def test_a_course_document_is_stored_privately_and_served_by_the_checked_view(
    backend, trainer, learner
):
    from courses.models import Document
    from tests.courses.test_forms import real_pdf
    from tests.factories.courses import ItemFactory, build_course

    course, items = build_course(items=1, trainers=[trainer])
    item = ItemFactory(module=items[0].module, kind=Item.Kind.DOCUMENT, position=5, title="Karta")
    content = real_pdf()
    document = Document(item=item, file_type="pdf", original_name="karta.pdf", size=len(content))
    document.file.save("karta.pdf", ContentFile(content))
    assert private_storage.exists(document.file.name)
    assert not default_storage.exists(document.file.name)
    EnrollmentFactory(user=learner, course=course)
    url = reverse(
        "courses:item_file", kwargs={"slug": course.slug, "item_id": item.pk, "what": "document"}
    )
    response = _academy(learner).get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == content


def test_an_unreachable_store_refuses_an_upload_clearly_and_writes_nothing(
    settings, s3_storages, s3_server, trainer
):
    settings.H5P_PLAYER_ORIGIN = f"http://{PLAYER_HOST}"
    module = ModuleFactory(course=CourseFactory(trainers=[trainer]))
    items, activities = Item.objects.count(), Activity.objects.count()
    libraries = Library.objects.count()
    s3_server.stop()
    try:
        response = _upload_h5p(trainer, module)
    finally:
        s3_server.start()
    assert response.status_code == 200
    assert "Nie można połączyć się z magazynem plików" in response.content.decode()
    assert (Item.objects.count(), Activity.objects.count(), Library.objects.count()) == (
        items,
        activities,
        libraries,
    )
    # Restored when it returns: the same upload goes through.
    assert _upload_h5p(trainer, module).status_code == 302
    assert Activity.objects.filter(item__module=module).count() == 1


def test_an_unreachable_store_answers_503_not_500_for_a_download(
    settings, s3_storages, s3_server, trainer, learner
):
    course = CourseFactory(trainers=[trainer], slug="kurs")
    CertificateTemplateFactory(course=course)
    certificate = certificates.certificate_issue(
        enrollment=completed_enrollment(user=learner, course=course), notify=False
    )
    client = _academy(learner)
    client.raise_request_exception = False
    s3_server.stop()
    try:
        response = client.get(reverse("certificates:pdf", kwargs={"pk": certificate.pk}))
    finally:
        s3_server.start()
    assert response.status_code == 503 and response["Retry-After"]


def test_healthz_names_an_unreachable_store_and_stays_in_the_pool(client, s3_storages, s3_server):
    assert client.get("/healthz").json()["storage"] == "ok"
    s3_server.stop()
    try:
        response = client.get("/healthz")
    finally:
        s3_server.start()
    assert response.status_code == 200
    assert response.json()["status"] == "degraded" and response.json()["storage"] == "error"
    assert response.json()["database"] == "ok"
