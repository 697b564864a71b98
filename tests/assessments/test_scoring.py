"""The pure scoring module: every question type, penalties, normalisation, grading."""

from decimal import Decimal

import pytest

from assessments import scoring
from assessments.scoring import ChoiceData, QuestionData


def choice(id, correct=False, text="", match="", position=0):
    return ChoiceData(id=id, text=text, is_correct=correct, match_text=match, position=position)


SINGLE = QuestionData(id=1, type="single", choices=(choice(10, True), choice(11), choice(12)))
MULTI = QuestionData(
    id=2, type="multiple", choices=(choice(20, True), choice(21, True), choice(22), choice(23))
)
PARTIAL = QuestionData(id=3, type="multiple", partial=True, choices=MULTI.choices)


def test_single_choice_scores_only_the_right_choice():
    assert scoring.score_question(SINGLE, 10) == 1
    assert scoring.score_question(SINGLE, 11) == 0
    assert scoring.score_question(SINGLE, None) == 0


def test_multiple_all_or_nothing_needs_exactly_the_right_set():
    assert scoring.score_question(MULTI, [20, 21]) == 1
    assert scoring.score_question(MULTI, [20]) == 0
    assert scoring.score_question(MULTI, [20, 21, 22]) == 0


@pytest.mark.parametrize(
    ("chosen", "credit"),
    [
        ([20], Decimal("0.5")),
        ([20, 21], Decimal("1")),
        ([20, 22], Decimal("0")),
        ([20, 21, 22], Decimal("0.5")),
        ([22, 23], Decimal("0")),
        ([20, 21, 22, 23], Decimal("0")),
    ],
)
def test_multiple_partial_credit_penalises_wrong_choices_but_never_below_zero(chosen, credit):
    assert scoring.score_question(PARTIAL, chosen) == credit


@pytest.mark.parametrize(
    ("typed", "options", "credit"),
    [
        ("ochrona czasowa", {}, 1),
        ("  OCHRONA   Czasowa ", {}, 1),
        ("Ochrona czasowa", {"ignore_case": False}, 0),
        ("Łódź", {"ignore_diacritics": True}, 1),
        ("lodz", {"ignore_diacritics": True}, 1),
        ("lodz", {"ignore_diacritics": False}, 0),
        ("ochronaczasowa", {}, 0),
    ],
)
def test_short_answer_options(typed, options, credit):
    accepted = (choice(1, True, "ochrona czasowa"), choice(2, True, "Łódź"))
    question = QuestionData(id=4, type="short", choices=accepted, **options)
    if "Łódź" in typed or "lodz" in typed:
        question = QuestionData(id=4, type="short", choices=(choice(2, True, "Łódź"),), **options)
    assert scoring.score_question(question, typed) == credit


@pytest.mark.parametrize(
    ("typed", "credit"), [("30", 1), ("30,5", 1), ("31", 1), ("31.01", 0), ("abc", 0), ("", 0)]
)
def test_numeric_answers_within_tolerance(typed, credit):
    question = QuestionData(
        id=5, type="numeric", numeric_answer=Decimal("30"), tolerance=Decimal("1")
    )
    assert scoring.score_question(question, typed) == credit


def test_matching_gives_credit_per_right_pair():
    question = QuestionData(id=6, type="matching", choices=(choice(60, True), choice(61, True)))
    assert scoring.score_question(question, {"60": 60, "61": 61}) == 1
    # One answer given to both prompts earns nothing: each answer belongs to one prompt.
    assert scoring.score_question(question, {"60": 60, "61": 60}) == 0
    assert scoring.score_question(question, {"60": 60}) == Decimal("0.5")
    assert scoring.score_question(question, {"60": 61, "61": 60}) == 0


def test_ordering_gives_credit_per_item_in_place():
    question = QuestionData(
        id=7,
        type="ordering",
        choices=(
            choice(70, position=0),
            choice(71, position=1),
            choice(72, position=2),
            choice(73, position=3),
        ),
    )
    assert scoring.score_question(question, [70, 71, 72, 73]) == 1
    assert scoring.score_question(question, [70, 71, 73, 72]) == Decimal("0.5")
    assert scoring.score_question(question, [73, 72, 71, 70]) == 0


def test_attempt_total_weighs_questions_by_points():
    heavy = QuestionData(
        id=8, type="single", points=Decimal("3"), choices=(choice(80, True), choice(81))
    )
    result = scoring.score_attempt([SINGLE, heavy], {1: 11, 8: 80})
    assert result.points == 3 and result.max_points == 4
    assert result.fraction == Decimal("0.75000")


@pytest.mark.parametrize(
    ("method", "grade"),
    [
        ("highest", Decimal("0.9")),
        ("last", Decimal("0.5")),
        ("first", Decimal("0.2")),
        ("average", Decimal("0.53333")),
    ],
)
def test_grading_methods(method, grade):
    assert scoring.final_grade(method, [Decimal("0.2"), Decimal("0.9"), Decimal("0.5")]) == grade


