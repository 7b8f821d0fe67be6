"""Learn which word pairs customers use as one term ("late delivery", "hold music").

Counts of terms and of adjacent term pairs are kept per batch, incrementally; a pair becomes a
phrase when it was seen often enough (``min_count``) and its parts go together much more than
chance (normalised pointwise mutual information >= ``min_npmi``). Once a phrase, always a phrase:
a cloud word that comes and goes with the statistics would make the wall flicker.

Two phrases that overlap ("ice cream", "cream sandwich") make a phrase of three words when
customers mostly write each of them as part of the three (``CHAIN_SHARE``). It is kept as the
pair of the first phrase and the last word, ("ice cream", "sandwich"), so a name of three words
is one term, not "Ice Cream", "Sandwich", "Cream Sandwich" and "Ice" side by side in the cloud.

Persistence: only the promoted phrases are saved (store meta, a small JSON list), never the
counts. The counts of a year of feedback are large and change with every batch; writing them in
every sync transaction would cost more than the analysis itself. After a restart the counts are
warmed up again from recent stored text (``StoreAnalysis`` does so), which is cheap, and the
promoted phrases, which are what the analysis depends on, are never lost.
"""

from __future__ import annotations

import itertools
import json
import math
from collections import Counter
from collections.abc import Iterable, Sequence

from kiosk.analysis.saved import saved_list

__all__ = ["CHAIN_SHARE", "PhraseModel"]

# Two overlapping phrases make one of three words when the three are written together at least
# this share of the times each of the two phrases is: "unwrapping ice cream" (12 times in the
# Sanders tweets) is no phrase beside "ice cream" (270), where "ice cream sandwich" (245) is.
CHAIN_SHARE = 0.5


