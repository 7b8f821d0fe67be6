"""Benchmark the analysis: items per second against wordcloud's tokeniser, and window queries.

Run: ``.venv/bin/python benchmarks/bench_analysis.py [--corpus 100000] [--items 1000000]``

1. The demo corpus (``--corpus`` items) through ``Analyzer.analyze_batch`` on one core (the
   path a sync takes, phrase learning included, the store left out), and the same texts
   through the peer, ``wordcloud.WordCloud().process_text`` (tokens, stop words, bigrams),
   once per item (the unit a kiosk analyses) and once on the joined corpus. Our analyser
   caches clause kinds and word decisions, which the demo's repeated sentences favour, so the
   run also times the evaluation set, where every text is different.
2. A store of ``--items`` demo items over a year (see ``demo_year``), filled through
   ``Store.upsert`` with the analysis as its ``after=`` callback, then "top 300 terms" for
   the last 30 and 365 days.
3. Peak memory (resident set) of the whole run.

A benchmark, not a test: it prints a table and never fails on time.
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType

from kiosk.analysis import Analyzer, StoreAnalysis
from kiosk.demo import generate_demo, iter_demo
from kiosk.model import Feedback
from kiosk.store import Store

NOW = datetime(2026, 11, 25, 12, tzinfo=UTC)
GOAL_ITEMS_PER_S = 10_000
GOAL_QUERY_MS = 300


def _rate(count: int, seconds: float) -> str:
    return f"{count / seconds:>12,.0f}"


def time_ours(
    items: Sequence[Feedback], batch: int = 1000, analyzer: Analyzer | None = None
) -> float:
    """Return the seconds an analyser (a fresh one by default) takes for the items, in
    sync-sized batches."""
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


def time_peer_joined(texts: Sequence[str]) -> float:
    """Return the seconds wordcloud takes for all the texts joined into one."""
    from wordcloud import WordCloud

    joined = "\n".join(texts)
    start = time.perf_counter()
    WordCloud().process_text(joined)
    return time.perf_counter() - start


def speed_table(corpus: int) -> None:
    """Print items per second, ours against the peer."""
    t = time.perf_counter()
    items = generate_demo(count=corpus, now=NOW)
    print(f"demo corpus: {len(items):,} items generated in {time.perf_counter() - t:.1f} s")
    texts = [fb.text for fb in items]
    time_ours(items[:2000])  # imports, VADER's lexicon, simplemma's dictionaries
    analyzer = Analyzer()
    ours = time_ours(items, analyzer=analyzer)
    peer = time_peer_per_item(texts)
    joined = time_peer_joined(texts)

    eval_items = [item.feedback() for item in _eval_module().load_eval_set()]
    eval_texts = [fb.text for fb in eval_items]
    # Texts it has never seen, through the analyser that just read the demo corpus (a kiosk's
    # analyser lives as long as the app): no clause of these is in its cache.
    ours_eval = time_ours(eval_items, analyzer=analyzer)
    peer_eval = time_peer_per_item(eval_texts)
    # The steady state of a kiosk that has read its feed for a while: the words are known,
    # the clauses are not.
    analyzer.forget_clause_kinds()
    ours_known = time_ours(eval_items, analyzer=analyzer)
    peer_known = time_peer_per_item(eval_texts)

    print()
    print(f"{'corpus':<34}{'ours items/s':>14}{'wordcloud items/s':>20}{'ratio':>8}")
    print(
        f"{'demo, per item':<34}{_rate(len(items), ours):>14}{_rate(len(items), peer):>20}"
        f"{peer / ours:>7.1f}x"
    )
    print(
        f"{'demo, peer on the joined text':<34}{_rate(len(items), ours):>14}"
        f"{_rate(len(items), joined):>20}{joined / ours:>7.1f}x"
    )
    print(
        f"{'eval set, new words and clauses':<34}{_rate(len(eval_items), ours_eval):>14}"
        f"{_rate(len(eval_items), peer_eval):>20}{peer_eval / ours_eval:>7.1f}x"
    )
    print(
        f"{'eval set, known words, new clauses':<34}{_rate(len(eval_items), ours_known):>14}"
        f"{_rate(len(eval_items), peer_known):>20}{peer_known / ours_known:>7.1f}x"
    )
    verdict = "met" if len(items) / ours >= GOAL_ITEMS_PER_S else "NOT met"
    print(f"goal: >= {GOAL_ITEMS_PER_S:,} items/s on one core and faster than the peer: {verdict}")


def _eval_module() -> ModuleType:
    """Load the evaluation script next to this one (benchmarks/ is no installed package)."""
    path = Path(__file__).resolve().parent / "eval_analysis.py"
    spec = importlib.util.spec_from_file_location("eval_analysis", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("eval_analysis", module)
    spec.loader.exec_module(module)
    return module


def demo_year(count: int, shard: int = 100_000) -> Iterator[Feedback]:
    """Yield ``count`` demo items over a year, from several seeded runs of the generator.

    The generator draws each item's customer with weights over all customers, which costs
    time in proportion to the number of customers; one run of a million items would take an
    hour. Runs of ``shard`` items with 2,000 customers each, their keys made distinct, give
    the same stories at a million items in about a minute.
    """
    for k in range(-(-count // shard)):
        n = min(shard, count - k * shard)
        for fb in iter_demo(seed=2026 + k, count=n, days=365, now=NOW, customers=max(20, n // 50)):
            yield replace(
                fb,
                external_id=f"{fb.external_id}-{k}",
                customer=replace(fb.customer, id=f"{fb.customer.id}-{k}"),
            )


def fill_store(path: Path, count: int, batch: int = 5000) -> Store:
    """Fill a store with a year of demo items, analysed as a sync would, printing progress."""
    store = Store(path)
    analysis = StoreAnalysis(store, warm_up=False)
    start = time.perf_counter()
    chunk: list[Feedback] = []
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
    print(f"  {rate:,.0f} items/s into the store, analysis and rollups included")
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
    with tempfile.TemporaryDirectory() as tmp:
        path = keep or Path(tmp) / "bench.sqlite3"
        if path.exists():
            store = Store(path)
            print(f"store: reusing {path} ({store.count():,} items)")
        else:
            print(f"store: filling {path} with {items:,} demo items over 365 days")
            store = fill_store(path, items)
        gc.collect()
        print()
        print(f"{'query':<34}{'median ms':>12}{'worst ms':>10}{'terms':>7}")
        for days in (30, 365):
            result: list[object] = []

            def run(days: int = days, result: list[object] = result) -> None:
                result[:] = store.top_terms(days, 300, NOW)

            median, worst = time_query(run)
            label = f"top 300 terms, last {days} days"
            print(f"{label:<34}{median:>12.1f}{worst:>10.1f}{len(result):>7}")
        print(f"goal: < {GOAL_QUERY_MS} ms each")
        top = store.top_terms(30, 20, NOW)
        print("\ntop 20 terms, last 30 days:", ", ".join(s.label for s in top))
        store.close()


def main(argv: list[str] | None = None) -> int:
    """Print the benchmark tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=int, default=100_000, help="items for the speed run")
    parser.add_argument("--items", type=int, default=1_000_000, help="items in the query store")
    parser.add_argument("--store", type=Path, help="keep (or reuse) the query store here")
    parser.add_argument("--skip-store", action="store_true", help="only the speed table")
    args = parser.parse_args(argv)
    speed_table(args.corpus)
    print()
    if not args.skip_store:
        query_table(args.items, args.store)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak memory (max resident set) of the whole run: {peak_mb:,.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
