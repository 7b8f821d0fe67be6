"""Decide what one clause is: praise, a problem, a suggestion, or nothing clear.

English uses VADER (negation, boosters, capitals and "but" are what it is good at) with our
customer-service words merged into its lexicon; French, German and Spanish use our own lexicon
with the same idea: valences summed, flipped by a negator a few words before, squashed into
-1..1. Suggestion cues win over sentiment: "it would be great if..." is an idea, not praise.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache, cached_property

import simplemma
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from kiosk.analysis.lexicon import (
    DOMAIN_VALENCE_EN,
    EMOJI_VALENCE,
    NEGATORS,
    VALENCE,
    domain_patterns,
    idea_cues,
)
from kiosk.analysis.profanity import is_profane
from kiosk.analysis.text import normalize_token, tokens
from kiosk.model import Kind

__all__ = ["ClauseKind", "KindScorer"]

# Below this absolute score a clause has no clear kind of its own.
THRESHOLD = 0.2
_IDEA_CONFIDENCE = 0.85
_CACHE_SIZE = 200_000
_WORDS = re.compile(r"[\w']+")
_SWEAR_WORDS = re.compile(r"[\w*@$#!]+")


@cache
def _any_pattern(language: str) -> re.Pattern[str]:
    """Return one pattern matching wherever any domain pattern might: a cheap first test.

    Every domain pattern starts at a word boundary; saying so once in front of the
    alternatives lets the engine skip the positions inside words instead of trying each
    alternative there (a third of the cost on English clauses).
    """
    patterns = [p.pattern for p, _ in domain_patterns(language)]
    if not patterns:
        return re.compile("(?!)")
    joined = "|".join(f"(?:{p})" for p in patterns)
    if all(_starts_at_boundary(p) for p in patterns):
        joined = rf"\b(?:{joined})"
    return re.compile(joined, re.IGNORECASE)


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


_POST_NEGATORS = {
    "fr": frozenset(("pas", "jamais", "plus", "rien")),
    "de": frozenset(("nicht", "nie", "niemals")),
}
_INTENSIFIERS = frozenset(
    ["très", "vraiment", "trop", "super", "sehr", "total", "echt", "wirklich", "muy", "realmente"]
)


@dataclass(frozen=True, slots=True)
class ClauseKind:
    """A clause's kind with its confidence (0 when unclassified) and raw score (-1..1)."""

    kind: Kind
    confidence: float
    score: float


_NONE = ClauseKind(Kind.UNCLASSIFIED, 0.0, 0.0)

# Openers that frame what follows without judging anything, removed before scoring.
_DISCOURSE: dict[str, re.Pattern[str]] = {
    "en": re.compile(
        r"^\W*(?:(?:hi|hello|hey)(?: there| team)?|to be (?:fair|honest)|in fairness"
        r"|honestly|frankly|(?:just )?a quick note|quick note|fyi|for the record)\b[\s,:;!.-]*",
        re.IGNORECASE,
    ),
}


