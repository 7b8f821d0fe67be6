"""Check that a change to the analysis reads public text exactly as before.

Run: ``.venv/bin/python -m benchmarks.same_readings --data DIR --save FILE`` on the code before
a change, then ``--data DIR --against FILE`` on the code after it. It prints the first
differences and exits 1 when any item reads differently.

``DIR`` holds public corpora nobody on the team wrote (the files ``training/DATA.md`` lists:
the Sanders tweets, the Kotzias et al. Amazon and Yelp sentences, VADER's ground-truth tweets
and snippets, the complaint tweets, the NLBSE'24 issues); our own evaluation set and a demo
corpus (French, German and Spanish too) are added. Each corpus is read as a sync reads it, in
batches with phrase learning, by one analyser, and then every item of it is explained again by
that analyser; everything kept is compared: the language, the kind and its confidence, every
mention (term, label, kind, confidence, span), the reason for skipping or not counting, the
clauses of every item, the phrases promoted and the labels at the end.

A check, not a test: the readings depend on the corpora, which stay out of the repository.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

NOW = datetime(2026, 11, 25, 12, tzinfo=UTC)
_BATCH = 1000
# The issue bodies are long markdown texts (logs, code): a few hundred exercise long inputs.
_BODIES = 300


def _rows(path: Path) -> list[list[str]]:
    return list(csv.reader(path.read_text("utf-8", errors="replace").splitlines()))


def corpora(folder: Path) -> Iterator[tuple[str, list[str]]]:
    """Yield each corpus found in the folder (name, texts), and ours."""
    found = folder / "sanders-full-corpus.csv"
    if found.is_file():
        rows = list(csv.DictReader(found.read_text("utf-8", errors="replace").splitlines()))
        yield "sanders", [r["TweetText"] for r in rows]
    for name in ("amazon_cells_labelled.txt", "yelp_labelled.txt"):
        if (folder / name).is_file():
            lines = (folder / name).read_text("utf-8", errors="replace").splitlines()
            yield name.split("_")[0], [line.rsplit("\t", 1)[0] for line in lines]
    for name in ("tweets_GroundTruth.txt", "amazonReviewSnippets_GroundTruth.txt"):
        if (folder / name).is_file():
            lines = (folder / name).read_text("utf-8", errors="replace").splitlines()
            yield name.split("_")[0], [line.split("\t")[-1] for line in lines]
    if (folder / "complaints-data.csv").is_file():
        yield "complaints", [r[1] for r in _rows(folder / "complaints-data.csv") if len(r) > 1]
    issues = folder / "nlbse24-issues_test.csv"
    if issues.is_file():
        rows = list(csv.DictReader(issues.read_text("utf-8", errors="replace").splitlines()))
        yield "issue titles", [r["title"] for r in rows]
        yield "issue bodies", [r["body"] for r in rows[:_BODIES]]
    from benchmarks.eval_analysis import load_eval_set

    yield "our evaluation set", [item.text for item in load_eval_set()]
    from kiosk.demo import generate_demo

    yield "demo", [fb.text for fb in generate_demo(count=3000, now=NOW)]


def readings(texts: list[str]) -> dict[str, Any]:
    """Return everything one analyser reads in the texts, as plain JSON values."""
    from benchmarks.bench_analysis import feedback_items
    from kiosk.analysis import Analyzer

    items = feedback_items(texts, "check")
    analyzer = Analyzer()
    out: list[Any] = []
    promoted: list[Any] = []
    for i in range(0, len(items), _BATCH):
        found, changed = analyzer.read_batch(items[i : i + _BATCH])
        promoted.append(sorted(changed))
        for a in found:
            out.append(
                [
                    a.language,
                    a.kind.value,
                    a.kind_confidence,
                    a.skipped,
                    a.not_counted,
                    [
                        [m.term_key, m.term_label, m.kind.value, m.confidence, m.start, m.end]
                        for m in a.mentions
                    ],
                ]
            )
    explained = []
    for fb in items:
        a = analyzer.explain(fb)
        explained.append(
            [[c.start, c.end, c.kind.value, c.confidence] for c in a.clauses]
            + [[m.term_key, m.kind.value, m.confidence] for m in a.mentions]
        )
    keys = sorted({m[0] for item in out for m in item[5]})
    return {
        "items": out,
        "explained": explained,
        "promoted": promoted,
        "labels": [analyzer.label(k) for k in keys],
    }


def compare(name: str, before: dict[str, Any], after: dict[str, Any], shown: int = 5) -> int:
    """Print the differences of one corpus; return how many items differ."""
    # JSON turns tuples into lists: compare both as JSON values.
    after = json.loads(json.dumps(after))
    bad = 0
    for part in ("items", "explained"):
        old, new = before[part], after[part]
        if len(old) != len(new):
            print(f"{name}: {part}: {len(old)} items before, {len(new)} after")
            return max(len(old), len(new))
        for i, (a, b) in enumerate(zip(old, new, strict=True)):
            if a != b:
                bad += 1
                if bad <= shown:
                    print(f"{name}: {part} {i}:\n  before {a}\n  after  {b}")
    for part in ("promoted", "labels"):
        if before[part] != after[part]:
            bad += 1
            print(f"{name}: {part} differ")
    return bad


def main(argv: list[str] | None = None) -> int:
    """Save or compare the readings of every corpus."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="folder of public corpora")
    parser.add_argument("--save", type=Path, help="write the readings here")
    parser.add_argument("--against", type=Path, help="compare with readings saved before")
    args = parser.parse_args(argv)
    if (args.save is None) == (args.against is None):
        parser.error("give one of --save and --against")
    saved = json.loads(args.against.read_text("utf-8")) if args.against else {}
    result: dict[str, Any] = {}
    total = 0
    for name, texts in corpora(args.data):
        found = readings(texts)
        n = len(found["items"])
        if args.save:
            result[name] = found
            print(f"{name}: {n:,} items read")
            continue
        if name not in saved:
            print(f"{name}: not in {args.against}")
            total += 1
            continue
        bad = compare(name, saved[name], found)
        total += bad
        print(f"{name}: {n:,} items, {'identical' if not bad else f'{bad} differences'}")
    if args.save:
        args.save.write_text(json.dumps(result), "utf-8")
        return 0
    print("all identical" if not total else f"{total} differences in all")
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main())
