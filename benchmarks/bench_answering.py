"""Benchmark: what closing the loop costs the queries every screen runs.

Run: ``.venv/bin/python -m benchmarks.bench_answering [--items 1000000] [--rounds 3]``
(or ``--store FILE`` for a copy of a store built by ``benchmarks/big_store.py``; it is
migrated, so never pass the cache's own file).

On an analysed store of demo items, where a share of the items carry answers (the demo's own
responses, plus one in twenty answered through the outbox's record channel), each round
opens a new connection (cold statements, every load included) and times, interleaved:

- ``items``: the counting index's item query with the time of each item's first answer (the
  unanswered customers "as it stood" need it), against the peer: the query as it was before
  (the answered flag only). Rows fetched, nothing else.
- ``ideas``: the ideas view's query (ideas and voted items up to a day, most votes first,
  their last status change), against the peer: a bare ``ORDER BY votes DESC LIMIT`` over the
  voted items (the index ``feedback_voted``), the floor of any such list.
- ``gap``: every word's counts with the unanswered customers, now and as the previous
  window stood (``CustomerIndex.terms(as_of=...)``), against the peer: the same counts
  without the previous window (``previous=False``), which the gap needs on top.

Medians in milliseconds and the ratio to the peer.
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.big_store import big_store
from kiosk.counts import CustomerIndex
from kiosk.dashboard import window_ending
from kiosk.outbox.plan import plan_message
from kiosk.outbox.routes import RecordRoute
from kiosk.outbox.values import Draft, MessageKind
from kiosk.store import Store
from kiosk.store.base import ANSWERED_SQL, DAY_US, SHOWN_KIND_SQL
from kiosk.store.columns import _ITEM_SELECT, _KIND_SQL
from kiosk.values import DayRange

_OLD_ITEMS = (
    f"SELECT f.id, f.customer_id, f.created_us / {DAY_US}, "
    + _KIND_SQL.format(col=SHOWN_KIND_SQL)
    + ", f.feed_id, COALESCE(f.channel, ''), COALESCE(c.segment, ''), COALESCE(f.language, ''),"
    f" {ANSWERED_SQL} FROM feedback f JOIN customer c ON c.id = f.customer_id"
    " LEFT JOIN kind_correction k ON k.feed_id = f.feed_id AND k.external_id = f.external_id"
    " WHERE f.withdrawn = 0"
)


def answer_some(store: Store, share: int = 20) -> int:
    """Answer one item in ``share`` through the record channel (the outbox's answers)."""
    ids = [int(i) for i in store.item_columns().ids[::share]]
    draft = Draft(MessageKind.REPLY, "Bench", "Re", "Thanks, {first_name}.")
    routes = {"demo": RecordRoute("demo")}
    for i in range(0, len(ids), 5_000):
        store.queue(plan_message(draft, store.reply_candidates(ids[i : i + 5_000]), routes))
    return len(ids)


def timed(job: Callable[[], object]) -> float:
    started = time.perf_counter()
    job()
    return (time.perf_counter() - started) * 1000


def one_round(path: Path, window: DayRange, today: int) -> dict[str, float]:
    """Time each query and its peer once, each on a new connection."""
    found: dict[str, float] = {}
    conn = sqlite3.connect(path)
    found["items"] = timed(lambda: conn.execute(_ITEM_SELECT).fetchall())
    conn.close()
    conn = sqlite3.connect(path)
    found["items peer"] = timed(lambda: conn.execute(_OLD_ITEMS).fetchall())
    conn.close()
    with Store(path) as store:
        found["ideas"] = timed(lambda: store.ideas(today, None, 300))
    conn = sqlite3.connect(path)
    found["ideas peer"] = timed(
        lambda: conn.execute(
            "SELECT id, votes FROM feedback WHERE withdrawn = 0 AND votes > 0"
            " ORDER BY votes DESC, created_us DESC LIMIT 300"
        ).fetchall()
    )
    conn.close()
    with Store(path) as store:
        index = CustomerIndex()
        index.sync(store)
        index.kinds(window)  # the derived columns are worked out once, before either runs
        found["gap"] = timed(lambda: index.terms(window, as_of=today))
        found["gap peer"] = timed(lambda: index.terms(window, previous=False))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--items", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--store", type=Path, help="a copy of a built store (it is migrated)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-answering-") as tmp:
        path = args.store
        if path is None:
            path = Path(tmp) / "store.sqlite3"
            shutil.copy(big_store(args.items), path)
        with Store(path) as store:
            if not store.get_meta("bench.answered"):
                answered = answer_some(store)
                store.set_meta("bench.answered", str(answered))
            items = store.count()
            answered = int(store.get_meta("bench.answered") or 0)
        window = window_ending(datetime.now(UTC), 30)
        today = window.last
        times: dict[str, list[float]] = {k: [] for k in
                                          ("items", "items peer", "ideas", "ideas peer",
                                           "gap", "gap peer")}  # fmt: skip
        for _round in range(args.rounds):
            for name, ms in one_round(path, window, today).items():
                times[name].append(ms)
    print(f"store: {items:,} items, {answered:,} answered through the outbox; {args.rounds} rounds")
    print(f"{'query':<8} {'ours ms':>10} {'peer ms':>10} {'ratio':>7}  peer")
    peers = {
        "items": "the item query as it was (answered flag)",
        "ideas": "voted items, ORDER BY votes DESC LIMIT 300",
        "gap": "terms(previous=False)",
    }
    for name, peer in peers.items():
        ours = statistics.median(times[name])
        theirs = statistics.median(times[f"{name} peer"])
        print(f"{name:<8} {ours:>10.0f} {theirs:>10.0f} {ours / theirs:>6.2f}x  {peer}")


if __name__ == "__main__":
    main()
