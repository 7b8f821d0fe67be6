"""CSV feed: rows per second and peak memory on a big file, against Python's csv module alone.

Each run is a fresh process (its peak resident memory is its own), on the same generated file:

1. peer: ``csv.reader`` over the file, nothing else (the floor any CSV feed stands on);
2. ours, read: the CSV source's pages (stream, detect encoding, hash, parse, map to items);
3. ours, into a store: ``voc-kiosk sync --once`` without the analysis (the feed's part of a
   sync; the analysis has its own benchmark), committing page by page;
4. with ``--analysis``: the sync as ``voc-kiosk sync --once`` runs it, each page analysed in
   its transaction. Its rate is the analysis' (issue 10); its memory is the whole sync's.

Goals (issue 9): < 200 MB resident whatever the file's size, >= 20,000 rows/s.

Two files of the same rows: one whose dates jump about from row to row (every batch of rows
lands all over the store's index by date: the worst case), and one in date order, as exports
usually are.

Usage: .venv/bin/python benchmarks/bench_csv.py [--mb 200] [--keep DIR] [--analysis]
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

WORDS = (
    "delivery",
    "late",
    "parcel",
    "order",
    "refund",
    "app",
    "checkout",
    "staff",
    "store",
    "queue",
    "price",
    "quality",
    "size",
    "return",
    "tracking",
    "website",
    "basket",
    "courier",
    "driver",
    "box",
    "broken",
    "cold",
    "warm",
    "friendly",
    "rude",
    "fast",
    "slow",
    "again",
    "never",
    "always",
    "please",
    "thanks",
    "great",
    "awful",
    "helpful",
    "missing",
    "wrong",
    "damaged",
)


_START = datetime(2023, 1, 1)


def make_file(path: Path, megabytes: float, seed: int = 7, *, in_order: bool = False) -> int:
    """Write a survey-export-like CSV of about ``megabytes``; return its row count.

    ``in_order``: dates rise row by row (a minute apart), else they jump about the year.
    """
    rng = random.Random(seed)
    target = int(megabytes * 1024 * 1024)
    rows = 0
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write("id,date,name,email,comment,type\n")
        size = 0
        while size < target:
            words = rng.choices(WORDS, k=rng.randint(6, 16))
            text = " ".join(words).capitalize()
            if rng.random() < 0.1:
                text = f'"{text}, and ""more"" here"'
            when = (
                f"{_START + timedelta(minutes=rows):%Y-%m-%d %H:%M}"
                if in_order
                else f"2026-{1 + rows % 11:02d}-{1 + rows % 28:02d} 10:{rows % 60:02d}"
            )
            line = (
                f"{rows},{when},"
                f"Customer {rows % 50_000},c{rows % 50_000}@example.com,{text},"
                f"{('praise', 'complaint', 'idea')[rows % 3]}\n"
            )
            fh.write(line)
            size += len(line)
            rows += 1
    return rows


def child(mode: str, path: str, data_dir: str) -> None:
    """Run one measurement in this process and print a JSON line."""
    start = time.perf_counter()
    rows = 0
    if mode == "peer":
        import csv

        with open(path, encoding="utf-8", newline="") as fh:
            for _row in csv.reader(fh):
                rows += 1
        rows -= 1
    elif mode == "read":
        from kiosk.settings import FeedConfig
        from kiosk.sync.sources import make_source

        source = make_source(
            FeedConfig("survey", "csv", options={"path": path, "max_response_mb": 4096})
        )
        for page in source.pages(None):
            rows += len(page.items)
        source.close()
    else:
        from kiosk.settings import FeedConfig, Settings
        from kiosk.store import Store
        from kiosk.sync import run_once

        settings = Settings(
            {"sync.max_response_mb": 2048},
            (FeedConfig("survey", "csv", options={"path": path, "max_response_mb": 4096}),),
        )
        store = Store(Path(data_dir) / "store.sqlite3")
        after = None
        if mode == "analysed":
            from kiosk.analysis.pipeline import StoreAnalysis

            after = StoreAnalysis(store).analyze_into
        (report,) = run_once(settings, store, after=after)
        assert report.ok, report.error
        rows = report.new
        store.close()
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"rows": rows, "seconds": seconds, "peak_mb": peak_mb}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=200.0, help="file size in MB")
    parser.add_argument("--keep", type=Path, help="write the file here and keep it")
    parser.add_argument(
        "--analysis", action="store_true", help="also sync with the analysis (slow: its rate)"
    )
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    with tempfile.TemporaryDirectory(prefix="bench-csv-") as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        files = {}
        for name, in_order in (("big.csv", False), ("big-in-order.csv", True)):
            path = folder / name
            if not path.exists() or path.stat().st_size < args.mb * 1024 * 1024 * 0.99:
                make_file(path, args.mb, in_order=in_order)
            files[in_order] = path
        path = files[False]
        rows = sum(1 for _ in path.open("rb")) - 1
        size_mb = path.stat().st_size / 1024 / 1024
        print(f"file: {size_mb:,.0f} MB, {rows:,} rows (generated survey export)")
        print(f"{'run':<40} {'rows':>11} {'seconds':>8} {'rows/s':>9} {'peak RSS MB':>12}")
        results = {}
        runs = [
            ("peer", False, "peer: csv.reader alone"),
            ("read", False, "ours: CSV source, read + map"),
            ("sync", False, "ours: sync --once into a store"),
            ("sync", True, "ours: the same, dates in order"),
        ]
        if args.analysis:
            runs.append(("analysed", False, "ours: sync --once with the analysis"))
        for mode, in_order, label in runs:
            with tempfile.TemporaryDirectory(prefix="bench-csv-store-") as data:
                out = subprocess.run(
                    [sys.executable, __file__, "--child", mode, str(files[in_order]), data],
                    check=True,
                    capture_output=True,
                    text=True,
                ).stdout
            result = json.loads(out.strip().splitlines()[-1])
            results[label] = result
            rate = result["rows"] / result["seconds"]
            print(
                f"{label:<40} {result['rows']:>11,} {result['seconds']:>8.1f} {rate:>9,.0f}"
                f" {result['peak_mb']:>12,.0f}"
            )
        peer = results[runs[0][2]]["rows"] / results[runs[0][2]]["seconds"]
        for _mode, _in_order, label in runs[1:]:
            rate = results[label]["rows"] / results[label]["seconds"]
            print(f"{label}: {rate / peer:.2f}x the peer's rows/s")


if __name__ == "__main__":
    main()
