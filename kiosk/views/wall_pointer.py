"""The wall's mouse pointer: hidden, and shown for a few seconds when a real mouse moves.

A wall is touched or left alone: a pointer resting in the middle of the cloud only hides a
word. Someone who plugs in a mouse to look after the kiosk moves it and sees it at once;
touch, and the moves Qt makes up when widgets change under a still pointer, show nothing.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPointF, Qt, QTimer
from PySide6.QtGui import QCursor, QInputDevice, QMouseEvent, QWindow
from PySide6.QtWidgets import QApplication, QWidget

__all__ = ["SHOW_SECONDS", "WallPointer"]

SHOW_SECONDS = 3.0
# A move shorter than this (in pixels) is a hand resting on the desk, not someone looking.
_JITTER = 3.0


class WallPointer(QObject):
    """Hides the pointer over the whole application until ``stop``.

    Args:
        window: the wall's window, whose mouse moves show the pointer.
        show_seconds: how long the pointer shows after a real mouse move.
    """

    def __init__(self, window: QWidget, show_seconds: float = SHOW_SECONDS) -> None:
        super().__init__(window)
        self._window = window
        self._watched: QWindow | None = None
        self._hidden = False
        self._running = False
        # Where the pointer rested when it was hidden.
        self._anchor: QPointF | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(round(show_seconds * 1000))
        self._timer.timeout.connect(self._hide)

    @property
    def hidden(self) -> bool:
        """Whether the pointer is hidden now."""
        return self._hidden

    def start(self) -> None:
        """Hide the pointer and watch for the mouse (once the window is shown)."""
        if self._running:
            return
        self._running = True
        # The window's own surface sees every input event of the window once; a filter on
        # the whole application would run Python for every timer tick and paint as well.
        self._window.winId()
        self._watched = self._window.windowHandle()
        if self._watched is not None:
            self._watched.installEventFilter(self)
        self._hide()

    def stop(self) -> None:
        """Show the pointer again for good."""
        if not self._running:
            return
        self._running = False
        self._timer.stop()
        if self._watched is not None:
            self._watched.removeEventFilter(self)
            self._watched = None
        self._show()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.MouseMove
            and isinstance(event, QMouseEvent)
            and event.spontaneous()
            and event.deviceType() == QInputDevice.DeviceType.Mouse
        ):
            self._on_mouse_moved(event.globalPosition())
        return False

    def _on_mouse_moved(self, where: QPointF) -> None:
        if not self._hidden:
            # Shown and still moving: it stays a while longer.
            self._anchor = where
            self._timer.start()
            return
        anchor = self._anchor
        if anchor is None:
            # The first position seen is where the pointer rests, not a move.
            self._anchor = where
            return
        if abs(where.x() - anchor.x()) + abs(where.y() - anchor.y()) >= _JITTER:
            self._anchor = where
            self._show()
            self._timer.start()

    def _hide(self) -> None:
        if not self._hidden and self._running:
            QApplication.setOverrideCursor(QCursor(Qt.CursorShape.BlankCursor))
            self._hidden = True

    def _show(self) -> None:
        if self._hidden:
            QApplication.restoreOverrideCursor()
            self._hidden = False
