"""Query budgets: pages do not grow with modules, items, courses, enrolments or learners."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.urls import reverse

from courses.authoring import item_rename
from courses.models import Course, Item
from courses.progress import progress_record
from tests.factories.academy import UserFactory
from tests.factories.courses import (
    CourseFactory,
    EnrollmentFactory,
    PageFactory,
    TopicFactory,
    build_course,
)

pytestmark = pytest.mark.django_db

# Player (GET an item), for an enrolled learner: session, the user (with the site
# shell's role flags), the item with its course, module and the learner's enrolment,
# the learner's progress rows (the outline); remembering the last item (progress_visit:
# one UPDATE, the item's progress row is already known); the kind's detail row (Page).
# Plus the course's modules and active items when this process has not seen the
# course's current structure (courses.structure). The same for 1×1 and 20×15 and for
# 1 or 30 learners.
PLAYER_QUERIES = 6
STRUCTURE_QUERIES = 2
# Mark complete: 10 since the progress engine locks and reads in one query and joins
# the caller's transaction without a savepoint pair (was 13).
COMPLETE_QUERIES = 10


@pytest.mark.parametrize(("modules", "items", "learners"), [(1, 1, 1), (20, 15, 1), (20, 15, 30)])
def test_the_player_costs_the_same_whatever_the_course_size(
    client_for, django_assert_num_queries, modules, items, learners
):
    course, created = build_course(modules=modules, items=items, sequential=True)
    for item in created:
        PageFactory(item=item)
    learner = UserFactory()
    enrollment = EnrollmentFactory(user=learner, course=course)
    for _ in range(learners - 1):
        other = EnrollmentFactory(course=course)
        progress_record(enrollment=other, item=created[0], completed=True)
    for item in created[: len(created) // 2]:
        progress_record(enrollment=enrollment, item=item, completed=True)
    target = created[len(created) // 2]
    client = client_for(learner)
    url = reverse("courses:item", kwargs={"slug": course.slug, "item_id": target.pk})
    client.get(url)  # the first visit creates the progress row; measure a steady-state visit
    with django_assert_num_queries(PLAYER_QUERIES):
        response = client.get(url)
    assert response.status_code == 200
    # A trainer's edit renews the structure: the next visit reads it again, once.
    item_rename(item=target, title="Renamed")
    with django_assert_num_queries(PLAYER_QUERIES + STRUCTURE_QUERIES):
        response = client.get(url)
    assert "Renamed" in response.content.decode()


@pytest.mark.parametrize(("modules", "items"), [(1, 1), (20, 15)])
def test_marking_complete_costs_the_same_whatever_the_course_size(
    client_for, django_assert_num_queries, modules, items
):
    course, created = build_course(modules=modules, items=items)
    learner = UserFactory()
    EnrollmentFactory(user=learner, course=course)
    url = reverse("courses:item_complete", kwargs={"slug": course.slug, "item_id": created[0].pk})
    client = client_for(learner)
    # The player's outline queries (the enrolment now read with the item), then
    # progress_record: savepoint, lock with the last
    # item, read progress and counts, insert the completed row, update the counters,
    # release; the detail. When that step completes the course (the 1×1 course), one more
    # per "course complete" panel: the certificate, and the end-of-course evaluation (training).
    completes_course = modules * items == 1
    with django_assert_num_queries(COMPLETE_QUERIES + 2 * completes_course):
        response = client.post(url, HTTP_HX_REQUEST="true")
    assert response.status_code == 200


@pytest.mark.parametrize(("modules", "items"), [(1, 1), (20, 15)])
def test_the_preview_costs_the_same_whatever_the_course_size(
    client_for, trainer, django_assert_num_queries, modules, items
):
    course, created = build_course(modules=modules, items=items, trainers=[trainer])
    client = client_for(trainer)
    # session, the user (with the shell's role flags), course (editable), item, modules,
    # items, page detail
    with django_assert_num_queries(7):
        response = client.get(
            reverse("courses:item_preview", kwargs={"slug": course.slug, "item_id": created[-1].pk})
        )
    assert response.status_code == 200


@pytest.mark.parametrize("courses", [1, 500])
def test_the_catalog_is_paginated_and_constant(client_for, django_assert_num_queries, courses):
    topic = TopicFactory()
    trainer = UserFactory()
    Course.objects.bulk_create(
        [
            Course(title=f"Kurs {n:03}", slug=f"kurs-{n:03}", status=Course.Status.PUBLISHED)
            for n in range(courses)
        ]
    )
    for course in Course.objects.all():
        course.topics.add(topic)
        course.trainers.add(trainer)
    client = client_for(None)
    # count, page of courses, topics, trainers, topics for the filter
    with django_assert_num_queries(5):
        response = client.get(reverse("courses:catalog"))
    assert len(response.context["courses"]) == min(courses, 12)
    # A search asks the search service first (search/: two queries, nothing is indexed here;
    # on PostgreSQL a third looks up typo corrections in the word list and two set and
    # reset the planner's settings around the search), then the fallback reads the
    # candidates' searchable text (courses/search.py): three more.
    with django_assert_num_queries(11 if connection.vendor == "postgresql" else 8):
        response = client.get(reverse("courses:catalog"), {"q": "KURSY"})
    assert len(response.context["courses"]) == min(courses, 12)


@pytest.mark.parametrize("enrolments", [1, 5])
def test_the_dashboard_is_constant_in_the_number_of_enrolments(
    client_for, django_assert_num_queries, enrolments
):
    learner = UserFactory()
    for number in range(enrolments):
        course, items = build_course(modules=2, items=3, sequential=number % 2 == 0)
        enrollment = EnrollmentFactory(user=learner, course=course)
        progress_record(enrollment=enrollment, item=items[0], completed=True)
        finished, finished_items = build_course(items=1)
        done = EnrollmentFactory(user=learner, course=finished)
        progress_record(enrollment=done, item=finished_items[0], completed=True)
        EnrollmentFactory(
            user=learner, course=CourseFactory(enrolment_mode="approval"), status="requested"
        )
    client = client_for(learner)
    client.get(reverse("dashboard"))
    from courses.selectors import learning_for

    # The "My learning" section alone: enrolments with their courses, and progress; the
    # structures come from the cache the page above filled (was 4: modules and items were
    # read on every visit). With the structures not cached, modules and items are read once
    # for all courses.
    with django_assert_num_queries(2):
        learning_for(learner)
    cache.clear()
    with django_assert_num_queries(4):
        learning_for(learner)
    response = client.get(reverse("dashboard"))
    section = next(s for s in response.context["sections"] if "in_progress" in s)
    assert len(section["in_progress"]) == enrolments
    assert len(section["completed"]) == enrolments
    assert len(section["requested"]) == enrolments
    assert all(row.next_step is not None for row in section["in_progress"])


def test_the_dashboard_query_count_does_not_grow(client_for):
    """The same count for 1 and 5 enrolments (the parametrised test pins each alone)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    learner = UserFactory()
    client = client_for(learner)
    counts = []
    for _ in range(2):
        for _more in range(4 if counts else 1):
            course, items = build_course(modules=2, items=2)
            progress_record(
                enrollment=EnrollmentFactory(user=learner, course=course),
                item=items[0],
                completed=True,
            )
        client.get(reverse("dashboard"))
        with CaptureQueriesContext(connection) as context:
            client.get(reverse("dashboard"))
        counts.append(len(context.captured_queries))
    assert counts[0] == counts[1]
    assert Item.objects.count() == 20


@pytest.mark.parametrize(("modules", "items", "learners"), [(1, 1, 1), (20, 15, 1), (20, 15, 10)])
@pytest.mark.parametrize("capacity", [None, 50])
def test_the_course_page_costs_the_same_whatever_the_course_size(
    client_for, django_assert_num_queries, modules, items, learners, capacity
):
    course, created = build_course(modules=modules, items=items)
    Course.objects.filter(pk=course.pk).update(capacity=capacity)
    learner = UserFactory()
    enrollment = EnrollmentFactory(user=learner, course=course)
    progress_record(enrollment=enrollment, item=created[0], completed=True)
    for _ in range(learners - 1):
        EnrollmentFactory(course=course)
    client = client_for(learner)
    # session, the user (with the site shell's role flags), the course with the
    # learner's enrolment, (active learners when places are limited), trainers, topics,
    # progress; the course's modules and items the first time this process shows it.
    expected = 6 if capacity is None else 7
    with django_assert_num_queries(expected + STRUCTURE_QUERIES):
        response = client.get(course.get_absolute_url())
    assert response.status_code == 200
    with django_assert_num_queries(expected):
        response = client.get(course.get_absolute_url())
    assert response.status_code == 200
