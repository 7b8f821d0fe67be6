"""Benchmark: what opening a store under another time zone costs (its days rebuilt).

Run: ``.venv/bin/python -m benchmarks.bench_days [--items 100000] [--store FILE] [--zone Z]``

A store of demo items is filled and analysed under UTC (or ``--store`` names one, which is
copied, never touched). Each round copies it, opens the copy with the process in ``--zone``
(every mention's day recomputed, ``kiosk.store.zone``), and then opens it again: the peer,
an opening with nothing to rebuild. Medians in seconds, and a check that every mention
ended on its item's local day.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def _set_zone(name: str) -> None:
    os.environ["TZ"] = name
    time.tzset()


def _opened(path: Path) -> float:
    from kiosk.store import Store

    started = time.perf_counter()
    Store(path).close()
    return time.perf_counter() - started


def _misplaced(path: Path) -> tuple[int, int]:
    """Return how many mentions there are, and how many are not on their item's day."""
    import numpy as np

    from kiosk.days import days_of_us

    conn = sqlite3.connect(path)
    rows = conn.execute(
        "SELECT m.day, f.created_us FROM mention m JOIN feedback f ON f.id = m.feedback_id"
    ).fetchall()
    conn.close()
    numbers = np.array(rows, dtype=np.int64).reshape(-1, 2)
    return len(numbers), int((numbers[:, 0] != days_of_us(numbers[:, 1])).sum())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--store", type=Path, help="a store to copy instead of filling one")
    parser.add_argument("--zone", default="America/New_York")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "utc.sqlite3"
        _set_zone("UTC")
        if args.store:
            shutil.copy(args.store, source)
        else:
            from benchmarks.bench_analysis import fill_store

            print(f"store: filling with {args.items:,} demo items under UTC")
            fill_store(source, args.items).close()
        _set_zone(args.zone)
        rebuilt, plain = [], []
        copy = Path(tmp) / "copy.sqlite3"
        for _ in range(args.rounds):
            for suffix in ("", "-wal", "-shm"):
                Path(f"{copy}{suffix}").unlink(missing_ok=True)
            shutil.copy(source, copy)
            rebuilt.append(_opened(copy))
            plain.append(_opened(copy))
        mentions, wrong = _misplaced(copy)
        print(f"\n{'open under ' + args.zone:<40}{'median s':>10}{'worst s':>10}")
        print(
            f"{'with the days rebuilt':<40}{statistics.median(rebuilt):>10.2f}{max(rebuilt):>10.2f}"
        )
        print(
            f"{'peer: nothing to rebuild':<40}{statistics.median(plain):>10.2f}{max(plain):>10.2f}"
        )
        print(f"\n{mentions:,} mentions, {wrong} not on their item's local day")


if __name__ == "__main__":
    main()
