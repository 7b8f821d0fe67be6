"""Build (once) and reuse a large analysed store from the demo generator, for benchmarks.

The store is cached under ``benchmarks/.cache/`` keyed by its size and span, because building
a million analysed items takes minutes and every benchmark that needs one wants the same one.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import UTC, datetime
from itertools import islice
from pathlib import Path

from kiosk.analysis import StoreAnalysis
from kiosk.demo import iter_demo
from kiosk.store import Store

CACHE = Path(__file__).resolve().parent / ".cache"
BATCH = 10_000


def anchor() -> datetime:
    """The end of the generated period: today, so 'last N days' windows are full."""
    return datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)


def big_store(items: int = 1_000_000, days: int = 365, *, quiet: bool = False) -> Path:
    """Return the path of an analysed store of ``items`` demo items over ``days`` days."""
    CACHE.mkdir(exist_ok=True)
    day = anchor()
    path = CACHE / f"store-{items}-{days}-{day:%Y%m%d}.sqlite3"
    if path.exists():
        return path
    for old in CACHE.glob(f"store-{items}-{days}-*.sqlite3*"):
        old.unlink()
    partial = path.with_suffix(".partial")
    for leftover in CACHE.glob(partial.name + "*"):
        leftover.unlink()
    started = time.perf_counter()
    with Store(partial) as store:
        analysis = StoreAnalysis(store, warm_up=False)
        stream = iter_demo(count=items, days=days, now=day, customers=max(900, items // 40))
        done = 0
        while batch := list(islice(stream, BATCH)):
            store.upsert(batch, after=analysis.analyze_into)
            done += len(batch)
            if not quiet:
                rate = done / (time.perf_counter() - started)
                print(f"\r  building store: {done:,}/{items:,} ({rate:,.0f} items/s)", end="",
                      file=sys.stderr, flush=True)  # fmt: skip
        store.checkpoint()
    if not quiet:
        print(file=sys.stderr)
    partial.rename(path)
    return path


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--items", type=int, default=1_000_000)
    parser.add_argument("--days", type=int, default=365)
    args = parser.parse_args()
    print(big_store(args.items, args.days))
