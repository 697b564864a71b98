"""Full names (academy/names.py): letters the certificate fonts can print, spaces,
hyphens, apostrophes and dots; nothing invisible, no emoji, no control characters."""

import sys
import unicodedata

import pytest
from django.core.exceptions import ValidationError

from academy.names import PUNCTUATION, clean_full_name, printable_letters
from certificates.pdf import _FONTS

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("Łucja  Źdźbło-Kowalska", "Łucja Źdźbło-Kowalska"),
        ("Олена Іваненко", "Олена Іваненко"),
        ("Ґалина Мар’яненко", "Ґалина Мар’яненко"),
        ("Seán O'Brien", "Seán O'Brien"),
        ("J. R. R. Tolkien", "J. R. R. Tolkien"),
        ("Zoe\u0308 Müller", "Zoë Müller"),  # decomposed input is stored composed
    ],
)
def test_names_in_latin_and_cyrillic_are_kept(typed, kept):
    assert clean_full_name(typed) == kept


@pytest.mark.parametrize(
    "typed",
    [
        "Anna \u202eakswoK",  # right-to-left override
        "Anna\u200b Kowalska",  # zero-width space
        "Anna Kowalska \U0001f600",  # emoji
        "Anna\x07 Kowalska",  # control character
        "Anna\x00 Kowalska",
        "Ελένη Παπαδοπούλου",  # Greek: not in the certificate fonts
        "李小龍",
        "Anna <b>Kowalska</b>",
        "--- ...",
    ],
)
def test_other_characters_are_refused_with_a_clear_message(typed):
    with pytest.raises(ValidationError) as refused:
        clean_full_name(typed)
    assert refused.value.code == "full_name_characters"


def test_every_accepted_character_is_in_every_certificate_font():
    accepted = {
        chr(code)
        for code in range(sys.maxunicode + 1)
        if chr(code) in printable_letters() or chr(code) in PUNCTUATION
    }
    assert {"ł", "Ż", "ї", "Ґ", "é", "ß"} <= accepted
    assert not any(unicodedata.category(char) in ("Cf", "Cc", "So") for char in accepted)
    from reportlab.pdfbase.ttfonts import TTFont

    for name, path in _FONTS.items():
        glyphs = {chr(code) for code in TTFont(f"test-{name}", str(path)).face.charToGlyph}
        assert accepted <= glyphs, name


def test_signup_and_profile_show_the_message_in_polish(client, client_for, learner):
    response = client.post(
        "/accounts/signup/", {"full_name": "Anna \u202eakswoK", "email": "a@example.org"}
    )
    assert "Używaj tylko liter alfabetu łacińskiego lub cyrylicy" in response.content.decode()
    response = client_for(learner).post(
        "/profile/", {"full_name": "Anna 😀", "job_title": "", "preferred_language": "pl"}
    )
    assert "Używaj tylko liter alfabetu łacińskiego lub cyrylicy" in response.content.decode()
    learner.refresh_from_db()
    assert learner.full_name == "Łucja Źdźbło-Kowalska"


@pytest.mark.parametrize(
    "typed",
    [
        "Szkoła Podstawowa nr 5 im. J. Kochanowskiego",
        "Fundacja „Wspólny Dom”",
        "ГО «Українці в Польщі» (Lublin)",
    ],
)
def test_organisation_names_keep_digits_and_punctuation(typed):
    from academy.names import clean_printed_text

    assert clean_printed_text(typed) == typed


def test_a_new_organisation_name_with_invisible_characters_is_refused(client):
    response = client.post("/accounts/signup/", {"new_organisation_name": "Urząd\u202e Gminy 😀"})
    assert "to nazwa drukowana na zaświadczeniach" in response.content.decode()
