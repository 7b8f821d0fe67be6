"""Word lists edited in the settings file while the kiosk was off reach the stored items when
it starts, on the task worker as a change in the settings dialog does, and so does an upgrade
that reads feedback otherwise; the last cloud shows until they have."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from pytestqt.qtbot import QtBot

from kiosk.analysis import StoreAnalysis, Vocabulary
from kiosk.analysis.pipeline import META_ANALYSIS, META_VOCABULARY, analysis_version
from kiosk.app import Kiosk
from kiosk.model import Customer, Feedback, Kind
from kiosk.settings import FeedConfig, Settings, save_settings
from kiosk.store import Store
from kiosk.values import MentionRecord

TWEETS = [
    "Loving the new #Samsung galaxy nexus",
    "the #samsung galaxy tab is great",
    "Google keeps my photos, great app",
    "Google maps app is so good",
    "Ice Cream Sandwich update is great on the nexus",
    "waiting for the ice cream sandwich update",
    "The app crashed again",
]
# A feed, so that the kiosk shows the store rather than the demo.
FEED = FeedConfig("tweets", "csv", False, 300, {"path": "tweets.csv"})


def fill(store: Store) -> None:
    now = datetime.now(UTC)
    items = [
        Feedback("tweets", f"T{i}", text, now - timedelta(hours=i + 1), Customer(f"C{i}"))
        for i, text in enumerate(TWEETS)
    ]
    store.upsert(items, after=StoreAnalysis(store).analyze_into)


def shown(kiosk: Kiosk) -> set[str]:
    return {t.key for t in kiosk.model.snapshot.terms}


def started(kiosk: Kiosk, waiting: list[Callable[[], None]]) -> list[set[str]]:
    """Start the kiosk and run its jobs in turn; return the cloud's words after each."""
    kiosk.start(sync=False)
    seen: list[set[str]] = []
    while waiting:
        waiting.pop(0)()
        seen.append(shown(kiosk))
    return seen


def test_lists_edited_while_off_reach_the_cloud_after_the_last_one(
    qtbot: QtBot, store: Store, tmp_path: Path
) -> None:
    fill(store)
    settings = Settings(feeds=(FEED,)).replace(
        analysis__block_list=["google", "samsung"],
        analysis__synonyms={"ice cream sandwich": ["ice cream", "ics"]},
    )
    path = tmp_path / "settings.toml"
    save_settings(settings, path)
    waiting: list[Callable[[], None]] = []
    kiosk = Kiosk(settings, store, executor=waiting.append, settings_path=path)
    qtbot.addWidget(kiosk.window)
    try:
        seen = started(kiosk, waiting)
        # The store's cloud as it was came first: nothing waited for the re-analysis.
        assert any("google" in terms for terms in seen[:-1])
        terms = shown(kiosk)
        assert terms, "the cloud is not empty"
        assert not {"google", "samsung", "sam sing", "ice cream"} & terms
        assert "ice cream sandwich" in terms
        assert store.get_meta(META_VOCABULARY) == Vocabulary.from_settings(settings).version
    finally:
        kiosk.stop()


def test_a_start_with_the_lists_the_store_follows_reanalyses_nothing(
    qtbot: QtBot, store: Store
) -> None:
    fill(store)
    kiosk = Kiosk(Settings(feeds=(FEED,)), store, executor=lambda job: job())
    qtbot.addWidget(kiosk.window)
    try:
        assert kiosk.configuring.catch_up_vocabulary() is False
    finally:
        kiosk.stop()


def test_an_upgrade_reads_the_store_again_after_showing_the_last_cloud(
    qtbot: QtBot, store: Store
) -> None:
    fill(store)
    # What an older version stored: a reading this one would never make, on every item.
    old = MentionRecord("galaxi", "galaxi", Kind.IDEA, 0.9, 0, 6)
    store.replace_mentions({row.id: [old] for row in store.feedback_between()})
    store.set_meta(META_ANALYSIS, "30:0123456789abcdef")
    waiting: list[Callable[[], None]] = []
    kiosk = Kiosk(Settings(feeds=(FEED,)), store, executor=waiting.append)
    qtbot.addWidget(kiosk.window)
    try:
        seen = started(kiosk, waiting)
        assert any(terms == {"galaxi"} for terms in seen[:-1])
        terms = shown(kiosk)
        assert "galaxi" not in terms and {"google", "nexus"} <= terms
        assert store.get_meta(META_ANALYSIS) == analysis_version()
    finally:
        kiosk.stop()
