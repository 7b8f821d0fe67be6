"""Exploring a year of a million items: every change of period or slice, end to end.

Runs the real kiosk (its widgets offscreen, its jobs inline) on the benchmark store of
``benchmarks/big_store.py`` and times what a person waits for after a click: ``Kiosk.set_view``
(the header's counts, the top words, the facets) and the cloud's relayout that follows
(labels measured in Qt, ``layout_cloud`` with the previous places), for every period against
every slice. It prints every combination, the three slowest marked, and for those the same
header and top words computed straight in SQLite (COUNT(DISTINCT ...) over the mentions,
what a store without the counting index would run) as the peer, in the same run.

Also printed: how long the counting index takes to load (start-up, not a view change) and how
many of the words that stay keep their places in each relayout.

Run: ``.venv/bin/python -m benchmarks.bench_explore [--items 1000000] [--reps 3]``
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import sys
import time
from collections.abc import Mapping
from datetime import date, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSize

from benchmarks.big_store import big_store
from kiosk.app import Kiosk, ensure_app
from kiosk.cloud import Placement
from kiosk.model import Kind
from kiosk.settings import FeedConfig, Settings
from kiosk.store import Store
from kiosk.store.terms import slice_sql
from kiosk.views.tasks import synchronous
from kiosk.viewstate import ViewState

TOP = 150


def peer_query(store: Store, view: ViewState) -> tuple[int, list[tuple[str, int]]]:
    """The header's customers and the top words, straight from SQLite (no index)."""
    window = view.window()
    sliced, sliced_args = slice_sql(view.part)
    where = "m.day BETWEEN ? AND ?" + sliced
    args: list[object] = [window.first, window.last, *sliced_args]
    joined = (
        "FROM mention m JOIN feedback f ON f.id = m.feedback_id"
        " JOIN customer c ON c.id = m.customer_id WHERE " + where
    )
    conn = store._conn
    (customers,) = conn.execute(f"SELECT COUNT(DISTINCT m.customer_id) {joined}", args).fetchone()
    top = conn.execute(
        f"SELECT m.term_id, COUNT(DISTINCT m.customer_id) AS n {joined}"
        f" GROUP BY m.term_id ORDER BY n DESC LIMIT {TOP}",
        args,
    ).fetchall()
    return int(customers), [(str(t), int(n)) for t, n in top]


def views(store: Store) -> list[tuple[str, ViewState]]:
    """Every period against every slice (the values taken from the store itself)."""
    conn = store._conn
    channel = conn.execute(
        "SELECT channel FROM feedback WHERE channel IS NOT NULL GROUP BY channel"
        " ORDER BY COUNT(*) DESC LIMIT 1"
    ).fetchone()
    segment = conn.execute(
        "SELECT segment FROM customer WHERE segment IS NOT NULL GROUP BY segment"
        " ORDER BY COUNT(*) DESC LIMIT 1"
    ).fetchone()
    feed = conn.execute("SELECT feed_id FROM feedback LIMIT 1").fetchone()
    base = ViewState()
    slices: list[tuple[str, ViewState]] = [
        ("everything", base),
        ("complaints", base.with_slice("kind", Kind.COMPLAINT)),
        ("language fr", base.with_slice("language", "fr")),
        ("not answered", base.with_slice("answered", False)),
    ]
    if channel:
        slices.append((f"channel {channel[0]}", base.with_slice("channel", channel[0])))
    if segment:
        slices.append((f"segment {segment[0]}", base.with_slice("segment", segment[0])))
    if channel and feed:
        combined = (
            base.with_slice("feed", feed[0])
            .with_slice("channel", channel[0])
            .with_slice("kind", Kind.COMPLAINT)
            .with_slice("kind", Kind.IDEA)
            .with_slice("answered", False)
        )
        slices.append(("feed+channel+2 kinds+unanswered", combined))
    today = date.today()
    periods: list[tuple[str, ViewState]] = [(f"{d} days", base.with_days(d)) for d in (7, 30, 90)]
    periods.append(("365 days", base.with_days(365)))
    custom = base.with_range(today - timedelta(days=260), today - timedelta(days=61))
    periods.append(("custom 200 days", custom))
    found = []
    for pname, period in periods:
        for sname, sliced in slices:
            view = ViewState(period.days, period.first, period.last, sliced.part)
            found.append((f"{pname} · {sname}", view))
    return found


