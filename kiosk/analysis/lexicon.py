"""What the analysis knows about each language beyond the libraries, read from data files.

The word lists, patterns and valences live in ``assets/lexicon/<language>.toml`` (package
``kiosk.assets.lexicon``), one file per language plus ``common.toml`` for what every language
shares; each file says what its lists are for. A language's file is read the first time an
item in that language is analysed, so a kiosk that only sees English never reads the others.

Written by us for customer feedback; short on purpose. The big general lists come from
maintained projects: the stop words are stopwords-iso's (a copy in each language's file, see
``assets/lexicon/NOTICE.md``), the English sentiment lexicon is VADER's (read from the
vaderSentiment package); our lists only add what those do not know about customer service,
and the other languages.
"""

from __future__ import annotations

import hashlib
import logging
import marshal
import re
import sys
import tomllib
import zlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from kiosk.analysis.lemmas import BARE_ACCENTS, with_accents
from kiosk.analysis.regexes import built_cache, cache_name, compile_pattern

__all__ = [
    "LANGUAGES",
    "Answers",
    "Lexicon",
    "PatternAnchors",
    "at_first_letters",
    "built_documents",
    "concept_label",
    "documents_cache_name",
    "domain_score",
    "emoji_valence",
    "emoticon_valence",
    "english_valences",
    "folds_as_lowercase",
    "has_idea_cue",
    "idea_cues",
    "lexicon",
    "read_documents",
    "read_lexicon",
    "restore_accents",
    "stop_words",
    "vader_lexicon",
    "write_documents",
]

LANGUAGES = ("en", "fr", "de", "es")
_PACKAGE = "kiosk.assets.lexicon"

log = logging.getLogger(__name__)


def _words(doc: Mapping[str, Any], name: str) -> frozenset[str]:
    """Return a word list of a data file (words separated by white space)."""
    return frozenset(str(doc.get(name, "")).split())


def _valences(groups: list[list[Any]]) -> dict[str, float]:
    """Return ``[[weight, "word word ..."], ...]`` as word -> weight (later groups win)."""
    result: dict[str, float] = {}
    for weight, words in groups:
        for word in str(words).split():
            # Text is read case-folded, which writes "ß" as "ss": "großartig" is looked up
            # as "grossartig".
            result[word] = result[word.casefold()] = float(weight)
    return result


def _unaccented(
    valences: Mapping[str, float], needed: frozenset[str], accents: Mapping[int, int]
) -> dict[str, float]:
    """Return the valences of the words written without their ``accents`` ("pesimo",
    "cancelacion", "decu"), where that spelling is no word of the list itself and the word is
    not one whose accent is ``needed`` to tell it from another."""
    result: dict[str, float] = {}
    for word, weight in valences.items():
        bare = word.translate(accents)
        if bare != word and bare not in valences and word not in needed:
            result[bare] = weight
    return result


# The languages read without their accents where a text leaves them out: their valences
# (``Lexicon.unaccented``) and, where folded, their patterns and word lists. Spanish folds only
# its valences: its patterns tell "más" from "mas" (but) and "sí" from "si" (if). French
# typed on a phone leaves them out as often ("tres decu", "a eviter", "pas a la hauteur").
_FOLDED = frozenset(["fr"])
# A folded language's data whose strings are patterns (or the words a pattern needs): they are
# written with accents, and searched in folded text.
_PATTERN_KEYS = (
    "openers",
    "info_question",
    "rhetorical",
    "idioms",
    "idea_cues",
    "domain_patterns",
    "leaving",
    "relapse",
    "told_over",
    "verdicts",
    "rivals",
    "rival_denied",
    "answer_no",
    "asks_problems",
    "asks_praise",
    "asks_nothing_better",
    "headings_praise",
    "headings_problem",
    "headings_request",
    "headings_neutral",
    "heading_before",
    "headings_none",
)


# A data file's heading lists and the kind each names (a ``Kind`` value; "": none).
_HEADING_KEYS = (
    ("praise", "compliment"),
    ("problem", "complaint"),
    ("request", "idea"),
    ("neutral", ""),
)
# What may stand just before a heading that follows other text on its line: the end of a
# sentence, a list's marks, or the colon of the heading before ("here ya go:  pros:").
_HEADING_AFTER_MARKS = frozenset(".!?;:)]*•·|>-–—…")
# The marks searched for before a colon: what follows the last one may start a heading (not
# "-", which joins words: "check-in").
_HEADING_MARKS = "".join(sorted(_HEADING_AFTER_MARKS - {"-"}))


# How far before its colon a heading may start, and how long a line alone may be ("My only
# real gripe with it:" is 21 characters).
_HEADING_REACH = 48


@dataclass(frozen=True)
class Answers:
    """A language's patterns for a question the customer asks and answers no
    (``ItemKinds._take_answers``): the answer that says no, the question that asks about
    problems, the one that asks whether the customer is pleased, and the one whose "no" says
    nothing is better (None: the language names none). Searched in folded text."""

    no: re.Pattern[str]
    problems: re.Pattern[str]
    praise: re.Pattern[str]
    nothing_better: re.Pattern[str] | None


@dataclass(frozen=True)
class _Headings:
    """A language's heading patterns (``Lexicon.headings_in``): one ending with a colon, one
    alone on its line, and a list that says it is empty; and the kind each name's group
    (``k0``, ``k1``...) names."""

    at_colon: re.Pattern[str]
    alone: re.Pattern[str]
    empty: re.Pattern[str]
    kinds: tuple[str, ...]

    def kind_of(self, match: re.Match[str]) -> str:
        return next(k for i, k in enumerate(self.kinds) if match.group(f"k{i}") is not None)


# Where a word starts, as a heading's lookbehind sees one.
_WORD_START = re.compile(r"(?<![\w'’/&-])\w")


def _after_last(text: str, marks: str, start: int, end: int) -> int:
    """Return where the text after the last of ``marks`` in ``text[start:end]`` starts
    (``start``: none is there)."""
    return max(start, *(text.rfind(mark, start, end) + 1 for mark in marks))


def _places(text: str, mark: str) -> list[int]:
    """Return where a one-character mark is in a text, in order."""
    found: list[int] = []
    at = text.find(mark)
    while at >= 0:
        found.append(at)
        at = text.find(mark, at + 1)
    return found


def _folded(text: str, folding: Mapping[int, int], latin: bytes) -> str:
    """Return ``text.translate(folding)``, as bytes where it is Latin-1 and ``latin`` (the
    table of ``_latin_table``) is given: ``str.translate`` looks every character up as a
    number in a dict, and cost 6% of reading French."""
    if latin:
        try:
            return text.encode("latin-1").translate(latin).decode("latin-1")
        except UnicodeEncodeError:  # "œ", "€", an emoji
            pass
    return text.translate(folding)


def _map_patterns(doc: Mapping[str, Any], change: Callable[[str], str]) -> dict[str, Any]:
    """Return a data file with ``change`` made to each of its patterns (their weights kept)."""

    def mapped(value: Any) -> Any:
        if isinstance(value, str):
            return change(value)
        if isinstance(value, list):
            return [mapped(v) for v in value]
        return value

    return {**doc, **{key: mapped(doc[key]) for key in _PATTERN_KEYS if key in doc}}


