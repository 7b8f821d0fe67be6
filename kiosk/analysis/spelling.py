"""Correct misspelt words towards the terms customers use often ("delivry" -> "delivery").

Only words no dictionary knows are corrected, and only to a word one edit away (a deletion,
swap, change or insertion, as in Norvig's speller) that is a stop word or a term seen often, so
brand names and new words stay as they are.
"""

from __future__ import annotations

from kiosk.analysis.lemmas import is_known
from kiosk.analysis.lexicon import stop_words
from kiosk.analysis.surfaces import SurfaceForms

__all__ = ["MIN_SEEN", "Speller"]

# A misspelling is corrected only to a term seen at least this often.
MIN_SEEN = 5
_ALPHABET = "abcdefghijklmnopqrstuvwxyz"


class Speller:
    """Correct words towards stop words and the frequent terms of ``surfaces``."""

    def __init__(self, surfaces: SurfaceForms) -> None:
        self.surfaces = surfaces

    def correct(self, language: str, norm: str, lemma: str) -> str | None:
        """Return the frequent term (or "" for a stop word) a misspelt word stands for, or
        None when the word is to stay as it is."""
        if len(norm) < 4 or lemma != norm or not norm.isalpha():
            return None  # short, or the lemmatiser recognised it as an inflected form
        if is_known(norm, language):
            return None
        candidates = _edits1(norm)
        if not candidates.isdisjoint(stop_words(language)):
            return ""
        best: tuple[int, str] | None = None
        surfaces = self.surfaces
        # Membership per candidate: ``set.intersection(dict)`` would walk the whole dict.
        for candidate in [c for c in candidates if c in surfaces]:
            seen = surfaces.seen(candidate)
            if seen >= MIN_SEEN and (best is None or (seen, candidate) > best):
                best = (seen, candidate)
        return None if best is None else best[1]


def _edits1(word: str) -> set[str]:
    """Return the strings one deletion, swap, change or insertion away (Norvig's speller)."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = {a + b[1:] for a, b in splits if b}
    swaps = {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    changes = {a + c + b[1:] for a, b in splits if b for c in _ALPHABET}
    inserts = {a + c + b for a, b in splits for c in _ALPHABET}
    return deletes | swaps | changes | inserts
