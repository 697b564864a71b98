"""The course structure's read model (courses.structure) and the one write path
(courses.authoring): every way the outline can change is seen by the next request, a
structure write that skips the ``structure_changed`` event fails, and the cached value
is frozen plain data."""

from dataclasses import FrozenInstanceError

import pytest
from django.core.cache import cache
from django.db import transaction
from django.urls import reverse

from courses import authoring
from courses.access import course_outline
from courses.authoring import (
    StructureWriteError,
    item_archive,
    item_create,
    module_create,
    structure_changed,
    structure_edit,
)
from courses.models import Course, Item, Module
from courses.structure import structure_key
from tests.factories.courses import (
    EnrollmentFactory,
    ItemFactory,
    ModuleFactory,
    PageFactory,
    build_course,
)

pytestmark = pytest.mark.django_db


def titles(course_id: int) -> list[tuple[str, list[str]]]:
    """The outline as a request would see it: the course row read afresh, then the
    (possibly cached) structure."""
    outline = course_outline(course=Course.objects.get(pk=course_id), enrollment=None)
    return [(m.module.title, [e.item.title for e in m.entries]) for m in outline.modules]


@pytest.fixture
def course():
    course, _items = build_course(modules=2, items=2)
    return course


def first_item(course) -> Item:
    return Item.objects.filter(course=course).in_order().first()


def _save_title(item, title):
    with structure_edit(item.course_id):  # as the admin saves an item
        item.title = title
        item.save()


CHANGES = {
    "item saved (admin)": lambda c: _save_title(first_item(c), "Zmieniony"),
    "item renamed in the studio": lambda c: authoring.item_rename(
        item=first_item(c), title="Zmieniony"
    ),
    "items reordered (bulk_update)": lambda c: authoring.item_reorder(
        module=first_item(c).module,
        item_ids=list(
            reversed(
                list(
                    Item.objects.filter(module=first_item(c).module)
                    .in_order()
                    .values_list("pk", flat=True)
                )
            )
        ),
    ),
    "item moved to another module": lambda c: authoring.item_move(
        item=first_item(c),
        index=0,
        module=Module.objects.filter(course=c).order_by("-position").first(),
    ),
    "item removed": lambda c: item_archive(item=first_item(c)),
    "item added": lambda c: item_create(
        module=first_item(c).module, kind="page", title="Nowy krok"
    ),
    "module added": lambda c: module_create(course=c, title="Nowy moduł"),
    "module renamed": lambda c: authoring.module_rename(
        module=first_item(c).module, title="Zmieniony moduł"
    ),
    "module moved": lambda c: authoring.module_move(module=first_item(c).module, index=1),
    "module deleted": lambda c: authoring.module_delete(module=first_item(c).module),
}

UNANNOUNCED = {
    "queryset update": lambda c: Item.objects.filter(course=c).update(title="Wszystkie"),
    "queryset delete": lambda c: Item.objects.filter(pk=first_item(c).pk).delete(),
    "bulk_create": lambda c: Item.objects.bulk_create(
        [Item(course=c, module=first_item(c).module, kind="page", title="Hurtem", position=99)]
    ),
    "bulk_update": lambda c: Item.objects.bulk_update([first_item(c)], ["title"]),
    "model save": lambda c: _plain_save(first_item(c)),
    "module queryset delete": lambda c: Module.objects.filter(pk=first_item(c).module_id).delete(),
    "course delete cascading": lambda c: c.delete(),
    "raw SQL": lambda c: _raw_update(c),
}


def _plain_save(item):
    item.title = "Bez zdarzenia"
    item.save()


def _raw_update(course):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Item._meta.db_table} SET title = %s WHERE course_id = %s",
            ["Surowo", course.pk],
        )


@pytest.mark.parametrize("change", list(UNANNOUNCED), ids=list(UNANNOUNCED))
def test_a_structure_write_that_skips_structure_changed_fails(course, change):
    before = titles(course.pk)
    with pytest.raises(StructureWriteError), transaction.atomic():
        UNANNOUNCED[change](Course.objects.get(pk=course.pk))
    assert titles(course.pk) == before


def test_an_authoring_function_that_forgets_the_event_fails(course):
    @authoring._edits_structure
    def rename_without_event(item):
        item.title = "Bez zdarzenia"
        item.save(update_fields=["title"])

    with pytest.raises(StructureWriteError):
        rename_without_event(first_item(course))
    assert first_item(course).title != "Bez zdarzenia"


def test_the_event_renews_the_token_and_schedules_one_recount(
    course, django_capture_on_commit_callbacks
):
    enrollment = EnrollmentFactory(course=course)
    token = Course.objects.get(pk=course.pk).structure_token
    with django_capture_on_commit_callbacks() as callbacks:
        structure_changed(course, recount=True)
    assert Course.objects.get(pk=course.pk).structure_token != token
    assert len(callbacks) == 1
    from courses.models import Enrollment

    Enrollment.objects.filter(pk=enrollment.pk).update(required_total=0)
    callbacks[0]()
    assert Enrollment.objects.get(pk=enrollment.pk).required_total == 4


