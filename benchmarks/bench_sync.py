"""Benchmark ``voc-kiosk sync --once``: a CSV feed of public text into a new store, cold.

Run: ``.venv/bin/python benchmarks/bench_sync.py --corpus FILE [--items 3000] [--runs 3]``

``FILE`` is public text nobody here wrote, read as ``benchmarks/bench_analysis.py`` reads it (a
CSV file with a text column, or one item per line), e.g. the Sanders tweets
(``full-corpus.csv``, see ``training/DATA.md``). Its first ``--items`` texts become a CSV feed
(id, date, customer, text) and a settings file in a temporary folder.

Each run is a fresh process into a new store, timed from the start of the process to its exit,
so every import and load counts:

- ours: ``voc-kiosk sync --once --config ... --data-dir ...``, the command a scheduled headless
  sync runs (mapping, validation, the store with its full-text index, the analysis: terms,
  phrases, the kind of every mention and of every item);
- peer, in the same run and interleaved: a plain script that reads the same CSV with the
  standard library, inserts the rows into SQLite in batches of 1,000, and stores the words
  ``wordcloud.WordCloud().process_text`` finds in each text (the tokeniser a word cloud
  would use) beside them;
- start-up: ``voc-kiosk sync --once`` on a feed with no rows (imports, settings, a new store).

The table gives the median wall time of each, the CPU time the process used (the machine is
shared: CPU seconds say what the work costs when another process takes a core), and the ratio.
Both sides run from compiled bytecode, as an installed app does (``compileall`` first).

``--service N`` runs the older benchmark instead: N demo items in pages of 1,000 from a
loopback server, synced by ``SyncService`` on its worker thread with the analysis, while a 5 ms
``QTimer`` measures the UI thread's worst stall; the peer is ``run_once`` without analysis.

A benchmark, not a test: it prints tables and never fails on time.
"""

from __future__ import annotations

import argparse
import csv
import gc
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

PAGE = 1000
TICK_MS = 5
GOAL_SYNC_S = 3.0
CSV_SETTINGS = """\
version = 1
[[feeds]]
name = "corpus"
type = "csv"
path = "{path}"
[feeds.mapping]
external_id = "id"
text = "text"
created_at = "date"
customer_id = "customer"
"""
# The peer: the standard library's csv and sqlite3, and wordcloud's tokeniser per text.
PEER_SCRIPT = """\
import csv, sqlite3, sys
from wordcloud import WordCloud
source, target = sys.argv[1], sys.argv[2]
db = sqlite3.connect(target)
db.execute("PRAGMA journal_mode = WAL")
db.execute("CREATE TABLE item (id TEXT PRIMARY KEY, created TEXT, customer TEXT, text TEXT)")
db.execute("CREATE TABLE word (item TEXT, word TEXT, count INTEGER)")
cloud = WordCloud()
with open(source, newline="", encoding="utf-8") as fh:
    rows = list(csv.DictReader(fh))
for start in range(0, len(rows), 1000):
    page = rows[start : start + 1000]
    with db:
        db.executemany(
            "INSERT INTO item VALUES (?, ?, ?, ?)",
            [(r["id"], r["date"], r["customer"], r["text"]) for r in page],
        )
        db.executemany(
            "INSERT INTO word VALUES (?, ?, ?)",
            [
                (r["id"], w, n)
                for r in page
                for w, n in cloud.process_text(r["text"]).items()
            ],
        )
db.close()
"""


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


def service_table(items: int) -> None:
    """Print the worker-thread sync of ``items`` demo items against ``run_once``."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory(prefix="bench-sync-") as tmp:
        folder = Path(tmp)
        (folder / "www").mkdir()
        t0 = time.perf_counter()
        server = subprocess.Popen(
            [sys.executable, __file__, "--service", str(items), "--serve", str(folder / "www")],
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            assert server.stdout is not None
            port = int(server.stdout.readline())
            print(
                f"served {items:,} items from 127.0.0.1:{port}"
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


# The cold CSV sync against the peer.


@dataclass(frozen=True)
class Timed:
    """One process: its wall and CPU seconds, and whether it succeeded."""

    wall: float
    cpu: float
    error: str = ""


def _done(timed: Sequence[Timed]) -> list[Timed]:
    """Return the runs that finished."""
    return [t for t in timed if not t.error]


def _medians(timed: Sequence[Timed]) -> tuple[float, float]:
    """Return the median wall and CPU seconds of the runs that finished (0.0: none did)."""
    done = _done(timed)
    if not done:
        return 0.0, 0.0
    return statistics.median(t.wall for t in done), statistics.median(t.cpu for t in done)


def _timed(command: list[str], env: dict[str, str]) -> Timed:
    """Run a command to its end; return its wall time and the CPU time it used."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    try:
        done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    except OSError as exc:  # no such command: --shipped or --baseline mistyped
        return Timed(0.0, 0.0, f"{command[0]}: {exc.strerror}")
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    error = "" if done.returncode == 0 else f"exit {done.returncode}: {done.stderr[-300:]}"
    return Timed(wall, cpu, error)


