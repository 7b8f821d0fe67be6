"""Dictionary forms of words: "deliveries" -> "delivery", and whether a word is known at all.

The answers come from tables built from simplemma's dictionaries by
``training/build_lemmas.py`` (``assets/lexicon/<lang>.lemmas``, sources and licences in
``assets/lexicon/NOTICE.md``): a MARISA trie per language mapping every case-folded word the
dictionary knows to the suffix edit that gives its lemma. A table loads in milliseconds, where
simplemma builds its whole dictionary in Python on first use (2.5 to 3 s for German or
Spanish). Words the dictionary does not know keep their form, but for two rules of our own:
a hyphenated word is looked up joined ("e-mails") and else by its last part ("follow-ups"),
an English plural of a long word ending in a noun suffix loses its "s", and a Spanish verb
with pronouns written onto it ("escríbanme") is found without them.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

import marisa_trie

__all__ = [
    "BARE_ACCENTS",
    "LemmaTable",
    "bare_spelling",
    "is_known",
    "lemmatize",
    "table",
    "with_accents",
]

_PACKAGE = "kiosk.assets.lexicon"
# English plurals of words the dictionary does not know, by their noun suffix.
_EN_PLURAL_SUFFIXES = ("doms", "isms", "ists", "ments", "nces", "ships", "tions", "ums")
# Spanish pronouns written onto a verb ("escríbanme", "dámelo"), longest first.
_ES_FIRST = ("me", "te", "se", "nos", "os")
_ES_SECOND = ("lo", "la", "le", "los", "las", "les")
_ES_CLITICS = tuple(
    sorted(
        {*_ES_FIRST, *_ES_SECOND, *(a + b for a in _ES_FIRST for b in _ES_SECOND)},
        key=len,
        reverse=True,
    )
)
# What a word loses when typed without accents, per language: tweets in Spanish and French
# typed on a phone often do ("pesimo servicio", "tres decu"). "ñ" is a letter of its own
# ("año" is not "ano") and stays, as does "œ", which would be two letters ("coeur" is how
# most type it). Capitals too: a French text is folded before its patterns search it, letter
# for letter (``Lexicon.fold``).
BARE_ACCENTS: dict[str, dict[int, int]] = {
    "es": str.maketrans("áéíóúüÁÉÍÓÚÜ", "aeiouuAEIOUU"),
    "fr": str.maketrans("àâäéèêëîïôöûùüçÀÂÄÉÈÊËÎÏÔÖÛÙÜÇ", "aaaeeeeiioouuucAAAEEEEIIOOUUUC"),
}


class LemmaTable:
    """One language's words, each with the suffix edit that turns it into its lemma.

    Args:
        trie: word -> (edit index,).
        edits: (characters to strip, text to append) per edit index.
    """

    def __init__(self, trie: marisa_trie.RecordTrie, edits: list[tuple[int, str]]) -> None:
        self._trie = trie
        self._edits = edits
        # Words looked up lately: the word rules ask about the same word several times.
        self._recent: dict[str, str | None] = {}

    @classmethod
    def load(cls, language: str) -> LemmaTable:
        """Read a language's table from the package (an empty table when there is none)."""
        folder = resources.files(_PACKAGE)
        data = folder.joinpath(f"{language}.lemmas")
        if not data.is_file():
            return cls(marisa_trie.RecordTrie("<H"), [(0, "")])
        return cls.read(
            data.read_bytes(), folder.joinpath(f"{language}.lemma-ops").read_text("utf-8")
        )

    @classmethod
    def read(cls, data: bytes, ops: str) -> LemmaTable:
        """Return a table from the bytes of its trie and the text of its edits."""
        trie = marisa_trie.RecordTrie("<H")
        trie.frombytes(data)
        edits = []
        for line in ops.splitlines():
            strip, _, append = line.partition("\t")
            edits.append((int(strip), append))
        return cls(trie, edits)

    def words(self) -> list[str]:
        """Return every word the table knows."""
        return list(self._trie.keys())

    def lemma(self, word: str) -> str | None:
        """Return the lemma of a case-folded word the dictionary knows, else None."""
        recent = self._recent
        if word in recent:
            return recent[word]
        found = self._trie.get(word)
        lemma = None
        if found:
            strip, append = self._edits[found[0][0]]
            lemma = (word[:-strip] if strip else word) + append
        if len(recent) >= 50_000:
            recent.clear()
        recent[word] = lemma
        return lemma

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and self.lemma(word) is not None

    def known_prefixes(self, text: str) -> list[str]:
        """Return the words of the table that start ``text``, shortest first."""
        return list(self._trie.prefixes(text))


@cache
def table(language: str) -> LemmaTable:
    """Return a language's lemma table (read on first use)."""
    return LemmaTable.load(language)


def lemmatize(word: str, language: str) -> str:
    """Return the dictionary form of a case-folded word (the word itself when unknown)."""
    found = table(language).lemma(word)
    if found is not None:
        return found
    if "-" in word and not word.endswith("-"):
        found = table(language).lemma(word.replace("-", ""))
        if found is not None:
            return found
        head, _, last = word.rpartition("-")
        found = table(language).lemma(last)
        if found is not None:
            return f"{head}-{found}"
    if language == "en" and word.endswith(_EN_PLURAL_SUFFIXES):
        return word[:-1]
    if language == "es" and word.endswith(_ES_CLITICS):
        found = _spanish_verb(word)
        if found is not None:
            return found
    return word


def _spanish_verb(word: str) -> str | None:
    """Return the lemma of a Spanish verb with pronouns written onto it, if it is one.

    The pronoun moves the stress mark onto the verb ("escriban" + "me" -> "escríbanme"), so
    the verb is also looked up without it.
    """
    spanish = table("es")
    for clitic in _ES_CLITICS:
        if word.endswith(clitic) and len(word) - len(clitic) >= 2:
            stem = word[: -len(clitic)]
            found = spanish.lemma(stem) or spanish.lemma(stem.translate(BARE_ACCENTS["es"]))
            if found is not None:
                return found
    return None


def is_known(word: str, language: str) -> bool:
    """Whether a case-folded word is in the language's dictionary."""
    return word in table(language)


def bare_spelling(word: str, language: str) -> str:
    """Return a word as typed without its accents in a language (itself where it has none
    to lose, or the language is not one whose accents are left out)."""
    accents = BARE_ACCENTS.get(language)
    return word if accents is None else word.translate(accents)


@cache
def _accented(language: str) -> marisa_trie.BytesTrie:
    """Return a language's words by their spelling without accents (empty where it has no
    such table), built from its lemma table by ``training/build_lemmas.py``."""
    trie = marisa_trie.BytesTrie()
    data = resources.files(_PACKAGE).joinpath(f"{language}.accents")
    if data.is_file():
        trie.frombytes(data.read_bytes())
    return trie


def with_accents(word: str, language: str) -> str:
    """Return a case-folded word typed without its accents as the one word the dictionary
    knows by that spelling ("entrees" -> "entrées", "cancelacion" -> "cancelación"), else
    the word itself: a word it knows as typed ("ano", "cote"), one whose spelling two words
    share ("pates": "pâtes" or "pâtés"), a word with an accent, or one it does not know."""
    if language not in BARE_ACCENTS or not word.isascii():
        return word
    # The table holds no word the dictionary knows as typed (``build_accents``): one lookup.
    found = _accented(language).get(word)
    return found[0].decode("utf-8") if found else word
