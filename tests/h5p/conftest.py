import pytest

from tests.factories.courses import CourseFactory, EnrollmentFactory, ModuleFactory
from tests.factories.h5p import h5p_activity

ACADEMY_HOST = "academy.localhost"
PLAYER_HOST = "h5p.academy.localhost"


@pytest.fixture(autouse=True)
def h5p_settings(settings, tmp_path):
    """Files go to fresh media and private folders; the player lives on its own sibling host."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ACADEMY_PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.H5P_PLAYER_ORIGIN = f"http://{PLAYER_HOST}"
    settings.H5P_RATE_LIMIT = "1000/60"
    return settings


@pytest.fixture
def course(trainer):
    return CourseFactory(trainers=[trainer])


@pytest.fixture
def module(course):
    return ModuleFactory(course=course)


@pytest.fixture
def activity(module, trainer):
    return h5p_activity(module=module, user=trainer)


@pytest.fixture
def enrollment(learner, course):
    return EnrollmentFactory(user=learner, course=course)


def stored_files(settings) -> list[str]:
    """H5P files in private storage (never under MEDIA_ROOT): on the disk or the bucket."""
    from academy.storage import is_remote, private_storage

    if is_remote(private_storage):
        return sorted(_walk(private_storage, ""))
    return _files(settings.ACADEMY_PRIVATE_MEDIA_ROOT)


def _walk(storage, folder: str):
    directories, files = storage.listdir(folder)
    for name in files:
        yield f"{folder}/{name}" if folder else name
    for name in directories:
        yield from _walk(storage, f"{folder}/{name}" if folder else name)


def public_files(settings) -> list[str]:
    return _files(settings.MEDIA_ROOT)


def _files(root) -> list[str]:
    if not root.exists():
        return []
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())