def _command() -> list[str]:
    """Return how to start the command line of this environment."""
    script = Path(sys.executable).with_name("voc-kiosk")
    return [str(script)] if script.exists() else [sys.executable, "-m", "kiosk"]


def _write_feed(path: Path, texts: list[str]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "date", "customer", "text"])
        for i, text in enumerate(texts):
            writer.writerow([i, f"2026-11-{1 + i % 24:02d} 10:{i % 60:02d}", f"c{i}", text])


def compile_bytecode() -> None:
    """Compile the kiosk package, as installing it does (a source tree may have no .pyc)."""
    import compileall

    import kiosk

    compileall.compile_dir(Path(kiosk.__file__).parent, quiet=1)


def csv_table(
    corpus: Path,
    column: str | None,
    items: int,
    runs: int,
    shipped: str | None = None,
    baseline: str | None = None,
) -> None:
    """Print the cold ``voc-kiosk sync --once`` of a CSV feed against the peer.

    With ``shipped`` (the ``voc-kiosk`` command of the app installed as it ships: build/venv
    after ``make dist``, its analysis compiled), that command runs too, in the same
    alternation, into stores of its own; with ``baseline`` (the same command of an earlier
    build, installed the same way), so does that one: a change's cost is a ratio in one run.
    """
    from benchmarks.bench_analysis import load_corpus

    texts = load_corpus(corpus, column)[:items]
    compile_bytecode()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    ours: list[Timed] = []
    peer: list[Timed] = []
    empty: list[Timed] = []
    compiled: list[Timed] = []
    earlier: list[Timed] = []
    stored = terms = 0
    with tempfile.TemporaryDirectory(prefix="bench-sync-csv-") as tmp:
        folder = Path(tmp)
        feed, nothing = folder / "items.csv", folder / "empty.csv"
        _write_feed(feed, texts)
        _write_feed(nothing, [])
        script = folder / "peer.py"
        script.write_text(PEER_SCRIPT, encoding="utf-8")
        for name, path in (("feed", feed), ("empty", nothing)):
            (folder / f"{name}.toml").write_text(
                CSV_SETTINGS.format(path=path.as_posix()), encoding="utf-8"
            )
        for run in range(runs):
            data = folder / f"data-{run}"
            ours.append(
                _timed(
                    [*_command(), "sync", "--once", "--config", str(folder / "feed.toml"),
                     "--data-dir", str(data)],
                    env,
                )
            )  # fmt: skip
            peer.append(
                _timed(
                    [sys.executable, str(script), str(feed), str(folder / f"peer-{run}.db")], env
                )
            )
            empty.append(
                _timed(
                    [*_command(), "sync", "--once", "--config", str(folder / "empty.toml"),
                     "--data-dir", str(folder / f"empty-{run}")],
                    env,
                )
            )  # fmt: skip
            # Other builds' voc-kiosk, installed (their analysis compiled), into stores of
            # their own.
            for command, timings, side in ((shipped, compiled, "shipped"),
                                           (baseline, earlier, "baseline")):  # fmt: skip
                if command:
                    timings.append(
                        _timed(
                            [command, "sync", "--once", "--config", str(folder / "feed.toml"),
                             "--data-dir", str(folder / f"{side}-{run}")],
                            env,
                        )
                    )  # fmt: skip
        from kiosk.dashboard import Dashboard, window_ending
        from kiosk.store import Store

        with Store(folder / "data-0" / "voc-kiosk.sqlite3") as store:
            stored = store.count()
            terms = len(Dashboard(store).top_terms(window_ending(None, 3650), 1_000_000))
    mean = sum(len(t) for t in texts) / max(1, len(texts))
    print(
        f"corpus: {corpus.name}, first {len(texts):,} items, {mean:.0f} characters on average;"
        f" median of {runs} fresh processes each, interleaved"
    )
    print()
    head = f"{'cold, every load included':<46}{'wall s':>8}{'CPU s':>8}{'items/s':>9}"
    print(head)
    print("-" * len(head))
    rows = [
        ("ours: voc-kiosk sync --once, new store", ours),
        ("peer: csv -> sqlite3 + wordcloud per text", peer),
        ("ours, start-up only (a feed with no rows)", empty),
    ]
    if compiled:
        rows.insert(1, ("ours as shipped (analysis compiled)", compiled))
    if earlier:
        rows.insert(2 if compiled else 1, ("an earlier build (--baseline)", earlier))
    for label, timed in rows:
        done = _done(timed)
        if not done:
            # A run that failed took no time worth a median: the row says so, not a rate.
            print(f"{label:<46}{'failed':>8}")
        else:
            wall = statistics.median(t.wall for t in done)
            cpu = statistics.median(t.cpu for t in done)
            rate = f"{len(texts) / wall:>9,.0f}" if timed is not empty else f"{'-':>9}"
            print(f"{label:<46}{wall:>8.2f}{cpu:>8.2f}{rate}")
        for t in timed:
            if t.error:
                print(f"  a run failed ({t.error})")
    ours_wall, ours_cpu = _medians(ours)
    peer_wall, peer_cpu = _medians(peer)
    if ours_wall and peer_wall:
        print(
            f"ours / peer: {ours_wall / peer_wall:.2f}x the wall time,"
            f" {ours_cpu / peer_cpu:.2f}x the CPU time"
        )
    shipped_wall = _medians(compiled)[0] if compiled else 0.0
    if shipped_wall and peer_wall:
        print(f"as shipped / peer: {shipped_wall / peer_wall:.2f}x the wall time")
        before = _medians(earlier)[0] if earlier else 0.0
        if before:
            print(f"as shipped / the earlier build: {shipped_wall / before:.2f}x the wall time")
    print(f"stored {stored:,} items, {terms:,} terms in the cloud's index")
    # Judged on the app as it ships where it was timed, as bench_analysis.py judges its goals;
    # a side with a failed run has not shown it.
    judged_runs = compiled or ours
    judged = _medians(judged_runs)[0]
    failed = len(judged_runs) - len(_done(judged_runs))
    if failed:
        verdict = f"NOT met: {failed} of {len(judged_runs)} runs failed"
    else:
        verdict = "met" if judged < GOAL_SYNC_S and stored >= len(texts) else "NOT met"
    which = "as shipped" if compiled else "ours"
    print(
        f"goal: {len(texts):,} items in < {GOAL_SYNC_S:.0f} s, every load included"
        f" ({which}, {judged:.2f} s): {verdict}"
    )


