"""A batch reads every item as the item alone reads, and the caches that make it fast change
nothing: the speed work must never move a kind, a confidence, a term or a span."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from kiosk.analysis import Analyzer
from kiosk.analysis import kinds as kind_model
from kiosk.analysis.kinds import read
from kiosk.analysis.lexicon import lexicon
from kiosk.demo import generate_demo
from kiosk.model import Customer, Feedback, Kind, KindSource

NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)
EVAL_SET = Path(__file__).resolve().parents[2] / "benchmarks" / "data" / "eval_analysis.jsonl"
# Review sentences nobody here wrote (CC BY 4.0, see data/NOTICE.md).
PUBLIC_SAMPLE = Path(__file__).with_name("data") / "amazon_cells_sample.txt"


def public_items() -> list[Feedback]:
    """Return the public sample as items of a feed (the text of each line, its label left)."""
    lines = PUBLIC_SAMPLE.read_text(encoding="utf-8").splitlines()
    return [
        Feedback(
            feed_id="public",
            external_id=str(i),
            text=line.rsplit("\t", 1)[0],
            created_at=NOW,
            customer=Customer(f"p{i}"),
        )
        for i, line in enumerate(lines)
        if line.strip()
    ]


def evaluation_items() -> list[Feedback]:
    """Return our evaluation set as a source would deliver it (four languages, given kinds)."""
    items = []
    for i, line in enumerate(EVAL_SET.read_text(encoding="utf-8").splitlines()):
        if not line.strip():
            continue
        doc = json.loads(line)
        items.append(
            Feedback(
                feed_id="eval",
                external_id=str(i),
                text=doc["text"],
                created_at=NOW,
                customer=Customer(f"e{i}", "Sam Example"),
                kind=Kind(doc.get("given_kind") or "unclassified"),
                kind_source=KindSource.GIVEN,
            )
        )
    return items


@pytest.fixture(scope="module")
def items() -> list[Feedback]:
    """Varied feedback: public review sentences, our evaluation set, the demo's four
    languages."""
    return [*public_items(), *evaluation_items(), *generate_demo(count=600, now=NOW)]


def reading(analyzer: Analyzer, fb: Feedback) -> tuple[object, ...]:
    found = analyzer.explain(fb)
    return (found.language, found.kind, found.kind_confidence, tuple(found.clauses))


def test_a_batch_reads_each_item_as_it_reads_alone(items: list[Feedback]) -> None:
    batch, _ = Analyzer().read_batch(items, learn=False)
    alone = Analyzer()
    assert len(batch) == len(items)
    for fb, found in zip(items, batch, strict=True):
        single = alone.explain(fb)
        assert (found.language, found.kind, found.kind_confidence) == (
            single.language,
            single.kind,
            single.kind_confidence,
        ), fb.text
        # Labels follow the forms counted so far; the terms, kinds and spans are the reading.
        assert [(m.term_key, m.kind, m.confidence, m.start, m.end) for m in found.mentions] == [
            (m.term_key, m.kind, m.confidence, m.start, m.end) for m in single.mentions
        ], fb.text
    assert {a.kind for a in batch} >= {Kind.COMPLIMENT, Kind.IDEA, Kind.COMPLAINT}


@pytest.fixture
def cold_caches() -> Iterator[None]:
    """Empty the per-word caches of the kind reader, as in a fresh process."""
    kind_model._WORD_INFO.clear()
    kind_model._english_anchors()._hits.clear()
    lexicon("en").anchors._hits.clear()
    yield
    kind_model._WORD_INFO.clear()


@pytest.mark.usefixtures("cold_caches")
def test_remembered_words_read_as_words_seen_first(items: list[Feedback]) -> None:
    texts = [fb.text for fb in items]
    first = [read(text) for text in texts]
    assert len(kind_model._WORD_INFO) > 1000
    assert [read(text) for text in texts] == first
    assert [read(text) for text in reversed(texts)] == first[::-1]


def test_a_warm_analyser_reads_as_a_fresh_one(items: list[Feedback]) -> None:
    warm = Analyzer()
    for fb in items:
        warm.explain(fb)  # every cache filled: clause kinds, words, pattern anchors
    for fb in items[::7]:
        assert reading(warm, fb) == reading(Analyzer(), fb), fb.text
