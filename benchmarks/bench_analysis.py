"""Benchmark the analysis on real text it has never seen, cold, against wordcloud's tokeniser.

Run: ``.venv/bin/python benchmarks/bench_analysis.py --corpus FILE [--runs 3]``

``FILE`` is a public corpus the analysis was not tuned on: a CSV file with a text column
(``--column``, found by name when omitted: TweetText, text, comment, review, body) or a text
file with one item per line (the last tab-separated field is the text, as in VADER's ground
truth files). The Sanders tweets (``full-corpus.csv``, see ``training/DATA.md``) are one.

1. Items per second, every run a fresh process (``cold``: imports, dictionaries, the model
   and every first-use cache included; reading the corpus file and building the ``Feedback``
   items are not; both sides run from compiled bytecode, as an installed app does, so the
   kiosk package is compiled with ``compileall`` first). Ours is ``Analyzer.analyze_batch``
   in batches of 1,000 (what a sync does, phrase learning included, the store left out);
   the peer is ``wordcloud.WordCloud().process_text`` once per item (tokens, stop words,
   plural folding, bigrams). Runs
   alternate ours / peer; the table gives the median of each and the ratio. In the same
   processes, a second pass over the corpus (a new analyser, everything loaded; the same
   ``WordCloud``) gives the warm rates.
2. "Analyser ready": a fresh process until ``Analyzer()`` has analysed one English item.

The cold ``voc-kiosk sync --once`` of a CSV feed into a new store is
``benchmarks/bench_sync.py``.

``--shipped PYTHON`` also times the app as it ships: an interpreter with the app installed
that way (``build/venv/bin/python`` after ``make dist``, the analysis compiled by mypyc, see
``setup.py``), in the same alternation; the goals are then judged on it. ``--baseline PYTHON``
times an earlier build the same way (a copy of ``build/venv`` with an older commit installed,
``VOC_KIOSK_MYPYC=1 pip install --no-deps --no-build-isolation .``), so that a change's effect
is a ratio within one run.

``--demo N`` adds the older table on the synthetic demo corpus and the evaluation set, and
``--store-items N`` the window queries on a store of N demo items over a year.

A benchmark, not a test: it prints tables and never fails on time.
"""

from __future__ import annotations

import argparse
import csv
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

NOW = datetime(2026, 11, 25, 12, tzinfo=UTC)
GOAL_COLD_ITEMS_PER_S = 5_000
GOAL_PEER_RATIO = 1.5
GOAL_READY_S = 1.0
GOAL_QUERY_MS = 300
_TEXT_COLUMNS = ("tweettext", "text", "comment", "review", "body", "content", "message")
_BATCH = 1000


class CorpusError(Exception):
    """The corpus file is missing or has no text."""


def load_corpus(path: Path, column: str | None = None) -> list[str]:
    """Return the texts of a corpus file (see the module docstring for the formats)."""
    if not path.is_file():
        raise CorpusError(
            f"no corpus at {path}: pass --corpus with a public text file the analysis was not"
            " tuned on, e.g. the Sanders tweets (full-corpus.csv, see training/DATA.md)"
        )
    raw = path.read_bytes().decode("utf-8", errors="replace")
    if path.suffix.lower() == ".csv":
        rows = csv.DictReader(raw.splitlines())
        fields = rows.fieldnames or []
        name = column or next((f for f in fields if f.strip().lower() in _TEXT_COLUMNS), None)
        if name is None or name not in fields:
            raise CorpusError(f"{path}: no text column among {fields} (use --column)")
        texts = [row[name] for row in rows]
    else:
        texts = [line.split("\t")[-1] for line in raw.splitlines()]
    texts = [t.strip() for t in texts if t.strip()]
    if not texts:
        raise CorpusError(f"{path}: no text found")
    return texts


def feedback_items(texts: list[str], feed_id: str) -> list[Any]:
    """Return the texts (the blank ones left out) as items of one feed, a customer each."""
    from kiosk.model import Customer, Feedback

    return [
        Feedback(
            feed_id=feed_id,
            external_id=str(i),
            text=text,
            created_at=NOW,
            customer=Customer(f"c{i}"),
        )
        for i, text in enumerate(texts)
        if text.strip()
    ]


# Children: one measurement each, in a fresh process; they print one JSON line.


