import pytest

from tests.factories.assessments import add_question
from tests.factories.courses import CourseFactory, EnrollmentFactory, ItemFactory, ModuleFactory


@pytest.fixture
def course(trainer):
    return CourseFactory(trainers=[trainer])


@pytest.fixture
def quiz(course):
    module = ModuleFactory(course=course)
    ItemFactory(module=module, title="Materiał")
    item = ItemFactory(module=module, kind="quiz", title="Test końcowy")
    from assessments.models import Quiz

    return Quiz.objects.create(item=item, pass_mark=50, shuffle_choices=False)


@pytest.fixture
def enrollment(learner, course):
    return EnrollmentFactory(user=learner, course=course)


@pytest.fixture
def two_questions(quiz, trainer):
    """Two single-choice questions: (question, right choice, wrong choice) each."""
    out = []
    for n in range(2):
        question = add_question(
            quiz,
            owner=trainer,
            text=f"Pytanie {n}",
            choices=[(f"Dobra {n}", True), (f"Zła {n}", False)],
        )
        right, wrong = list(question.choices.order_by("position"))
        out.append((question, right, wrong))
    return out


@pytest.fixture
def other_trainer():
    from tests.factories.academy import UserFactory

    return UserFactory(email="other-trainer@example.org", full_name="Inna Trenerka", trainer=True)
