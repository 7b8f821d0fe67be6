"""What the analysis knows about each language beyond the libraries, read from data files.

The word lists, patterns and valences live in ``assets/lexicon/<language>.toml`` (package
``kiosk.assets.lexicon``), one file per language plus ``common.toml`` for what every language
shares; each file says what its lists are for. A language's file is read the first time an
item in that language is analysed, so a kiosk that only sees English never reads the others.

Written by us for customer feedback; short on purpose. The big general lists (stop words from
stopwordsiso, the English sentiment lexicon from VADER) come from maintained packages; these
lists only add what those packages do not know about customer service, and the other languages.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache, cached_property
from importlib import resources
from typing import Any

import stopwordsiso

__all__ = [
    "LANGUAGES",
    "Lexicon",
    "any_domain_pattern",
    "domain_patterns",
    "domain_score",
    "emoji_valence",
    "english_valences",
    "idea_cues",
    "lexicon",
    "stop_words",
]

LANGUAGES = ("en", "fr", "de", "es")
_PACKAGE = "kiosk.assets.lexicon"
_NO_MATCH = re.compile("(?!)")


def _words(doc: Mapping[str, Any], name: str) -> frozenset[str]:
    """Return a word list of a data file (words separated by white space)."""
    return frozenset(str(doc.get(name, "")).split())


def _valences(groups: list[list[Any]]) -> dict[str, float]:
    """Return ``[[weight, "word word ..."], ...]`` as word -> weight (later groups win)."""
    result: dict[str, float] = {}
    for weight, words in groups:
        for word in str(words).split():
            result[word] = float(weight)
    return result


def _alternatives(patterns: list[str] | tuple[str, ...]) -> str:
    """Return patterns as one whole-word alternation ("" for none)."""
    if not patterns:
        return ""
    return r"\b(?:" + "|".join(str(p) for p in patterns) + r")\b"


@cache
def _read(name: str) -> dict[str, Any]:
    """Return one data file of the package, parsed (empty when there is none)."""
    resource = resources.files(_PACKAGE).joinpath(f"{name}.toml")
    if not resource.is_file():
        return {}
    with resource.open("rb") as fh:
        return tomllib.load(fh)


@dataclass(frozen=True)
class Lexicon:
    """One language's word lists, patterns and valences (see its data file for each)."""

    language: str
    filler: frozenset[str] = frozenset()
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
    post_negators: frozenset[str] = frozenset()
    adjective_endings: tuple[str, ...] = ()
    opener_pattern: str = ""
    adjectives: frozenset[str] = frozenset()
    ly_nouns: frozenset[str] = frozenset()
    nouns_like_verbs: frozenset[str] = frozenset()
    problem_modifiers: frozenset[str] = frozenset()
    negators: frozenset[str] = frozenset()
    idiom_words: frozenset[str] = frozenset()
    idiom_pattern: str = ""
    idea_cue_patterns: tuple[str, ...] = ()
    domain_pattern_list: tuple[tuple[str, float], ...] = ()
    derivations: Mapping[str, str] = field(default_factory=dict)
    valence: Mapping[str, float] = field(default_factory=dict)

    @classmethod
    def from_documents(
        cls, language: str, doc: Mapping[str, Any], common: Mapping[str, Any]
    ) -> Lexicon:
        """Build a language's lexicon from its data file and the shared one."""
        words = doc.get("words", {})
        shared = common.get("words", {})
        return cls(
            language=language,
            filler=_words(words, "filler") | _words(words, "when_and_how_much"),
            topic_keep=_words(words, "topic_keep"),
            generic=_words(shared, "generic"),
            verbs=_words(words, "verbs"),
            verb_context=_words(words, "verb_context"),
            noun_too=_words(words, "noun_too"),
            phrase_starters=_words(words, "phrase_starters"),
            phrase_enders=_words(words, "phrase_enders"),
            elisions=tuple(str(shared.get("elisions", "")).split()),
            pronouns=_words(words, "pronouns"),
            intensifiers=_words(shared, "intensifiers"),
            post_negators=_words(words, "post_negators"),
            adjective_endings=tuple(str(words.get("adjective_endings", "")).split()),
            opener_pattern=str(doc.get("openers", "")),
            adjectives=_words(words, "adjectives"),
            ly_nouns=_words(words, "ly_nouns"),
            nouns_like_verbs=_words(words, "nouns_like_verbs"),
            problem_modifiers=_words(shared, "problem_modifiers"),
            negators=_words(words, "negators"),
            idiom_words=_words(words, "idiom_words"),
            idiom_pattern=_alternatives(doc.get("idioms", ())),
            idea_cue_patterns=tuple(str(p) for p in doc.get("idea_cues", ())),
            domain_pattern_list=tuple(
                (str(p), float(w)) for p, w in doc.get("domain_patterns", ())
            ),
            derivations={str(k): str(v) for k, v in doc.get("derivations", {}).items()},
            valence=_valences(doc.get("valence", [])),
        )

    @cached_property
    def stop_words(self) -> frozenset[str]:
        """Stop words: stopwordsiso's list, our filler and generic words, minus topics."""
        try:
            base = set(stopwordsiso.stopwords(self.language))
        except Exception:  # an unknown code: the library raises rather than returning nothing
            base = set()
        base |= self.filler
        base |= self.generic
        base -= self.topic_keep
        return frozenset(w.casefold() for w in base)

    @cached_property
    def idioms(self) -> re.Pattern[str] | None:
        """Set phrases whose words are not terms ("spot on"), or None."""
        if not self.idiom_pattern:
            return None
        return re.compile(self.idiom_pattern, re.IGNORECASE)

    @cached_property
    def openers(self) -> re.Pattern[str] | None:
        """Openers that frame a point without judging anything ("To be fair,"), or None."""
        if not self.opener_pattern:
            return None
        return re.compile(self.opener_pattern, re.IGNORECASE)

    @cached_property
    def idea_cues(self) -> re.Pattern[str]:
        """The suggestion cues as one pattern."""
        return re.compile("|".join(self.idea_cue_patterns) or "(?!)", re.IGNORECASE)

    @cached_property
    def domain_patterns(self) -> tuple[tuple[re.Pattern[str], float], ...]:
        """The multi-word sentiment patterns, compiled, with their weights."""
        return tuple((re.compile(p, re.IGNORECASE), w) for p, w in self.domain_pattern_list)

    @cached_property
    def any_domain_pattern(self) -> re.Pattern[str]:
        """One pattern matching wherever any domain pattern might: a cheap first test.

        Every domain pattern starts at a word boundary; saying so once in front of the
        alternatives lets the engine skip the positions inside words instead of trying each
        alternative there (a third of the cost on English clauses).
        """
        patterns = [p for p, _ in self.domain_pattern_list]
        if not patterns:
            return _NO_MATCH
        joined = "|".join(f"(?:{p})" for p in patterns)
        if all(_starts_at_boundary(p) for p in patterns):
            # Only a word start with a letter can open a match: the lookahead lets the engine
            # skip the other positions without trying every alternative (half the cost).
            joined = rf"\b(?=[^\W\d_])(?:{joined})"
        return re.compile(joined, re.IGNORECASE)

    @cached_property
    def domain_alternation(self) -> tuple[re.Pattern[str], dict[str, float]]:
        """Every domain pattern as one alternation, a named group each, and the weights."""
        weights = {}
        branches = []
        for i, (pattern, weight) in enumerate(self.domain_pattern_list):
            weights[f"p{i}"] = weight
            branches.append(f"(?P<p{i}>{pattern})")
        return re.compile("|".join(branches) or "(?!)", re.IGNORECASE), weights


