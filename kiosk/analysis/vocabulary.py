"""The admin's vocabulary: synonyms that merge terms, a block list, extra stop words.

Entries are compared in the analysis' own form (case-folded, lemmatised in every supported
language), so "Shipping", "shipped" and "shipping" on a list all mean the same term.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from kiosk.analysis.lemmas import lemmatize
from kiosk.analysis.lexicon import LANGUAGES, lexicon
from kiosk.analysis.text import normalize_token

__all__ = ["Vocabulary", "term_forms"]


def term_forms(word: str) -> frozenset[str]:
    """Return the keys a word can take in the analysis, across the supported languages."""
    parts = [normalize_token(p) for p in word.split()]
    if not parts or not all(parts):
        return frozenset()
    if len(parts) > 1:
        return frozenset({" ".join(parts)})
    token = parts[0]
    forms = {token}
    for lang in LANGUAGES:
        lemma = lemmatize(token, lang)
        forms.add(lemma)
        forms.add(lexicon(lang).derivations.get(lemma, lemma))
    return frozenset(forms)


@dataclass(frozen=True)
class Vocabulary:
    """Synonyms (target -> words merged into it), blocked words, extra stop words."""

    synonyms: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    block_list: tuple[str, ...] = ()
    stop_words: tuple[str, ...] = ()

    @classmethod
    def from_settings(cls, settings: Any) -> Vocabulary:
        """Read ``analysis.synonyms``, ``analysis.block_list`` and ``analysis.stop_words``."""
        synonyms = settings["analysis.synonyms"] or {}
        return cls(
            synonyms={str(k): tuple(str(w) for w in v) for k, v in dict(synonyms).items()},
            block_list=tuple(str(w) for w in settings["analysis.block_list"] or ()),
            stop_words=tuple(str(w) for w in settings["analysis.stop_words"] or ()),
        )

    @cached_property
    def synonym_map(self) -> dict[str, tuple[str, str]]:
        """Map every form of a merged word to its target's (key, label)."""
        result: dict[str, tuple[str, str]] = {}
        for target, words in self.synonyms.items():
            label = " ".join(target.split())
            key = " ".join(normalize_token(p) for p in target.split())
            if not key:
                continue
            for word in (*words, target):
                for form in term_forms(word):
                    if form != key:
                        result.setdefault(form, (key, label))
        return result

    @cached_property
    def blocked(self) -> frozenset[str]:
        """Every form of every blocked word."""
        return frozenset(f for w in self.block_list for f in term_forms(w))

    @cached_property
    def stopped(self) -> frozenset[str]:
        """Every form of every extra stop word."""
        return frozenset(f for w in self.stop_words for f in term_forms(w))

    @cached_property
    def version(self) -> str:
        """Return a short digest that changes whenever the vocabulary does."""
        doc = json.dumps(
            [
                sorted((k, sorted(v)) for k, v in self.synonyms.items()),
                sorted(self.block_list),
                sorted(self.stop_words),
            ],
            ensure_ascii=False,
        )
        return hashlib.blake2b(doc.encode(), digest_size=8).hexdigest()

    def affected_forms(self, other: Vocabulary) -> frozenset[str]:
        """Return the term keys whose analysis differs between this vocabulary and another."""
        changed: set[str] = set(self.blocked ^ other.blocked) | set(self.stopped ^ other.stopped)
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
