"""Throwaway measurements (not collected, not committed): S3 vs filesystem latency, ZIP memory."""

import os
import statistics
import time
import tracemalloc

import pytest
from django.test import Client
from django.urls import reverse

from certificates import services
from h5p.models import Library
from h5p.player import token_make
from h5p.services import library_approve
from tests.factories.academy import UserFactory
from tests.factories.certificates import CertificateTemplateFactory, completed_enrollment
from tests.factories.courses import CourseFactory, ModuleFactory
from tests.factories.h5p import h5p_activity

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["filesystem", "s3"])
def backend(request, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ACADEMY_PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.CERTIFICATES_STORAGE_ROOT = tmp_path / "certificates"
    settings.H5P_PLAYER_ORIGIN = "http://h5p.academy.localhost"
    settings.H5P_RATE_LIMIT = "100000/60"
    if request.param == "s3":
        request.getfixturevalue("s3_storages")
    return request.param


def _time(fn, n=60):
    for _ in range(5):
        fn()
    times = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    times.sort()
    return statistics.median(times) * 1000, times[int(n * 0.95)] * 1000


def test_latency(backend, trainer, learner, staff):
    course = CourseFactory(trainers=[trainer])
    CertificateTemplateFactory(course=course)
    cert = services.certificate_issue(
        enrollment=completed_enrollment(user=learner, course=course), notify=False
    )
    client = Client(HTTP_HOST="academy.localhost")
    client.force_login(learner)
    url = reverse("certificates:pdf", kwargs={"pk": cert.pk})
    pdf = _time(lambda: b"".join(client.get(url).streaming_content))
    activity = h5p_activity(module=ModuleFactory(course=course), user=trainer)
    for library in Library.objects.all():
        library_approve(library=library, user=staff)
    token = token_make(
        user_id=learner.pk, activity_id=activity.pk, parent_origin="http://academy.localhost"
    )
    player = Client(HTTP_HOST="h5p.academy.localhost")
    library = Library.objects.filter(activities=activity).first()
    folder = library.path.split("/")[2]
    aurl = reverse("h5p:asset_library", kwargs={"token": token, "path": f"{folder}/library.json"})
    assert player.get(aurl).status_code == 200
    asset = _time(lambda: b"".join(player.get(aurl).streaming_content))
    print(
        f"\nMEASURE {backend}: certificate pdf p50 {pdf[0]:.1f} ms p95 {pdf[1]:.1f} ms; "
        f"h5p asset p50 {asset[0]:.1f} ms p95 {asset[1]:.1f} ms"
    )


def test_zip_memory(backend, trainer, coordinator):
    count = int(os.environ.get("ZIP_COUNT", "1000"))
    course = CourseFactory(trainers=[trainer], slug="zip")
    CertificateTemplateFactory(course=course)
    started = time.perf_counter()
    for user in UserFactory.create_batch(count):
        services.certificate_issue(
            enrollment=completed_enrollment(user=user, course=course), notify=False
        )
    issued = time.perf_counter() - started
    client = Client(HTTP_HOST="academy.localhost")
    client.force_login(trainer)
    url = reverse("certificates:zip", kwargs={"slug": course.slug})
    tracemalloc.start()
    started = time.perf_counter()
    response = client.get(url)
    size = 0
    for chunk in response.streaming_content:
        size += len(chunk)
    elapsed = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"\nMEASURE {backend}: ZIP of {count} certificates {size / 1e6:.1f} MB in {elapsed:.1f} s, "
        f"Python peak {peak / 1e6:.2f} MB (issuing took {issued:.0f} s)"
    )