class KindScorer:
    """Score clauses in the supported languages; one instance is safe to reuse, not to share
    between threads (VADER keeps no state, but our caches are plain dicts)."""

    @cached_property
    def _vader(self) -> SentimentIntensityAnalyzer:
        vader = SentimentIntensityAnalyzer()
        vader.lexicon.update(DOMAIN_VALENCE_EN)
        return vader

    def __init__(self) -> None:
        self._cache: dict[tuple[str, str], ClauseKind] = {}

    def clear_cache(self) -> None:
        """Forget every remembered clause kind."""
        self._cache.clear()

    def classify(self, clause: str, language: str) -> ClauseKind:
        """Return the kind of one clause of text in a supported language.

        Results are remembered: customers repeat short clauses ("Thanks.", "Great service!",
        "Still waiting.") far more often than chance, and VADER is the costliest step.
        """
        key = (clause, language)
        found = self._cache.get(key)
        if found is None:
            if len(self._cache) >= _CACHE_SIZE:
                self._cache.clear()
            found = self._cache[key] = self._classify(clause, language)
        return found

    def _classify(self, clause: str, language: str) -> ClauseKind:
        if idea_cues(language).search(clause):
            return ClauseKind(Kind.IDEA, _IDEA_CONFIDENCE, 0.0)
        score = self.score(clause, language)
        if score >= THRESHOLD:
            return ClauseKind(Kind.COMPLIMENT, min(0.95, 0.5 + abs(score) / 2), score)
        if score <= -THRESHOLD:
            return ClauseKind(Kind.COMPLAINT, min(0.95, 0.5 + abs(score) / 2), score)
        return ClauseKind(Kind.UNCLASSIFIED, 0.0, score) if score else _NONE

    def score(self, clause: str, language: str) -> float:
        """Return the sentiment of a clause from -1 (a problem) to 1 (praise)."""
        discourse = _DISCOURSE.get(language)
        if discourse is not None:
            # "To be fair," / "Honestly," / "Just a quick note:" frame a point, they are not
            # one: VADER reads "fair" and "honestly" as praise in front of a complaint.
            clause = discourse.sub("", clause)
        extra = 0.0
        if _any_pattern(language).search(clause):
            for pattern, weight in domain_patterns(language):
                if pattern.search(clause):
                    extra += weight
        # Swearing is anger in every language, disguised or not ("sh1t", "fuuuck").
        extra -= 1.5 * sum(1 for w in _SWEAR_WORDS.findall(clause) if is_profane(w))
        if language == "en":
            # VADER turns emoji into words it then does not score; count them ourselves.
            if not clause.isascii():
                extra += sum(EMOJI_VALENCE.get(ch, 0.0) for ch in clause)
            base = self._vader_score(clause)
            # VADER's compound is already squashed; add our phrases on the raw scale.
            raw = _unsquash(base) + extra
        else:
            raw = self._lexicon_score(clause, language) + extra
        return _squash(raw)

    def _vader_score(self, clause: str) -> float:
        lexicon = self._vader.lexicon
        # Without a single lexicon word or emoticon VADER says 0; skip its costly pass.
        if (
            clause.isascii()
            and not any(c in clause for c in ":;=<")
            and not any(w in lexicon for w in _WORDS.findall(clause.lower()))
        ):
            return 0.0
        return float(self._vader.polarity_scores(clause)["compound"])

    def _lexicon_score(self, clause: str, language: str) -> float:
        valences = VALENCE.get(language, {})
        negators = NEGATORS.get(language, frozenset())
        total = 0.0
        recent_negation = -10
        boost = 1.0
        words = [normalize_token(m.group(0)) for m in tokens(clause)]
        # French and German also negate after the verb: "ne fonctionne pas", "geht nicht".
        after = _POST_NEGATORS.get(language, frozenset())
        for i, word in enumerate(words):
            if "'" in word:  # French elision: "n'est" carries the negation, "l'accueil" a word
                head, _, word = word.partition("'")
                if head in negators:
                    recent_negation = i
            if word in negators:
                recent_negation = i
                continue
            if word in _INTENSIFIERS:
                boost = 1.3
                continue
            valence = valences.get(word)
            if valence is None:
                valence = valences.get(simplemma.lemmatize(word, lang=language))
            if valence is None and language == "de":
                # Adjective endings: "tolle", "schnellen", "freundliches".
                for ending in ("es", "en", "er", "em", "e"):
                    if word.endswith(ending) and (valence := valences.get(word[: -len(ending)])):
                        break
            if valence is None:
                continue
            if i - recent_negation <= 3 or any(w in after for w in words[i + 1 : i + 3]):
                valence *= -0.74
            total += valence * boost
            boost = 1.0
        for ch in clause:
            if ch in EMOJI_VALENCE:
                total += EMOJI_VALENCE[ch]
        if clause.rstrip().endswith("!") and total:
            total += math.copysign(0.3, total)
        return total


def _squash(raw: float, alpha: float = 15.0) -> float:
    return raw / math.sqrt(raw * raw + alpha)


def _unsquash(score: float, alpha: float = 15.0) -> float:
    score = max(-0.9999, min(0.9999, score))
    return score * math.sqrt(alpha / (1 - score * score))