@pytest.mark.parametrize("change", list(CHANGES), ids=list(CHANGES))
def test_every_change_to_modules_or_items_is_seen_by_the_next_request(course, change):
    before = titles(course.pk)
    assert titles(course.pk) == before  # now cached in this process
    token = Course.objects.get(pk=course.pk).structure_token
    CHANGES[change](Course.objects.get(pk=course.pk))
    expected = [
        (
            m.title,
            list(
                Item.objects.active()
                .filter(module=m)
                .order_by("position", "pk")
                .values_list("title", flat=True)
            ),
        )
        for m in Module.objects.filter(course=course).order_by("position", "pk")
    ]
    assert titles(course.pk) == expected
    assert expected != before
    assert Course.objects.get(pk=course.pk).structure_token != token


def test_the_cache_saves_the_structure_queries(course, django_assert_num_queries):
    fresh = Course.objects.get(pk=course.pk)
    with django_assert_num_queries(2):
        course_outline(course=fresh, enrollment=None)
    with django_assert_num_queries(0):
        course_outline(course=fresh, enrollment=None)


def test_saving_a_course_read_before_an_edit_keeps_the_new_structure(course):
    stale = Course.objects.get(pk=course.pk)
    titles(course.pk)
    item_create(module=first_item(course).module, kind="page", title="Dodany po odczycie")
    stale.title = "Nowy tytuł kursu"
    stale.save()  # the admin or the studio saving an instance read before the edit
    assert Course.objects.get(pk=course.pk).title == "Nowy tytuł kursu"
    assert "Dodany po odczycie" in titles(course.pk)[0][1]


def test_saving_a_partly_loaded_course_writes_only_what_was_loaded(
    course, django_assert_num_queries
):
    partial = Course.objects.only("title").get(pk=course.pk)
    partial.title = "Tylko tytuł"
    with django_assert_num_queries(1):  # no query to load the deferred fields
        partial.save()
    fresh = Course.objects.get(pk=course.pk)
    assert fresh.title == "Tylko tytuł" and fresh.slug == course.slug


def test_a_rolled_back_edit_never_shows(course):
    before = titles(course.pk)
    with pytest.raises(RuntimeError), transaction.atomic():
        authoring.item_rename(item=first_item(course), title="Wycofany")
        assert titles(course.pk)[0][1][0] == "Wycofany"  # cached under the new token…
        raise RuntimeError
    assert titles(course.pk) == before  # …which the rollback took away with the title


def test_a_duplicated_course_gets_its_own_token(course, trainer):
    copy = authoring.course_duplicate(course=course, by=trainer)
    assert (
        Course.objects.get(pk=copy.pk).structure_token
        != Course.objects.get(pk=course.pk).structure_token
    )
    assert titles(copy.pk) == titles(course.pk)


def test_the_cached_structure_is_frozen_plain_data(course):
    fresh = Course.objects.get(pk=course.pk)
    outline = course_outline(course=fresh, enrollment=None)
    item = outline.modules[0].entries[0].item
    assert not isinstance(item, Item) and not isinstance(outline.modules[0].module, Module)
    with pytest.raises(FrozenInstanceError):
        item.title = "Tylko w tej odpowiedzi"
    cached = cache.get(structure_key(course.pk, fresh.structure_token))
    assert [row.title for row in cached.items] == [
        e.item.title for m in outline.modules for e in m.entries
    ]
    assert isinstance(cached.items, tuple) and isinstance(cached.modules, tuple)


def test_a_learner_sees_a_trainer_s_new_step_at_once(client_for, trainer):
    course, items = build_course(modules=1, items=1, trainers=[trainer])
    PageFactory(item=items[0])
    enrollment = EnrollmentFactory(course=course)
    learner = client_for(enrollment.user)
    url = reverse("courses:item", kwargs={"slug": course.slug, "item_id": items[0].pk})
    assert "Nowy krok od trenera" not in learner.get(url).content.decode()
    editor = client_for(trainer)
    response = editor.post(
        reverse("studio:item_add", kwargs={"slug": course.slug, "module_id": items[0].module_id}),
        {"kind": "page", "title": "Nowy krok od trenera"},
    )
    assert response.status_code == 302
    assert "Nowy krok od trenera" in learner.get(url).content.decode()
    assert "Nowy krok od trenera" in learner.get(course.get_absolute_url()).content.decode()


def test_an_item_moved_to_another_course_in_the_admin_leaves_both_outlines(course):
    other, _ = build_course(modules=1, items=1)
    authoring.item_rename(item=first_item(course), title="Przenoszony")
    titles(course.pk), titles(other.pk)
    item = first_item(course)
    with structure_edit(course, other):  # as the admin saves it
        item.course, item.module = other, Module.objects.get(course=other)
        item.save()
    assert item.title not in [t for _m, ts in titles(course.pk) for t in ts]
    assert item.title in titles(other.pk)[0][1]


def test_structure_changes_of_one_course_leave_others_cached(django_assert_num_queries):
    one, _ = build_course(modules=1, items=2)
    other, _ = build_course(modules=1, items=2)
    titles(other.pk)
    ItemFactory(module=ModuleFactory(course=one))
    fresh = Course.objects.get(pk=other.pk)
    with django_assert_num_queries(0):
        course_outline(course=fresh, enrollment=None)
