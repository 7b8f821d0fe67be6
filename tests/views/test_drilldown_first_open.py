"""The first drill-down: what it needs loads while the app is idle, not on the first click."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QLabel
from pytestqt.qtbot import QtBot

from kiosk.app import Kiosk, kind_colors
from kiosk.settings import Settings
from kiosk.store import Store
from kiosk.views.cloud_view import CloudView
from kiosk.views.dashboard_model import DashboardModel
from kiosk.views.main_window import MainWindow
from kiosk.views.tasks import synchronous
from kiosk.views.theme import DARK

# A fresh interpreter runs the real app: what a first click loads is only seen in a process
# that never loaded it before (this one has, for other tests).
FIRST_CLICK = """
import json, os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtCore import QEventLoop
from PySide6.QtWidgets import QApplication
app = QApplication([])
from kiosk.app import Kiosk, kind_colors
from kiosk.settings import Settings
from kiosk.store import Store

profile, path = sys.argv[1], sys.argv[2]
store = Store(path)
kiosk = Kiosk(Settings().replace(profile=profile, wall__scene_seconds=0), store)
window = kiosk.window
prepared = []
window.panels_prepared.connect(lambda: prepared.append(True))
window.resize(1280, 800)
window.show()
kiosk.start(sync=False)

def until(done):
    while not done():
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)

until(lambda: prepared)
before = set(sys.modules)
term = next(iter(kiosk.cloud.placements))
kiosk.open_drilldown(term)
panel = kiosk.wall_detail if profile == "wall" else kiosk.drilldown
until(lambda: panel.detail is not None)
app.processEvents()
# The demo's first sync imports its source on a worker thread whenever it runs: no click's.
loaded = sorted(m for m in set(sys.modules) - before
                if m.split(".")[0] in ("pyqtgraph", "kiosk", "PySide6")
                and not m.startswith("kiosk.sync."))
print(json.dumps({"loaded": loaded, "title": panel.title.text(), "term": term,
                  "visible": panel.isVisible()}))
