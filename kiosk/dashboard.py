"""The questions the screens ask, answered off the UI thread. Core code, no Qt.

Every number comes from one place, the counting index (``kiosk.counts``): a word's size, its
card, its drill-down headline and split, the trend against the previous window and the header
all count distinct customers in the window, by the kind we show. Each answer is one frozen
value (``kiosk.values``, ``kiosk.insight``) that a view shows as it is.

A :class:`Dashboard` is owned by one worker thread (its index is not thread-safe).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np

from kiosk.counts import EVERYTHING, CustomerIndex, DayRange, Slice, TermCount, TermCounts
from kiosk.insight import TermDetail, TrendPoint
from kiosk.model import Kind
from kiosk.store import Store
from kiosk.values import CustomerStats, TermStat, day_of

__all__ = ["Dashboard", "term_detail", "window_ending"]

# A word gives way to a phrase holding it when at least this share of the word's customers
# also used the phrase: "Leeds" beside "Leeds store" says nothing more.
PHRASE_COVERS = 0.8
# Windows longer than this are charted by week.
_WEEKLY_AFTER_DAYS = 90


def window_ending(now: datetime | None, days: int) -> DayRange:
    """Return the window of ``days`` whole days ending today (today included)."""
    today = day_of(now or datetime.now(UTC))
    return DayRange(today - days + 1, today)


@dataclass(frozen=True, slots=True)
class _Candidate:
    term_id: int
    count: TermCount


class Dashboard:
    """The screens' questions over one store.

    Args:
        store: the store; read on the calling (worker) thread.
    """

    def __init__(self, store: Store) -> None:
        self.store = store
        self.index = CustomerIndex()

    def refresh(self) -> bool:
        """Follow the store's changes; return whether the numbers may have changed."""
        return self.index.sync(self.store)

    def header_counts(self, window: DayRange, part: Slice = EVERYTHING) -> CustomerStats:
        """Return the customers who wrote in the window, each once by their latest item's kind."""
        self.refresh()
        counts = self.index.kinds(window, part)
        return CustomerStats(
            compliments=counts.get(Kind.COMPLIMENT, 0),
            ideas=counts.get(Kind.IDEA, 0),
            complaints=counts.get(Kind.COMPLAINT, 0),
            unclassified=counts.get(Kind.UNCLASSIFIED, 0),
        )

    def top_terms(self, window: DayRange, limit: int, part: Slice = EVERYTHING) -> list[TermStat]:
        """Return the ``limit`` terms most customers used in the window, biggest first.

        A word whose customers nearly all also used a phrase holding it gives way to the
        phrase (see ``PHRASE_COVERS``).
        """
        self.refresh()
        counts = self.index.terms(window, part)
        ranked = sorted(counts.values(), key=lambda c: (-c.customers, -c.mentions, c.term_id))
        # Some words will give way: look a little further down the list.
        pool = [_Candidate(c.term_id, c) for c in ranked[: limit + limit // 3 + 10]]
        names = self.store.term_names([c.term_id for c in pool])
        kept = self._without_repeated_words(pool, names, counts)[:limit]
        return [
            TermStat(
                key=names[c.term_id][0],
                label=names[c.term_id][1],
                customers=c.count.customers,
                mentions=c.count.mentions,
                customers_by_kind=dict(c.count.by_kind),
                previous_customers=c.count.previous,
            )
            for c in kept
        ]

    @staticmethod
    def _without_repeated_words(
        pool: list[_Candidate], names: dict[int, tuple[str, str]], counts: TermCounts
    ) -> list[_Candidate]:
        phrases: dict[str, list[int]] = {}
        for c in pool:
            words = names[c.term_id][0].split()
            if len(words) > 1:
                for word in words:
                    phrases.setdefault(word, []).append(c.term_id)
        if not phrases:
            return pool
        dropped: set[int] = set()
        for c in pool:
            key = names[c.term_id][0]
            holders = phrases.get(key)
            if not holders or " " in key:
                continue
            mine = counts.customers(c.term_id)
            for phrase in holders:
                shared = np.intersect1d(mine, counts.customers(phrase), assume_unique=True)
                if len(mine) and len(shared) >= PHRASE_COVERS * len(mine):
                    dropped.add(c.term_id)
                    break
        return [c for c in pool if c.term_id not in dropped]

    def term_detail(
        self,
        term_key: str,
        window_days: int,
        now: datetime | None = None,
        *,
        row_limit: int | None = None,
        part: Slice = EVERYTHING,
    ) -> TermDetail:
        """Return the drill-down of a term over the last ``window_days`` days.

        Args:
            row_limit: the most rows to return (newest first); None returns every one. The
                counts are always over every item.
        """
        self.refresh()
        window = window_ending(now, window_days)
        bucket = 7 if window_days > _WEEKLY_AFTER_DAYS else 1
        term_id = self.store.term_id(term_key)
        if term_id is None:
            count = TermCount(-1, 0, {}, 0)
            points: tuple[TrendPoint, ...] = tuple(
                TrendPoint(d, {}) for d in range(window.first, window.last + 1, bucket)
            )
        else:
            count = self.index.term(term_id, window, part)
            trend = self.index.trend(term_id, window, bucket, part)
            points = tuple(
                TrendPoint(start, by_kind, partial=start + bucket > window.last)
                for start, by_kind in zip(trend.starts, trend.by_kind, strict=True)
            )
        rows = self.store.term_mentions(term_key, window.first, window.last, row_limit)
        return TermDetail(
            key=term_key,
            label=self.store.term_label(term_key) or term_key,
            window_days=window_days,
            mentions=count.mentions,
            customers=count.customers,
            customers_by_kind=dict(count.by_kind),
            previous_customers=count.previous,
            bucket_days=bucket,
            trend=points,
            rows=tuple(rows),
            items=count.items,
            since_day=window.first,
            until_day=window.last,
        )


def term_detail(
    store: Store,
    term_key: str,
    window_days: int,
    now: datetime | None = None,
    *,
    row_limit: int | None = None,
) -> TermDetail:
    """Return a term's drill-down from a store, with an index built for this one question
    (tests, benchmarks and one-off tools; the app keeps a :class:`Dashboard`)."""
    return Dashboard(store).term_detail(term_key, window_days, now, row_limit=row_limit)
