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
    """A term's customers in one bucket (a day, or a week for long windows), by kind; each
    customer once, under the kind of their latest mention in the bucket."""

    day: int
    by_kind: dict[Kind, int]
    partial: bool = False  # the bucket holds today, which is not over yet


@dataclass(frozen=True, slots=True)
class TermDetail:
    """Everything a drill-down shows for one term in one window.

    ``customers`` are distinct customers in the window (the number the cloud sizes the word
    by and its card shows); ``customers_by_kind`` splits them by the kind of each one's latest
    mention, so it adds up to ``customers``.
    """

    key: str
    label: str
    window_days: int
    mentions: int
    customers: int
    customers_by_kind: dict[Kind, int]
    previous_customers: int
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
        """Relative change in customers against the previous window of the same length (0.5 =
        half as many again), or None when the previous window had none to compare with."""
        if not self.previous_customers:
            return None
        return self.customers / self.previous_customers - 1


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
