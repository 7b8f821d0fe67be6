"""The admin's word lists reach every spelling: hashtags cut into pieces, listed phrases."""

from __future__ import annotations

from kiosk.analysis import Analyzer, Vocabulary
from tests.analysis.conftest import make_feedback

BRANDS = Vocabulary(block_list=("microsoft", "samsung"))
ICS = Vocabulary(
    synonyms={"ice cream sandwich": ("ice cream", "cream sandwich", "ics", "icecreamsandwich")}
)


def keys(analyzer: Analyzer, text: str) -> list[str]:
    return [m.term_key for m in analyzer.analyze(make_feedback(text))]


def test_a_blocked_brand_hides_its_hashtag_however_it_could_be_cut() -> None:
    # Without the list these hashtags are cut into dictionary words: "sam sung", "micro soft".
    plain = Analyzer()
    assert keys(plain, "the #samsung galaxy tab is great") == ["sam sing", "galaxy tab"]
    blocked = Analyzer(BRANDS)
    for text in (
        "the #samsung galaxy tab is great",
        "Keynote by #Microsoft today",
        "Keynote by #MicroSoft today",
        "Keynote by #microsoft today",
    ):
        found = keys(blocked, text)
        assert not any(k in found for k in ("sam sung", "sam sing", "micro soft", "micro", "soft"))
        assert not any("sam" in k or "micro" in k for k in found), (text, found)


def test_a_listed_phrase_is_one_term_however_it_is_written() -> None:
    analyzer = Analyzer(ICS)
    for text in (
        "Ice Cream Sandwich update is great on the nexus",
        "waiting for the ice cream sandwich update",
        "#IceCreamSandwich update is out",
        "#icecreamsandwich update is out",
        "ICS update soon",
    ):
        found = keys(analyzer, text)
        assert found.count("ice cream sandwich") == 1, (text, found)
        # The phrase's own words are not shown beside it as terms of their own.
        assert not {"ice", "cream", "sandwich", "ice cream", "cream sandwich"} & set(found)
        assert "update" in found, (text, found)
    # The listed two-word forms merge into it too, and alone a word is still itself.
    assert keys(analyzer, "The cream sandwich is out") == ["ice cream sandwich"]
    assert keys(analyzer, "The sandwich was stale") == ["sandwich"]


def test_a_blocked_phrase_hides_the_phrase_and_not_its_words() -> None:
    analyzer = Analyzer(Vocabulary(block_list=("customer service",)))
    assert keys(analyzer, "Your #customerservice is slow") == []
    assert keys(analyzer, "Your customer service is slow") == []
    assert keys(analyzer, "The service is slow") == ["service"]


def test_two_words_listed_as_each_others_synonyms_are_never_swapped() -> None:
    from datetime import UTC, datetime

    from kiosk.model import Customer, Feedback

    vocabulary = Vocabulary(synonyms={"delivery": ("refund",), "refund": ("delivery",)})
    analyzer = Analyzer(vocabulary)
    when = datetime.now(UTC)
    slow = Feedback("web", "1", "The delivery was slow", when, customer=Customer("c1"))
    owed = Feedback("web", "2", "The refund took forever", when, customer=Customer("c2"))
    assert {m.term_key for m in analyzer.analyze(slow)} == {"delivery"}
    assert {m.term_key for m in analyzer.analyze(owed)} == {"refund"}
