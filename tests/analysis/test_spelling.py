"""Typos corrected towards frequent terms, found through a deletion index."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.analysis.spelling import MIN_SEEN, Speller, one_edit
from kiosk.analysis.surfaces import SurfaceForms

ALPHABET = "abcdefghijklmnopqrstuvwxyz"


def norvig_edits1(word: str) -> set[str]:
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = {a + b[1:] for a, b in splits if b}
    swaps = {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    changes = {a + c + b[1:] for a, b in splits if b for c in ALPHABET}
    inserts = {a + c + b for a, b in splits for c in ALPHABET}
    return deletes | swaps | changes | inserts


def accent_written(word: str) -> set[str]:
    """The word with one of its letters given an accent ("avion" -> "avión")."""
    accented = {"e": "é"}  # not "ü": an umlaut left out is written "ue"
    return {word[:i] + accented[c] + word[i + 1 :] for i, c in enumerate(word) if c in accented}


@settings(max_examples=300, deadline=None)
@given(st.text("abcdéü", min_size=1, max_size=7), st.text("abcdéü", max_size=8))
def test_one_edit_is_norvigs_edits1_or_an_accent_left_out(word: str, other: str) -> None:
    if other != word:
        expected = other in norvig_edits1(word) or other in accent_written(word)
        assert one_edit(word, other) == expected


def speller_with(*frequent: str) -> tuple[Speller, SurfaceForms]:
    """A speller whose terms ``frequent`` have each been seen often enough to correct to."""
    surfaces = SurfaceForms()
    speller = Speller(surfaces)
    for term in frequent:
        for _ in range(MIN_SEEN):
            surfaces.add(term, term)
    return speller, surfaces


def test_words_are_corrected_towards_frequent_terms_and_stop_words() -> None:
    speller, surfaces = speller_with("delivery")
    surfaces.add("parcel", "parcel")
    assert speller.correct("en", "delivry", "delivry") == "delivery"
    assert speller.correct("en", "parcl", "parcl") is None  # "parcel" is not frequent yet
    assert speller.correct("en", "abuot", "abuot") == ""  # a stop word, misspelt
    assert speller.correct("en", "delivery", "delivery") is None  # known words stay


def test_a_word_written_without_its_accent_is_the_accented_term() -> None:
    # Tweets leave accents out: "avion" and "informacion" are the terms most write with them.
    speller, _ = speller_with("avión", "información")
    assert speller.correct("es", "avion", "avion") == "avión"
    assert speller.correct("es", "informacion", "informacion") == "información"
