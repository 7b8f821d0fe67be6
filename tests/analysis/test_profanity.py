"""Profanity is recognised in disguise and masked for the wall."""

from __future__ import annotations

import pytest

from kiosk.analysis import is_profane, mask_profanity


@pytest.mark.parametrize(
    "word",
    [
        "shit",
        "SHIT",
        "sh1t",
        "$hit",
        "f**k",
        "fuuuck",
        "fucking",
        "merde",
        "Scheiße",
        "scheissladen",
        "mierda",
        "gilipollas",
        "arschloch",
    ],
)
def test_swear_words_are_recognised(word: str) -> None:
    assert is_profane(word)


@pytest.mark.parametrize(
    "word", ["assistant", "class", "scunthorpe", "contact", "delivery", "con", "mist", "cono"]
)
def test_innocent_words_are_not(word: str) -> None:
    assert not is_profane(word)


def test_masking_keeps_the_first_letter_and_the_rest_of_the_text() -> None:
    assert mask_profanity("This sh1t app, merde!") == "This s*** app, m****!"
    assert mask_profanity("Nothing to hide here.") == "Nothing to hide here."
