import pytest

from courses import registry


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    """Course files of each test go to a fresh directory, never the checkout."""
    settings.ACADEMY_PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def pass_kind():
    """The quiz kind completes only on a pass. Registered by assessments; if that app is
    absent, a stand-in with the same completion rule is registered for the test."""
    original = registry.get_kind("quiz")
    if original is None or original.completion != registry.Completion.PASS:
        registry.register_kind(
            registry.ItemKind(
                key="quiz",
                label="Quiz",
                icon="?",
                completion=registry.Completion.PASS,
                template="courses/kinds/page.html",
            )
        )
    yield "quiz"
    if original is not None:
        registry.register_kind(original)
