"""academy.prepared: a queryset compiled once gives what the ORM gives, on SQLite and
PostgreSQL alike, and refuses what it cannot run faithfully."""

from decimal import Decimal

import pytest
from django.db.models import Count, FilteredRelation, Q

from academy.prepared import Prepared
from courses.models import Course, Enrollment, Item, ItemProgress
from courses.progress import progress_record
from tests.factories.academy import UserFactory
from tests.factories.courses import EnrollmentFactory, build_course

pytestmark = pytest.mark.django_db


def _items_with_enrolment(item_id, user_id):
    return Item.objects.filter(pk=item_id).annotate(
        mine=FilteredRelation("course__enrollments", condition=Q(course__enrollments__user_id=user_id))
    ).select_related("course", "module", "mine")


def test_it_returns_what_the_orm_returns_with_joins_and_converters(django_assert_num_queries):
    course, items = build_course(modules=1, items=2)
    enrollment = EnrollmentFactory(course=course)
    progress_record(enrollment=enrollment, item=items[0], score=Decimal("0.75"), passed=True)
    prepared = Prepared(_items_with_enrolment, item_id=int, user_id=int)
    for user_id in (enrollment.user_id, UserFactory().pk, 0):
        with django_assert_num_queries(1):
            [found] = prepared(item_id=items[0].pk, user_id=user_id)
        [expected] = _items_with_enrolment(items[0].pk, user_id)
        assert found == expected
        assert {f.attname: getattr(found, f.attname) for f in Item._meta.concrete_fields} == {
            f.attname: getattr(expected, f.attname) for f in Item._meta.concrete_fields}
        assert found.course.structure_token == expected.course.structure_token  # UUIDs come back as UUIDs
        assert found.course.created_at == expected.course.created_at  # aware datetimes on SQLite too
        assert found.module.title == expected.module.title
        assert getattr(found, "mine", None) == getattr(expected, "mine", None)
    progress = Prepared(lambda enrollment_id: ItemProgress.objects.filter(enrollment_id=enrollment_id),
                        enrollment_id=int)
    [row] = progress(enrollment_id=enrollment.pk)
    assert row.score == Decimal("0.75000") and row.passed is True and row.completed_at is not None
    assert row.completed_at == ItemProgress.objects.get(pk=row.pk).completed_at


def test_strings_annotations_order_and_no_rows():
    first, _ = build_course(title="Alfa", slug="alfa", language="pl")
    second, _ = build_course(title="Beta", slug="beta", language="pl")
    build_course(title="Gamma", slug="gamma", language="en")
    EnrollmentFactory(course=second)
    prepared = Prepared(
        lambda language, minimum: Course.objects.filter(language=language, pk__gte=minimum)
        .annotate(learners=Count("enrollments")).order_by("-title"),
        language=str, minimum=int,
    )
    assert prepared(language="uk", minimum=0) == []
    assert prepared.first(language="uk", minimum=0) is None
    assert prepared.first(language="pl", minimum=first.pk).slug == "beta"
    courses = prepared(language="pl", minimum=first.pk)
    assert [(c.slug, c.learners) for c in courses] == [("beta", 1), ("alfa", 0)]


def test_a_lookup_that_rewrites_its_value_is_refused():
    # LIKE patterns put the value inside another string: the marker is not found.
    with pytest.raises(ValueError, match="reaches the SQL"):
        Prepared(lambda prefix: Course.objects.filter(slug__startswith=prefix), prefix=str)(prefix="a")


def test_a_parameter_that_does_not_reach_the_sql_is_refused():
    with pytest.raises(ValueError, match="reaches the SQL"):
        Prepared(lambda course_id, unused: Item.objects.filter(course_id=course_id), course_id=int, unused=int)(
            course_id=1, unused=2)


def test_what_it_cannot_run_faithfully_is_refused():
    with pytest.raises(TypeError):
        Prepared(lambda course_id: Item.objects.filter(course_id=course_id).values("title"), course_id=int)(course_id=1)
    with pytest.raises(TypeError):
        Prepared(lambda course_id: Item.objects.filter(course_id=course_id).prefetch_related("module"),
                 course_id=int)(course_id=1)
    with pytest.raises(TypeError):
        Prepared(lambda score: ItemProgress.objects.filter(score=score), score=float)


def test_values_are_passed_as_parameters_never_as_sql():
    course, _ = build_course(slug="bezpieczny")
    prepared = Prepared(lambda slug: Course.objects.filter(slug=slug), slug=str)
    assert prepared(slug="bezpieczny' OR '1'='1") == []
    assert [c.pk for c in prepared(slug="bezpieczny")] == [course.pk]
    with pytest.raises(ValueError):
        Prepared(lambda pk: Enrollment.objects.filter(pk=pk), pk=int)(pk="1 OR 1=1")
