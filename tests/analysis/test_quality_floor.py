"""The analysis may not get worse on our labelled evaluation set without anyone noticing.

The floors sit a little below what the analyser scores today (see
``benchmarks/eval_analysis.py``); raise them when it gets better, never lower them quietly.
"""

from __future__ import annotations

import pytest

from benchmarks import eval_analysis
from kiosk.model import Kind

MACRO_F1_FLOOR = 0.94
PER_KIND_F1_FLOOR = 0.90
TERM_PRECISION_FLOOR = 0.84
TERM_RECALL_FLOOR = 0.80


@pytest.fixture(scope="module")
def scores():
    return eval_analysis.evaluate_analyser()


def test_the_set_is_big_and_varied_enough() -> None:
    items = eval_analysis.load_eval_set()
    assert len(items) >= 400
    languages = {i.language for i in items}
    assert languages == {"en", "fr", "de", "es"}
    assert all(sum(1 for i in items if i.language == lang) >= 50 for lang in languages)
    assert sum(1 for i in items if len(i.segments) > 1) >= 20  # items mixing kinds


def test_kinds_stay_above_the_floor(scores) -> None:
    assert scores.macro_f1 >= MACRO_F1_FLOOR
    table = scores.per_class()
    for kind in (Kind.COMPLIMENT, Kind.IDEA, Kind.COMPLAINT):
        assert table[kind][2] >= PER_KIND_F1_FLOOR, kind


def test_terms_stay_above_the_floor(scores) -> None:
    assert scores.term_precision >= TERM_PRECISION_FLOOR
    assert scores.term_recall >= TERM_RECALL_FLOOR


def test_we_beat_the_vader_alone_baseline(scores) -> None:
    module = eval_analysis
    items = module.load_eval_set()
    baseline = module.score(items, *module.vader_predictors())
    assert scores.macro_f1 > baseline.macro_f1 + 0.3
