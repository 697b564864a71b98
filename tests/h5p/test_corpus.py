"""Every real Hub package in the corpus imports, with what it needs and nothing unsafe."""

import pytest

from h5p.models import Activity
from h5p.services import activity_create
from tests.factories.h5p import upload
from tests.h5p.corpus import PACKAGES, corpus_bytes

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("package", PACKAGES, ids=[package.file for package in PACKAGES])
def test_every_corpus_package_imports(package, module, trainer):
    activity = activity_create(
        module=module, upload=upload(corpus_bytes(package), package.file), user=trainer
    )
    activity = Activity.objects.get(pk=activity.pk)
    assert activity.main_library.key == package.main
    assert activity.libraries.filter(pk=activity.main_library_id).exists()