class PhraseModel:
    """Collocation counts and the phrases promoted from them.

    Args:
        min_count: how often a pair must be seen before it can become a phrase.
        min_npmi: how strongly its parts must belong together (-1..1).
        max_pairs: pairs kept in memory; rare ones are pruned beyond it (about 370 bytes a
            pair: a sync stays under 200 MB, issue 9).
    """

    def __init__(
        self, *, min_count: int = 5, min_npmi: float = 0.25, max_pairs: int = 100_000
    ) -> None:
        self.min_count = min_count
        self.min_npmi = min_npmi
        self.max_pairs = max_pairs
        self.unigrams: Counter[str] = Counter()
        self.pairs: Counter[tuple[str, str]] = Counter()
        # Three adjacent terms, counted for the phrases of three words.
        self.triples: Counter[tuple[str, str, str]] = Counter()
        self.total = 0
        self.phrases: set[tuple[str, str]] = set()
        self._touched: set[tuple[str, str]] = set()
        self._touched_triples: set[tuple[str, str, str]] = set()
        self._judged: set[tuple[str, str]] = set()
        # Pairs the last ``promote`` found frequent enough to judge, and not phrases.
        self.rejected: set[tuple[str, str]] = set()

    def observe(self, runs: Iterable[Sequence[str]]) -> None:
        """Count runs of adjacent term keys (a run never crosses punctuation or a stop word)."""
        unigrams = self.unigrams
        pairs = self.pairs
        triples = self.triples
        touched = self._touched
        touched_triples = self._touched_triples
        # Counted with ``get``, not ``Counter.update`` and ``+=``: compiled, those are
        # interpreted calls (``update``, ``__missing__``) for every run and every new pair.
        for run in runs:
            self.total += len(run)
            for word in run:
                unigrams[word] = unigrams.get(word, 0) + 1
            for pair in itertools.pairwise(run):
                if pair[0] != pair[1]:
                    pairs[pair] = pairs.get(pair, 0) + 1
                    touched.add(pair)
            for i in range(len(run) - 2):
                triple = (run[i], run[i + 1], run[i + 2])
                if triple[0] != triple[1] != triple[2]:
                    triples[triple] = triples.get(triple, 0) + 1
                    touched_triples.add(triple)
        if len(pairs) > self.max_pairs or len(triples) > self.max_pairs:
            self._prune()

    def promote(self) -> set[tuple[str, str]]:
        """Promote the pairs counted since the last call that now qualify; return the new ones.

        Pairs that have just been seen ``min_count`` times without qualifying are judged too:
        they are listed in ``rejected`` (see ``Analyzer`` on pairs not yet judged).
        """
        new: set[tuple[str, str]] = set()
        self.rejected = set()
        for pair in self._touched:
            if pair in self.phrases:
                continue
            if self.qualifies(pair):
                new.add(pair)
            elif self.pairs.get(pair, 0) >= self.min_count and pair not in self._judged:
                self.rejected.add(pair)
        self._judged |= self.rejected
        self._touched.clear()
        self.phrases |= new
        chains = {self.chain(t) for t in self._touched_triples if self._chains(t)}
        self._touched_triples.clear()
        chains -= self.phrases
        self.phrases |= chains
        return new | chains

    @staticmethod
    def chain(triple: tuple[str, str, str]) -> tuple[str, str]:
        """Return how a phrase of three words is kept: its first two words' phrase, then the
        last word."""
        return (f"{triple[0]} {triple[1]}", triple[2])

    def _chains(self, triple: tuple[str, str, str]) -> bool:
        """Whether three adjacent terms make one phrase (see ``CHAIN_SHARE``)."""
        a, b, c = triple
        phrases = self.phrases
        if (a, b) not in phrases or (b, c) not in phrases:
            return False
        count = self.triples.get(triple, 0)
        commoner = max(self.pairs.get((a, b), 0), self.pairs.get((b, c), 0))
        return count >= self.min_count and count >= CHAIN_SHARE * commoner

    def judged(self, pair: tuple[str, str]) -> bool:
        """Whether a pair has been seen often enough for the statistics to decide it."""
        return pair in self.phrases or self.pairs.get(pair, 0) >= self.min_count

    def npmi(self, pair: tuple[str, str]) -> float:
        """Return the normalised pointwise mutual information of a pair (-1..1)."""
        n_ab = self.pairs.get(pair, 0)
        if n_ab == 0 or self.total == 0:
            return -1.0
        n = self.total
        p_ab = n_ab / n
        p_a = self.unigrams[pair[0]] / n
        p_b = self.unigrams[pair[1]] / n
        if p_ab >= 1.0:
            return 1.0
        return math.log(p_ab / (p_a * p_b)) / -math.log(p_ab)

    def qualifies(self, pair: tuple[str, str]) -> bool:
        """Whether a pair is frequent and cohesive enough to be a phrase."""
        count = self.pairs.get(pair, 0)
        if count < 2:
            return False
        # The pair must also be a usual way to use its rarer part, not a chance neighbour.
        rarer = min(self.unigrams[pair[0]], self.unigrams[pair[1]])
        # Few sightings must be made up for by a tighter bond.
        if count >= 3 * self.min_count:
            needed = self.min_npmi
        elif count >= self.min_count:
            needed = max(self.min_npmi, 0.45)
        else:
            needed = max(self.min_npmi, 0.7)
        return count >= 0.15 * rarer and self.npmi(pair) >= needed

    def _prune(self) -> None:
        keep = self.max_pairs // 2
        survivors = self.pairs.most_common(keep)
        self.pairs = Counter(dict(survivors))
        self.pairs.update(dict.fromkeys(self.phrases, 0))
        # Words seen once and in no pair kept cannot make a phrase yet; a big file's typos
        # and codes would otherwise be counted for ever. Seen again, they count afresh.
        in_pairs = {word for pair in self.pairs for word in pair}
        self.unigrams = Counter({w: n for w, n in self.unigrams.items() if n > 1 or w in in_pairs})
        self._judged &= self.pairs.keys()
        self.triples = Counter(dict(self.triples.most_common(keep)))
        self._touched_triples &= self.triples.keys()

    def phrases_json(self) -> str:
        """Return the promoted phrases as JSON, for store meta."""
        return json.dumps(sorted([a, b] for a, b in self.phrases), ensure_ascii=False)

    def load_phrases_json(self, text: str | None) -> None:
        """Add the phrases saved by ``phrases_json`` (bad JSON is ignored: they are relearned)."""
        for item in saved_list(text):
            if isinstance(item, list) and len(item) == 2 and all(isinstance(x, str) for x in item):
                self.phrases.add((item[0], item[1]))