def child_ours(path: Path, column: str | None) -> dict[str, Any]:
    """Analyse the corpus cold, then again warm; return the timings."""
    items = feedback_items(load_corpus(path, column), "bench")
    start = time.perf_counter()
    from kiosk.analysis import Analyzer, is_compiled

    analyzer = Analyzer()
    for i in range(0, len(items), _BATCH):
        analyzer.analyze_batch(items[i : i + _BATCH])
    cold = time.perf_counter() - start
    start = time.perf_counter()
    analyzer = Analyzer()
    for i in range(0, len(items), _BATCH):
        analyzer.analyze_batch(items[i : i + _BATCH])
    warm = time.perf_counter() - start
    return {"items": len(items), "cold": cold, "warm": warm, "compiled": is_compiled()}


def child_peer(path: Path, column: str | None) -> dict[str, Any]:
    """Run wordcloud's ``process_text`` per item cold, then again warm; return the timings."""
    texts = load_corpus(path, column)
    start = time.perf_counter()
    from wordcloud import WordCloud

    cloud = WordCloud()
    for text in texts:
        cloud.process_text(text)
    cold = time.perf_counter() - start
    start = time.perf_counter()
    for text in texts:
        cloud.process_text(text)
    warm = time.perf_counter() - start
    return {"items": len(texts), "cold": cold, "warm": warm}


def child_ready() -> dict[str, Any]:
    """Return the seconds until a new analyser has analysed one English item."""
    start = time.perf_counter()
    from kiosk.analysis import Analyzer
    from kiosk.model import Customer, Feedback

    item = Feedback(
        feed_id="bench",
        external_id="1",
        text="The delivery was late again, please sort it out.",
        created_at=NOW,
        customer=Customer("c1"),
    )
    Analyzer().analyze(item)
    return {"ready": time.perf_counter() - start}


