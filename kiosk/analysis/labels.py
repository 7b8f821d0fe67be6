"""One label, one term: terms that customers write alike are merged into one.

A term's label is the form customers write most (``kiosk.analysis.surfaces``), and two keys can
end up with the same one: one written word read by two languages' dictionaries ("Google" is the
verb "googeln" in a German tweet, "Bing" is "bingen", "MS" is Spanish for milliseconds), a word
one language keeps whole and another reads as a plural ("Windows" is "windows" in a German
tweet, "window" in an English one), a phrase met as a hashtag and as two words ("Windows
Phone"). A cloud that shows a word twice splits its customers between two numbers, neither of
them right; a reader cannot tell the two apart, so for the wall they are one term.

So a term whose label another term already shows is merged into it: the one whose key is the
written word is kept (an admin's synonym always), else the one customers wrote more; its label
is worked out again from the forms of both, and the mentions of the other move to it. A merge
is for good, as a learned phrase is: a word that splits and joins with the counts would make
the wall flicker.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Mapping

from kiosk.analysis.saved import saved_dict
from kiosk.analysis.surfaces import SurfaceForms

__all__ = ["TermLabels", "parse_merged"]


class TermLabels:
    """The label each term was stored with, and the terms merged because they read alike.

    ``merged`` maps a merged key to the key it went into (never to another merged key); the
    analyser reads it for every mention it makes (``Analyzer.aliases``).
    """

    def __init__(self) -> None:
        self.merged: dict[str, str] = {}
        # The label each key was last stored with, and which key shows each label (folded).
        self._labels: dict[str, str] = {}
        self._owners: dict[str, str] = {}

    def claim(
        self,
        labels: Mapping[str, str],
        surfaces: SurfaceForms,
        label: Callable[[str], str],
        fixed: Collection[str] = (),
    ) -> dict[str, str]:
        """Record the labels terms are stored with, merging each term whose label another
        term shows into the one of the two written more; return the terms merged now, each
        with the term it went into.

        Args:
            labels: term key -> the label it is stored with now.
            surfaces: the written forms: how often each term was written decides which one
                stays, and the forms of the merged term are counted as the kept one's.
            label: the label of a term after a merge (``Analyzer.label``).
            fixed: the admin's synonym targets: a merge never takes one away.
        """
        merged: dict[str, str] = {}
        pending = dict(labels)
        while pending:
            new: dict[str, str] = {}
            for key, text in pending.items():
                folded = _folded(text)
                self._labels[key] = text
                owner = self._owners.get(folded)
                if (
                    owner is None
                    or owner == key
                    or owner in new
                    or _folded(self._labels.get(owner, "")) != folded
                ):
                    self._owners[folded] = key
                    continue
                keep, drop = owner, key
                # The term that is the written word stays: "Honda" is "honda", not the Spanish
                # "onda" the speller read it as, though that one gathers more ("uspto" and
                # "usato", "imessage" and "message" alike; helper-53). Then the one written
                # more; the incumbent among equals: what was on the wall keeps its place.
                if (key in fixed, key == text.casefold(), surfaces.seen(key)) > (
                    owner in fixed,
                    owner == self._labels.get(owner, "").casefold(),
                    surfaces.seen(owner),
                ):
                    keep, drop = key, owner
                new[drop] = keep
                self._owners[folded] = keep
            if not new:
                break
            for drop, keep in new.items():
                while keep in new:  # merged in turn this round: A into B, B into C
                    keep = new[keep]
                self._merge(drop, keep)
                surfaces.merge(drop, keep)
                for done, into in merged.items():
                    if into == drop:
                        merged[done] = keep
                merged[drop] = keep
            # A kept term's label is worked out again from the forms of both: it may now be
            # written otherwise ("Google" where "google" led), or be a third term's.
            pending = {}
            for keep in dict.fromkeys(merged.values()):
                text = self._labels.get(keep, keep)
                if surfaces.seen(keep) or keep in fixed:
                    text = label(keep)  # else it is only known by the label it was stored with
                if self._labels.get(keep) != text:
                    pending[keep] = text
        return merged

    def label(self, key: str) -> str:
        """Return the label a term was last stored with (``claim``), else its key."""
        return self._labels.get(key, key)

    def _merge(self, drop: str, keep: str) -> None:
        for key, into in self.merged.items():
            if into == drop:
                self.merged[key] = keep
        self.merged[drop] = keep
        self._labels.pop(drop, None)

    def adopt(self, saved: Mapping[str, str], surfaces: SurfaceForms) -> dict[str, str]:
        """Merge the terms another analyser of the store merged (its saved ``merged_json``)
        that this one has not; return them, each with the term it went into now.

        Where the two disagree (each kept the term the other merged away), this one's merge
        stands: a term is never merged into itself by way of the other.
        """
        adopted: list[str] = []
        for drop, keep in saved.items():
            if drop in self.merged:
                continue
            keep = self.merged.get(keep, keep)
            if keep == drop:
                continue
            self._merge(drop, keep)
            surfaces.merge(drop, keep)
            adopted.append(drop)
        # A later one may have merged an earlier one's term in turn: give where each is now.
        return {drop: self.merged[drop] for drop in adopted}

    def merged_json(self) -> str:
        """Return the merged terms as JSON, for store meta."""
        return json.dumps(dict(sorted(self.merged.items())), ensure_ascii=False)

    def load_merged_json(self, text: str | None, surfaces: SurfaceForms) -> None:
        """Merge the terms ``merged_json`` saved again (bad JSON is ignored: they are merged
        again as their labels meet)."""
        for drop, keep in parse_merged(text).items():
            self._merge(drop, keep)
            surfaces.merge(drop, keep)


def parse_merged(text: str | None) -> dict[str, str]:
    """Return the merged terms ``TermLabels.merged_json`` saved, each with the term it went
    into (nothing for bad JSON: terms are merged again as their labels meet)."""
    return {
        drop: keep
        for drop, keep in saved_dict(text).items()
        if isinstance(drop, str) and isinstance(keep, str) and drop != keep
    }


def _folded(label: str) -> str:
    """Return how a label reads: case, hyphens and spacing aside ("relación calidad-precio" is
    "relación calidad precio", "Check-in" is "check in")."""
    return " ".join(label.casefold().replace("-", " ").split())
