from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QSize, Qt
from pytest_httpserver import HTTPServer
from pytestqt.qtbot import QtBot

from kiosk.app import Kiosk, install_exception_hooks, kind_colors
from kiosk.model import Customer, Feedback, Kind
from kiosk.screens import DashboardSnapshot, HeaderState, Severity
from kiosk.settings import FeedConfig, Settings, load_settings
from kiosk.store import Store
from kiosk.sync import run_once
from kiosk.values import CustomerStats
from kiosk.views.dashboard_model import DashboardModel
from kiosk.views.main_window import MainWindow
from kiosk.views.tasks import synchronous
from kiosk.views.theme import DARK


def make_window(qtbot: QtBot, wall: bool = False) -> tuple[MainWindow, DashboardModel]:
    model = DashboardModel()
    window = MainWindow(model, theme=DARK, kind_colors=kind_colors(Settings()), wall=wall)
    qtbot.addWidget(window)
    return window, model


def test_header_follows_the_model(qtbot: QtBot) -> None:
    window, model = make_window(qtbot)
    header = HeaderState(
        window_days=14,
        counts=CustomerStats(compliments=1234, ideas=56, complaints=789),
        source="Feeds: board",
        last_update=datetime(2026, 11, 25, 14, 2, tzinfo=UTC),
        connection="offline — showing data from 14:02",
        demo=False,
    )
    model.publish(DashboardSnapshot(1, header))
    bar = window.header
    assert bar.window_label.text() == "Last 14 days"
    assert bar.count_labels[Kind.COMPLIMENT].text() == "● 1,234 compliments"
    assert bar.count_labels[Kind.COMPLAINT].text() == "● 789 complaints"
    assert "offline — showing data from 14:02" in bar.status_label.full_text
    assert bar.source_label.full_text == "Feeds: board"
    # An older revision arriving late is dropped.
    model.publish(DashboardSnapshot(0, HeaderState(window_days=3)))
    assert bar.window_label.text() == "Last 14 days"


