"""Measure what knowing the question a text answers does to its kind, on public answers.

Run: ``.venv/bin/python benchmarks/eval_answers.py --data DIR`` (the public files of
``training/DATA.md``).

The texts are hotel guests' answers to Booking.com's two questions, "What did you like?" and
"What did you dislike?" (``hotel-answers-read`` and ``hotel-answers-held``: public, written by
nobody here; the held half never read). Each half is read twice, as a survey's CSV export
would come in: once as one feed whose texts answer any question (the words alone decide), and
once as two feeds, one a question, each with the feed option ``answers`` set to the kind its
question leans to (compliment, complaint). The table gives item F1 per kind ("no kind"
counted as a miss), their macro average, how many answers are left with no kind, and, of the
words the wall colours in the answers to each question, those coloured against it.

A benchmark of quality, not a test: it prints a table and never fails.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from kiosk.analysis import Analyzer, Vocabulary
from kiosk.model import Kind

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.eval_analysis import _feedback, item_f1, training_module

_QUESTIONS = {"compliment": "liked", "complaint": "disliked"}
_SOURCES = ("hotel-answers-read", "hotel-answers-held")


def score(analyzer: Analyzer, examples: Sequence[tuple[str, str]], asked: bool) -> list[str]:
    """Return one row of the table: the examples read by ``analyzer``, each in the feed of
    its question (``asked``) or all in one feed."""
    pairs: list[tuple[str, str]] = []
    words: Counter[tuple[str, Kind]] = Counter()
    for n, (text, gold) in enumerate(examples):
        # The development sets' item, in the feed of its question.
        item = replace(_feedback(text, n), feed_id=_QUESTIONS[gold] if asked else "answers")
        found = analyzer.explain(item).kind
        pairs.append((gold, found.value))
        for mention in analyzer.analyze(item):
            words[(gold, mention.kind)] += 1
    f1 = item_f1(pairs, ("compliment", "complaint"))
    macro = sum(f1.values()) / len(f1)
    none = sum(1 for _, found in pairs if found == "unclassified")

    def against(gold: str, wrong: Kind) -> str:
        total = sum(v for (g, _), v in words.items() if g == gold)
        return f"{words[(gold, wrong)] / max(1, total):.1%}"

    return [
        f"{f1['compliment']:.3f}",
        f"{f1['complaint']:.3f}",
        f"{macro:.3f}",
        f"{none:,}",
        against("complaint", Kind.COMPLIMENT),
        against("compliment", Kind.COMPLAINT),
    ]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="folder with the public files")
    args = parser.parse_args(argv)
    data = training_module("data", "kinds_training_data")
    plain = Analyzer()
    asked = Analyzer(Vocabulary(answers={q: kind for kind, q in _QUESTIONS.items()}))
    header = ["source", "items", "read as", "F1 liked", "F1 disliked", "macro", "no kind"]
    header += ["disliked words green", "liked words red"]
    rows = [header]
    for name in _SOURCES:
        examples = [(e.text, e.kind) for e in data.load(args.data, {name})]
        for label, analyzer, by_question in (
            ("any question", plain, False),
            ("its question", asked, True),
        ):
            rows.append(
                [name, f"{len(examples):,}", label, *score(analyzer, examples, by_question)]
            )
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
    print(
        "(item F1, no kind counted as a miss; the words: of every word the wall colours in the"
        " answers to one question, those coloured as the other question's)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
