"""Factories for quizzes, plus ``quiz_with_every_type`` to build a realistic quiz."""

from decimal import Decimal

import factory

from assessments.models import Choice, Question, Quiz, QuizQuestion
from tests.factories.academy import UserFactory
from tests.factories.courses import ItemFactory

# Secret texts: tests scan pages for these before submission.
SECRET_FEEDBACK = "SECRET-FEEDBACK"
SECRET_ANSWER = "SECRET-ACCEPTED"


class QuizFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Quiz

    item = factory.SubFactory(
        ItemFactory, kind="quiz", title=factory.Sequence(lambda n: f"Quiz {n}")
    )
    pass_mark = 70
    shuffle_choices = False


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    owner = factory.SubFactory(UserFactory)
    type = Question.Type.SINGLE
    text = factory.Sequence(lambda n: f"Pytanie {n}?")
    points = Decimal("1")


class ChoiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Choice

    question = factory.SubFactory(QuestionFactory)
    text = factory.Sequence(lambda n: f"Odpowiedź {n}")
    position = factory.Sequence(lambda n: n)


def add_question(
    quiz, *, type=Question.Type.SINGLE, owner=None, choices=(), points="1", position=None, **fields
):
    """Create a question with ``choices`` ([(text, is_correct)] or dicts) and place it in ``quiz``."""
    owner = owner or (quiz.item.course.trainers.first() or UserFactory())
    question = QuestionFactory(owner=owner, type=type, points=Decimal(points), **fields)
    for index, choice in enumerate(choices):
        data = (
            dict(choice)
            if isinstance(choice, dict)
            else {"text": choice[0], "is_correct": choice[1]}
        )
        Choice.objects.create(question=question, position=index, **data)
    if position is None:
        position = quiz.placements.count() + 1
    QuizQuestion.objects.create(quiz=quiz, question=question, position=position)
    return question


def quiz_with_every_type(quiz, *, owner=None):
    """One question of each type; returns {type: question}. Correct choices' feedback
    and the accepted short answer hold secret markers."""
    q = {}
    q["single"] = add_question(
        quiz,
        owner=owner,
        type="single",
        text="Który organ wydaje decyzję?",
        choices=[
            {"text": "Wojewoda", "is_correct": True, "feedback": f"{SECRET_FEEDBACK} wojewoda"},
            {"text": "Sołtys", "is_correct": False, "feedback": "Nie, sołtys nie."},
        ],
    )
    q["multiple"] = add_question(
        quiz,
        owner=owner,
        type="multiple",
        multiple_scoring="partial",
        text="Zaznacz prawdziwe",
        choices=[
            {"text": "Prawda A", "is_correct": True},
            {"text": "Prawda B", "is_correct": True},
            {"text": "Fałsz C", "is_correct": False},
        ],
    )
    q["true_false"] = add_question(
        quiz,
        owner=owner,
        type="true_false",
        text="PESEL nadaje gmina.",
        choices=[
            {"text": "Prawda", "is_correct": True},
            {"text": "Fałsz", "is_correct": False},
        ],
    )
    q["short"] = add_question(
        quiz,
        owner=owner,
        type="short",
        text="Jak nazywa się ochrona?",
        ignore_diacritics=True,
        choices=[{"text": f"{SECRET_ANSWER} czasowa", "is_correct": True}],
    )
    q["numeric"] = add_question(
        quiz,
        owner=owner,
        type="numeric",
        text="Ile dni?",
        numeric_answer=Decimal("30"),
        tolerance=Decimal("1"),
    )
    q["matching"] = add_question(
        quiz,
        owner=owner,
        type="matching",
        text="Połącz",
        choices=[
            {"text": "UdSC", "match_text": "ochrona międzynarodowa", "is_correct": True},
            {"text": "ZUS", "match_text": "świadczenia", "is_correct": True},
        ],
    )
    q["ordering"] = add_question(
        quiz,
        owner=owner,
        type="ordering",
        text="Ułóż kroki",
        choices=[
            {"text": "Wniosek", "is_correct": True},
            {"text": "Decyzja", "is_correct": True},
            {"text": "Odwołanie", "is_correct": True},
        ],
    )
    return q
