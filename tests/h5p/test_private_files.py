"""H5P package and library files are never public: they live in private storage and
leave it only through the player origin's signed, expiring URLs."""

import pytest
from django.test import Client
from django.urls import reverse

from h5p.models import Library
from h5p.services import activity_create, library_approve
from tests.factories.courses import EnrollmentFactory
from tests.factories.h5p import upload
from tests.h5p.conftest import ACADEMY_HOST, PLAYER_HOST, public_files, stored_files
from tests.h5p.corpus import PACKAGES, corpus_bytes

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.h5p.media_urls")]


def _clients(learner, trainer):
    anonymous = Client(HTTP_HOST=ACADEMY_HOST)
    signed_in = {}
    for user in (learner, trainer):
        client = Client(HTTP_HOST=ACADEMY_HOST)
        client.force_login(user)
        signed_in[user.email] = client
    return {"anonymous": anonymous, **signed_in}


def test_no_h5p_file_is_reachable_under_the_public_media_url(
    settings, module, trainer, staff, learner, course
):
    settings.MEDIA_ROOT.mkdir(parents=True, exist_ok=True)
    (settings.MEDIA_ROOT / "probe.txt").write_text("public")  # proves /media/ is really served here
    package = next(each for each in PACKAGES if each.file == "H5P.QuestionSet.h5p")
    activity = activity_create(module=module, upload=upload(corpus_bytes(package)), user=trainer)
    EnrollmentFactory(user=learner, course=course)
    files = stored_files(settings)
    assert f"{activity.content_path}/content/content.json" in files
    assert any(name.endswith(".js") for name in files) and any(
        name.endswith(".svg") for name in files
    )
    assert public_files(settings) == ["probe.txt"], "nothing of H5P under MEDIA_ROOT"
    clients = _clients(learner, trainer)
    assert clients["anonymous"].get("/media/probe.txt").status_code == 200
    samples = [
        f"{activity.content_path}/h5p.json",
        f"{activity.content_path}/content/content.json",
        next(name for name in files if name.endswith(".js")),
        next(name for name in files if name.endswith(".svg")),
    ]
    for approved in (False, True):
        if approved:
            for library in Library.objects.all():
                library_approve(library=library, user=staff)
        for who, client in clients.items():
            for name in samples:
                assert client.get(f"/media/{name}").status_code == 404, (approved, who, name)
    # The player origin serves them, with a signed URL only.
    from h5p.player import token_make

    token = token_make(
        user_id=learner.pk, activity_id=activity.pk, parent_origin=f"http://{ACADEMY_HOST}"
    )
    player = Client(HTTP_HOST=PLAYER_HOST)
    assert (
        player.get(
            reverse("h5p:asset_content", kwargs={"token": token, "path": "content.json"})
        ).status_code
        == 200
    )
    assert (
        player.get(
            reverse("h5p:asset_content", kwargs={"token": "forged", "path": "content.json"})
        ).status_code
        == 403
    )