def _fold_patterns(
    doc: Mapping[str, Any], accents: Mapping[int, int], latin: bytes
) -> dict[str, Any]:
    """Return a data file with its patterns written without accents (``latin``: the accents'
    ``_latin_table``)."""
    return _map_patterns(doc, lambda text: _folded(text, accents, latin))


# A part of several patterns, written once in the file's [fragments] table and named in each
# pattern as <<name>>: the defects that make a wish no request are one list, not six copies.
_FRAGMENT = re.compile(r"<<(\w+)>>")


def _with_fragments(doc: Mapping[str, Any]) -> Mapping[str, Any]:
    """Return a data file with each <<name>> in its patterns replaced by its fragment.

    Raises:
        KeyError: a pattern names a fragment the file does not have.
    """
    fragments = doc.get("fragments")
    if not fragments:
        return doc
    return _map_patterns(
        doc, lambda text: _FRAGMENT.sub(lambda m: str(fragments[m.group(1)]), text)
    )


def _with_bare(
    words: frozenset[str], accents: Mapping[int, int] | None, latin: bytes, needed: frozenset[str]
) -> frozenset[str]:
    """Return a word list with each word also written without its accents (but the words
    whose accent is ``needed``; ``latin``: the accents' ``_latin_table``)."""
    if accents is None:
        return words
    return words | {
        _folded(w, accents, latin) for w in words if w not in needed and not w.isascii()
    }


def _latin_table(folding: Mapping[int, int] | None) -> bytes:
    """Return a ``bytes.translate`` table doing what ``folding`` does to Latin-1 text (empty
    where it is None or changes a letter beyond Latin-1)."""
    if not folding or any(c > 0xFF or folding[c] > 0xFF for c in folding):
        return b""
    return bytes(folding.get(i, i) for i in range(256))


def _alternatives(patterns: list[str] | tuple[str, ...]) -> str:
    """Return patterns as one whole-word alternation ("" for none)."""
    if not patterns:
        return ""
    return r"\b(?:" + "|".join(str(p) for p in patterns) + r")\b"


def _entries(doc: Mapping[str, Any], name: str) -> list[list[Any]]:
    """Return a list of patterns each given as a pattern or as [pattern, more...]."""
    return [[e] if isinstance(e, str) else list(e) for e in doc.get(name, ())]


def _needs(entry: Sequence[Any], at: int) -> frozenset[str]:
    """Return the needed words an entry names at ``at`` (a string of words), lowercased."""
    return frozenset(str(entry[at]).lower().split()) if len(entry) > at else frozenset()


# How far from its hint ("than") a comparison's words reach (``Lexicon.rivals_in``): its
# comparative before ("so much more reliable customer service"), its rival after.
_RIVAL_REACH = 60


def _either(patterns: Sequence[str]) -> re.Pattern[str] | None:
    """Return patterns as one alternation, each keeping its own boundaries (None: none)."""
    return compile_pattern("|".join(f"(?:{p})" for p in patterns)) if patterns else None


@cache
def _read(name: str) -> dict[str, Any]:
    """Return one data file of the package, parsed (empty when there is none), as the build
    parsed it where it can (``_document``)."""
    return _document(name, _built_documents())


def _document(name: str, built: Mapping[str, tuple[str, dict[str, Any]]]) -> dict[str, Any]:
    """Return one data file of the package, parsed: as ``built`` holds it where it was parsed
    from these very bytes (``write_documents``), else parsed here (empty: no such file)."""
    resource = resources.files(_PACKAGE).joinpath(f"{name}.toml")
    if not resource.is_file():
        return {}
    raw = resource.read_bytes()
    found = built.get(name)
    if found is not None and found[0] == _digest(raw):
        return found[1]
    return tomllib.loads(raw.decode("utf-8"))


# The lexicons parsed when the app is built, not in every process: Python's TOML parser took
# some 25 ms of every cold start on the five files. A built app (a wheel, the bundle) carries
# ``lexicons-<interpreter>.cache``, written by ``setup.py`` with ``write_documents``: each
# file's parsed document in ``marshal``'s format, with the sha256 of the bytes it was parsed
# from. A file whose bytes differ (edited after the build) is parsed as before, and so is
# every file where the cache is missing, damaged or written by another interpreter. The
# source tree has none: the tests read the files themselves.
_DOCUMENTS_FORMAT = 1


def documents_cache_name() -> str:
    """Return the parsed lexicons' cache file name ("lexicons-cpython-311.cache")."""
    return cache_name("lexicons")


