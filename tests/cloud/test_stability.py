"""The stability figure of the benchmark README."""

from __future__ import annotations

from benchmarks.layout_stability import stability
from kiosk.cloud import Placement


def at(key: str, x: float, y: float) -> Placement:
    return Placement(key, x, y, 10, 0, 10, 10)


def test_counts_only_words_in_both_and_moves_under_the_threshold() -> None:
    before = {"a": at("a", 0, 0), "b": at("b", 100, 0), "gone": at("gone", 5, 5)}
    after = {"a": at("a", 1, 0), "b": at("b", 100, 50), "new": at("new", 9, 9)}
    assert stability(before, after, diagonal=1000) == 0.5


def test_no_common_words_is_perfectly_stable() -> None:
    assert stability({"a": at("a", 0, 0)}, {"b": at("b", 0, 0)}, diagonal=10) == 1.0