def _run_child(*args: str, python: str | None = None) -> dict[str, Any]:
    out = subprocess.run(
        [python or sys.executable, __file__, "--child", *args],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    result: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    return result


def compile_bytecode() -> None:
    """Compile the kiosk package, as installing it does (a source tree may have no .pyc)."""
    import compileall

    import kiosk

    compileall.compile_dir(Path(kiosk.__file__).parent, quiet=1)


def speed_table(
    path: Path,
    column: str | None,
    runs: int,
    shipped: str | None = None,
    baseline: str | None = None,
) -> None:
    """Print ours against the peer, cold and warm, each run in a fresh process.

    With ``shipped`` (an interpreter with the app installed as it ships: the analysis
    compiled, see setup.py), that build is timed too, in the same alternation, and the goals
    are judged on it. With ``baseline`` (an interpreter with an earlier build installed),
    that build is timed in the same alternation as well: a speed change is a ratio measured
    in one run, not two runs' figures on a shared machine.
    """
    texts = load_corpus(path, column)
    compile_bytecode()
    mean = sum(len(t) for t in texts) / len(texts)
    print(f"corpus: {path.name}, {len(texts):,} items, {mean:.0f} characters on average")
    extra = [column] if column else []
    sides: dict[str, list[dict[str, Any]]] = {"ours": [], "peer": []}
    if shipped:
        sides["shipped"] = []
    if baseline:
        sides["baseline"] = []
    ready: list[float] = []
    for _ in range(runs):
        sides["ours"].append(_run_child("ours", str(path), *extra))
        sides["peer"].append(_run_child("peer", str(path), *extra))
        if shipped:
            sides["shipped"].append(_run_child("ours", str(path), *extra, python=shipped))
        if baseline:
            sides["baseline"].append(_run_child("ours", str(path), *extra, python=baseline))
        ready.append(_run_child("ready", python=shipped)["ready"])
    if shipped and not all(r["compiled"] for r in sides["shipped"]):
        print(f"note: {shipped} runs the analysis interpreted, not compiled")
    n = len(texts)
    print()
    labels = [("ours", "ours (source)")]
    if baseline:
        labels.append(("baseline", "baseline"))
    if shipped:
        labels.append(("shipped", "ours (as shipped)"))
    header = "".join(f"{label + ' items/s':>26}" for _, label in labels)
    print(f"{'run (a fresh process each)':<28}{header}{'peer items/s':>14}{'ratio':>8}")
    rates: dict[str, tuple[float, float]] = {}
    judged = "shipped" if shipped else "ours"
    for phase, label in (("cold", "cold, every load included"), ("warm", "warm, all loaded")):
        theirs = n / statistics.median(r[phase] for r in sides["peer"])
        each = {side: n / statistics.median(r[phase] for r in sides[side]) for side, _ in labels}
        rates[phase] = (each[judged], theirs)
        cells = "".join(f"{each[side]:>26,.0f}" for side, _ in labels)
        print(f"{label:<28}{cells}{theirs:>14,.0f}{each[judged] / theirs:>7.2f}x")
    print(
        f"(median of {runs} runs; runs alternate the sides; peer = wordcloud"
        " WordCloud().process_text per item; the ratio is "
        + ("the shipped build's)" if shipped else "ours)")
    )
    ready_s = statistics.median(ready)
    print(f"analyser ready (import, Analyzer(), one English item): {ready_s:.2f} s")
    mine, theirs = rates["cold"]
    fast = "met" if mine >= GOAL_COLD_ITEMS_PER_S else "NOT met"
    ratio = "met" if mine >= GOAL_PEER_RATIO * theirs else "NOT met"
    ready_goal = "met" if ready_s < GOAL_READY_S else "NOT met"
    print(
        f"goals: cold >= {GOAL_COLD_ITEMS_PER_S:,} items/s {fast};"
        f" >= {GOAL_PEER_RATIO}x the peer {ratio}; ready < {GOAL_READY_S:.0f} s {ready_goal}"
    )


# The synthetic demo corpus and the window queries (--demo, --store-items).


def time_ours(items: Sequence[Any], batch: int = _BATCH, analyzer: Any = None) -> float:
    """Return the seconds an analyser (a fresh one by default) takes for the items."""
    from kiosk.analysis import Analyzer

    analyzer = analyzer or Analyzer()
    start = time.perf_counter()
    for i in range(0, len(items), batch):
        analyzer.analyze_batch(items[i : i + batch])
    return time.perf_counter() - start


def time_peer_per_item(texts: Sequence[str]) -> float:
    """Return the seconds wordcloud takes to process each text on its own."""
    from wordcloud import WordCloud

    cloud = WordCloud()
    start = time.perf_counter()
    for text in texts:
        cloud.process_text(text)
    return time.perf_counter() - start


def demo_table(corpus: int) -> None:
    """Print items per second on the demo corpus and the evaluation set, warm, in-process."""
    from kiosk.analysis import Analyzer
    from kiosk.demo import generate_demo

    eval_analysis = _eval_module()
    items = generate_demo(count=corpus, now=NOW)
    texts = [fb.text for fb in items]
    time_ours(items[:2000])  # everything loaded
    analyzer = Analyzer()
    ours = time_ours(items, analyzer=analyzer)
    peer = time_peer_per_item(texts)
    eval_items = [item.feedback() for item in eval_analysis.load_eval_set()]
    ours_eval = time_ours(eval_items, analyzer=analyzer)
    peer_eval = time_peer_per_item([fb.text for fb in eval_items])
    print()
    print(f"{'warm, in this process':<34}{'ours items/s':>14}{'peer items/s':>14}{'ratio':>8}")
    for label, n, mine, theirs in (
        ("demo (repeated sentences)", len(items), ours, peer),
        ("evaluation set", len(eval_items), ours_eval, peer_eval),
    ):
        print(f"{label:<34}{n / mine:>14,.0f}{n / theirs:>14,.0f}{theirs / mine:>7.2f}x")


def _eval_module() -> Any:
    """Load the evaluation script next to this one (benchmarks/ is no installed package)."""
    import importlib.util

    path = Path(__file__).resolve().parent / "eval_analysis.py"
    spec = importlib.util.spec_from_file_location("eval_analysis", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("eval_analysis", module)
    spec.loader.exec_module(module)
    return module


def demo_year(count: int, shard: int = 100_000) -> Iterator[Any]:
    """Yield ``count`` demo items over a year, from several seeded runs of the generator.

    The generator draws each item's customer with weights over all customers, which costs
    time in proportion to the number of customers; one run of a million items would take an
    hour. Runs of ``shard`` items with 2,000 customers each, their keys made distinct, give
    the same stories at a million items in about a minute.
    """
    from dataclasses import replace

    from kiosk.demo import iter_demo

    for k in range(-(-count // shard)):
        n = min(shard, count - k * shard)
        for fb in iter_demo(seed=2026 + k, count=n, days=365, now=NOW, customers=max(20, n // 50)):
            yield replace(
                fb,
                external_id=f"{fb.external_id}-{k}",
                customer=replace(fb.customer, id=f"{fb.customer.id}-{k}"),
            )


def fill_store(path: Path, count: int, batch: int = 5000) -> Any:
    """Fill a store with a year of demo items, analysed as a sync would, printing progress."""
    from kiosk.analysis import StoreAnalysis
    from kiosk.store import Store

    store = Store(path)
    analysis = StoreAnalysis(store, warm_up=False)
    start = time.perf_counter()
    chunk: list[Any] = []
    done = 0

    def flush() -> None:
        nonlocal done
        store.upsert(chunk, cursor=("demo", str(done)), after=analysis.analyze_into)
        done += len(chunk)
        chunk.clear()
        if done % 50_000 == 0 or done == count:
            elapsed = time.perf_counter() - start
            print(f"  stored and analysed {done:>9,} items  {elapsed:7.1f} s", flush=True)

    for fb in demo_year(count):
        chunk.append(fb)
        if len(chunk) >= batch:
            flush()
    if chunk:
        flush()
    rate = count / (time.perf_counter() - start)
    print(f"  {rate:,.0f} items/s into the store, analysis included")
    return store


def time_query(run: Callable[[], object], repeat: int = 5) -> tuple[float, float]:
    """Return the median and worst milliseconds of a query, after one warm-up run."""
    run()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), max(times)


def query_table(items: int, keep: Path | None) -> None:
    """Print the time of the window queries on a store of ``items`` items."""
    import gc

    from kiosk.dashboard import Dashboard, window_ending
    from kiosk.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        path = keep or Path(tmp) / "bench.sqlite3"
        if path.exists():
            store = Store(path)
            print(f"store: reusing {path} ({store.count():,} items)")
        else:
            print(f"store: filling {path} with {items:,} demo items over 365 days")
            store = fill_store(path, items)
        gc.collect()
        dashboard = Dashboard(store)
        print()
        print(f"{'query':<34}{'median ms':>12}{'worst ms':>10}{'terms':>7}")
        for days in (30, 365):
            result: list[object] = []

            def run(days: int = days, result: list[object] = result) -> None:
                result[:] = dashboard.top_terms(window_ending(NOW, days), 300)

            median, worst = time_query(run)
            label = f"top 300 terms, last {days} days"
            print(f"{label:<34}{median:>12.1f}{worst:>10.1f}{len(result):>7}")
        print(f"goal: < {GOAL_QUERY_MS} ms each")
        top = dashboard.top_terms(window_ending(NOW, 30), 20)
        print("\ntop 20 terms, last 30 days:", ", ".join(s.label for s in top))
        store.close()


def main(argv: list[str] | None = None) -> int:
    """Print the benchmark tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, help="public text file (see the docstring)")
    parser.add_argument("--column", help="the CSV column holding the text")
    parser.add_argument("--runs", type=int, default=3, help="fresh processes per side")
    parser.add_argument("--demo", type=int, default=0, help="also time N demo items, warm")
    parser.add_argument("--store-items", type=int, default=0, help="also time window queries")
    parser.add_argument("--store", type=Path, help="keep (or reuse) the query store here")
    parser.add_argument(
        "--shipped",
        metavar="PYTHON",
        help="also time the app as it ships, installed for this interpreter (build/venv/bin/"
        "python after `make dist`: the analysis compiled)",
    )
    parser.add_argument(
        "--baseline",
        metavar="PYTHON",
        help="also time an earlier build installed for this interpreter, in the same runs",
    )
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        mode, *rest = args.child
        if mode == "ready":
            result = child_ready()
        else:
            run = child_ours if mode == "ours" else child_peer
            result = run(Path(rest[0]), rest[1] if len(rest) > 1 else None)
        print(json.dumps(result))
        return 0
    if args.corpus is None:
        print(
            "no --corpus given: the speed tables need a public text file the analysis was not"
            " tuned on, e.g. --corpus full-corpus.csv (the Sanders tweets, see"
            " training/DATA.md)"
        )
    else:
        try:
            speed_table(args.corpus, args.column, args.runs, args.shipped, args.baseline)
        except CorpusError as exc:
            print(f"bench_analysis: {exc}", file=sys.stderr)
            return 2
    if args.demo:
        demo_table(args.demo)
    if args.store_items:
        print()
        query_table(args.store_items, args.store)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak memory (max resident set) of this process: {peak_mb:,.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
