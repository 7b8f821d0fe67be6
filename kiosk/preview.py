"""What a change of vocabulary would do to today's cloud, said before it is saved. Qt-free.

The settings dialog shows it under the words page: which words leave the cloud (never show,
ignore), and which join another (words that mean the same), with their customers today.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from kiosk.values import TermStat

__all__ = ["vocabulary_preview"]


def _who(stat: TermStat) -> str:
    return f"{stat.customers:,} customer{'s' if stat.customers != 1 else ''}"


def vocabulary_preview(
    terms: Sequence[TermStat],
    synonyms: Mapping[str, Sequence[str]],
    block_list: Iterable[str],
    stop_words: Iterable[str],
) -> list[str]:
    """Return one line per visible effect on the cloud's current words (empty: none)."""
    by_word: dict[str, TermStat] = {}
    for stat in terms:
        for name in (stat.key, stat.label):
            by_word.setdefault(name.casefold(), stat)
    lines: list[str] = []
    for words, why in ((block_list, "never shown"), (stop_words, "ignored")):
        for word in words:
            hit = by_word.get(word.strip().casefold())
            if hit is not None:
                lines.append(f"“{hit.label}” ({_who(hit)}) leaves the cloud: {why}")
    for target, words in synonyms.items():
        found = [by_word.get(w.strip().casefold()) for w in words]
        joining = [
            s for s in found if s is not None and s.key.casefold() != target.strip().casefold()
        ]
        if not joining:
            continue
        into = by_word.get(target.strip().casefold())
        most = sum(s.customers for s in joining) + (into.customers if into else 0)
        parts = ", ".join(f"“{s.label}” ({_who(s)})" for s in joining)
        lines.append(f"{parts} join “{target.strip()}”: up to {most:,} customers together")
    return lines
