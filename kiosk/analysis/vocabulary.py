"""The admin's vocabulary: synonyms that merge terms, a block list, extra stop words.

Entries are compared in the analysis' own form (case-folded, lemmatised in every supported
language), so "Shipping", "shipped" and "shipping" on a list all mean the same term.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from kiosk.analysis.lemmas import lemmatize
from kiosk.analysis.lexicon import LANGUAGES, lexicon
from kiosk.analysis.text import normalize_token
from kiosk.model import Kind

__all__ = ["Vocabulary", "term_forms"]


def term_forms(word: str) -> frozenset[str]:
    """Return the keys a word can take in the analysis, across the supported languages (the
    concept it names included: "Rückerstattung" is also "refund")."""
    parts = [normalize_token(p) for p in word.split()]
    if not parts or not all(parts):
        return frozenset()
    if len(parts) > 1:
        phrase = " ".join(parts)
        return frozenset(
            {phrase, *(c for lang in LANGUAGES if (c := lexicon(lang).concepts.get(phrase)))}
        )
    token = parts[0]
    forms = {token}
    for lang in LANGUAGES:
        found = lexicon(lang)
        lemma = lemmatize(token, lang)
        derived = found.derivations.get(lemma, lemma)
        forms.update((lemma, derived))
        concept = found.concepts.get(derived)
        if concept is not None:
            forms.add(concept)
    return frozenset(forms)


# The kinds a feed's question may lean its answers to (a feed option, ``answers``).
_ANSWER_KINDS = {k.value: k for k in (Kind.COMPLIMENT, Kind.COMPLAINT, Kind.IDEA)}


@dataclass(frozen=True)
class Vocabulary:
    """Synonyms (target -> words merged into it), blocked words, extra stop words, the
    language terms are shown in (``display_language``: a concept gathered from several
    languages is labelled in it, "refund" rather than "Rückerstattung"), and the question
    each feed's texts answer (``answers``: feed id -> "compliment", "complaint" or "idea",
    the feeds whose texts answer any question left out).

    The answers are here, with the lists, because they too are what the admin told the
    analysis: a change is applied to the stored items as a list's is (``set_vocabulary``).
    """

    synonyms: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    block_list: tuple[str, ...] = ()
    stop_words: tuple[str, ...] = ()
    display_language: str = "en"
    answers: Mapping[str, str] = field(default_factory=dict)
    # The properties below, computed on first use (not functools.cached_property: compiled
    # with mypyc, a class has no instance __dict__ and it would compute on every call).
    _cached: dict[str, Any] = field(default_factory=dict, init=False, compare=False, repr=False)

    @classmethod
    def from_settings(cls, settings: Any) -> Vocabulary:
        """Read ``analysis.synonyms``, ``analysis.block_list``, ``analysis.stop_words`` and,
        where the settings have it, ``display.language``."""
        synonyms = settings["analysis.synonyms"] or {}
        try:
            language = str(settings["display.language"] or "en")
        except KeyError:  # settings from before the option existed
            language = "en"
        answers = {
            str(feed.name): str(feed.options.get("answers"))
            for feed in getattr(settings, "feeds", ())
            if str(feed.options.get("answers")) in _ANSWER_KINDS
        }
        return cls(
            synonyms={str(k): tuple(str(w) for w in v) for k, v in dict(synonyms).items()},
            block_list=tuple(str(w) for w in settings["analysis.block_list"] or ()),
            stop_words=tuple(str(w) for w in settings["analysis.stop_words"] or ()),
            display_language=language.split("-")[0].split("_")[0].lower() or "en",
            answers=answers,
        )

    def answer_kind(self, feed_id: str) -> Kind | None:
        """Return the kind a feed's question leans its answers to (None: any question)."""
        found = self.answers.get(feed_id) if self.answers else None
        return None if found is None else _ANSWER_KINDS.get(found)

    @property
    def synonym_map(self) -> dict[str, tuple[str, str]]:
        """Map every form of a merged word to its target's (key, label)."""
        found = self._cached.get("synonym_map")
        if found is not None:
            return found
        result: dict[str, tuple[str, str]] = {}
        # A word listed as a target keeps its own term: "delivery: refund" beside "refund:
        # delivery" swapped the two words' customers (helper-49), where now neither moves.
        targets = {" ".join(normalize_token(p) for p in t.split()) for t in self.synonyms}
        for target, words in self.synonyms.items():
            label = " ".join(target.split())
            key = " ".join(normalize_token(p) for p in target.split())
            if not key:
                continue
            for word in (*words, target):
                for form in term_forms(word):
                    if form != key and form not in targets:
                        result.setdefault(form, (key, label))
        self._cached["synonym_map"] = result
        return result

    @property
    def targets(self) -> frozenset[str]:
        """The keys of the terms the synonyms merge words into (each shows the admin's
        name for it)."""
        found = self._cached.get("targets")
        if found is None:
            found = self._cached["targets"] = frozenset(
                key for key, _label in self.synonym_map.values()
            )
        return found

    @property
    def whole_words(self) -> frozenset[str]:
        """Every one-word form of every listed word: a hashtag written as one of them stays
        whole (#Microsoft is not "Micro Soft"), so the lists reach it."""
        found = self._cached.get("whole_words")
        if found is None:
            forms = set(self.blocked) | set(self.stopped) | set(self.synonym_map)
            forms.update(key for key, _label in self.synonym_map.values())
            found = self._cached["whole_words"] = frozenset(f for f in forms if " " not in f)
        return found

    @property
    def phrase_map(self) -> dict[tuple[str, ...], tuple[str, str] | None]:
        """Map the words of every listed phrase to its term's (key, label), or to None when
        the phrase is blocked or a stop phrase.

        The analysis matches them against adjacent words: a phrase of three words or more
        ("ice cream sandwich") is none of the two-word phrases it learns.
        """
        found = self._cached.get("phrase_map")
        if found is not None:
            return found
        result: dict[tuple[str, ...], tuple[str, str] | None] = {}
        for form in (*self.blocked, *self.stopped):
            if " " in form:
                result[tuple(form.split())] = None
        for form, target in self.synonym_map.items():
            if " " in form:
                result.setdefault(tuple(form.split()), target)
        for name in self.synonyms:
            # The target is no form of itself in ``synonym_map``; written out, it is its term.
            phrase = " ".join(normalize_token(p) for p in name.split())
            if " " in phrase:
                result.setdefault(tuple(phrase.split()), (phrase, " ".join(name.split())))
        self._cached["phrase_map"] = result
        return result

    @property
    def longest_phrase(self) -> int:
        """The number of words of the longest listed phrase (0: none listed)."""
        # Asked at every word of every item: worked out once (it was 40% of the analysis with
        # 150 synonyms listed).
        found = self._cached.get("longest_phrase")
        if found is None:
            found = self._cached["longest_phrase"] = max(
                (len(words) for words in self.phrase_map), default=0
            )
        return int(found)

    @property
    def blocked(self) -> frozenset[str]:
        """Every form of every blocked word."""
        return self._every_form("blocked", self.block_list)

    @property
    def stopped(self) -> frozenset[str]:
        """Every form of every extra stop word."""
        return self._every_form("stopped", self.stop_words)

    def _every_form(self, name: str, words: tuple[str, ...]) -> frozenset[str]:
        """Return every form of the words, worked out once and kept under ``name``."""
        found = self._cached.get(name)
        if found is None:
            found = self._cached[name] = frozenset(f for w in words for f in term_forms(w))
        return found

    @property
    def version(self) -> str:
        """Return a short digest that changes whenever the vocabulary does."""
        found = self._cached.get("version")
        if found is not None:
            return found
        parts: list[Any] = [
            sorted((k, sorted(v)) for k, v in self.synonyms.items()),
            sorted(self.block_list),
            sorted(self.stop_words),
        ]
        if self.display_language != "en":  # the digest of older vocabularies stays the same
            parts.append(self.display_language)
        if self.answers:
            parts.append(sorted(self.answers.items()))
        doc = json.dumps(parts, ensure_ascii=False)
        found = self._cached["version"] = hashlib.blake2b(doc.encode(), digest_size=8).hexdigest()
        return found

    def to_json(self) -> str:
        """Return the lists as a JSON document (``from_json`` reads it back)."""
        return json.dumps(
            {
                "synonyms": {k: list(v) for k, v in self.synonyms.items()},
                "block_list": list(self.block_list),
                "stop_words": list(self.stop_words),
                "display_language": self.display_language,
                "answers": dict(self.answers),
            },
            ensure_ascii=False,
        )

    @classmethod
    def from_json(cls, text: str | None) -> Vocabulary | None:
        """Return the vocabulary ``to_json`` wrote, or None when the text holds none."""
        if not text:
            return None
        try:
            doc = json.loads(text)
            synonyms = doc["synonyms"]
            return cls(
                synonyms={str(k): tuple(str(w) for w in v) for k, v in synonyms.items()},
                block_list=tuple(str(w) for w in doc["block_list"]),
                stop_words=tuple(str(w) for w in doc["stop_words"]),
                display_language=str(doc["display_language"]),
                # Lists recorded before feeds could name a question have none.
                answers={str(k): str(v) for k, v in dict(doc.get("answers") or {}).items()},
            )
        except (ValueError, KeyError, TypeError, AttributeError):
            return None

    def affected_forms(self, other: Vocabulary) -> frozenset[str]:
        """Return the term keys whose analysis differs between this vocabulary and another."""
        changed: set[str] = set(self.blocked ^ other.blocked) | set(self.stopped ^ other.stopped)
        if self.display_language != other.display_language:
            # Labels change: every concept, and every term whose label depends on language.
            changed.update(c for lang in LANGUAGES for c in lexicon(lang).concept_labels)
        mine, theirs = self.synonym_map, other.synonym_map
        for form in set(mine) | set(theirs):
            if mine.get(form) != theirs.get(form):
                changed.add(form)
                for entry in (mine.get(form), theirs.get(form)):
                    if entry is not None:
                        changed.add(entry[0])
        return frozenset(changed)

    def words(self) -> Iterable[str]:
        """Yield every word the admin wrote, in any list."""
        yield from self.synonyms
        for words in self.synonyms.values():
            yield from words
        yield from self.block_list
        yield from self.stop_words
