"""The store records the word lists its mentions follow; lists changed behind its back (the
file edited while the kiosk was off) reach every stored item the next time it opens."""

from __future__ import annotations

from pathlib import Path

from kiosk.analysis import StoreAnalysis, Vocabulary
from kiosk.analysis.pipeline import META_VOCABULARY, META_VOCABULARY_LISTS
from kiosk.dashboard import Dashboard, window_ending
from kiosk.model import Feedback
from kiosk.store import Store
from tests.analysis.conftest import NOW, make_feedback
from tests.analysis.test_labels import TWEETS_ALIKE

TWEETS = [
    "Loving the new #Samsung galaxy nexus",
    "the #samsung galaxy tab is great",
    "Google keeps my photos, great app",
    "Ice Cream Sandwich update is great on the nexus",
    "waiting for the ice cream sandwich update",
    "The app crashed again",
    "Checkout is quick",
]
LISTS = Vocabulary(
    synonyms={"ice cream sandwich": ("ice cream", "cream sandwich", "ics")},
    block_list=("google", "samsung"),
)


def top(store: Store) -> dict[str, int]:
    return {s.key: s.customers for s in Dashboard(store).top_terms(window_ending(NOW, 30), 50)}


def top_stats(store: Store) -> list[tuple[str, str, int]]:
    stats = Dashboard(store).top_terms(window_ending(NOW, 30), 100)
    return [(s.key, s.label, s.customers) for s in stats]


def mentions(store: Store) -> set[tuple[str, str, str, str, int, int]]:
    return {
        (row.feedback.external_id, m.term_key, m.term_label, m.kind.value, m.start, m.end)
        for row in store.feedback_between()
        for m in store.mentions_of(row.id)
    }


def items(texts: list[str]) -> list[Feedback]:
    """The same items for every store (the same ids and customers)."""
    return [make_feedback(t, external_id=f"I{i}", customer_id=f"C{i}") for i, t in enumerate(texts)]


def filled(store: Store) -> None:
    analysis = StoreAnalysis(store)
    store.upsert([make_feedback(t) for t in TWEETS], after=analysis.analyze_into)


def test_a_new_store_records_the_lists_it_is_analysed_with(store: Store) -> None:
    StoreAnalysis(store, LISTS)
    assert store.get_meta(META_VOCABULARY) == LISTS.version
    assert Vocabulary.from_json(store.get_meta(META_VOCABULARY_LISTS)) == LISTS


def test_lists_edited_while_closed_reach_the_stored_items(store: Store) -> None:
    filled(store)
    before = top(store)
    assert "google" in before and "sam sing" in before and "ice cream" in before

    # The kiosk starts again (or ``sync --once`` runs) with the lists edited by hand.
    analysis = StoreAnalysis(store, LISTS)
    after = top(store)
    assert not {"google", "samsung", "sam sing", "ice cream", "sandwich update"} & set(after)
    assert after["ice cream sandwich"] == 2
    assert after["app"] == before["app"]
    assert store.get_meta(META_VOCABULARY) == LISTS.version
    assert not analysis.vocabulary_outdated()

    # The lists are recorded: taking a word off the block list brings it back.
    fewer = Vocabulary(synonyms=LISTS.synonyms, block_list=("samsung",))
    assert StoreAnalysis(store, fewer).set_vocabulary(fewer) == 0  # applied when opened
    assert top(store)["google"] == before["google"]
    assert StoreAnalysis(store, fewer, catch_up_vocabulary=False).vocabulary_outdated() is False


def test_an_edit_leaves_the_store_as_a_fresh_sync_with_the_new_lists_does(tmp_path: Path) -> None:
    # What the analysis learns depends on the order items come in: the phrases, the form a
    # term is labelled with, the terms merged. An edit that analysed only the items it
    # touched kept what the old lists had taught: here "Android" (written so in the two
    # items with "tablet", counted again) where a fresh sync says "android", and "Windows"
    # and "Bing" twice (see test_labels.py).
    texts = [
        "my android is slow",
        "the android keeps crashing",
        "android battery dies fast",
        "I think Android is fine but the tablet is bad",
        "so Android on a tablet is awful",
        *TWEETS_ALIKE,
    ]
    before = Vocabulary(synonyms={"Windows": ("win",)})
    after = Vocabulary(block_list=("tablet",), synonyms={"Microsoft": ("msft",)})
    with Store(tmp_path / "edited.sqlite3") as edited, Store(tmp_path / "fresh.sqlite3") as fresh:
        analysis = StoreAnalysis(edited, before)
        edited.upsert(items(texts), after=analysis.analyze_into)
        count = analysis.set_vocabulary(after)

        synced = StoreAnalysis(fresh, after)
        fresh.upsert(items(texts), after=synced.analyze_into)

        assert top_stats(edited) == top_stats(fresh)
        assert mentions(edited) == mentions(fresh)
        assert ("android", "android", 5) in top_stats(edited)
        assert count == len(texts)  # every item: what any of them taught may have changed


def test_a_store_analysed_with_lists_nobody_recorded_is_analysed_again_whole(
    store: Store,
) -> None:
    filled(store)
    # A store from before the lists were recorded: what it followed is not known.
    store.delete_meta(META_VOCABULARY)
    store.delete_meta(META_VOCABULARY_LISTS)
    analysis = StoreAnalysis(store, LISTS, catch_up_vocabulary=False)
    assert analysis.vocabulary_outdated()
    assert analysis.set_vocabulary(LISTS) == len(TWEETS)
    assert "google" not in top(store)
    assert store.get_meta(META_VOCABULARY) == LISTS.version


def test_items_stored_without_analysis_are_not_analysed_twice(store: Store) -> None:
    store.upsert([make_feedback(t) for t in TWEETS])
    analysis = StoreAnalysis(store, LISTS)
    assert store.get_meta(META_VOCABULARY) == LISTS.version
    assert analysis.catch_up() == len(TWEETS)
    assert "google" not in top(store)


def test_a_store_from_before_the_record_with_no_lists_is_left_as_it_is(store: Store) -> None:
    filled(store)
    store.delete_meta(META_VOCABULARY)
    store.delete_meta(META_VOCABULARY_LISTS)
    # No lists were ever changed in the dialog (it records them) and none are configured:
    # nothing can differ, and a start must not re-analyse a large store for nothing.
    analysis = StoreAnalysis(store)
    assert not analysis.vocabulary_outdated()
    assert store.get_meta(META_VOCABULARY) == Vocabulary().version
