"""The questions the screens ask of the store, answered off the UI thread. Core code, no Qt.

Each answer is one frozen value (``kiosk.insight``, ``kiosk.values``) that a view shows as it
is.
"""

from __future__ import annotations

from datetime import UTC, datetime

from kiosk.insight import TermDetail, TrendPoint
from kiosk.model import Kind
from kiosk.store import Store
from kiosk.values import day_of

__all__ = ["term_detail"]


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
