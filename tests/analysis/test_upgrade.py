"""An upgrade that reads feedback otherwise reads the stored items again, once: a wall does not
show old readings beside new ones for as long as it keeps them."""

from __future__ import annotations

import pytest

from kiosk.analysis import StoreAnalysis, Vocabulary, pipeline
from kiosk.analysis.pipeline import META_ANALYSIS, META_ANALYSIS_PROGRESS, analysis_version
from kiosk.model import Kind
from kiosk.store import Store
from kiosk.values import MentionRecord
from tests.analysis.conftest import make_feedback
from tests.analysis.test_vocabulary_record import TWEETS, mentions, top_stats

# What an older version stored for the first item: a reading this one would never make.
OLD = MentionRecord("galaxi", "galaxi", Kind.IDEA, 0.9, 0, 6)


def synced(store: Store) -> list[int]:
    analysis = StoreAnalysis(store)
    found = store.upsert([make_feedback(t) for t in TWEETS], after=analysis.analyze_into)
    return list(found.new_ids)


def read_by_an_older_version(store: Store, ids: list[int], version: str | None) -> None:
    store.replace_mentions({ids[0]: [OLD]})
    if version is None:
        store.delete_meta(META_ANALYSIS)
    else:
        store.set_meta(META_ANALYSIS, version)


@pytest.mark.parametrize("version", ["30:0123456789abcdef", None])
def test_a_store_read_by_another_version_is_read_again_once(
    store: Store, version: str | None
) -> None:
    ids = synced(store)
    fresh = mentions(store)
    read_by_an_older_version(store, ids, version)  # None: from before versions were recorded
    assert OLD in store.mentions_of(ids[0])
    StoreAnalysis(store)
    assert OLD not in store.mentions_of(ids[0])
    assert mentions(store) == fresh
    assert store.get_meta(META_ANALYSIS) == analysis_version()
    # Once: the next start reads nothing again.
    store.replace_mentions({ids[1]: [OLD]})
    StoreAnalysis(store)
    assert OLD in store.mentions_of(ids[1])


def test_a_store_this_version_read_is_left_as_it_is(store: Store) -> None:
    ids = synced(store)
    assert store.get_meta(META_ANALYSIS) == analysis_version()
    read_by_an_older_version(store, ids, analysis_version())
    StoreAnalysis(store)
    assert OLD in store.mentions_of(ids[0])


def test_a_big_store_is_read_again_page_by_page(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = synced(store)
    # What was learned stays (as for a big store's word-list edit): some labels, and on real
    # text some terms, may differ from a fresh sync's (not on these few items).
    stats = [(key, customers) for key, _, customers in top_stats(store)]
    read_by_an_older_version(store, ids, "30:0123456789abcdef")
    monkeypatch.setattr(pipeline, "REPLAY_LIMIT", 3)
    monkeypatch.setattr(pipeline, "REPLAY_PAGE", 2)
    StoreAnalysis(store)
    assert OLD not in store.mentions_of(ids[0])
    assert [(key, customers) for key, _, customers in top_stats(store)] == stats
    assert store.get_meta(META_ANALYSIS) == analysis_version()


def test_a_big_store_whose_lists_also_changed_is_read_again_whole(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = synced(store)
    read_by_an_older_version(store, ids, "30:0123456789abcdef")
    monkeypatch.setattr(pipeline, "REPLAY_LIMIT", 3)
    # An edit that touches no item: only the upgrade reads the first one again.
    StoreAnalysis(store, Vocabulary(block_list=("zeppelin",)))
    assert OLD not in store.mentions_of(ids[0])
    assert store.get_meta(META_ANALYSIS) == analysis_version()


def test_a_reading_cut_short_goes_on_where_it_stopped(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = synced(store)
    read_by_an_older_version(store, ids, "30:0123456789abcdef")
    store.replace_mentions({ids[-1]: [OLD]})
    # The newest items were read again before the kiosk was stopped: the last of them is
    # not read a second time (its old reading here stands for that), the first one is.
    store.set_meta(META_ANALYSIS_PROGRESS, f"{analysis_version()} {ids[-2]}")
    monkeypatch.setattr(pipeline, "REPLAY_LIMIT", 3)
    StoreAnalysis(store)
    assert OLD not in store.mentions_of(ids[0])
    assert OLD in store.mentions_of(ids[-1])
    assert store.get_meta(META_ANALYSIS) == analysis_version()
    assert store.get_meta(META_ANALYSIS_PROGRESS) is None
