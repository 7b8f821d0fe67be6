"""A clicked word keeps its ring, not a card over its neighbours once its panel has closed."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from pytestqt.qtbot import QtBot

from kiosk.app import Kiosk
from kiosk.settings import Settings
from kiosk.store import Store
from kiosk.views.tasks import synchronous


def test_a_clicked_word_shows_no_card_after_its_panel_closes_but_arrows_do(
    qtbot: QtBot, demo_store: Store
) -> None:
    kiosk = Kiosk(Settings(), demo_store, executor=synchronous)
    window = kiosk.window
    qtbot.addWidget(window)
    try:
        window.resize(1280, 800)
        kiosk.start(sync=False)
        window.show()
        qtbot.waitExposed(window)
        cloud = kiosk.cloud
        qtbot.waitUntil(lambda: bool(cloud.placements), timeout=10_000)
        cloud.finish_animations()
        term = next(iter(cloud.placements))
        rect = cloud.word_rect(term)
        assert rect is not None
        qtbot.mouseClick(cloud, Qt.MouseButton.LeftButton, pos=rect.center().toPoint())
        panel = kiosk.drilldown
        assert panel is not None and panel.isVisible()
        panel.close_panel()
        window.activateWindow()
        cloud.setFocus()
        qtbot.waitUntil(cloud.hasFocus, timeout=5_000)
        cloud.leaveEvent(QEvent(QEvent.Type.Leave))  # the pointer has gone elsewhere
        assert cloud.focused_term == term  # the ring stays on the word clicked
        assert cloud._card_word() is None, "the clicked word's card stayed up"
        # Walked to with the keyboard, a word shows its card: that is how it is read.
        qtbot.keyClick(cloud, Qt.Key.Key_Right)
        shown = cloud._card_word()
        assert shown is not None and shown.key == cloud.focused_term
    finally:
        kiosk.stop()