kiosk.stop()
store.close()
"""


@pytest.mark.parametrize("profile", ["desk", "wall"])
def test_a_first_click_loads_nothing_once_the_app_went_idle(
    demo_file: Path, tmp_path: Path, profile: str
) -> None:
    path = tmp_path / "store.sqlite3"
    shutil.copy(demo_file, path)
    result = subprocess.run(
        [sys.executable, "-c", FIRST_CLICK, profile, str(path)],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout.strip().splitlines()[-1])
    # pyqtgraph, the trend chart and the panel's module were loaded in the idle time.
    assert shown["loaded"] == []
    assert shown["visible"] and shown["title"]


def test_the_desk_dock_is_made_ahead_and_hidden_until_a_word_opens(
    qtbot: QtBot, demo_store: Store
) -> None:
    kiosk = Kiosk(Settings(), demo_store, executor=synchronous)
    window = kiosk.window
    qtbot.addWidget(window)
    try:
        window.resize(1280, 800)
        kiosk.start(sync=False)
        with qtbot.waitSignal(window.panels_prepared, timeout=30_000):
            window.show()
        dock = window.findChild(QDockWidget, "drilldown-dock")
        assert dock is not None and not dock.isVisible()
        central = window.centralWidget()
        assert central is not None
        # Made ahead, the dock takes no room from the cloud.
        assert central.width() == window.width()
        kiosk.cloud.finish_animations()
        term = next(iter(kiosk.cloud.placements))
        rect = kiosk.cloud.word_rect(term)
        assert rect is not None
        qtbot.mouseClick(kiosk.cloud, Qt.MouseButton.LeftButton, pos=rect.center().toPoint())
        panel = kiosk.drilldown
        assert panel is not None and panel.isVisible()
        assert dock.widget() is panel and dock.isVisible()
        assert panel.detail is not None and panel.detail.key == term
        assert window.findChildren(QDockWidget) == [dock]
        # Beside the cloud, as wide as before the dock was made ahead.
        assert dock.width() == pytest.approx(min(max(560, window.width() // 2), 1280 - 320), abs=8)
        assert central.width() < window.width() - 500
        panel.close_panel()
        assert not dock.isVisible()
    finally:
        kiosk.stop()


def test_a_window_never_shown_loads_nothing_ahead(qtbot: QtBot) -> None:
    # A snapshot renders a hidden window: it opens what it needs itself, when it needs it.
    cloud = CloudView(executor=synchronous)
    window = MainWindow(
        DashboardModel(), theme=DARK, kind_colors=kind_colors(Settings()), cloud=cloud
    )
    qtbot.addWidget(window)
    cloud.layout_applied.emit()
    assert not window.prepared
    assert window.findChild(QDockWidget, "drilldown-dock") is None
    cloud.shutdown()


def test_an_empty_cloud_is_not_the_first_cloud(qtbot: QtBot) -> None:
    # Before the feedback is read the cloud lays out no words: the loading ahead would slow
    # the reading (it holds the GIL) and hold the first words back.
    cloud = CloudView(executor=synchronous)
    window = MainWindow(
        DashboardModel(), theme=DARK, kind_colors=kind_colors(Settings()), cloud=cloud
    )
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    cloud.layout_applied.emit()
    assert not cloud.placements
    assert not window._prepare_timer.isActive() and not window.prepared
    cloud.shutdown()


@pytest.mark.parametrize("wall", [False, True])
def test_the_loading_ahead_is_cut_into_small_steps(wall: bool) -> None:
    from kiosk.views.drilldown import first_panel_steps

    # Each step is a few names or one import: the window runs a few per idle pass, between
    # the cloud's frames.
    steps = sum(1 for _ in first_panel_steps(wall=wall))
    assert steps > 500
    assert "pyqtgraph" in sys.modules and "kiosk.views.trend_chart" in sys.modules
    assert ("kiosk.views.wall_detail" in sys.modules) or not wall


def test_a_panel_made_ahead_waits_hidden_in_the_dock_and_opens_there(qtbot: QtBot) -> None:
    windows = []
    for _ in range(2):
        window = MainWindow(DashboardModel(), theme=DARK, kind_colors=kind_colors(Settings()))
        qtbot.addWidget(window)
        window.resize(1280, 800)
        window.show()
        qtbot.waitExposed(window)
        windows.append((window, QLabel("behind the word")))
    (ahead, panel), (plain, plain_panel) = windows
    central, plain_central = ahead.centralWidget(), plain.centralWidget()
    assert central is not None and plain_central is not None
    ahead.prepare_view(panel)
    dock = ahead.findChild(QDockWidget, "drilldown-dock")
    assert dock is not None and dock.widget() is panel
    assert not panel.isVisible() and ahead.drilldown is None
    assert central.width() == ahead.width()
    # Opened, it sits where a panel not made ahead does, as wide.
    ahead.show_drilldown(panel)
    plain.show_drilldown(plain_panel)
    assert panel.isVisible() and ahead.drilldown is panel
    assert ahead.findChildren(QDockWidget) == [dock]
    qtbot.waitUntil(lambda: plain_panel.width() > 500)
    qtbot.waitUntil(lambda: panel.geometry() == plain_panel.geometry())
    assert central.geometry() == plain_central.geometry()
    ahead.hide_drilldown()
    assert not panel.isVisible()


def test_a_wall_view_made_ahead_waits_behind_the_cloud(qtbot: QtBot) -> None:
    window = MainWindow(
        DashboardModel(), theme=DARK, kind_colors=kind_colors(Settings()), wall=True
    )
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    view = QLabel("behind the word")
    window.prepare_view(view, in_place_of_cloud=True)
    assert window.stack.currentWidget() is window.cloud and not view.isVisible()
    window.show_in_place_of_cloud(view)
    assert window.stack.currentWidget() is view and view.isVisible()
    assert window.stack.count() == 2
    window.show_in_place_of_cloud(None)
    assert window.stack.currentWidget() is window.cloud


@pytest.mark.parametrize("wall", [False, True])
def test_the_real_panel_is_built_while_idle_and_the_first_click_uses_it(
    qtbot: QtBot, demo_store: Store, wall: bool
) -> None:
    settings = Settings().replace(profile="wall", wall__scene_seconds=0) if wall else Settings()
    kiosk = Kiosk(settings, demo_store, executor=synchronous)
    window = kiosk.window
    qtbot.addWidget(window)
    try:
        window.resize(1280, 800)
        kiosk.start(sync=False)
        with qtbot.waitSignal(window.panels_prepared, timeout=30_000):
            window.show()
        qtbot.wait(50)
        made = kiosk.wall_detail if wall else kiosk.drilldown
        assert made is not None, "the panel waits for the first click to be built"
        assert not made.isVisible()
        assert window.stack.currentWidget() is kiosk.cloud
        term = next(iter(kiosk.cloud.placements))
        kiosk.open_drilldown(term)
        opened = kiosk.wall_detail if wall else kiosk.drilldown
        assert opened is made and opened.isVisible()
    finally:
        kiosk.stop()
