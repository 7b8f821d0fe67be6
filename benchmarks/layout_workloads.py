"""Write layout workloads in the shared format from a public text nobody on the team wrote.

The shared workloads (``../shared/bench/workloads``) are what the layout was tuned on; these
are words it has never seen: Python's own documentation as shipped with the interpreter
(``pydoc_data.topics``, under the PSF licence), counted, stop words left out. Like the
shared ones: ``words_N.json`` are the N most frequent (nested), ``_p5`` replaces about 5%
of them with words from further down the list entering at random ranks and nudges every
count by up to 5%, ``_c5`` only nudges the counts.

Usage:
    .venv/bin/python benchmarks/layout_workloads.py --out DIR [--seed 15]
    .venv/bin/python benchmarks/bench_layout.py --workloads DIR
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import Counter
from pathlib import Path
from pydoc_data.topics import topics

import stopwordsiso

SIZES = (50, 150, 300, 600, 1000)


def counted_words() -> list[tuple[str, int]]:
    """Return the documentation's words, most frequent first, without stop words."""
    stop = set(stopwordsiso.stopwords("en"))
    text = " ".join(topics.values()).lower()
    counts = Counter(w for w in re.findall(r"[a-z][a-z']+[a-z]", text) if w not in stop)
    return sorted(counts.items(), key=lambda wc: (-wc[1], wc[0]))


def nudged(words: list[tuple[str, int]], rng: random.Random) -> list[tuple[str, int]]:
    """Return the words with every count multiplied by about 1 +/- 5%."""
    return [(w, max(1, round(c * rng.uniform(0.95, 1.05)))) for w, c in words]


def replaced(
    words: list[tuple[str, int]], spare: list[tuple[str, int]], rng: random.Random
) -> list[tuple[str, int]]:
    """Return the words with about 5% swapped for spare ones taking random ranks' counts."""
    out = list(words)
    swaps = max(1, round(0.05 * len(words)))
    for i, (new, _) in zip(rng.sample(range(len(out)), swaps), spare, strict=False):
        out[i] = (new, out[rng.randrange(len(out))][1])
    return nudged(out, rng)


def write(path: Path, words: list[tuple[str, int]]) -> None:
    doc = {"words": [{"text": w, "count": c} for w, c in words]}
    path.write_text(json.dumps(doc, indent=0), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=15)
    args = parser.parse_args(argv)
    ranked = counted_words()
    if len(ranked) < max(SIZES) + 100:
        print(f"only {len(ranked)} distinct words in the text", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    for n in SIZES:
        rng = random.Random(f"{args.seed}-{n}")
        base = ranked[:n]
        write(args.out / f"words_{n}.json", base)
        write(args.out / f"words_{n}_p5.json", replaced(base, ranked[max(SIZES) :], rng))
        write(args.out / f"words_{n}_c5.json", nudged(base, rng))
    print(f"wrote {3 * len(SIZES)} workloads to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