def test_just_now_ages_without_new_data(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    window, model = make_window(qtbot)
    model.publish(DashboardSnapshot(1, HeaderState(last_update=datetime.now(UTC))))
    assert "(just now)" in window.header.status_label.full_text

    class Later(datetime):
        @classmethod
        def now(cls, tz: object = None) -> datetime:  # type: ignore[override]
            return datetime.now(UTC) + timedelta(hours=2)

    monkeypatch.setattr("kiosk.views.header.datetime", Later)
    window.header._clock.timeout.emit()
    assert "(just now)" not in window.header.status_label.full_text


def test_notices_are_plain_text_and_dismissable(qtbot: QtBot) -> None:
    window, model = make_window(qtbot)
    window.show()
    model.notify("<b>bold</b> <img src=http://example.com/x.png>", Severity.ERROR)
    assert window.banner.isVisible()
    assert window.banner.texts == ["<b>bold</b> <img src=http://example.com/x.png>"]
    from PySide6.QtWidgets import QLabel, QToolButton

    label = window.banner.findChildren(QLabel)[0]
    assert label.textFormat() == Qt.TextFormat.PlainText
    qtbot.mouseClick(window.banner.findChildren(QToolButton)[0], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.banner.isVisible())


@pytest.mark.parametrize(("wall", "stays_fullscreen"), [(False, False), (True, True)])
def test_escape_leaves_full_screen_only_on_the_desk(
    qtbot: QtBot, wall: bool, stays_fullscreen: bool
) -> None:
    window, _model = make_window(qtbot, wall=wall)
    window.showFullScreen()
    qtbot.waitUntil(window.isFullScreen)
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert window.isFullScreen() is stays_fullscreen


def test_kiosk_opens_on_the_demo_and_says_so(qtbot: QtBot, store: Store) -> None:
    kiosk = Kiosk(Settings(), store, executor=synchronous)
    qtbot.addWidget(kiosk.window)
    kiosk.start()
    try:
        kiosk.show(fullscreen=False)
        header = kiosk.model.header
        assert header.demo
        assert "Demo data" in kiosk.window.header.source_label.full_text
        assert header.counts.total > 300
        assert store.count() == 5000
        # The demo is a feed: a second pass the same day finds it stored and does nothing.
        (report,) = run_once(kiosk.feeds, store)
        assert report.ok and report.not_modified and store.count() == 5000
    finally:
        kiosk.stop()


def test_settings_problems_show_as_notices(qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text("[display]\nwindow_days = -3\n")
    settings, problems = load_settings(path)
    kiosk = Kiosk(settings, store, problems=problems, executor=synchronous)
    qtbot.addWidget(kiosk.window)
    assert any("display.window_days" in t for t in kiosk.window.banner.texts)
    kiosk.stop()


def test_uncaught_exceptions_become_a_banner_not_a_box(qtbot: QtBot) -> None:
    import sys
    import threading

    window, model = make_window(qtbot)
    old_hook, old_thread_hook = sys.excepthook, threading.excepthook
    try:
        install_exception_hooks(model)
        try:
            raise ValueError("boom in a slot")
        except ValueError:
            sys.excepthook(*sys.exc_info())
        qtbot.waitUntil(lambda: bool(window.banner.texts))
        assert "ValueError: boom in a slot" in window.banner.texts[0]
    finally:
        sys.excepthook, threading.excepthook = old_hook, old_thread_hook


def test_render_image_has_the_requested_size(qtbot: QtBot) -> None:
    window, _model = make_window(qtbot)
    image = window.render_image(QSize(800, 450))
    assert (image.width(), image.height()) == (800, 450)


def test_feeds_sync_in_the_background_and_failures_keep_the_last_data(
    qtbot: QtBot, store: Store, httpserver: HTTPServer
) -> None:
    now = datetime.now(UTC)
    records = [
        {"id": str(i), "text": text, "created": (now - timedelta(days=i % 5)).isoformat(),
         "customer": f"c{i}"}
        for i, text in enumerate(["Late delivery again"] * 4 + ["The staff were lovely"] * 3)
    ]  # fmt: skip
    httpserver.expect_request("/feedback").respond_with_json(records)
    feed = FeedConfig(
        "api",
        "http",
        options={
            "url": httpserver.url_for("/feedback"),
            "mapping": {"external_id": "id", "text": "text", "created_at": "created",
                        "customer_id": "customer"},
        },
    )  # fmt: skip
    kiosk = Kiosk(Settings(feeds=(feed,)), store, executor=synchronous)
    qtbot.addWidget(kiosk.window)
    try:
        kiosk.start()
        assert not kiosk.model.header.demo
        assert kiosk.window.header.source_label.full_text == "Feeds: api"
        qtbot.waitUntil(lambda: store.count() == 7, timeout=15_000)
        qtbot.waitUntil(lambda: kiosk.model.header.connection == "live", timeout=5000)
        qtbot.waitUntil(lambda: "staff" in {t.key for t in kiosk.model.snapshot.terms})
        shown = kiosk.model.snapshot.terms
        httpserver.clear()
        httpserver.expect_request("/feedback").respond_with_data("down", status=500)
        assert kiosk.sync is not None
        kiosk.sync.service.sync_now()
        qtbot.waitUntil(lambda: kiosk.model.header.connection.startswith("offline"), timeout=15_000)
        assert "showing data from" in kiosk.model.header.connection
        assert any("internal error" in t for t in kiosk.window.banner.texts)
        assert kiosk.model.snapshot.terms == shown  # the last good data stays on screen
        assert store.count() == 7
    finally:
        kiosk.stop()


@pytest.mark.parametrize("width", [1280, 800])
def test_the_header_fits_a_small_window(qtbot: QtBot, width: int) -> None:
    window, model = make_window(qtbot)
    model.set_connection("offline — showing data from 14:02 because every feed is failing")
    window.resize(width, 480)
    window.show()
    qtbot.waitExposed(window)
    header = window.header
    assert header.minimumSizeHint().width() <= width
    # What is shortened is the long tail (source, freshness), never the counts.
    for label in header.count_labels.values():
        if label.isVisible():
            assert label.width() >= label.sizeHint().width()
    assert header.status_label.full_text.startswith("⚠ offline")
    window.close()


def test_a_status_that_looks_like_markup_is_shown_as_text(qtbot: QtBot) -> None:
    """A server's HTML error page can end up in a feed's status: the tooltip shows it as text."""
    from kiosk.views.header import ElidedLabel

    label = ElidedLabel()
    qtbot.addWidget(label)
    label.set_full_text("failing — HTTP 502: <img src='http://x/y.png'><b>Bad gateway</b>")
    tip = label.toolTip()
    assert "<img" not in tip and "&lt;img src=&#x27;http://x/y.png&#x27;&gt;" in tip
    label.set_full_text("live · updated 10:02")
    assert label.toolTip() == "live · updated 10:02"


@pytest.mark.parametrize("state", ["offline", "not live"])
def test_a_portrait_wall_still_says_how_stale_its_data_is(qtbot: QtBot, state: str) -> None:
    window, model = make_window(qtbot, wall=True)
    model.set_connection(f"{state} — showing data from 14:02")
    window.resize(1080, 1920)
    window.show()
    qtbot.waitExposed(window)
    header = window.header
    header.scale_to_height(1920)
    qtbot.waitUntil(lambda: header.status_label.isVisible())
    # Whole, marked and bold: the title and then the period gave their room, not this.
    status = header.status_label
    assert status.full_text.startswith(f"⚠ {state} — showing data from 14:02")
    assert status.text() == status.full_text
    assert status.property("role") == "alert"
    assert header.title.isHidden()
    window.close()


def test_a_narrow_window_gives_the_freshness_a_line_of_its_own(qtbot: QtBot) -> None:
    window, model = make_window(qtbot)
    model.set_connection("offline — showing data from 14:02 because every feed is failing")
    window.resize(640, 480)
    window.show()
    qtbot.waitExposed(window)
    status = window.header.status_label
    qtbot.waitUntil(lambda: status.text() == status.full_text)
    # Below the counts, whole, rather than "offline — sho…" squeezed beside them.
    assert status.geometry().top() > window.header.customers_label.geometry().bottom()
    window.resize(1280, 480)
    qtbot.waitUntil(
        lambda: status.geometry().top() < window.header.customers_label.geometry().bottom()
    )
    window.close()


def test_the_product_name_gives_its_room_to_the_feeds_names(
    qtbot: QtBot, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A wall with room for "Feeds: board" beside everything but its own name showed
    "voc-kiosk" and "Feeds: b…"."""
    from kiosk.views import header

    # An hour after the last sync: no "(just now)" to take the room.
    monkeypatch.setattr(header, "_ago", lambda _when, _now: "11:54")
    kinds = [Kind.COMPLIMENT] * 2 + [Kind.IDEA] * 7 + [Kind.COMPLAINT] * 3
    store.upsert(
        [
            Feedback(
                "board", str(i), "Dark mode please", datetime.now(UTC), Customer(f"c{i}"), kind
            )
            for i, kind in enumerate(kinds)
        ]
    )
    feed = FeedConfig("board", "fider", True, 60, {"url": "https://fider.example.com"})
    settings = Settings(feeds=(feed,)).replace(profile="wall")
    kiosk = Kiosk(settings, store, executor=synchronous)
    qtbot.addWidget(kiosk.window)
    size = QSize(1920, 1080)
    kiosk.window.prepare_offscreen(size)
    try:
        kiosk.start(sync=False)
        kiosk.window.render_image(size)
        bar = kiosk.window.header
        assert bar.count_labels[Kind.IDEA].text() == "● 7 ideas"
        source, status = bar.source_label, bar.status_label
        assert source.text() == source.full_text == "Feeds: board"
        assert status.text() == status.full_text
        assert bar.title.isHidden()
    finally:
        kiosk.stop()
