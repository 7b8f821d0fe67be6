"""What is behind one word: its customers, their words, and the trend, as plain values.

``kiosk.dashboard.term_detail`` fills a :class:`TermDetail` from the store; views show it as
it is, so a view never waits on SQL and tests need no widgets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kiosk.model import Kind
from kiosk.values import TermMention

__all__ = ["TermDetail", "TrendPoint", "sentence_around"]

_SENTENCE_END = re.compile(r"[.!?。！？\n]+\s*")
SNIPPET_CHARS = 240


@dataclass(frozen=True, slots=True)
class TrendPoint:
    """Mentions of a term in one bucket (a day, or a week for long windows), by kind."""

    day: int
    by_kind: dict[Kind, int]


@dataclass(frozen=True, slots=True)
class TermDetail:
    """Everything a drill-down shows for one term in one window."""

    key: str
    label: str
    window_days: int
    mentions: int
    customers: int
    customers_by_kind: dict[Kind, int]
    customer_days: int
    previous_customer_days: int
    bucket_days: int
    trend: tuple[TrendPoint, ...]
    rows: tuple[TermMention, ...] = field(default=())
    items: int = 0
    since_day: int = 0
    until_day: int = 0

    @property
    def complete(self) -> bool:
        """Whether ``rows`` holds every item (not just the newest page)."""
        return len(self.rows) >= self.items

    @property
    def change(self) -> float | None:
        """Relative change against the previous window (0.5 = half as many again), or None
        when the previous window had nothing to compare with.

        Both windows are measured in customer-days from the rollups, as the cloud is.
        """
        if not self.previous_customer_days:
            return None
        return self.customer_days / self.previous_customer_days - 1


def sentence_around(text: str, start: int, end: int) -> tuple[str, int, int]:
    """Return the sentence holding text[start:end], and the span's place inside it.

    Long sentences are cut to about ``SNIPPET_CHARS`` around the span with an ellipsis, so a
    1 MB verbatim never reaches a table cell whole.
    """
    start = max(0, min(start, len(text)))
    end = max(start, min(end, len(text)))
    lo = 0
    for match in _SENTENCE_END.finditer(text, 0, start):
        lo = match.end()
    hit = _SENTENCE_END.search(text, end)
    hi = hit.start() + len(hit.group(0).rstrip()) if hit else len(text)
    prefix = suffix = ""
    if hi - lo > SNIPPET_CHARS:
        half = max(20, (SNIPPET_CHARS - (end - start)) // 2)
        new_lo, new_hi = max(lo, start - half), min(hi, end + half)
        prefix = "…" if new_lo > lo else ""
        suffix = "…" if new_hi < hi else ""
        lo, hi = new_lo, new_hi
    snippet = prefix + text[lo:hi] + suffix
    # Drop the leading white space but keep the span where it is.
    stripped = snippet.lstrip()
    shift = len(snippet) - len(stripped)
    offset = len(prefix) - lo - shift
    return stripped.rstrip(), start + offset, end + offset
