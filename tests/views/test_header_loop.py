"""The header at every width: it settles, never flips between one line and two for ever."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.app import Kiosk
from kiosk.settings import Settings
from kiosk.store import Store
from kiosk.views.tasks import synchronous


class Resizes(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.count += 1
        return False


def test_the_header_settles_at_every_window_width(qtbot: QtBot, demo_store: Store) -> None:
    kiosk = Kiosk(Settings(), demo_store, executor=synchronous)
    qtbot.addWidget(kiosk.window)
    try:
        kiosk.start(sync=False)
        window = kiosk.window
        window.resize(1200, 700)
        window.show()
        qtbot.waitExposed(window)
        header = window.header
        resizes = Resizes()
        header.installEventFilter(resizes)
        restless = []
        app = QApplication.instance()
        assert app is not None
        for width in range(760, 1201, 2):
            window.resize(width, 700)
            for _ in range(10):  # it settles within a few rounds of events
                app.processEvents()
            resizes.count = 0
            for _ in range(20):
                app.processEvents()
            if resizes.count:
                restless.append((width, resizes.count))
        assert not restless, f"the header kept resizing at (width, resizes): {restless}"
    finally:
        kiosk.stop()
