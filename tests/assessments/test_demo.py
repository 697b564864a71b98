import io

import pytest
from django.core.management import call_command

from assessments.models import Question, Quiz

pytestmark = pytest.mark.django_db


def test_seed_demo_ends_each_course_with_a_quiz_of_every_type_and_is_idempotent():
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())
    quizzes = Quiz.objects.select_related("item__course")
    assert {q.item.course.slug for q in quizzes} == {
        "lokalna-polityka-integracyjna",
        "ochrona-czasowa-ukraina",
        "working-with-interpreters",
    }
    for quiz in quizzes:
        types = set(quiz.placements.values_list("question__type", flat=True))
        assert types == set(Question.Type.values), quiz
        # At the end of the last module, after every item the course itself has (apps
        # seeded later, such as H5P, may append their own activities after it).
        items = list(quiz.item.course.items.active().in_order())
        last_module = quiz.item.course.modules.order_by("position", "pk").last()
        assert quiz.item.module == last_module and quiz.item.is_required
        after = items[items.index(quiz.item) + 1 :]
        assert all(item.kind not in ("page", "video", "document", "link", "quiz") for item in after)
    assert Quiz.objects.count() == 3
