"""Correct misspelt words towards the terms customers use often ("delivry" -> "delivery").

Only words no dictionary knows are corrected, and only to a word one edit away (a deletion,
an adjacent swap, a change or an insertion, as in Norvig's speller; inserted and changed
letters are plain a to z, or a letter's accented form: "avion" is "avión") that is a stop word
or a term seen often, so brand names and new words stay as they are.

Norvig's speller generates every string one edit away (some 450 for an 8-letter word) and
looks each up. We index the other way round, as SymSpell does: every stop word and frequent
term is filed under itself and each of its one-letter deletions, so a word's candidates are
found by looking up the word and its own deletions (9 strings for 8 letters), then checked.
"""

from __future__ import annotations

from kiosk.analysis.lemmas import is_known
from kiosk.analysis.lexicon import stop_words
from kiosk.analysis.surfaces import SurfaceForms

__all__ = ["MIN_SEEN", "Speller", "one_edit"]

# A misspelling is corrected only to a term seen at least this often.
MIN_SEEN = 5
# Words shorter than this are never corrected towards a term (only dropped as a misspelt stop
# word): one letter away, a short word is as likely another product as a typo (ipod and
# ipad, lync and sync, cnet and net).
_MIN_TERM_TYPO = 5
_ASCII = frozenset("abcdefghijklmnopqrstuvwxyz")
# Acute, grave and circumflex accents: German writes an umlaut left out as "ae", "oe", "ue",
# and "Handler", "Roster" are words of their own beside "Händler", "Röster".
_UNACCENTED = str.maketrans("áàâéèêíìîóòôúùû", "aaaeeeiiiooouuu")


class _DeletionIndex:
    """Words filed under themselves and every one-letter deletion of themselves."""

    def __init__(self) -> None:
        self._index: dict[str, list[str]] = {}

    def add(self, word: str) -> None:
        index = self._index
        for key in {word, *_deletions(word)}:
            index.setdefault(key, []).append(word)

    def near(self, word: str, keys: list[str] | None = None) -> set[str]:
        """Return the indexed words one edit (as Norvig's speller counts) from ``word``.

        ``keys`` are the word and its deletions (``_keys``), when the caller has them.
        """
        index = self._index
        found: set[str] = set()
        for bucket in map(index.get, keys or _keys(word)):
            if bucket is not None:
                found.update(w for w in bucket if w not in found and one_edit(word, w))
        return found


class Speller:
    """Correct words towards stop words and the frequent terms of ``surfaces``."""

    def __init__(self, surfaces: SurfaceForms) -> None:
        self.surfaces = surfaces
        surfaces.frequent_at = MIN_SEEN
        self._terms = _DeletionIndex()
        self._stops: dict[str, _DeletionIndex] = {}

    def correct(self, language: str, norm: str, lemma: str) -> str | None:
        """Return the frequent term (or "" for a stop word) a misspelt word stands for, or
        None when the word is to stay as it is."""
        if len(norm) < 4 or lemma != norm or not norm.isalpha():
            return None  # short, or the lemmatiser recognised it as an inflected form
        if is_known(norm, language):
            return None
        keys = _keys(norm)
        if self._stop_index(language).near(norm, keys):
            return ""
        if len(norm) < _MIN_TERM_TYPO:
            return None
        self._index_new_terms()
        best: tuple[int, str] | None = None
        for candidate in self._terms.near(norm, keys):
            seen = self.surfaces.seen(candidate)
            if seen >= MIN_SEEN and (best is None or (seen, candidate) > best):
                best = (seen, candidate)
        return None if best is None else best[1]

    def _stop_index(self, language: str) -> _DeletionIndex:
        index = self._stops.get(language)
        if index is None:
            index = self._stops[language] = _DeletionIndex()
            for word in stop_words(language):
                index.add(word)
        return index

    def _index_new_terms(self) -> None:
        new = self.surfaces.newly_frequent
        if new:
            for key in new:
                if key.isalpha():  # phrases and odd keys are never one edit from a word
                    self._terms.add(key)
            new.clear()


def _deletions(word: str) -> list[str]:
    return [word[:i] + word[i + 1 :] for i in range(len(word))]


def _keys(word: str) -> list[str]:
    """Return what a word's neighbours are filed under: the word and its deletions."""
    return [word, *_deletions(word)]


def one_edit(word: str, other: str) -> bool:
    """Whether ``other`` is one deletion, adjacent swap, change or insertion from ``word``
    (or ``word`` itself), changed and inserted letters being a to z (Norvig's ``edits1``)."""
    n, m = len(word), len(other)
    if m == n - 1:
        return any(word[:i] + word[i + 1 :] == other for i in range(n))
    if m == n + 1:
        return any(other[i] in _ASCII and other[:i] + other[i + 1 :] == word for i in range(m))
    if m != n:
        return False
    diffs = [i for i in range(n) if word[i] != other[i]]
    if not diffs:
        return True
    if len(diffs) == 1:
        # A letter written without its accent is the commonest slip of all ("avion",
        # "informacion" for the "avión", "información" most customers write).
        changed = other[diffs[0]]
        return changed in _ASCII or changed.translate(_UNACCENTED) == word[diffs[0]]
    i = diffs[0]
    return (
        len(diffs) == 2
        and diffs[1] == i + 1
        and word[i] == other[i + 1]
        and word[i + 1] == other[i]
    )
