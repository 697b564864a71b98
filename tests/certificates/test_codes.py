import pytest

from certificates.codes import ALPHABET, format_code, generate_code, normalise_code


def test_codes_are_28_crockford_symbols_and_random():
    codes = {generate_code() for _ in range(200)}
    assert len(codes) == 200
    assert all(len(code) == 28 and set(code) <= set(ALPHABET) for code in codes)


@pytest.mark.parametrize(
    "typed",
    [
        "7kq2-m9xa-7kq2-m9xa-7kq2-m9xa-7kq2",
        " 7KQ2 M9XA 7KQ2M9XA-7KQ2 M9XA 7KQ2 ",
        "7KQ2–M9XA–7KQ2–M9XA–7KQ2–M9XA–7KQ2",
    ],
)
def test_typed_codes_are_normalised(typed):
    assert normalise_code(typed) == "7KQ2M9XA7KQ2M9XA7KQ2M9XA7KQ2"


def test_confusable_letters_are_read_as_digits():
    assert normalise_code("IL0O" * 7) == "1100" * 7


@pytest.mark.parametrize("typed", ["", "SHORT", "U" * 28, "7KQ2M9XA7KQ2M9XA7KQ2M9XA7KQ2X"])
def test_impossible_codes_are_rejected(typed):
    assert normalise_code(typed) is None


def test_codes_are_shown_in_groups_of_four():
    assert format_code("ABCD" * 7) == "-".join(["ABCD"] * 7)
