"""Learn from this installation's labelled items: kinds a source stated or a person corrected.

A small linear layer over the same features as the shipped model, fitted on top of it (the
shipped model's logits are a fixed offset, so the layer learns only what this installation's
customers say differently). It takes a second or less for thousands of items, uses numpy
alone, and runs on a worker: no Qt, no store access while fitting.

Use::

    examples = labelled_examples(items)          # (text, kind, language) of labelled items
    local = fit_local_kinds(examples)            # None when there are too few
    analyzer.set_local_kinds(local)              # items analysed from now on use it
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from kiosk.analysis.kinds import (
    CLASSES,
    KINDS,
    RULE_FEATURES,
    KindModel,
    Reading,
    blank_addresses,
    has_link,
    shipped_model,
)
from kiosk.analysis.sentiment import KindScorer
from kiosk.analysis.text import MAX_TEXT_CHARS
from kiosk.model import Feedback, Kind, KindSource

__all__ = [
    "MIN_EXAMPLES",
    "fit_local_kinds",
    "is_labelled",
    "labelled_examples",
    "labelled_reading",
]

# Fewer labelled items than this teach nothing reliable: no local model.
MIN_EXAMPLES = 20
_MIN_COUNT = 2
# How much the shipped model counts against the labelled items, in items' worth, for the
# features it knows: their L2 is ``l2`` times this over the number of items, and never below
# ``l2`` (from this many labels on, the labels count as they always did). With one fixed L2,
# a few dozen labels pulled the layer as hard as hundreds, and made the unlabelled items worse
# on average (held-out macro-F1, 5 random draws, 20 and 50 labels: -0.021 and -0.020 on Yelp
# sentences, -0.012 and -0.017 on Apple tweets). With this, every size helped on both on
# average (see benchmarks/eval_analysis.py, "learning from labelled items"). German items have
# no shipped model of their own under the layer (nor had French and Spanish ones when this was
# measured), but holding their features less, or fitting them without its offset, read our 159
# such items no better (held-out macro-F1 0.970-0.976 against 0.978, 10 random halves), so
# every item is treated alike.
PRIOR_ITEMS = 3000


def is_labelled(feedback: Feedback) -> bool:
    """Whether an item's kind was stated (by its source, a rating or a person), not inferred."""
    return (
        feedback.kind is not Kind.UNCLASSIFIED and feedback.kind_source is not KindSource.INFERRED
    )


def labelled_examples(items: Iterable[Feedback]) -> list[tuple[str, Kind, str]]:
    """Return (text, kind, language) for the labelled items among ``items``.

    The language is the item's own when the source gave one, else English; the analyser's
    detection is not needed for fitting (the features of a lexicon language are its words).
    """
    return [
        (fb.text, fb.kind, (fb.language or "en").split("-")[0].lower())
        for fb in items
        if is_labelled(fb) and fb.text.strip()
    ]


def labelled_reading(text: str, language: str, reader: KindScorer | None = None) -> Reading:
    """Return the reading of a labelled text as the analysis reads a clause
    (``KindScorer.reading``): addresses blanked, the text tidied, an opener that frames a point
    ("Hi team,", "Honestly,") left out, so that "Honestly, hire a second chef." opens with its
    request in both. The shipped models are trained on these readings too.

    Args:
        text: the labelled text.
        language: its language.
        reader: the scorer whose lexicons read it; a caller reading many texts passes one, so
            that their words' valences are looked up once (a scorer is not shared between
            threads).
    """
    reader = reader or KindScorer()
    # Only the part the analysis reads (``MAX_TEXT_CHARS``): a 1 MB label took 0.6 s to read.
    text = text[:MAX_TEXT_CHARS]
    return reader.reading(blank_addresses(text).strip(), language, has_link(text))


def fit_local_kinds(
    examples: Sequence[tuple[str, Kind, str]],
    *,
    base: KindModel | None = None,
    l2: float = 1e-3,
    epochs: int = 120,
    lr: float = 0.05,
) -> KindModel | None:
    """Fit a local layer on labelled examples; return None when there are too few.

    Args:
        examples: (text, kind, language) of labelled items (see ``labelled_examples``).
        base: the model the layer sits on (the shipped one by default).
        l2: how strongly the layer is held near zero (near the shipped model), at least;
            fewer items hold it more (``PRIOR_ITEMS``).
        epochs: full passes of gradient descent.
        lr: the Adam step size.
    """
    import numpy as np  # only here: analysing needs no numpy, fitting does

    usable = [(t, k, lang) for t, k, lang in examples if k in KINDS]
    if len(usable) < MIN_EXAMPLES or len({k for _, k, _ in usable}) < 2:
        return None
    base = base or shipped_model()
    reader = KindScorer()
    readings = [labelled_reading(t, lang, reader) for t, _, lang in usable]
    # The sign of a proposal and a short request are rules of the shipped model's
    # (``RULE_NO_PROPOSAL``, ``RULE_SHORT_REQUEST``), not weights to learn: they stay in the
    # readings, for ``scores_logits``, and out of the rows.
    rows = [[f for f in r[0] if f not in RULE_FEATURES] for r in readings]
    counts: Counter[str] = Counter(f for row in rows for f in set(row))
    names = [f for f, c in counts.items() if c >= _MIN_COUNT or f == "<bias>"]
    index = {f: i for i, f in enumerate(names)}
    n, v, c = len(rows), len(names), len(CLASSES)
    cols_list: list[int] = []
    rows_list: list[int] = []
    for r, row in enumerate(rows):
        ids = sorted({index[f] for f in row if f in index})
        cols_list.extend(ids)
        rows_list.extend([r] * len(ids))
    cols = np.array(cols_list, dtype=np.int64)
    rws = np.array(rows_list, dtype=np.int64)
    offset = np.array(
        [
            base.scores_logits(reading, lang)
            for reading, (_, _, lang) in zip(readings, usable, strict=True)
        ]
    )
    # Features the shipped model knows are held by it; a word it never saw (a product's name,
    # a branch) only by ``l2``: there the labels are all there is to learn from.
    shipped = base.rows
    known = np.array([f in shipped for f in names])
    l2s = np.where(known, max(l2, l2 * PRIOR_ITEMS / n), l2)[:, None]
    labels = np.array([CLASSES.index(k) for _, k, _ in usable])
    y = np.zeros((n, c))
    y[np.arange(n), labels] = 1.0
    per_class = Counter(labels.tolist())
    sw = np.array([1.0 / per_class[k] for k in labels.tolist()])
    sw /= sw.sum()
    w = np.zeros((v, c))
    m = np.zeros_like(w)
    s = np.zeros_like(w)
    for epoch in range(1, epochs + 1):
        z = offset.copy()
        for k in range(c):
            z[:, k] += np.bincount(rws, weights=w[cols, k], minlength=n)
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(axis=1, keepdims=True)
        g = (p - y) * sw[:, None]
        grad = np.empty_like(w)
        for k in range(c):
            grad[:, k] = np.bincount(cols, weights=g[rws, k], minlength=v)
        grad += l2s * w
        m = 0.9 * m + 0.1 * grad
        s = 0.999 * s + 0.001 * grad * grad
        w -= lr * (m / (1 - 0.9**epoch)) / (np.sqrt(s / (1 - 0.999**epoch)) + 1e-8)
    return KindModel(names, w.astype(np.float32), neutral_min=base.neutral_min)
