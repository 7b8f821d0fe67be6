"""The screen a kiosk shows while its store cannot be opened: what is wrong, and that it retries.

A wall has nobody reading its standard error: a damaged or unreachable store is said on the
screen, in words a facilities person can act on, large enough to read from the door.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QFont, QResizeEvent
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from kiosk.views.theme import Theme, stylesheet

__all__ = ["StoreProblemView"]


class StoreProblemView(QWidget):
    """A whole-window message: the store cannot be opened, why, and when it tries again.

    Args:
        theme: surface colours (the kiosk's own, so the screen does not flash).
        retry_seconds: how often the store is tried again, said on the screen.
        wall: the unattended profile: a close request is refused (the service manager
            stops the kiosk), and the pointer is hidden.
    """

    def __init__(self, theme: Theme, retry_seconds: int, *, wall: bool) -> None:
        super().__init__()
        self.setObjectName("central")
        self.setWindowTitle("voc-kiosk — the feedback store cannot be opened")
        self.setStyleSheet(stylesheet(theme))
        self.wall = wall
        self._retry_seconds = retry_seconds
        self.title = QLabel("The feedback store cannot be opened")
        self.title.setProperty("role", "title")
        self.problem = QLabel()
        # The store's path and SQLite's words: shown as they are, never read as markup.
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.problem.setWordWrap(True)
        self.problem.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.retry = QLabel()
        self.retry.setProperty("role", "muted")
        self.retry.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(64, 64, 64, 64)
        layout.setSpacing(24)
        layout.addStretch(1)
        for label in (self.title, self.problem, self.retry):
            layout.addWidget(label)
        layout.addStretch(2)
        if wall:
            self.setCursor(Qt.CursorShape.BlankCursor)

    def show_problem(self, problem: str, tried_at: datetime) -> None:
        """Say what is wrong now, and when the store was last tried."""
        self.problem.setText(problem)
        stop = " To stop the kiosk, stop its service (it quits on SIGTERM)." if self.wall else ""
        self.retry.setText(
            f"Last tried at {tried_at:%H:%M:%S}. It is tried again every"
            f" {self._retry_seconds} s, and the cloud appears as soon as it opens.{stop}"
        )

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Size the text for the screen: readable across a room on a wall."""
        super().resizeEvent(event)
        px = max(14, round(self.height() / 36))
        margin = max(24, round(self.width() / 20))
        layout = self.layout()
        if layout is not None:
            layout.setContentsMargins(margin, margin, margin, margin)
        for label, share in ((self.title, 1.6), (self.problem, 1.0), (self.retry, 0.8)):
            font = QFont(label.font())
            font.setPixelSize(round(px * share))
            label.setFont(font)

    def dismiss(self) -> None:
        """Close the screen for good (the store opened, or the kiosk stops)."""
        self.wall = False
        self.close()
        self.deleteLater()

    def closeEvent(self, event: QCloseEvent) -> None:
        """On the wall a passer-by cannot close it; on the desk it closes (and the app quits)."""
        if self.wall:
            event.ignore()
            return
        super().closeEvent(event)
