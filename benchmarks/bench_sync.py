"""Benchmark: 100,000 items in pages of 1,000 from a loopback server, synced and analysed.

Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_sync.py [--items N]``

The server runs in its own process (``http.server`` over pre-written JSON pages linked by a
``next`` field), so it takes no GIL time from the sync. The sync runs on ``SyncService``'s
worker thread with the analysis hook (``kiosk.analysis.StoreAnalysis``) while a 5 ms ``QTimer``
on the main thread measures the event loop's worst stall. The peer in the same run is
``run_once`` on the main thread without analysis: the floor of what fetching, mapping and
storing cost.

Goals: under 60 s for 100,000 items; no stall over 50 ms.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

PAGE = 1000
TICK_MS = 5


def _write_pages(folder: Path, items: int) -> None:
    from kiosk.demo import iter_demo

    page: list[dict[str, object]] = []
    number = 1
    now = datetime(2026, 11, 1, tzinfo=UTC)
    for fb in iter_demo(seed=7, now=now, count=items, days=365):
        page.append(
            {
                "id": fb.external_id,
                "text": fb.text,
                "created": fb.created_at.isoformat(),
                "kind": fb.kind.value,
                "channel": fb.channel,
                "votes": fb.votes,
                "customer": {"id": fb.customer.id, "name": fb.customer.name},
                "language": fb.language,
            }
        )
        if len(page) == PAGE:
            _dump(folder, number, page, items)
            page, number = [], number + 1
    if page:
        _dump(folder, number, page, items)


def _dump(folder: Path, number: int, page: list[dict[str, object]], items: int) -> None:
    last = number * PAGE >= items
    doc = {"items": page, "next": None if last else f"page-{number + 1}.json"}
    (folder / f"page-{number}.json").write_text(json.dumps(doc))


def _serve(folder: Path, items: int) -> None:
    import functools
    import http.server

    _write_pages(folder, items)

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    print(server.server_address[1], flush=True)
    server.serve_forever()


def _feed(port: int) -> object:
    from kiosk.settings import FeedConfig

    return FeedConfig(
        "bench",
        "http",
        True,
        86_400,
        {
            "url": f"http://127.0.0.1:{port}/page-1.json",
            "records": "items",
            "pagination": "next_field",
            "mapping": {
                "external_id": "id",
                "text": "text",
                "created_at": "created",
                "kind": "kind",
                "channel": "channel",
                "votes": "votes",
                "customer_id": "customer.id",
                "customer_name": "customer.name",
                "language": "language",
            },
        },
    )


@dataclass(frozen=True)
class Run:
    """One row of the table."""

    what: str
    report: str
    items: int
    seconds: float
    rss_peak: float
    stall_ms: float | None = None
    ticks: int = 0


def _warm(analysis: object) -> None:
    """Load the lemmatiser's dictionaries now, as the app does at start-up.

    simplemma loads a language's dictionary on first use, holding the GIL for a few hundred
    milliseconds; left to the first sync, that is a visible stall of the UI thread.
    """
    from kiosk.demo import generate_demo

    analyzer = analysis.analyzer  # type: ignore[attr-defined]
    seen: set[str | None] = set()
    for fb in generate_demo(seed=1, count=400, days=30):
        if fb.language not in seen:
            seen.add(fb.language)
            analyzer.analyze(fb)


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _service_run(port: int, folder: Path) -> Run:
    from PySide6.QtCore import QCoreApplication, QTimer

    from kiosk.settings import Settings
    from kiosk.store import Store
    from kiosk.sync import SyncService
    from kiosk.sync.qt_adapter import QtSync

    try:
        from kiosk.analysis import StoreAnalysis
    except ImportError:  # the analysis engine is another engineer's; run without it if absent
        StoreAnalysis = None  # type: ignore[assignment,misc]  # noqa: N806

    app = QCoreApplication.instance() or QCoreApplication([])
    store = Store(folder / "service.sqlite3")
    analysis = StoreAnalysis(store) if StoreAnalysis is not None else None
    if analysis is not None:
        _warm(analysis)
    # What the app does once start-up is done: long-lived objects (Qt wrappers, lexicons)
    # leave the collector's view, so a full collection during a sync stays short.
    gc.collect()
    gc.freeze()
    after = analysis.analyze_into if analysis is not None else None
    settings = Settings({"sync.max_response_mb": 50}, (_feed(port),))  # type: ignore[arg-type]
    service = SyncService(settings, store, after=after, first_delay=0.0)
    qt = QtSync(service)
    gaps: list[float] = []
    last = [time.perf_counter()]
    reports: list[object] = []

    def tick() -> None:
        now = time.perf_counter()
        gaps.append(now - last[0])
        last[0] = now

    timer = QTimer()
    timer.setInterval(TICK_MS)
    timer.timeout.connect(tick)

    def done(report: object) -> None:
        reports.append(report)
        app.quit()

    qt.sync_finished.connect(done)
    qt.sync_failed.connect(done)
    t0 = time.perf_counter()
    timer.start()
    qt.start()
    app.exec()
    seconds = time.perf_counter() - t0
    timer.stop()
    qt.stop()
    count = store.count()
    store.close()
    worst = max(gaps, default=0.0) * 1000 - TICK_MS
    what = "SyncService + analysis, worker thread"
    if analysis is None:
        what = "SyncService (no kiosk.analysis), worker thread"
    report = str(reports[0]) if reports else "no report"
    return Run(what, report, count, seconds, _rss_mb(), max(worst, 0.0), len(gaps))


def _peer_run(port: int, folder: Path) -> Run:
    from kiosk.settings import Settings
    from kiosk.store import Store
    from kiosk.sync import run_once

    store = Store(folder / "peer.sqlite3")
    settings = Settings({"sync.max_response_mb": 50}, (_feed(port),))  # type: ignore[arg-type]
    t0 = time.perf_counter()
    (report,) = run_once(settings, store)
    seconds = time.perf_counter() - t0
    count = store.count()
    store.close()
    return Run("peer: run_once, no analysis, main thread", str(report), count, seconds, _rss_mb())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--serve", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        _serve(Path(args.serve), args.items)
        return
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory(prefix="bench-sync-") as tmp:
        folder = Path(tmp)
        (folder / "www").mkdir()
        t0 = time.perf_counter()
        server = subprocess.Popen(
            [sys.executable, __file__, "--items", str(args.items), "--serve", str(folder / "www")],
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            assert server.stdout is not None
            port = int(server.stdout.readline())
            print(
                f"served {args.items:,} items from 127.0.0.1:{port}"
                f" (pages written in {time.perf_counter() - t0:.1f} s)"
            )
            rows = [_service_run(port, folder), _peer_run(port, folder)]
        finally:
            server.terminate()
            server.wait(10)
    print()
    header = f"{'run':48} {'items':>8} {'seconds':>8} {'items/s':>9} {'peak RSS MB':>12}"
    header += f" {'worst stall ms':>15}"
    print(header)
    print("-" * len(header))
    for row in rows:
        stall = f"{row.stall_ms:.1f}" if row.stall_ms is not None else "-"
        print(
            f"{row.what:48} {row.items:>8,} {row.seconds:>8.1f} {row.items / row.seconds:>9,.0f}"
            f" {row.rss_peak:>12.0f} {stall:>15}"
        )
    print()
    for row in rows:
        print(f"{row.what}: {row.report}")
    service = rows[0]
    ok_time = service.seconds < 60
    ok_stall = service.stall_ms is not None and service.stall_ms <= 50
    print(
        f"\ngoals: under 60 s {'met' if ok_time else 'MISSED'};"
        f" no stall over 50 ms {'met' if ok_stall else 'MISSED'}"
        f" ({service.ticks} timer ticks measured)"
    )


if __name__ == "__main__":
    main()
