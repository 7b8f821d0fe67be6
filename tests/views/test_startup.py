"""A restart shows the last good cloud at once, says the counts are loading, then the real
counts take over — before the store is even queried."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pytestqt.qtbot import QtBot

from kiosk.app import META_SCREEN, Kiosk
from kiosk.screens import restored_screen
from kiosk.settings import FeedConfig, Settings
from kiosk.store import Store
from kiosk.views.tasks import synchronous


def test_a_restart_shows_the_last_cloud_before_any_query(qtbot: QtBot, demo_store: Store) -> None:
    store = demo_store
    first = Kiosk(Settings(), store, executor=synchronous)
    qtbot.addWidget(first.window)
    first.start(sync=False)
    shown = first.model.snapshot
    first.stop()
    assert shown.terms
    assert (
        restored_screen(store.get_meta(META_SCREEN.format(profile="desk")), first.view.to_string())
        is not None
    )

    # The next start: jobs wait in a list, as they would behind a slow index load.
    waiting: list[Callable[[], None]] = []
    second = Kiosk(Settings(), store, executor=waiting.append)
    qtbot.addWidget(second.window)
    second.start(sync=False)
    try:
        early = second.model.snapshot
        assert waiting, "the counts are still to come"
        assert [t.key for t in early.terms] == [t.key for t in shown.terms]
        assert early.header.counts == shown.header.counts
        assert "while the latest counts load" in second.window.header.status_label.full_text
        assert second.cloud.placements or second.model.snapshot.terms
        for job in list(waiting):
            job()
        qtbot.waitUntil(lambda: second.model.snapshot.revision > 0, timeout=5000)
        assert "latest counts load" not in second.model.header.connection
        assert second.model.snapshot.header.counts == shown.header.counts
    finally:
        second.stop()


def test_a_saved_screen_for_another_view_or_damaged_is_not_shown() -> None:
    assert restored_screen(None, "days=30") is None
    assert restored_screen("{not json", "days=30") is None
    assert restored_screen('{"version": 1, "view": "days=7"}', "days=30") is None
    assert restored_screen('{"version": 1, "view": "days=30", "counts": [1]}', "days=30") is None


def test_no_word_is_never_a_blank_screen(qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    feed = FeedConfig("exports", "csv", True, 300, {"path": str(tmp_path / "missing.csv")})
    kiosk = Kiosk(Settings(feeds=(feed,)), store, executor=synchronous)
    qtbot.addWidget(kiosk.window)
    try:
        kiosk.start(sync=False)
        empty = kiosk.empty_view
        assert empty is not None and kiosk.window.stack.currentWidget() is empty
        assert empty.title.text() == "No feedback yet"
        # The sync says the feed is down: the place of the cloud says so too.
        kiosk.model.set_connection("offline — no data yet")
        assert empty.title.text() == "No feedback to show yet"
        assert "offline — no data yet" in empty.detail.text()
    finally:
        kiosk.stop()


def test_a_slice_nobody_wrote_in_says_how_to_widen_it(qtbot: QtBot, demo_store: Store) -> None:
    kiosk = Kiosk(Settings(), demo_store, executor=synchronous)
    qtbot.addWidget(kiosk.window)
    try:
        kiosk.start(sync=False)
        assert kiosk.window.stack.currentWidget() is kiosk.cloud
        kiosk.set_view(kiosk.view.with_slice("channel", "carrier pigeon"))
        empty = kiosk.empty_view
        assert empty is not None and kiosk.window.stack.currentWidget() is empty
        assert "remove a filter" in empty.detail.text()
        kiosk.set_view(kiosk.view.without("channel=carrier pigeon"))
        assert kiosk.window.stack.currentWidget() is kiosk.cloud
    finally:
        kiosk.stop()


def test_the_first_read_says_it_is_reading_not_that_nothing_came(
    qtbot: QtBot, store: Store
) -> None:
    # The demo's first read waits in a list, as it does on a busy machine (12-48 s seen).
    waiting: list[Callable[[], None]] = []
    kiosk = Kiosk(Settings(), store, executor=waiting.append, demo="static")
    qtbot.addWidget(kiosk.window)
    try:
        kiosk.start(sync=False)
        empty = kiosk.empty_view
        assert empty is not None and kiosk.window.stack.currentWidget() is empty
        assert empty.title.text() == "Reading the feedback…"
        assert "Nothing has arrived" not in empty.detail.text()
        while waiting:
            waiting.pop(0)()
        qtbot.waitUntil(lambda: kiosk.window.stack.currentWidget() is kiosk.cloud, timeout=20_000)
    finally:
        kiosk.stop()


def test_feeds_all_switched_off_are_not_being_read(
    qtbot: QtBot, store: Store, tmp_path: Path
) -> None:
    feed = FeedConfig("exports", "csv", False, 300, {"path": str(tmp_path / "export.csv")})
    kiosk = Kiosk(Settings(feeds=(feed,)), store, executor=synchronous)
    qtbot.addWidget(kiosk.window)
    try:
        kiosk.start(sync=True, deliver=False)
        empty = kiosk.empty_view
        assert empty is not None and kiosk.window.stack.currentWidget() is empty
        # No pass will ever run: "Reading the feedback…" would stay for good.
        assert empty.title.text() == "No feedback yet"
    finally:
        kiosk.stop()
