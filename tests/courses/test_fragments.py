"""The rendered-fragment cache of the outline (courses.fragments): a trainer's edit and a
learner's progress show on the very next page, in every language, and a repeated page
is not rendered again."""

import re

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from courses.access import course_outline
from courses.authoring import item_rename
from courses.models import Enrollment
from courses.progress import progress_record
from courses.templatetags import outline as outline_tag
from courses.views.learn import _with_progress
from tests.factories.courses import EnrollmentFactory, PageFactory, build_course

pytestmark = pytest.mark.django_db


def _states(html: str) -> dict[str, str]:
    """Each outline row's step number ("1.2" of "Krok 1.2") and state, as the page shows them."""
    rows = re.findall(r'<li class="outline-item state-(\w+)[^"]*">.*?Krok (\d+\.\d+)<', html)
    return {number: state for state, number in rows}


@pytest.fixture
def course_with_learner(learner):
    course, items = build_course(items=3)
    for item in items:
        PageFactory(item=item)
    enrollment = EnrollmentFactory(user=learner, course=course)
    return course, items, enrollment


@pytest.fixture
def renders(monkeypatch):
    """How many times the outline was rendered rather than read from the cache."""
    calls = []
    original = outline_tag._render

    def counting(*args, **kwargs):
        calls.append(kwargs["current"])
        return original(*args, **kwargs)

    monkeypatch.setattr(outline_tag, "_render", counting)
    return calls


def _course_page(client, course) -> str:
    return client.get(reverse("courses:detail", kwargs={"slug": course.slug})).content.decode()


def _player(client, course, item) -> str:
    url = reverse("courses:item", kwargs={"slug": course.slug, "item_id": item.pk})
    return client.get(url).content.decode()


def test_a_trainers_rename_shows_on_the_learners_next_pages(
    client_for, learner, course_with_learner
):
    course, items, _enrollment = course_with_learner
    client = client_for(learner)
    _player(client, course, items[0])
    _player(client, course, items[0])  # now from the cache
    old_title = items[1].title
    assert old_title in _course_page(client, course)

    item_rename(item=items[1], title="Nowa nazwa")

    assert "Nowa nazwa" in _player(client, course, items[0])
    page = _course_page(client, course)
    assert "Nowa nazwa" in page
    assert old_title not in page


def test_a_learners_progress_shows_on_the_next_pages_in_both_languages(
    client_for, learner, course_with_learner
):
    course, items, enrollment = course_with_learner
    client = client_for(learner)
    _player(client, course, items[0])
    _player(client, course, items[0])
    assert _states(_course_page(client, course))["1.2"] == "not_started"
    learner.preferred_language = "en"
    learner.save(update_fields=["preferred_language"])
    assert _states(_course_page(client, course))["1.2"] == "not_started"

    # A quiz or H5P result reports through the engine outside the player's own request.
    progress_record(
        enrollment=Enrollment.objects.get(pk=enrollment.pk), item=items[1], completed=True
    )

    english = _course_page(client, course)
    assert _states(english)["1.2"] == "completed"
    with translation.override("en"):
        assert f'outline-state-text">{gettext("complete")}<' in english
    assert _states(_player(client, course, items[0]))["1.2"] == "completed"
    learner.preferred_language = "pl"
    learner.save(update_fields=["preferred_language"])
    polish = _course_page(client, course)
    assert _states(polish)["1.2"] == "completed"
    with translation.override("pl"):
        assert f'outline-state-text">{gettext("complete")}<' in polish
    assert _states(_player(client, course, items[0]))["1.2"] == "completed"


def test_a_repeated_page_is_not_rendered_again_but_each_language_is(
    client_for, learner, course_with_learner, renders
):
    course, _items, _enrollment = course_with_learner
    client = client_for(learner)
    _course_page(client, course)
    _course_page(client, course)
    assert len(renders) == 1
    learner.preferred_language = "uk"
    learner.save(update_fields=["preferred_language"])
    _course_page(client, course)
    _course_page(client, course)
    assert len(renders) == 2


def test_the_player_after_a_write_renders_afresh_then_caches(
    client_for, learner, course_with_learner, renders
):
    course, items, _enrollment = course_with_learner
    client = client_for(learner)
    _player(client, course, items[0])  # first visit: writes the progress row
    _player(client, course, items[0])  # read under the new token: rendered and cached
    _player(client, course, items[0])
    assert renders == [items[0].pk, items[0].pk]
    # Marking complete renders the updated outline (a write: not from the cache).
    url = reverse("courses:item_complete", kwargs={"slug": course.slug, "item_id": items[0].pk})
    response = client.post(url, HTTP_HX_REQUEST="true")
    assert _states(response.content.decode())["1.1"] == "completed"
    assert len(renders) == 3
    assert _states(_player(client, course, items[0]))["1.1"] == "completed"


def test_an_outline_computed_in_memory_after_a_write_has_no_cache_key(course_with_learner):
    """Its rows were read before the write: another tab's report may have come in
    between, so it must not be stored under the token the write set."""
    course, items, enrollment = course_with_learner
    outline = course_outline(course=course, enrollment=enrollment)
    assert outline.version is not None
    progress = progress_record(enrollment=enrollment, item=items[0], completed=True)
    assert _with_progress(outline, progress, sequential=False).version is None


def test_every_progress_write_renews_the_token_and_a_stale_save_keeps_it(course_with_learner):
    course, items, enrollment = course_with_learner
    stale = Enrollment.objects.get(pk=enrollment.pk)
    before = stale.progress_token
    progress_record(enrollment=enrollment, item=items[0])  # started
    started = Enrollment.objects.get(pk=enrollment.pk).progress_token
    progress_record(enrollment=enrollment, item=items[0], completed=True)
    completed = Enrollment.objects.get(pk=enrollment.pk).progress_token
    assert len({before, started, completed}) == 3
    assert enrollment.progress_token == completed  # the caller's instance follows
    progress_record(enrollment=enrollment, item=items[0], completed=True)  # changes nothing
    assert Enrollment.objects.get(pk=enrollment.pk).progress_token == completed

    stale.status = Enrollment.Status.ACTIVE
    stale.save()
    assert Enrollment.objects.get(pk=enrollment.pk).progress_token == completed
