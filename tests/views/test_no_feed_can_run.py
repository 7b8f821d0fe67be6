"""Feeds asked for that cannot run are said, never replaced by the demo's made-up customers."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from pytestqt.qtbot import QtBot

from kiosk.app import Kiosk
from kiosk.app.feeds import feeds_for
from kiosk.screens import NO_FEED_CAN_RUN
from kiosk.settings import FeedConfig, load_settings, save_settings
from kiosk.store import Store
from kiosk.views.tasks import synchronous

MISSPELT = """
version = 1
[[feeds]]
name = "shop"
type = "csvv"
path = "export.csv"
"""


def misspelt(tmp_path: Path) -> Path:
    path = tmp_path / "settings.toml"
    path.write_text(MISSPELT, encoding="utf-8")
    return path


def test_a_misspelt_feed_is_not_no_feed(tmp_path: Path) -> None:
    settings, problems = load_settings(misspelt(tmp_path))
    assert settings.feeds == ()
    (why,) = settings.unusable_feeds
    assert why.startswith("feeds[shop].type: 'csvv' is not one of")
    assert any("csvv" in str(p) for p in problems)
    assert feeds_for(settings, None) == (None, settings)
    # No [[feeds]] at all is still the demo; so is the demo asked for on the command line.
    empty = tmp_path / "empty.toml"
    empty.write_text("version = 1\n", encoding="utf-8")
    assert feeds_for(load_settings(empty)[0], None)[0] == "static"
    assert feeds_for(settings, "live")[0] == "live"
    # A save from the settings dialog, which cannot show them, keeps them in the file: a save
    # that dropped them put the demo on the wall (helper-48).
    saved = tmp_path / "saved.toml"
    save_settings(settings.replace(display__theme="light"), saved)
    again, _ = load_settings(saved)
    assert again.unusable_feeds == settings.unusable_feeds
    assert feeds_for(again, None) == (None, again)
    assert 'type = "csvv"' in saved.read_text(encoding="utf-8")
    added = again.replace(feeds=(FeedConfig("demo", "demo"),))
    save_settings(added, saved)
    both, _ = load_settings(saved)
    assert [f.name for f in both.feeds] == ["demo"] and both.unusable_feeds == (why,)


def test_sync_once_fails_and_says_which_feed_cannot_run(tmp_path: Path) -> None:
    config = misspelt(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "kiosk", "sync", "--once", "--config", str(config),
         "--data-dir", str(tmp_path / "d")],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 1
    assert "no feed was synced" in result.stderr and "'csvv'" in result.stderr
    assert "the app shows the demo" not in result.stdout


def test_the_screen_says_no_feed_can_run_and_starts_when_one_can(
    qtbot: QtBot, store: Store, tmp_path: Path
) -> None:
    settings, _ = load_settings(misspelt(tmp_path))
    kiosk = Kiosk(settings, store, executor=synchronous)
    qtbot.addWidget(kiosk.window)
    try:
        kiosk.start()
        assert not kiosk.model.header.demo
        qtbot.waitUntil(lambda: kiosk.model.header.connection == NO_FEED_CAN_RUN, timeout=10_000)
        qtbot.waitUntil(lambda: kiosk.empty_view is not None, timeout=10_000)
        empty = kiosk.empty_view
        assert empty is not None
        assert empty.title.text() == "No feed can run"
        assert "'csvv'" in empty.detail.text()
        assert kiosk.window.header.source_label.full_text == "No feed can run"
        assert store.count() == 0  # not one made-up customer
        # The admin corrects it: the feed that can run starts at once.
        corrected = settings.replace(feeds=(FeedConfig("shop", "demo", options={"count": 40}),))
        kiosk.apply_settings(corrected)
        qtbot.waitUntil(lambda: store.count() == 40, timeout=15_000)
        qtbot.waitUntil(lambda: kiosk.model.header.connection == "live", timeout=10_000)
    finally:
        kiosk.stop()