def _digest(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def write_documents(folder: Path) -> Path:
    """Write every lexicon file of the package, parsed, into ``folder``; return the path. Run
    by the build (``setup.py``) with the interpreter the app will run on."""
    documents: dict[str, tuple[str, dict[str, Any]]] = {}
    for resource in resources.files(_PACKAGE).iterdir():
        if resource.name.endswith(".toml"):
            raw = resource.read_bytes()
            documents[resource.name[:-5]] = (_digest(raw), tomllib.loads(raw.decode("utf-8")))
    path = folder / documents_cache_name()
    path.write_bytes(zlib.compress(marshal.dumps((_documents_header(), documents)), 6))
    return path


def read_documents(data: bytes) -> dict[str, tuple[str, dict[str, Any]]]:
    """Return a cache file's documents by name, each with the digest of its file: none where
    another interpreter wrote it or the bytes are damaged (the files are parsed then)."""
    try:
        header, documents = marshal.loads(zlib.decompress(data))
        if tuple(header) != _documents_header() or not isinstance(documents, dict):
            return {}
        return {
            str(name): (str(entry[0]), entry[1])
            for name, entry in documents.items()
            if isinstance(entry, tuple) and len(entry) == 2 and isinstance(entry[1], dict)
        }
    except Exception:
        log.warning("lexicon cache damaged; parsing the lexicon files", exc_info=True)
        return {}


def _documents_header() -> tuple[int, int]:
    return (_DOCUMENTS_FORMAT, sys.hexversion)


@cache
def _built_documents() -> dict[str, tuple[str, dict[str, Any]]]:
    """The build's parsed lexicons (empty in the source tree, or where none can be read)."""
    data = built_cache("lexicons")
    return {} if data is None else read_documents(data)


def built_documents() -> int:
    """Return how many parsed lexicons the build's cache holds (0: none, as in the source)."""
    return len(_built_documents())


@dataclass(frozen=True)
class Lexicon:
    """One language's word lists, patterns and valences (see its data file for each)."""

    language: str
    stop_list: frozenset[str] = frozenset()
    filler: frozenset[str] = frozenset()
    chat: frozenset[str] = frozenset()
    topic_keep: frozenset[str] = frozenset()
    generic: frozenset[str] = frozenset()
    verbs: frozenset[str] = frozenset()
    verb_context: frozenset[str] = frozenset()
    noun_too: frozenset[str] = frozenset()
    phrase_starters: frozenset[str] = frozenset()
    phrase_enders: frozenset[str] = frozenset()
    elisions: tuple[str, ...] = ()
    pronouns: frozenset[str] = frozenset()
    intensifiers: frozenset[str] = frozenset()
    thanks: frozenset[str] = frozenset()
    doubts: frozenset[str] = frozenset()
    post_negators: frozenset[str] = frozenset()
    adjective_endings: tuple[str, ...] = ()
    # Nouns whose blame a closed compound takes ("Stellwerksstörung", "Zugausfall"), longest
    # first.
    compound_heads: tuple[str, ...] = ()
    # Words before such a compound that make it a topic ("für Softwareprobleme"), and words
    # that make a question with one angry ("Warum ständig Zugausfälle?").
    topic_before: frozenset[str] = frozenset()
    topic_right_before: frozenset[str] = frozenset()
    angry: frozenset[str] = frozenset()
    opener_pattern: str = ""
    # A question that only asks for information, and what makes one rhetorical
    # (``asks_for_information``; "": the language has none).
    info_question_pattern: str = ""
    rhetorical_pattern: str = ""
    adjectives: frozenset[str] = frozenset()
    ly_nouns: frozenset[str] = frozenset()
    nouns_like_verbs: frozenset[str] = frozenset()
    problem_modifiers: frozenset[str] = frozenset()
    negators: frozenset[str] = frozenset()
    idiom_words: frozenset[str] = frozenset()
    idiom_pattern: str = ""
    idea_cue_patterns: tuple[str, ...] = ()
    domain_pattern_list: tuple[tuple[str, float], ...] = ()
    # Per domain pattern, the words one of which it cannot match without (empty: none named),
    # so that a pattern that starts with a common word is not tried on every text that has it.
    domain_pattern_needs: tuple[frozenset[str], ...] = ()
    # A customer on the way out ("Switching banks"); each is also a domain pattern.
    leaving_patterns: tuple[str, ...] = ()
    # A problem back again ("then came back a day later"), read after one told as over.
    relapse_patterns: tuple[str, ...] = ()
    # A problem told as over ("Bug fixed"), whose praise ``undone`` takes back, and per
    # pattern the lowercase words one of which it cannot match without (empty: none named).
    told_over_patterns: tuple[str, ...] = ()
    told_over_needs: tuple[frozenset[str], ...] = ()
    # What the customer concludes ("Overall a great flight", "Would not recommend"): the item
    # ends on it, and takes its kind (``ItemKinds.verdict``).
    verdict_patterns: tuple[str, ...] = ()
    # The rival praise measures the company against ("Much better than Dell"): a pattern whose
    # group "rival" is the rival's words, and a string its text cannot match without.
    rival_pattern: str = ""
    rival_hint: str = ""
    # What denies a comparison before it in its sentence ("Nobody offers better prices than").
    rival_denied: str = ""
    # A question answered no (``Answers``).
    answer_no: str = ""
    asks_problems: str = ""
    asks_praise: str = ""
    asks_nothing_better: str = ""
    # The headings of a structured review ("Pros:", "Cons:", "Suggestions:"), per kind named
    # in ``HEADING_KINDS`` ("" for a heading that names none, "Overall:"): its alternation of
    # names; the words that may stand before a name, the words that make one no heading
    # after them, and what a list that has nothing in it says (``headings_in``).
    heading_names: tuple[tuple[str, str], ...] = ()
    heading_before: str = ""
    heading_not_after: frozenset[str] = frozenset()
    # The words a heading that ends with a question mark opens with (a form's question).
    heading_asks: frozenset[str] = frozenset()
    heading_none_pattern: str = ""
    # Whether a capital marks a heading after a word: not in German, which writes every noun
    # with one ("einen großen Vorteil: ...").
    heading_capital: bool = True
    derivations: Mapping[str, str] = field(default_factory=dict)
    valence: Mapping[str, float] = field(default_factory=dict)
    # The valences of words written without their accents (``_unaccented``).
    unaccented: Mapping[str, float] = field(default_factory=dict)
    # Where a language's patterns are written without accents, what takes them out of a text
    # before one is searched (``fold``); None: the patterns keep them.
    folding: Mapping[int, int] | None = None
    # ``folding`` as a table of the 256 bytes of Latin-1, where it only changes such letters
    # (empty: none, or it changes others).
    latin_folding: bytes = b""
    # The words ``folding`` added to the word lists ("ete" beside "été"): no evidence of the
    # language ("holà" is "hola", "pièce" is "piece").
    bare_forms: frozenset[str] = frozenset()
    # A word's (case-folded) lemma -> the concept it names, and each concept's label here.
    concepts: Mapping[str, str] = field(default_factory=dict)
    concept_labels: Mapping[str, str] = field(default_factory=dict)
    _compiled: dict[int, re.Pattern[str]] = field(default_factory=dict, compare=False, repr=False)
    _needs_compiled: dict[int, re.Pattern[str]] = field(
        default_factory=dict, compare=False, repr=False
    )
    # The properties below, computed on first use (not functools.cached_property: compiled
    # with mypyc, a class has no instance __dict__ and it would compute on every call).
    _cached: dict[str, Any] = field(default_factory=dict, init=False, compare=False, repr=False)

    @classmethod
    def from_documents(
        cls, language: str, doc: Mapping[str, Any], common: Mapping[str, Any]
    ) -> Lexicon:
        """Build a language's lexicon from its data file and the shared one."""
        doc = _with_fragments(doc)
        words = doc.get("words", {})
        shared = common.get("words", {})
        valences = _valences(doc.get("valence", []))
        needed = _words(words, "accent_needed")
        accents = BARE_ACCENTS.get(language)
        folding = accents if language in _FOLDED else None
        latin = _latin_table(folding)
        if folding is not None:
            doc = _fold_patterns(doc, folding, latin)

        added: set[str] = set()
        written_all: set[str] = set()

        def listed(found: Mapping[str, Any], name: str) -> frozenset[str]:
            written = _words(found, name)
            result = _with_bare(written, folding, latin, needed)
            written_all.update(written)
            added.update(result - written)
            return result

        # A leaving phrase is a pattern, or [pattern, the words it needs] (see below).
        leaving = _entries(doc, "leaving")
        leaving_weight = float(doc.get("leaving_weight", 0.0))
        domain = [
            *doc.get("domain_patterns", ()),
            *([e[0], leaving_weight, *e[1:]] for e in leaving),
        ]
        told_over = _entries(doc, "told_over")
        return cls(
            language=language,
            stop_list=listed(words, "stop_words"),
            filler=listed(words, "filler") | listed(words, "when_and_how_much"),
            chat=listed(words, "chat") | listed(shared, "chat"),
            topic_keep=listed(words, "topic_keep"),
            generic=listed(shared, "generic"),
            verbs=listed(words, "verbs"),
            verb_context=listed(words, "verb_context"),
            noun_too=listed(words, "noun_too"),
            phrase_starters=listed(words, "phrase_starters"),
            phrase_enders=listed(words, "phrase_enders"),
            elisions=tuple(str(shared.get("elisions", "")).split()),
            pronouns=listed(words, "pronouns"),
            intensifiers=listed(shared, "intensifiers"),
            thanks=listed(shared, "thanks"),
            doubts=listed(shared, "doubts"),
            post_negators=listed(words, "post_negators"),
            adjective_endings=tuple(str(words.get("adjective_endings", "")).split()),
            compound_heads=tuple(
                sorted(listed(words, "compound_heads"), key=lambda w: (-len(w), w))
            ),
            topic_before=listed(words, "topic_before"),
            topic_right_before=listed(words, "topic_right_before"),
            angry=listed(words, "angry"),
            opener_pattern=str(doc.get("openers", "")),
            info_question_pattern=str(doc.get("info_question", "")),
            rhetorical_pattern=str(doc.get("rhetorical", "")),
            adjectives=listed(words, "adjectives"),
            ly_nouns=listed(words, "ly_nouns"),
            nouns_like_verbs=listed(words, "nouns_like_verbs"),
            problem_modifiers=listed(shared, "problem_modifiers"),
            negators=listed(words, "negators"),
            idiom_words=listed(words, "idiom_words"),
            idiom_pattern=_alternatives(doc.get("idioms", ())),
            idea_cue_patterns=tuple(str(p) for p in doc.get("idea_cues", ())),
            domain_pattern_list=tuple((str(entry[0]), float(entry[1])) for entry in domain),
            domain_pattern_needs=tuple(_needs(entry, 2) for entry in domain),
            leaving_patterns=tuple(str(e[0]) for e in leaving),
            relapse_patterns=tuple(str(p) for p in doc.get("relapse", ())),
            told_over_patterns=tuple(str(e[0]) for e in told_over),
            told_over_needs=tuple(_needs(e, 1) for e in told_over),
            verdict_patterns=tuple(str(p) for p in doc.get("verdicts", ())),
            rival_pattern=str(doc.get("rivals", "")),
            rival_hint=str(doc.get("rival_hint", "")),
            rival_denied=str(doc.get("rival_denied", "")),
            answer_no=str(doc.get("answer_no", "")),
            asks_problems=str(doc.get("asks_problems", "")),
            asks_praise=str(doc.get("asks_praise", "")),
            asks_nothing_better=str(doc.get("asks_nothing_better", "")),
            heading_names=tuple(
                (kind, str(doc[f"headings_{key}"]))
                for key, kind in _HEADING_KEYS
                if doc.get(f"headings_{key}")
            ),
            heading_before=str(doc.get("heading_before", "")),
            heading_not_after=frozenset(str(doc.get("heading_not_after", "")).split()),
            heading_asks=frozenset(str(doc.get("heading_asks", "")).split()),
            heading_none_pattern=str(doc.get("headings_none", "")),
            heading_capital=bool(doc.get("heading_capital", True)),
            derivations={str(k): str(v) for k, v in doc.get("derivations", {}).items()},
            valence=valences,
            unaccented={} if accents is None else _unaccented(valences, needed, accents),
            folding=folding,
            latin_folding=latin,
            concepts={
                " ".join(form.casefold().split()): str(concept)
                for concept, forms in doc.get("concepts", {}).items()
                for form in forms
            },
            concept_labels={
                str(concept): str(forms[0])
                for concept, forms in doc.get("concepts", {}).items()
                if forms
            },
            # Last: the lists above, made first, say which words they gained.
            bare_forms=frozenset(added - written_all),
        )

    def fold(self, text: str) -> str:
        """Return a text as this language's patterns read it: without its accents where they
        are written without them ("Très déçu" -> "Tres decu"), letter for letter, so that a
        match's place is the same in the text."""
        folding = self.folding
        # Most text is ASCII, which has nothing to fold: ``isascii`` is a flag.
        if folding is None or text.isascii():
            return text
        return _folded(text, folding, self.latin_folding)

    def fold_words(self, words: Sequence[str]) -> list[str]:
        """Return a text's words as ``fold`` writes them (a list given is returned itself
        where folding would not change it)."""
        folding = self.folding
        if folding is None:
            return words if isinstance(words, list) else list(words)
        latin = self.latin_folding
        return [w if w.isascii() else _folded(w, folding, latin) for w in words]

    @property
    def stop_words(self) -> frozenset[str]:
        """Stop words: stopwords-iso's list, our filler and generic words, minus topics."""
        found = self._cached.get("stop_words")
        if found is None:
            base = set(self.stop_list)
            base |= self.filler
            base |= self.generic
            base -= self.topic_keep
            found = self._cached["stop_words"] = frozenset(w.casefold() for w in base)
        return found

    @property
    def idioms(self) -> re.Pattern[str] | None:
        """Set phrases whose words are not terms ("spot on"), or None."""
        if not self.idiom_pattern:
            return None
        found = self._cached.get("idioms")
        if found is None:
            found = self._cached["idioms"] = compile_pattern(self.idiom_pattern, re.IGNORECASE)
        return found

    @property
    def openers(self) -> re.Pattern[str] | None:
        """Openers that frame a point without judging anything ("To be fair,"), or None."""
        if not self.opener_pattern:
            return None
        found = self._cached.get("openers")
        if found is None:
            found = self._cached["openers"] = compile_pattern(self.opener_pattern, re.IGNORECASE)
        return found

    def asks_for_information(self, clause: str) -> bool:
        """Whether a clause is a question of the form that only asks for information, with
        nothing rhetorical in it (always False where the language names no such form)."""
        if not self.info_question_pattern:
            return False
        found = self._cached.get("info_question")
        if found is None:
            # Both compiled, then stored as one: another thread reads both or neither.
            found = self._cached["info_question"] = (
                compile_pattern(self.info_question_pattern, re.IGNORECASE),
                compile_pattern(self.rhetorical_pattern or "(?!)", re.IGNORECASE),
            )
        asked, rhetorical = found
        clause = self.fold(clause)
        return asked.match(clause) is not None and rhetorical.search(clause) is None

    # ``undone`` and ``told_over`` are searched in lowercase text, not with re.IGNORECASE,
    # which made them three times slower; their patterns are written in lowercase.

    @property
    def undone(self) -> re.Pattern[str] | None:
        """What takes back the praise of a problem told as over, said after it: the problem
        back again ("then came back a day later"), or the customer leaving anyway (None: the
        language has neither). Search it in lowercase text."""
        if "undone" not in self._cached:
            self._cached["undone"] = _either((*self.relapse_patterns, *self.leaving_patterns))
        found: re.Pattern[str] | None = self._cached["undone"]
        return found

    @property
    def leaving(self) -> re.Pattern[str] | None:
        """The customer leaving ("Uninstalling.", "I'm switching banks"), or None (the language
        has no such patterns). Search it in lowercase text."""
        if "leaving" not in self._cached:
            # Each one tried only where a text has a letter its words start with: searched
            # over whole items, the plain alternation cost 1% of reading tweets (callgrind).
            anchored = tuple(at_first_letters(p) for p in self.leaving_patterns)
            self._cached["leaving"] = _either(anchored)
        found: re.Pattern[str] | None = self._cached["leaving"]
        return found

    def _headings(self) -> _Headings | None:
        """Return this language's heading patterns (None: it names no headings)."""
        if "headings" not in self._cached:
            found = None
            if self.heading_names:
                names = "|".join(
                    f"(?P<k{i}>{alt})" for i, (_, alt) in enumerate(self.heading_names)
                )
                heading = rf"(?<![\w'’/&-]){self.heading_before}(?:{names})"
                found = _Headings(
                    compile_pattern(rf"{heading}[^\S\n]*[:?]$", re.IGNORECASE),
                    compile_pattern(rf"[^\S\n]*{heading}[^\S\n]*(?:[-–—][^\S\n]*)?", re.IGNORECASE),
                    compile_pattern(
                        rf"^[\W\d]*(?:{self.heading_none_pattern or '(?!)'})[\s.!,;:)]*$",
                        re.IGNORECASE,
                    ),
                    tuple(kind for kind, _ in self.heading_names),
                )
            self._cached["headings"] = found
        headings: _Headings | None = self._cached["headings"]
        return headings

    def headings_in(self, text: str) -> list[tuple[int, int, str]]:
        """Return the headings of a structured review in a text, in order, as (start, end,
        kind named: a ``Kind`` value, "" for none).

        A heading is a name of ``heading_names`` (with words of ``heading_before``) that ends
        with a colon, or with a question mark where it opens with a word of ``heading_asks``
        (a form's question: "What could we improve? The parking."), or stands alone on its
        line above more text ("Pros" on a line, "Great people" below). One with a colon after
        other text on its line follows the end of a sentence or a list's mark ("Great
        sound.  cons: the case"), or, after a word, is written with a capital ("great screen
        Cons: battery life", a list whose lines were joined) or follows a heading before it;
        after a word of ``heading_not_after`` ("the pros and cons: ...") only with both. The
        span ends after the colon (the question mark).

        Only the few words before each colon and the short lines are tried: searched over a
        whole tweet, most of which have a colon in a link or after "RT @someone", the
        pattern cost 8% of reading them.
        """
        if ":" not in text and "\n" not in text and ("?" not in text or not self.heading_asks):
            return []
        found = self._headings()
        if found is None:
            return []
        folded = self.fold(text)
        spans: list[tuple[int, int, str]] = []
        if "\n" in folded:
            start = 0
            while (close := folded.find("\n", start)) >= 0:
                # Alone on its line, with more text below: "Pros", then "Great people".
                if close - start <= _HEADING_REACH and folded[close:].strip():
                    m = found.alone.fullmatch(folded, start, close)
                    if m is not None:
                        name = m.start() + len(m.group()) - len(m.group().lstrip())
                        spans.append((name, name + len(m.group().strip()), found.kind_of(m)))
                start = close + 1
        ends = _places(folded, ":")
        if self.heading_asks and "?" in folded:
            ends = sorted([*ends, *_places(folded, "?")])
        for colon in ends:
            after = folded[colon + 1 : colon + 2]
            # Not in a link ("http://") or a time ("10:30").
            if after == "/" or after.isdecimal():
                continue
            line = folded.rfind("\n", 0, colon) + 1
            pos = max(line, colon - _HEADING_REACH)
            last = folded[pos:colon].rsplit(None, 1)[-1:]
            if not last or "@" in last[0]:
                continue  # "RT @someone:", a tweet's most common colon
            if folded[colon] == "?":
                # A form's question opens its sentence: tried there only, and only where
                # it opens with a question word (most questions: "Why is it so slow?").
                opened = _after_last(folded, ".!?;\n", pos, colon)
                asked = _WORD_START.search(folded, opened, colon)
                if asked is None or (
                    folded[asked.start() : colon].split(None, 1)[0].casefold()
                    not in self.heading_asks
                ):
                    continue
                starts = [asked.start()]
            else:
                # Tried where a heading may start (``_heads``), leftmost first: the first word
                # after the line's start or the last mark before the colon, a word with a
                # capital, or, after a heading, any word ("Pros: can't think of any cons:").
                # Searched, the pattern was tried at every character, 10 us a colon; one
                # turned down may still be followed by a heading a word later ("small Cons:",
                # where "small" may stand before a name, as in "Small gripe:").
                opened = _after_last(folded, _HEADING_MARKS, pos, colon)
                starts = [
                    w.start()
                    for w in _WORD_START.finditer(folded, opened, colon)
                    if w.start() == opened
                    or spans
                    or text[w.start()].isupper()
                    or not folded[opened : w.start()].strip()
                ]
            for start in starts:
                m = found.at_colon.match(folded, start, colon + 1)
                if m is None:
                    continue
                earlier = any(s < m.start() for s, _, _ in spans)
                if self._heads(text, folded[line : m.start()].rstrip(), earlier, m.start()):
                    spans.append((m.start(), colon + 1, found.kind_of(m)))
                    break
        spans.sort()
        return spans

    def _heads(self, text: str, before: str, earlier: bool, start: int) -> bool:
        """Whether a name with a colon at ``start``, after ``before`` on its line, heads a
        list (``headings_in``; ``earlier``: a heading comes before it)."""
        if not before or before[-1] in _HEADING_AFTER_MARKS:
            return True
        # After a word: a list whose lines were joined writes its heading with a capital,
        # or has had one before ("Pros: can't think of any Cons: ..."). Not in capitals
        # throughout: "GREAT IDEA: if we call it..." shouts.
        word = before.split()[-1]
        capital = self.heading_capital and text[start].isupper() and not word.isupper()
        if word.casefold() in self.heading_not_after:
            return capital and earlier
        return capital or earlier

    def empty_list(self, clause: str) -> bool:
        """Whether a clause under a heading says its list has nothing in it ("Cons: not
        many.", "Pros: none"; see ``headings_in``)."""
        found = self._headings()
        return found is not None and found.empty.match(self.fold(clause)) is not None

    @property
    def told_over(self) -> re.Pattern[str] | None:
        """A problem told as over ("bug fixed", "ya funciona"), or None. Search it in
        lowercase text."""
        if "told_over" not in self._cached:
            self._cached["told_over"] = _either(self.told_over_patterns)
        found: re.Pattern[str] | None = self._cached["told_over"]
        return found

    @property
    def verdict(self) -> re.Pattern[str] | None:
        """What the customer concludes with ("overall", "would recommend", "never again"), or
        None. Search it in lowercase text, folded (``fold``) where the language is."""
        if "verdict" not in self._cached:
            self._cached["verdict"] = _either(self.verdict_patterns)
        found: re.Pattern[str] | None = self._cached["verdict"]
        return found

    def rivals_in(self, text: str, lowered: str) -> list[tuple[int, int]]:
        """Return the places of the rivals praise in ``text`` measures the company against
        ("Much better than Dell": "Dell"); ``lowered`` is the text in lowercase."""
        hint_text = self.rival_hint
        if not hint_text or hint_text not in lowered:
            return []  # most texts compare nothing
        folded = self.fold(text)
        if len(lowered) != len(folded):
            # A letter whose lowercase is longer ("İ"): places in ``lowered`` are not the
            # text's, so the hints are found in the text itself.
            lowered = folded.lower() if folds_as_lowercase(folded) else ""
            if len(lowered) != len(folded):
                return []
        denied = self.rivals_denied
        rivals = self.rivals
        found: list[tuple[int, int]] = []
        done = 0  # where the last comparison found ended: each is found once
        hint = lowered.find(hint_text)
        while hint >= 0:
            # Searched near each "than" only: the comparison's words are just before it.
            match = rivals.search(folded, max(done, hint - _RIVAL_REACH), hint + _RIVAL_REACH)
            if match is not None:
                start = match.start()
                done = match.end()
                # A denial counts in the comparison's own clause only ("Nobody offers better
                # prices than", not "Nothing to complain about, way better than Comcast"),
                # and only so far back: hostile text of one long sentence stays linear.
                clause = (
                    max(
                        folded.rfind(mark, max(0, start - _RIVAL_REACH), start)
                        for mark in ".!?\n,;:"
                    )
                    + 1
                )
                if (
                    denied is None
                    or denied.search(folded, max(clause, start - _RIVAL_REACH), start) is None
                ):
                    found.append(match.span("rival"))
            hint = lowered.find(hint_text, max(hint + 1, done))
        return found

    @property
    def rivals(self) -> re.Pattern[str]:
        """The pattern of ``rivals_in`` (one that matches nothing where the language has none)."""
        found = self._cached.get("rivals")
        if found is None:
            found = self._cached["rivals"] = compile_pattern(
                self.rival_pattern or r"(?P<rival>(?!))", re.IGNORECASE
            )
        return found

    @property
    def answers(self) -> Answers | None:
        """The patterns of a question answered no, or None (the language names none)."""
        if "answers" not in self._cached:
            found = None
            if self.answer_no and self.asks_problems and self.asks_praise:
                better = self.asks_nothing_better
                found = Answers(
                    compile_pattern(self.answer_no, re.IGNORECASE),
                    compile_pattern(self.asks_problems, re.IGNORECASE),
                    compile_pattern(self.asks_praise, re.IGNORECASE),
                    compile_pattern(better, re.IGNORECASE) if better else None,
                )
            self._cached["answers"] = found
        answers: Answers | None = self._cached["answers"]
        return answers

    @property
    def rivals_denied(self) -> re.Pattern[str] | None:
        """The pattern of what denies a comparison (``rivals_in``), or None."""
        if "rivals_denied" not in self._cached:
            self._cached["rivals_denied"] = (
                compile_pattern(self.rival_denied, re.IGNORECASE) if self.rival_denied else None
            )
        found: re.Pattern[str] | None = self._cached["rivals_denied"]
        return found

    @property
    def told_over_hint(self) -> re.Pattern[str] | None:
        """What ``told_over`` cannot match without: the words its patterns name, or a pattern
        itself where it names none. Where this finds nothing there is nothing to look for,
        and it is found several times faster: a run of plain words lets the regex engine
        skip to the letters they start with."""
        if "told_over_hint" not in self._cached:
            # One flat alternation of words: nested in groups, the engine tries each position.
            words = sorted(set().union(*self.told_over_needs))
            parts = [re.escape(word) for word in words] + [
                f"(?:{pattern})"
                for pattern, needs in zip(
                    self.told_over_patterns, self.told_over_needs, strict=True
                )
                if not needs
            ]
            self._cached["told_over_hint"] = compile_pattern("|".join(parts)) if parts else None
        found: re.Pattern[str] | None = self._cached["told_over_hint"]
        return found

    def idea_cue(self, index: int) -> re.Pattern[str]:
        """Return one suggestion cue, compiled the first time it is needed."""
        compiled = self._compiled.get(-1 - index)
        if compiled is None:
            compiled = self._compiled[-1 - index] = compile_pattern(
                at_first_letters(self.idea_cue_patterns[index]), re.IGNORECASE
            )
        return compiled

    @property
    def idea_cues(self) -> re.Pattern[str]:
        """The suggestion cues as one pattern."""
        found = self._cached.get("idea_cues")
        if found is None:
            found = self._cached["idea_cues"] = compile_pattern(
                "|".join(self.idea_cue_patterns) or "(?!)", re.IGNORECASE
            )
        return found

    def domain_pattern_need(self, index: int) -> re.Pattern[str] | None:
        """Return what a domain pattern cannot match without, as a pattern of its own (None:
        it names nothing): one of its needed words, found as the pattern itself would find
        it (case folded alike, inside any token), so that skipping on it never changes a
        score."""
        needs = self.domain_pattern_needs[index]
        if not needs:
            return None
        found = self._needs_compiled.get(index)
        if found is None:
            found = self._needs_compiled[index] = compile_pattern(
                "|".join(re.escape(word) for word in sorted(needs)), re.IGNORECASE
            )
        return found

    def domain_patterns_in(self, text: str, candidates: Sequence[int]) -> list[int]:
        """Return which of the candidate domain patterns a text has, each searched only where
        a word it needs is (``lacks_need``)."""
        needs = self.domain_pattern_needs
        lowered = (
            text.lower() if folds_as_lowercase(text) and any(needs[i] for i in candidates) else None
        )
        return [
            i
            for i in candidates
            if not self.lacks_need(i, text, lowered) and self.domain_pattern(i).search(text)
        ]

    def lacks_need(self, index: int, text: str, lowered: str | None) -> bool:
        """Whether a text lacks every word a domain pattern names as needed, so that the
        pattern cannot match it (False: it names none, or one is there).

        Args:
            index: the pattern.
            text: the text.
            lowered: ``text.lower()`` where ``folds_as_lowercase(text)``, else None: a word
                found in it is what the pattern's case folding finds, and cheaper to look
                for; otherwise the words are searched as the pattern searches them.
        """
        needs = self.domain_pattern_needs[index]
        if not needs:
            return False
        if lowered is not None:
            return not any(word in lowered for word in needs)
        need = self.domain_pattern_need(index)
        return need is not None and need.search(text) is None

    def domain_pattern(self, index: int) -> re.Pattern[str]:
        """Return one domain pattern, compiled the first time it is needed."""
        compiled = self._compiled.get(index)
        if compiled is None:
            compiled = self._compiled[index] = compile_pattern(
                at_first_letters(self.domain_pattern_list[index][0]), re.IGNORECASE
            )
        return compiled

    def compile_all(self) -> None:
        """Compile every pattern this lexicon compiles when first needed (the build's regex
        cache is written from what this compiles: a new lazy pattern belongs here too)."""
        for index in range(len(self.idea_cue_patterns)):
            self.idea_cue(index)
        for index in range(len(self.domain_pattern_list)):
            self.domain_pattern(index)
            self.domain_pattern_need(index)
        # These properties compile theirs on first use.
        _ = (
            self.idioms,
            self.openers,
            self.undone,
            self.leaving,
            self.told_over,
            self.told_over_hint,
            self.verdict,
            self.rivals,
            self.rivals_denied,
            self.answers,
        )
        self.asks_for_information("?")
        _ = self.idea_cues
        self._headings()

    @property
    def anchors(self) -> PatternAnchors:
        """What each domain pattern's (group 0) and suggestion cue's (group 1) first word can
        be (see ``PatternAnchors``)."""
        found = self._cached.get("anchors")
        if found is None:
            domain = [p for p, _ in self.domain_pattern_list]
            found = self._cached["anchors"] = PatternAnchors([domain, list(self.idea_cue_patterns)])
        return found


def restore_accents(word: str, language: str) -> str:
    """Return a case-folded word typed without its accents as the dictionary's word with them
    (``with_accents``: "entrees" is "entrées"), but a word our lists know as typed: the
    dictionary lacks most little words, and would make "oui" "ouï", "du" "dû", "pres" "prés"
    and the English "the" of "The Fork" French tea (helper-106)."""
    if language not in BARE_ACCENTS:
        return word
    found = lexicon(language)
    if word in found.stop_words or word in found.chat or word in lexicon("en").stop_words:
        return word
    return with_accents(word, language)


def folds_as_lowercase(text: str) -> bool:
    """Whether the words in ``text.lower()`` are those re.IGNORECASE finds in the text: so for
    every letter but three, which it folds to "i" or "s" while lowercase does not ("ı" and
    "ſ" stay as they are, "İ" becomes "i" and a combining dot). Checked over every code point
    for the letters our word lists use."""
    return "ı" not in text and "İ" not in text and "ſ" not in text


@cache
def lexicon(language: str) -> Lexicon:
    """Return a language's lexicon, read from its data file on first use (empty if none)."""
    return read_lexicon(language)


def read_lexicon(language: str) -> Lexicon:
    """Return a new lexicon of a language, none of its patterns compiled yet (``lexicon``
    keeps one per language)."""
    try:
        return Lexicon.from_documents(language, _read(language), _read("common"))
    except Exception:
        if not _built_documents():
            raise
        # A cached document of the right digest but the wrong shape (helper-101 forged one):
        # the files themselves are what the app ships.
        log.warning("the build's parsed lexicon of %s is unusable; parsing its files", language)
        return Lexicon.from_documents(language, _document(language, {}), _document("common", {}))


def concept_label(concept: str, language: str) -> str | None:
    """Return how a concept is written in a language (None when that language has no word
    for it in our list)."""
    return lexicon(language).concept_labels.get(concept)


@cache
def emoji_valence() -> dict[str, float]:
    """Return the valence of the emoji customers use (they speak every language)."""
    return {str(k): float(v) for k, v in _read("common").get("emoji_valence", {}).items()}


@cache
def emoticon_valence() -> dict[str, float]:
    """Return the valence of faces typed in ASCII (":(", "-.-"), case-folded, in any language."""
    found = _read("common").get("emoticon_valence", {})
    return {str(k).casefold(): float(v) for k, v in found.items()}


@cache
def vader_lexicon() -> dict[str, float]:
    """Return VADER's word valences, read from the lexicon file the vaderSentiment package
    ships (the file its ``SentimentIntensityAnalyzer`` reads by default), the way it reads it.

    Building the analyser itself would also read its emoji lexicon, which we do not use.
    """
    text = resources.files("vaderSentiment").joinpath("vader_lexicon.txt").read_text("utf-8")
    valences: dict[str, float] = {}
    for line in text.rstrip("\n").split("\n"):
        if line:
            word, measure = line.strip().split("\t")[0:2]
            valences[word] = float(measure)
    return valences


@cache
def english_valences() -> dict[str, float]:
    """Return VADER's word valences with our customer-service words and emoji (English)."""
    valences = dict(vader_lexicon())
    valences.update(lexicon("en").valence)
    valences.update(emoji_valence())
    return valences


def stop_words(language: str) -> frozenset[str]:
    """Return the stop words of a language: stopwordsiso's list, our filler, minus topics."""
    return lexicon(language).stop_words


def idea_cues(language: str) -> re.Pattern[str]:
    """Return the compiled suggestion-cue pattern of a language (English if unknown)."""
    found = lexicon(language)
    return found.idea_cues if found.idea_cue_patterns else lexicon("en").idea_cues


def has_idea_cue(
    language: str, text: str, words: Sequence[str], candidates: Sequence[int] | None = None
) -> bool:
    """Whether a text has one of a language's suggestion cues (English's when it has none).

    Args:
        language: the text's language.
        text: the text.
        words: its lowercase words: only the cues that can start with one of them are tried.
        candidates: those cues, when the caller has them (``Lexicon.anchors``, group 1).
    """
    found = lexicon(language)
    if not found.idea_cue_patterns:
        found = lexicon("en")
        candidates = None
    text = found.fold(text)
    if candidates is None:
        candidates = found.anchors.candidates(found.fold_words(words))[1]
    return any(found.idea_cue(i).search(text) for i in candidates)


def domain_score(
    language: str,
    text: str,
    words: Sequence[str] | None = None,
    candidates: Sequence[int] | None = None,
) -> float:
    """Return the summed weights of the domain patterns found in a text (each counted once),
    as one scan of all patterns as alternatives would find them: at each position the first
    pattern that matches there wins, and the scan goes on after its match.

    Args:
        language: the text's language.
        text: the text.
        words: its lowercase words, when the caller has them: only the patterns that can start
            with one of them are tried (see ``PatternAnchors``); a pattern that names the words
            it needs only where one of them is (``Lexicon.lacks_need``).
        candidates: those patterns, when the caller has them (``Lexicon.anchors``, group 0).
    """
    found_lexicon = lexicon(language)
    weighted = found_lexicon.domain_pattern_list
    text = found_lexicon.fold(text)
    if candidates is None:
        if words is None:
            candidates = list(range(len(weighted)))
        else:
            candidates = found_lexicon.anchors.candidates(found_lexicon.fold_words(words))[0]
    # A pattern found nowhere wins nowhere, and one found alone wins where it is found: most
    # texts match one candidate or none, and one search each says so without the scan below.
    present = found_lexicon.domain_patterns_in(text, candidates)
    if len(present) <= 1:
        return weighted[present[0]][1] if present else 0.0
    candidates = present
    compiled = [found_lexicon.domain_pattern(i) for i in candidates]
    starts = sorted({m.start() for pattern in compiled for m in pattern.finditer(text)})
    total = 0.0
    found: set[int] = set()
    resume = 0
    for start in starts:
        if start < resume:
            continue
        for i, pattern in zip(candidates, compiled, strict=True):
            match = pattern.match(text, start)
            if match is not None:
                if i not in found:
                    found.add(i)
                    total += weighted[i][1]
                resume = max(match.end(), start + 1)
                break
    return total


class PatternAnchors:
    """The words patterns can start with, so that only the patterns whose first word is in a
    text are tried on it.

    Trying every domain pattern at once (one alternation) cost more than anything else in
    reading a clause, although most clauses contain the first word of none. Each pattern's
    possible first words are read off the pattern itself: its literal letters up to a space or
    ``\\b`` (an exact word), or up to anything else (a prefix), through optional letters and
    groups of alternatives; a pattern whose first word cannot be read that way is always tried.

    Args:
        groups: lists of patterns (say, the domain patterns and the suggestion cues); the
            candidates are given per group, by index in the group.
    """

    def __init__(self, groups: Sequence[Sequence[str]]) -> None:
        exact: dict[str, list[tuple[int, int]]] = {}
        prefixes: list[tuple[str, int, int]] = []
        self.size = len(groups)
        self.always: list[tuple[int, int]] = []
        for group, patterns in enumerate(groups):
            for index, pattern in enumerate(patterns):
                found = first_words(pattern)
                if found is None:
                    self.always.append((group, index))
                    continue
                for written, whole in found:
                    # Texts are read case-folded: a pattern's "ließ" is looked for as "liess".
                    word = written.casefold()
                    if whole:
                        exact.setdefault(word, []).append((group, index))
                    else:
                        prefixes.append((word, group, index))
        self.exact = {word: tuple(hits) for word, hits in exact.items()}
        self.prefixes = tuple(prefixes)
        self._heads = frozenset(p[0] for p, _, _ in prefixes)
        self._none: tuple[tuple[int, ...], ...] = ((),) * self.size
        # Each word's hits, worked out once: customers reuse their words.
        self._hits: dict[str, tuple[tuple[int, int], ...]] = {}

    def candidates(self, words: Sequence[str]) -> Sequence[Sequence[int]]:
        """Return per group, in order, the patterns that may match a text made of these words
        (its tokens, lowercase; parts joined by an apostrophe or a hyphen count on their
        own)."""
        known = self._hits
        hits: list[tuple[int, int]] = []
        for word in words:
            found = known.get(word)
            if found is None:
                found = self._word_hits(word)
            if found:
                hits.extend(found)
        if self.always:
            hits.extend(self.always)
        if not hits:
            return self._none
        result: list[list[int]] = [[] for _ in range(self.size)]
        for group, index in hits:
            result[group].append(index)
        for found_in in result:
            if len(found_in) > 1:
                found_in[:] = sorted(set(found_in))
        return result

    def _word_hits(self, word: str) -> tuple[tuple[int, int], ...]:
        """Return the patterns one word can start: as a whole, by a prefix, and by each part
        of it between apostrophes and hyphens."""
        forms = [word]
        if "'" in word or "-" in word:
            forms.extend(_PARTS.split(word))
        hits: list[tuple[int, int]] = []
        heads = self._heads
        for form in forms:
            hits.extend(self.exact.get(form, ()))
            if form[:1] in heads:
                hits.extend((g, i) for p, g, i in self.prefixes if form.startswith(p))
        found = tuple(hits)
        if len(self._hits) >= 100_000:
            self._hits.clear()
        self._hits[word] = found
        return found


_PARTS = compile_pattern("['\\-\x00]")
_DIGITS = frozenset("0123456789")


def at_first_letters(pattern: str) -> str:
    """Return a pattern that matches what ``pattern`` matches, only tried where a text has one
    of the letters its first words start with (``first_words``; the pattern itself when they
    cannot be read).

    A lexicon pattern opens with lookbehinds and ``\\b``, and is searched with
    re.IGNORECASE: the regex engine then has no first letter to skip ahead to, and runs
    every lookbehind at every position of the text. A one-letter lookahead in front fails at
    most positions at once: the suggestion cues and domain patterns were searched two to
    four times faster.
    """
    found = first_words(pattern)
    if found is None or any(not word for word, _ in found):
        return pattern
    letters = "".join(re.escape(letter) for letter in sorted({word[0] for word, _ in found}))
    return f"(?=[{letters}])(?:{pattern})"


# Read once per pattern: the anchors and the compiling of each pattern (``at_first_letters``)
# ask for the same patterns' words, 916 times for 515 patterns in a cold process reading 5,000
# tweets; the 401 repeats cost 1.1% of it (callgrind).
@cache
def first_words(pattern: str) -> frozenset[tuple[str, bool]] | None:
    """Return the (word, exact) pairs one of which starts every match of a pattern, where
    exact means the match's first word is that word and not only starts with it; None when
    the pattern's start cannot be read that way."""
    result: set[tuple[str, bool]] = set()
    for branch in _split_top(pattern, "|"):
        branch = re.sub(r"^(?:\(\?<[!=][^()]*\))*", "", branch)
        if not branch.startswith("\\b"):
            return None
        found = _expand("", branch[2:], 0)
        if found is None:
            return None
        result |= found
    return frozenset(result) if result and len(result) <= 64 else None


def _expand(prefix: str, rest: str, depth: int) -> set[tuple[str, bool]] | None:
    """Return the first words a pattern's remainder can complete ``prefix`` into."""
    if depth > 8:
        return None
    while rest:
        ch = rest[0]
        if ch == " " and rest[1:2] in ("?", "*"):
            # A space that may be absent ("shout ?outs?" also matches "shoutout"): the first
            # word only starts with what came before.
            return {(prefix, False)} if prefix else None
        if ch == " " or rest.startswith("\\b"):
            return {(prefix, True)} if prefix else None
        # Letters, the ASCII digits ("0 stars") and apostrophes are read literally; other
        # digits ("²", "½") are not: the words they are matched against are normalised.
        if ch.isalpha() or ch == "'" or ch in _DIGITS:
            if rest[1:2] in ("*", "{"):
                # May be absent or repeated: the first word only starts with what came before.
                return {(prefix, False)} if prefix else None
            if rest[1:2] == "?":
                without = _expand(prefix, rest[2:], depth + 1)
                with_it = _expand(prefix + ch, rest[2:], depth + 1)
                return None if without is None or with_it is None else without | with_it
            prefix += ch
            rest = rest[1:]
            continue
        if rest.startswith("(?:"):
            end = _closing(rest)
            if end < 0:
                return None
            body, after = rest[3:end], rest[end + 1 :]
            optional = after[:1] == "?"
            if optional:
                after = after[1:]
            elif after[:1] == "*" or after.startswith(("{0", "{,")):
                # Repeated and perhaps never there: "(?:very )*good" starts with "very" or
                # "good" (helper-101). A group there at least once ("{1,2}") starts the match.
                optional = True
                after = after[1:] if after[0] == "*" else after[after.find("}") + 1 :]
                after = after[1:] if after[:1] == "?" else after
            found: set[tuple[str, bool]] = set()
            options = [*_split_top(body, "|"), *([""] if optional else [])]
            for option in options:
                more = _expand(prefix, option + after, depth + 1)
                if more is None:
                    return None
                found |= more
            return found
        break
    return {(prefix, False)} if prefix else None


def _closing(text: str) -> int:
    """Return the index of the parenthesis closing the group ``text`` starts with (one in a
    character class, "[)]", closes nothing)."""
    depth = 0
    in_class = False
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return -1


def _split_top(pattern: str, sep: str) -> list[str]:
    """Split a pattern at ``sep`` outside groups, classes and escapes."""
    # The parts are cut by slicing, not grown a character at a time: the patterns run to a
    # thousand characters, and growing them was most of what building a language's anchors
    # cost. (Compiled, a loop over the characters is faster than a search for the few that
    # matter: it makes no match objects.)
    parts: list[str] = []
    depth = 0
    in_class = False
    start = 0
    i = 0
    size = len(pattern)
    while i < size:
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == sep and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
        i += 1
    parts.append(pattern[start:])
    return parts
