"""Two editors reordering one module at the same moment (PostgreSQL, threads): the
course row lock serialises them, so positions end unique and gap-free, in one of
the two orders."""

from __future__ import annotations

import pytest

from courses import authoring
from courses.models import Item
from tests.conftest import run_concurrently
from tests.factories.courses import CourseFactory, ItemFactory, ModuleFactory


@pytest.mark.django_db(transaction=True)
def test_concurrent_reorders_leave_unique_gap_free_positions(postgres_only):
    course = CourseFactory()
    module = ModuleFactory(course=course, position=1)
    other = ModuleFactory(course=course, position=2)
    items = [ItemFactory(module=module, title=f"K{n}", position=n + 1) for n in range(6)]
    stray = ItemFactory(module=other, title="S", position=1)
    ids = [item.pk for item in items]
    orders = [list(reversed(ids)), [*ids[3:], stray.pk, *ids[:3]]]

    for _round in range(5):
        results = run_concurrently(
            lambda index: authoring.item_reorder(module=module, item_ids=orders[index]), 2
        )
        errors = [r for r in results if isinstance(r, Exception)]
        # The second may find the stray item already moved: a clean refusal, never corruption.
        assert all(type(e).__name__ == "ValidationError" for e in errors)
        for mod in (module, other):
            pos = list(
                Item.objects.filter(module=mod)
                .order_by("position")
                .values_list("position", flat=True)
            )
            assert pos == list(range(1, len(pos) + 1))
        final = list(
            Item.objects.filter(module=module).order_by("position").values_list("pk", flat=True)
        )
        assert final in orders
        authoring.item_move(item=Item.objects.get(pk=stray.pk), module=other, index=0)


@pytest.mark.django_db(transaction=True)
def test_concurrent_moves_and_additions_keep_positions_gap_free(postgres_only):
    course = CourseFactory()
    module = ModuleFactory(course=course, position=1)
    items = [ItemFactory(module=module, position=n + 1) for n in range(4)]

    def work(index):
        if index % 2:
            return authoring.item_create(module=module, kind="page", title=f"Nowy {index}")
        return authoring.item_move(item=items[index], index=0)

    results = run_concurrently(work, 4)
    assert not [r for r in results if isinstance(r, Exception)]
    pos = list(
        Item.objects.filter(module=module).order_by("position").values_list("position", flat=True)
    )
    assert pos == list(range(1, 7))
