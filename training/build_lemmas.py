"""Build the lemma tables shipped in ``assets/lexicon/<lang>.lemmas`` from simplemma's data.

Run: ``python training/build_lemmas.py [--out assets/lexicon]`` (needs ``simplemma==2.0.0`` and
``marisa-trie``, both in the ``dev`` extra).

Why: simplemma builds a Python dict of its whole dictionary on a language's first use, 0.4 s
for English and 2.5 to 3 s for German or Spanish, which alone was most of a cold start on
real text. The analysis only ever asks two things of a case-folded word: its lemma, and
whether the dictionary knows it. This script asks simplemma both questions for every
dictionary entry a case-folded word can reach, once, and stores the answers in a MARISA trie
(a compact, memory-mapped structure that loads in milliseconds): word -> the suffix edit that
turns it into its lemma ("deliveries" -> strip 3, add "y"). The edits are few (under 10,000
per language) and listed in ``<lang>.lemma-ops``, one "strip<TAB>append" per line.

The tables are a derived database of simplemma's dictionaries: their sources and licences are
in ``assets/lexicon/NOTICE.md``, which must travel with them.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ("en", "fr", "de", "es")
SIMPLEMMA_VERSION = "2.0.0"
# The languages whose words are also found written without their accents.
ACCENTED = ("fr", "es")


def _queries(dictionary: object) -> Iterator[tuple[str, str]]:
    """Yield the case-folded words that reach a dictionary entry (alphabetic, ' and - only),
    each with the form to ask simplemma about.

    The app reads text case-folded, which writes German "ß" as "ss": "Straße" is looked up
    as "strasse". simplemma is asked about the word as the dictionary spells it, "straße"
    (lemma "Straße"), not "strasse" (the Swiss spelling it knows as "Strass", rhinestone),
    and where both spellings are entries, the one with "ß" decides.
    """
    chosen: dict[str, str] = {}
    for key in dictionary:  # type: ignore[attr-defined]
        query = str(key).lower()
        word = query.casefold()
        if len(word) < 2 or len(word) > 60:
            continue
        if not all(c.isalpha() or c in "'-" for c in word):
            continue
        if word not in chosen or ("ß" in query and "ß" not in chosen[word]):
            chosen[word] = query
    yield from chosen.items()


def suffix_edit(word: str, lemma: str) -> tuple[int, str]:
    """Return (characters to strip from the end, text to append) turning word into lemma."""
    i = 0
    while i < min(len(word), len(lemma)) and word[i] == lemma[i]:
        i += 1
    return len(word) - i, lemma[i:]


def build(language: str, out: Path) -> tuple[int, int]:
    """Write one language's table; return (words, distinct edits)."""
    import marisa_trie
    import simplemma
    from simplemma.strategies.dictionaries import DefaultDictionaryFactory

    dictionary = DefaultDictionaryFactory().get_dictionary(language)
    edits: dict[tuple[int, str], int] = {(0, ""): 0}
    records: list[tuple[str, tuple[int]]] = []
    for word, query in _queries(dictionary):
        if not simplemma.is_known(query, lang=language):
            continue  # an entry only its original capitals reach ("ADN")
        lemma = simplemma.lemmatize(query, lang=language).casefold()
        edit = suffix_edit(word, lemma)
        index = edits.setdefault(edit, len(edits))
        records.append((word, (index,)))
    trie = marisa_trie.RecordTrie("<H", records)
    trie.save(str(out / f"{language}.lemmas"))
    lines = [f"{strip}\t{append}" for (strip, append), _ in sorted(edits.items(), key=_by_index)]
    (out / f"{language}.lemma-ops").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(records), len(edits)


def _by_index(item: tuple[tuple[int, str], int]) -> int:
    return item[1]


def build_accents(language: str, out: Path) -> int:
    """Write the words of a language's table that can be found from their spelling without
    accents (``<lang>.accents``, read by ``kiosk.analysis.lemmas.with_accents``); return how
    many.

    Derived from the table ``build`` wrote, not from simplemma: a bare spelling ("entrees")
    maps to its accented word ("entrées") where the table does not know the bare spelling
    itself (Spanish "ano" is a word, not "año") and every word it could be has one lemma (of
    several, the one that is its own lemma, else the first). A bare spelling two lemmas share
    ("pates": "pâtes", "pâtés"; "evenement": the dictionary's "événement" and "évènement") is
    left out.
    """
    import marisa_trie

    from kiosk.analysis.lemmas import LemmaTable, bare_spelling

    table = LemmaTable.read(
        (out / f"{language}.lemmas").read_bytes(),
        (out / f"{language}.lemma-ops").read_text("utf-8"),
    )
    words = table.words()
    known = set(words)
    spellings: dict[str, list[str]] = {}
    for word in words:
        bare = bare_spelling(word, language)
        if bare != word and bare not in known:
            spellings.setdefault(bare, []).append(word)
    records: list[tuple[str, bytes]] = []
    for bare, found in sorted(spellings.items()):
        lemmas = {table.lemma(word) for word in found}
        if len(lemmas) != 1:
            continue
        own = sorted(word for word in found if word in lemmas)
        records.append((bare, (own or sorted(found))[0].encode("utf-8")))
    marisa_trie.BytesTrie(records).save(str(out / f"{language}.accents"))
    return len(records)


def main(argv: list[str] | None = None) -> int:
    """Build every language's table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "assets" / "lexicon")
    args = parser.parse_args(argv)
    import simplemma

    if simplemma.__version__ != SIMPLEMMA_VERSION:
        # Another version may lemmatise differently; the tables and NOTICE.md name this one.
        print(
            f"simplemma {simplemma.__version__} found; the tables are built from"
            f" {SIMPLEMMA_VERSION} (pip install simplemma=={SIMPLEMMA_VERSION})",
            file=sys.stderr,
        )
        return 2
    for language in LANGUAGES:
        start = time.perf_counter()
        words, edits = build(language, args.out)
        path = args.out / f"{language}.lemmas"
        digest = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
        print(
            f"{language}: {words:,} words, {edits:,} edits, {path.stat().st_size / 1e6:.1f} MB,"
            f" sha256 {digest}..., {time.perf_counter() - start:.0f} s"
        )
        if language in ACCENTED:
            found = build_accents(language, args.out)
            print(f"{language}: {found:,} words found without their accents")
    return 0


if __name__ == "__main__":
    sys.exit(main())