def kept_places(
    before: Mapping[str, Placement], after: Mapping[str, Placement], width: float, height: float
) -> tuple[int, int]:
    """(words in both clouds, of which kept their place up to a zoom about the centre).

    A slice that halves the words lets the cloud grow: every word moves outwards with it, but
    none changes its neighbours. A word counts as kept when it is within 2% of the diagonal of
    where that one zoom (fitted by least squares) puts it; a reshuffle keeps few.
    """
    both = sorted(set(before) & set(after))
    if not both:
        return 0, 0
    cx, cy = width / 2, height / 2
    num = sum(
        (after[k].x - cx) * (before[k].x - cx) + (after[k].y - cy) * (before[k].y - cy)
        for k in both
    )
    den = sum((before[k].x - cx) ** 2 + (before[k].y - cy) ** 2 for k in both) or 1.0
    zoom = num / den
    limit = 0.02 * math.hypot(width, height)
    kept = sum(
        1
        for k in both
        if math.hypot(
            after[k].x - (cx + zoom * (before[k].x - cx)),
            after[k].y - (cy + zoom * (before[k].y - cy)),
        )
        < limit
    )
    return len(both), kept


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--items", type=int, default=1_000_000)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--store", type=Path, help="an analysed store to use instead")
    args = parser.parse_args(argv)
    path = args.store or big_store(args.items, args.days)
    ensure_app()
    store = Store(path)
    kiosk = Kiosk(
        Settings(feeds=(FeedConfig("bench", "csv", True, 300, {"path": "none.csv"}),)),
        store,
        executor=synchronous,
    )
    kiosk.window.prepare_offscreen(QSize(1920, 1080))
    try:
        t0 = time.perf_counter()
        kiosk.start(sync=False)
        kiosk.cloud.flush()
        load_s = time.perf_counter() - t0
        items, mentions = kiosk.dashboard.index.size
        print(
            f"store {path.name}: {items:,} items, {mentions:,} mentions; first view (index"
            f" load, cold): {load_s:.1f} s; load average {os.getloadavg()[0]:.1f}"
        )
        combos = views(store)
        results: list[tuple[float, float, str, ViewState, tuple[int, int]]] = []
        for name, view in combos:
            times, query_times, kept = [], [], (0, 0)
            for _ in range(args.reps):
                # Back to the default view between runs: each run is a real change.
                kiosk.set_view(ViewState(days=30))
                kiosk.cloud.flush()
                before = dict(kiosk.cloud.placements)
                t0 = time.perf_counter()
                kiosk.set_view(view)
                kiosk.cloud.flush()
                times.append(time.perf_counter() - t0)
                canvas = kiosk.cloud.size()
                kept = kept_places(
                    before, dict(kiosk.cloud.placements), canvas.width(), canvas.height()
                )
                # The questions alone, their caches emptied (the rest is Qt and the layout).
                kiosk.dashboard.forget_answers()
                kiosk.dashboard.facets()  # the same for every view: kept between views
                t0 = time.perf_counter()
                kiosk.screen.query(view)
                query_times.append(time.perf_counter() - t0)
            results.append(
                (statistics.median(times), statistics.median(query_times), name, view, kept)
            )
        slowest = sorted(results, key=lambda r: -r[0])[:3]
        head = f"{'view (period · slice)':<46} {'total ms':>9} {'query ms':>9} {'kept':>9}"
        print(head)
        print("-" * len(head))
        for total, query, name, _view, (both, same) in results:
            mark = " ◀ slow" if any(name == s[2] for s in slowest) else ""
            print(f"{name:<46} {total * 1000:>9.0f} {query * 1000:>9.0f} {same:>4}/{both:<4}{mark}")
        print()
        head = f"{'three slowest':<46} {'ours ms':>9} {'SQL ms':>9} {'SQL/ours':>9}"
        print(head)
        print("-" * len(head))
        for total, _layout, name, view, _kept in slowest:
            peer_times = []
            for _ in range(max(1, args.reps // 2)):
                t0 = time.perf_counter()
                customers, _top = peer_query(store, view)
                peer_times.append(time.perf_counter() - t0)
            peer = statistics.median(peer_times)
            ours_header = kiosk.dashboard.header_counts(view.window(), view.part).total
            # The header counts every customer who wrote; the SQL only those with a word.
            gap = ours_header - customers
            agree = (
                "same"
                if gap == 0 or view.part.kinds
                else f"+{gap} who wrote no word"
                if gap > 0
                else "DIFFERENT"
            )
            print(
                f"{name:<46} {total * 1000:>9.0f} {peer * 1000:>9.0f} {peer / total:>8.1f}x"
                f"  header {agree}"
            )
        print(
            f"\nmedian of {args.reps} changes each, from the 30-day view; total = set_view"
            " (header, top words, facets) + the cloud's relayout (measuring new labels"
            " included); query = the dashboard's questions alone; kept = words in both clouds"
            " that kept their place up to one zoom about the centre. SQL peer: the header"
            " and top 150 by COUNT(DISTINCT customer) over the joined mentions. With kinds"
            " the header counts customers by their item's kind and the SQL by the mention's"
            f" kind, so only the time compares. load average now {os.getloadavg()[0]:.1f}"
        )
    finally:
        kiosk.stop()
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
