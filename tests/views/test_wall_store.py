"""A store that cannot be opened at start: the screen says why and where, and it retries."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from kiosk.app import StoreOpener
from kiosk.store import Store
from kiosk.views.theme import DARK


def test_a_damaged_store_is_said_on_screen_and_opens_once_mended(
    qtbot: QtBot, tmp_path: Path
) -> None:
    path = tmp_path / "data" / "voc-kiosk.sqlite3"
    path.parent.mkdir()
    path.write_bytes(b"not a database " * 1000)
    opener = StoreOpener(path, DARK, wall=True, fullscreen=False, retry_seconds=1)
    try:
        assert opener.try_open() is None
        screen = opener.screen
        assert screen is not None and screen.isVisible()
        text = screen.problem.text()
        assert "damaged" in text and str(path) in text and "--data-dir" in text
        assert "tried again every 1 s" in screen.retry.text()
        assert "SIGTERM" in screen.retry.text()
        # A passer-by cannot close it.
        assert not screen.close() and screen.isVisible()
        # Someone moves the damaged file aside: the next try opens a fresh store.
        path.rename(path.with_suffix(".damaged"))
        with qtbot.waitSignal(opener.opened, timeout=5000) as opened:
            pass
        store = opened.args[0]
        assert isinstance(store, Store)
        store.close()
        assert opener.screen is None
        qtbot.waitUntil(lambda: not screen.isVisible(), timeout=1000)
    finally:
        opener.stop()


def test_an_unwritable_folder_is_said_on_the_desk_and_its_window_closes(
    qtbot: QtBot, tmp_path: Path
) -> None:
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x")
    path = blocker / "voc-kiosk.sqlite3"
    opener = StoreOpener(path, DARK, wall=False, fullscreen=False, retry_seconds=30)
    try:
        assert opener.try_open() is None
        assert opener.problem is not None and str(blocker) in opener.problem
        screen = opener.screen
        assert screen is not None
        assert "SIGTERM" not in screen.retry.text()
        assert screen.close()
    finally:
        opener.stop()


def test_a_good_store_opens_without_a_screen(tmp_path: Path) -> None:
    opener = StoreOpener(tmp_path / "s.sqlite3", DARK, wall=True)
    store = opener.try_open()
    assert store is not None and opener.screen is None
    store.close()