def main() -> int:
    """Print the benchmark table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, help="public text file (see the docstring)")
    parser.add_argument("--column", help="the CSV column holding the text")
    parser.add_argument("--items", type=int, default=3000, help="items in the CSV feed")
    parser.add_argument("--runs", type=int, default=3, help="fresh processes per side")
    parser.add_argument("--service", type=int, default=0, help="the older worker-thread run")
    parser.add_argument(
        "--shipped",
        metavar="VOC_KIOSK",
        help="also time the app as it ships (build/venv/bin/voc-kiosk after `make dist`); the"
        " goal is then judged on it",
    )
    parser.add_argument(
        "--baseline",
        metavar="VOC_KIOSK",
        help="also time an earlier build's voc-kiosk, installed as --shipped is",
    )
    parser.add_argument("--serve", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        _serve(Path(args.serve), args.service)
        return 0
    if args.service:
        service_table(args.service)
        return 0
    if args.corpus is None:
        print(
            "no --corpus given: the sync table needs public text nobody here wrote, e.g."
            " --corpus full-corpus.csv (the Sanders tweets, see training/DATA.md)"
        )
        return 0
    from benchmarks.bench_analysis import CorpusError

    try:
        csv_table(args.corpus, args.column, args.items, args.runs, args.shipped, args.baseline)
    except CorpusError as exc:
        print(f"bench_sync: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
