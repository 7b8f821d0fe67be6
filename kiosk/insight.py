"""What is behind one word: its customers, their words, and the trend. Core code, no Qt.

``term_detail`` answers a drill-down in a few store queries and returns one frozen value the
view shows as it is, so the view never waits on SQL and tests need no widgets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime

from kiosk.model import Kind
from kiosk.store import Store
from kiosk.values import TermMention, day_of

__all__ = ["TermDetail", "TrendPoint", "sentence_around", "term_detail"]

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


def term_detail(
    store: Store,
    term_key: str,
    window_days: int,
    now: datetime | None = None,
    *,
    row_limit: int | None = None,
) -> TermDetail:
    """Return the drill-down of a term over the last ``window_days`` days.

    Args:
        row_limit: the most rows to return (newest first); None returns every one. The
            counts are always over every item.
    """
    today = day_of(now or datetime.now(UTC))
    lo = today - window_days + 1
    rows = store.term_mentions(term_key, lo, today, row_limit)
    days = store.term_days(term_key, lo - window_days, today)
    bucket = 7 if window_days > 90 else 1
    trend: dict[int, dict[Kind, int]] = {}
    mentions = current = previous = 0
    for d in days:
        if d.day < lo:
            previous += d.customers
            continue
        mentions += d.mentions
        current += d.customers
        start = lo + ((d.day - lo) // bucket) * bucket
        slot = trend.setdefault(start, {})
        slot[d.kind] = slot.get(d.kind, 0) + d.mentions
    # Every bucket appears, empty ones too, so the chart shows silence as silence.
    points = tuple(TrendPoint(b, trend.get(b, {})) for b in range(lo, today + 1, bucket))
    items, customers, by_kind = store.term_summary(term_key, lo, today)
    return TermDetail(
        key=term_key,
        label=store.term_label(term_key) or term_key,
        window_days=window_days,
        mentions=mentions,
        customers=customers,
        customers_by_kind=by_kind,
        customer_days=current,
        previous_customer_days=previous,
        bucket_days=bucket,
        trend=points,
        rows=tuple(rows),
        items=items,
        since_day=lo,
        until_day=today,
    )
