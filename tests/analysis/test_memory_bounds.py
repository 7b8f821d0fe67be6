"""What the analysis remembers stays bounded however big the file a sync reads (issue 9).

A 150,000-row CSV whose every row brought a new word (a typo, an order code) took a
``sync --once`` to 700 MB: every clause, token, term and word count was remembered for the
whole pass (and, on a wall, for weeks). Each memory now has a size at which it forgets; the
caches among them are of pure functions, so forgetting changes no reading.
"""

from __future__ import annotations

import random

import pytest

import kiosk.analysis.analyzer as analyzer_module
import kiosk.analysis.kinds as kinds_module
import kiosk.analysis.profanity as profanity_module
import kiosk.analysis.sentiment as sentiment_module
import kiosk.analysis.text as text_module
from kiosk.analysis import Analyzer
from kiosk.analysis.phrases import PhraseModel
from kiosk.analysis.spelling import MIN_SEEN, Speller
from kiosk.analysis.surfaces import SurfaceForms
from kiosk.model import Feedback
from tests.analysis.conftest import make_feedback

SENTENCES = (
    "The delivery was late again and nobody answered the phone.",
    "Great staff at the Leeds store, thank you!",
    "Please add a dark mode to the app.",
    "Refund still not processed after three weeks.",
)


def _items(count: int, seed: int = 5) -> list[Feedback]:
    """Items of a few sentences, each with a made-up word (the vocabulary keeps growing)."""
    rng = random.Random(seed)
    items = []
    for i in range(count):
        word = "".join(rng.choice("bcdfghjklmnpqrstvwz") for _ in range(7))
        ending = rng.choice(("ok", "bad"))
        items.append(make_feedback(f"{SENTENCES[i % len(SENTENCES)]} Order {word} was {ending}."))
    return items


def _readings(analyzer: Analyzer, items: list[Feedback]) -> list[tuple[object, ...]]:
    return [(a.kind, a.kind_confidence, tuple(a.mentions)) for a in analyzer.read_batch(items)[0]]


def _all_readings(analyzer: Analyzer, items: list[Feedback]) -> list[tuple[object, ...]]:
    return [
        r
        for start in range(0, len(items), 20)
        for r in _readings(analyzer, items[start : start + 20])
    ]


def test_the_caches_forget_at_their_sizes_and_readings_stay_the_same(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    items = _items(600)
    expected = _all_readings(Analyzer(), items)
    # Small sizes, so a few hundred items fill every memory many times over.
    monkeypatch.setattr(sentiment_module, "_CACHE_SIZE", 50)
    monkeypatch.setattr(kinds_module, "_WORD_INFO_SIZE", 40)
    monkeypatch.setattr(text_module, "_NORMALIZED_SIZE", 40)
    monkeypatch.setattr(analyzer_module, "_DECISIONS_SIZE", 40)
    monkeypatch.setattr(profanity_module, "_ANSWERS_SIZE", 40)
    kinds_module._WORD_INFO.clear()
    text_module._NORMALIZED.clear()
    profanity_module._ANSWERS.clear()
    analyzer = Analyzer()
    biggest = {"clauses": 0, "words": 0, "normalized": 0, "decisions": 0, "profanity": 0}
    got: list[tuple[object, ...]] = []
    for start in range(0, len(items), 20):
        got.extend(_readings(analyzer, items[start : start + 20]))
        biggest["clauses"] = max(biggest["clauses"], len(analyzer._scorer._cache))
        biggest["words"] = max(biggest["words"], len(kinds_module._WORD_INFO))
        biggest["normalized"] = max(biggest["normalized"], len(text_module._NORMALIZED))
        biggest["decisions"] = max(biggest["decisions"], *map(len, analyzer._words.values()))
        biggest["profanity"] = max(biggest["profanity"], len(profanity_module._ANSWERS))
    # Sampled between batches, each memory was full at some point and never bigger.
    sizes = {"clauses": 50, "words": 40, "normalized": 40, "decisions": 40, "profanity": 40}
    assert all(0 < biggest[name] <= size for name, size in sizes.items()), biggest
    assert biggest["clauses"] == 50 and biggest["decisions"] == 40
    # Forgetting changes nothing read: every memory is of a pure function here (the made-up
    # words are never frequent, so no spelling learned on the way changes a decision).
    assert got == expected


def test_a_word_longer_than_any_real_one_is_judged_but_not_remembered() -> None:
    profanity_module._ANSWERS.clear()
    hostile = "shit" + "x" * 20_000
    assert profanity_module.is_profane(hostile)
    assert not profanity_module.is_profane("s" + "h" * 20_000)
    assert profanity_module.is_profane("shit") and not profanity_module.is_profane("ship")
    assert set(profanity_module._ANSWERS) == {"shit", "ship"}


def test_surfaces_forget_terms_seen_once_and_keep_frequent_ones() -> None:
    surfaces = SurfaceForms()
    surfaces.max_keys = surfaces._limit = 100
    for _ in range(MIN_SEEN):
        surfaces.add("delivery", "deliveries", "en")
    for i in range(1_000):
        surfaces.add(f"code{i}", f"Code{i}", "en")
        assert len(surfaces._counts) <= 100
        assert len(surfaces._languages) <= 101
    assert surfaces.seen("delivery") == MIN_SEEN
    assert surfaces.label("delivery") == "deliveries"
    assert surfaces.label_in("delivery", "en") == "deliveries"
    # The most recent rare terms are still there, counted.
    assert surfaces.seen("code999") == 1
    assert surfaces.label("code999") == "Code999"
    # Every structure forgot the same terms.
    assert set(surfaces._counts) == set(surfaces._totals) == set(surfaces._languages)
    assert {key for key, _ in surfaces._best_in} == set(surfaces._counts)


def test_surfaces_double_their_limit_when_every_term_is_frequent() -> None:
    surfaces = SurfaceForms()
    surfaces.max_keys = surfaces._limit = 10
    for i in range(25):
        for _ in range(MIN_SEEN):
            surfaces.add(f"term{i}", f"term{i}")
    # Nothing frequent is forgotten: the limit grew instead (10, 20, 40).
    assert all(surfaces.seen(f"term{i}") == MIN_SEEN for i in range(25))
    assert surfaces._limit == 40


def test_the_speller_still_corrects_towards_a_frequent_term_after_forgetting() -> None:
    surfaces = SurfaceForms()
    speller = Speller(surfaces)
    surfaces.max_keys = surfaces._limit = 50
    for _ in range(MIN_SEEN):
        surfaces.add("delivery", "delivery", "en")
    for i in range(500):
        surfaces.add(f"zz{i}", f"zz{i}", "en")
    assert speller.correct("en", "delivry", "delivry") == "delivery"


def test_phrase_counts_forget_words_seen_once_and_keep_the_phrases() -> None:
    phrases = PhraseModel(max_pairs=100)
    rng = random.Random(3)
    for i in range(2_000):
        code = "".join(rng.choice("bcdfghjklmnpqrstvwz") for _ in range(8))
        phrases.observe([["late", "delivery"], ["order", code, "missing"]])
        if i % 50 == 0:
            phrases.promote()
        assert len(phrases.pairs) <= 101
    phrases.promote()
    assert ("late", "delivery") in phrases.phrases
    # The made-up codes went with their pairs; the words of the pairs kept are still counted.
    assert len(phrases.unigrams) < 200
    assert phrases.unigrams["late"] == phrases.unigrams["delivery"] == 2_000
    assert phrases.npmi(("late", "delivery")) > 0.5