@cache
def lexicon(language: str) -> Lexicon:
    """Return a language's lexicon, read from its data file on first use (empty if none)."""
    return Lexicon.from_documents(language, _read(language), _read("common"))


@cache
def emoji_valence() -> dict[str, float]:
    """Return the valence of the emoji customers use (they speak every language)."""
    return {str(k): float(v) for k, v in _read("common").get("emoji_valence", {}).items()}


@cache
def english_valences() -> dict[str, float]:
    """Return VADER's word valences with our customer-service words and emoji (English)."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    valences = dict(SentimentIntensityAnalyzer().lexicon)
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


def domain_patterns(language: str) -> tuple[tuple[re.Pattern[str], float], ...]:
    """Return the compiled multi-word sentiment patterns of a language."""
    return lexicon(language).domain_patterns


def any_domain_pattern(language: str) -> re.Pattern[str]:
    """Return one pattern matching wherever any of a language's domain patterns might."""
    return lexicon(language).any_domain_pattern


def domain_score(language: str, text: str) -> float:
    """Return the summed weights of the domain patterns found in a text (each counted once).

    One pass of one pattern, not one search per pattern: the patterns rarely overlap, and
    this runs on every clause.
    """
    found_lexicon = lexicon(language)
    if not found_lexicon.any_domain_pattern.search(text):
        return 0.0
    pattern, weights = found_lexicon.domain_alternation
    found = {m.lastgroup for m in pattern.finditer(text)}
    return sum(weights[g] for g in found if g is not None)


def _starts_at_boundary(pattern: str) -> bool:
    """Whether every match of a pattern starts at a word boundary: each top-level branch
    opens with ``\\b``, after negative lookbehinds at most."""
    depth = 0
    branches = [""]
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            branches[-1] += pattern[i : i + 2]
            i += 2
            continue
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            branches.append("")
            i += 1
            continue
        branches[-1] += ch
        i += 1
    return all(re.sub(r"^(?:\(\?<![^()]*\))*", "", branch).startswith("\\b") for branch in branches)
