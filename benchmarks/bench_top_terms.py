"""Top terms on a store with a long tail of vocabulary, where rollups are many.

The demo corpus has ~120 distinct terms; real feedback has tens of thousands, most of them
rare, and the daily rollups of a year then run into millions of rows. This builds such rollups
directly (30,000 terms, Zipf-like spread over 365 days) and times ``Store.top_terms`` for 30
and 365 days against the plain query over the daily rollups alone (what ``top_terms`` did
before the 30-day spans), in the same run.

Run: ``.venv/bin/python -m benchmarks.bench_top_terms [--terms N]``
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from kiosk.store import Store
from kiosk.values import day_of

DAILY_ONLY = (
    "WITH cur AS (SELECT term_id, kind, SUM(customers) AS cu, SUM(mentions) AS mn"
    " FROM rollup_day WHERE day >= ? AND day <= ? GROUP BY term_id, kind),"
    " tot AS (SELECT term_id, SUM(cu) AS cu, SUM(mn) AS mn FROM cur GROUP BY term_id"
    " ORDER BY cu DESC, mn DESC LIMIT ?)"
    " SELECT t.key, tot.cu FROM tot JOIN term t ON t.id = tot.term_id"
)


def build(store: Store, terms: int, today: int) -> None:
    rng = random.Random(7)
    with store.transaction() as conn:
        conn.executemany(
            "INSERT INTO term (id, key, label) VALUES (?, ?, ?)",
            [(i, f"t{i}", f"t{i}") for i in range(1, terms + 1)],
        )
        rows: set[tuple[int, int, str]] = set()
        for i in range(1, terms + 1):
            for _ in range(min(730, max(3, int(20_000 / i**0.5)))):
                rows.add((i, today - rng.randrange(365), rng.choice(("complaint", "compliment"))))
        conn.executemany(
            "INSERT INTO rollup_day (term_id, day, kind, mentions, customers) VALUES (?,?,?,3,2)",
            sorted(rows),
        )
        conn.execute(
            "INSERT INTO rollup_span SELECT term_id, day / 30, kind, SUM(mentions),"
            " SUM(customers) FROM rollup_day GROUP BY term_id, day / 30, kind"
        )


def median_ms(fn: Callable[[], object], repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--terms", type=int, default=30_000)
    args = parser.parse_args()
    now = datetime.now(UTC)
    today = day_of(now)
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "s.sqlite3") as store:
        build(store, args.terms, today)
        conn = store._conn
        daily = conn.execute("SELECT COUNT(*) FROM rollup_day").fetchone()[0]
        spans = conn.execute("SELECT COUNT(*) FROM rollup_span").fetchone()[0]
        print(f"{args.terms:,} terms; {daily:,} daily rollup rows, {spans:,} span rows")
        head = f"{'window':<10} {'top_terms ms':>13} {'daily-only ms':>14} {'ratio':>6}"
        print(head)
        print("-" * len(head))
        for days in (30, 365):

            def ours_query(days: int = days) -> object:
                return store.top_terms(days, 300, now)

            def daily_query(days: int = days) -> object:
                return conn.execute(DAILY_ONLY, (today - days + 1, today, 300)).fetchall()

            ours, peer = median_ms(ours_query), median_ms(daily_query)
            print(f"{days:>3} days   {ours:>13.0f} {peer:>14.0f} {peer / ours:>6.1f}")
        print("top_terms includes the previous window's figures; daily-only does not.")


if __name__ == "__main__":
    main()
