"""Choose how sure a lexicon language's model must be to give a kind where our lexicon finds none.

Run: ``python training/choose_model_min.py --data DIR [--language es|fr]``

On the language's training data alone (two folds by a hash of the text): a model trained on one
fold reads the other through ``KindScorer``, for each value of ``sentiment._MODEL_MIN`` (above 1:
the lexicon alone). Printed per source: macro-F1 over praise, problem and no kind (a plain
statement read as a problem is as wrong as a problem missed), macro-F1 over the texts with a
kind, and the share of texts with no kind that keep none. The development files
(``absa16-es-test``, ``airline-tweets-es-held``, ``absa16-fr-test``) are not read.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "training"))

import train_kinds  # noqa: E402
from data import _key, language_of, load  # noqa: E402

from benchmarks.eval_analysis import item_f1  # noqa: E402
from kiosk.analysis import sentiment  # noqa: E402
from kiosk.analysis.kinds import MODEL_RESOURCES, KindModel, blank_addresses  # noqa: E402

VALUES = (0.5, 0.6, 0.7, 0.8, 0.9, 1.1)


def _mean(scores: dict[str, float]) -> float:
    return sum(scores.values()) / len(scores)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="folder with the data files")
    # The lexicon languages with a model of their own (English has no lexicon to ask first).
    parser.add_argument("--language", choices=sorted(set(MODEL_RESOURCES) - {"en"}), default="es")
    args = parser.parse_args(argv)
    language: str = args.language
    examples = [
        e for e in load(args.data) if e.split == "train" and language_of(e.source) == language
    ]

    def fold(text: str) -> int:
        # By the text as ``data`` compares them: a retweet falls in its tweet's fold.
        return hashlib.sha256(_key(text).encode("utf-8")).digest()[0] % 2

    rows = train_kinds.featurize([e.text for e in examples], language)
    read: dict[float, list[tuple[str, str, str]]] = {v: [] for v in VALUES}
    for held in (0, 1):
        train = [i for i, e in enumerate(examples) if fold(e.text) != held]
        names, weights = train_kinds.fit(
            [rows[i] for i in train],
            [train_kinds.LABELS.index(examples[i].kind) for i in train],
            train_kinds.class_weights(
                [examples[i].kind for i in train], [examples[i].source for i in train]
            ),
        )
        model = KindModel(names, weights)
        shipped = sentiment._MODEL_MIN
        try:
            for value in VALUES:
                sentiment._MODEL_MIN = value
                scorer = sentiment.KindScorer()
                scorer._models[language] = model
                for e in examples:
                    if fold(e.text) == held:
                        found = scorer.classify(blank_addresses(e.text).strip(), language).kind
                        read[value].append((e.source, e.kind, found.value))
        finally:
            sentiment._MODEL_MIN = shipped
    for value in VALUES:
        cells = []
        for source in sorted({e.source for e in examples}):
            pairs = [(k, p) for s, k, p in read[value] if s == source]
            kinds = [(k, p) for k, p in pairs if k != "unclassified"]
            plain = [p for k, p in pairs if k == "unclassified"]
            kept = sum(p == "unclassified" for p in plain) / len(plain)
            three = _mean(item_f1(pairs, ("compliment", "complaint", "unclassified")))
            two = _mean(item_f1(kinds, ("compliment", "complaint")))
            cells.append(f"{source}: {three:.3f} / {two:.3f}, {kept:.0%} kept")
        label = "lexicon alone" if value > 1 else f"model at {value}"
        print(f"{label:<15}" + " | ".join(cells))
    return 0


if __name__ == "__main__":
    sys.exit(main())