def test_clean_answer_rejects_choice_ids_of_other_questions():
    with pytest.raises(scoring.InvalidAnswer):
        scoring.clean_answer(SINGLE, [10, 11, 12], "20")
    with pytest.raises(scoring.InvalidAnswer):
        scoring.clean_answer(MULTI, [20, 21, 22, 23], ["20", "10"])
    assert scoring.clean_answer(MULTI, [20, 21, 22, 23], ["21", "20"]) == [20, 21]


def test_clean_answer_for_ordering_turns_ranks_into_an_order():
    question = QuestionData(id=7, type="ordering", choices=(choice(70), choice(71), choice(72)))
    assert scoring.clean_answer(question, [72, 70, 71], {"70": "2", "71": "3", "72": "1"}) == [
        72,
        70,
        71,
    ]
    with pytest.raises(scoring.InvalidAnswer):
        scoring.clean_answer(question, [72, 70, 71], {"99": "1"})


ORDER4 = QuestionData(
    id=7, type="ordering", choices=tuple(choice(70 + i, position=i) for i in range(4))
)


def test_no_rank_assignment_but_the_right_permutation_earns_full_marks():
    """Every way of filling the four rank dropdowns (4**4 = 256, ties included), shown in
    a shuffled order: only the right permutation scores 1, and every tie is refused, so
    no tie-break (by choice id, by shown position) can leak the trainer's order."""
    import itertools

    shown = [72, 70, 73, 71]
    full_marks = []
    for ranks in itertools.product("1234", repeat=4):
        raw = {str(choice_id): rank for choice_id, rank in zip(shown, ranks, strict=True)}
        if len(set(ranks)) < 4:
            with pytest.raises(scoring.InvalidAnswer) as refused:
                scoring.clean_answer(ORDER4, shown, raw)
            assert refused.value.reason == "duplicate_rank"
            continue
        if scoring.score_question(ORDER4, scoring.clean_answer(ORDER4, shown, raw)) == 1:
            full_marks.append(ranks)
    assert full_marks == [("3", "1", "4", "2")]


@pytest.mark.parametrize("stored", [[70, 70, 70, 70], [70, 71, 72, 73, 70], [70, 71, 71, 73]])
def test_a_stored_order_that_is_not_a_permutation_scores_nothing(stored):
    assert scoring.score_question(ORDER4, stored) == 0


def test_a_half_ranked_ordering_keeps_its_gaps():
    shown = [72, 70, 73, 71]
    assert scoring.clean_answer(ORDER4, shown, {"70": "1", "72": "3", "73": "", "71": ""}) == [
        70,
        None,
        72,
    ]
    assert scoring.score_question(ORDER4, [70, None, 72]) == Decimal("0.5")


@pytest.mark.parametrize("rank", ["0", "5", "-1"])
def test_ranks_outside_one_to_n_are_refused(rank):
    with pytest.raises(scoring.InvalidAnswer):
        scoring.clean_answer(ORDER4, [70, 71, 72, 73], {"70": rank})


def test_matching_refuses_one_answer_for_two_prompts():
    question = QuestionData(
        id=6, type="matching", choices=(choice(60, True), choice(61, True), choice(62, True))
    )
    with pytest.raises(scoring.InvalidAnswer) as refused:
        scoring.clean_answer(question, [60, 61, 62], {"60": 60, "61": 60, "62": ""})
    assert refused.value.reason == "duplicate_match"
    assert scoring.clean_answer(question, [60, 61, 62], {"60": 61, "61": 60, "62": ""}) == {
        "60": 61,
        "61": 60,
    }


@pytest.mark.parametrize(
    "typed", ["NaN", "-1e999", "1e999", "Infinity", "sNaN", "9" * 5000, "1e40", "١٢"]
)
def test_numeric_answers_that_are_not_sensible_numbers_are_refused(typed):
    question = QuestionData(id=5, type="numeric", numeric_answer=Decimal("30.5"))
    with pytest.raises(scoring.InvalidAnswer) as refused:
        scoring.clean_answer(question, [], typed)
    assert refused.value.reason == "number"
    assert scoring.score_question(question, typed) == 0


@pytest.mark.parametrize(
    ("typed", "stored"), [(" 30,5 ", "30,5"), ("1 000", "1 000"), ("-0.25", "-0.25")]
)
def test_numeric_answers_in_range_are_kept_as_typed(typed, stored):
    question = QuestionData(id=5, type="numeric", numeric_answer=Decimal("30.5"))
    assert scoring.clean_answer(question, [], typed) == stored


def test_short_answers_lose_control_characters_and_are_bounded():
    question = QuestionData(id=4, type="short", choices=(ChoiceData(id=40, text="Kraków"),))
    assert scoring.clean_answer(question, [], "Krak\x00o\u0301w\ud800\u0007 ") == "Kraków"
    assert scoring.score_question(question, scoring.clean_answer(question, [], "Krak\x00ów")) == 1
    with pytest.raises(scoring.InvalidAnswer) as refused:
        scoring.clean_answer(question, [], "x" * (scoring.MAX_TEXT_LENGTH + 1))
    assert refused.value.reason == "text"
