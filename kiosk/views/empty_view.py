"""What the cloud's place says when there is no word to show, and why.

A blank screen reads as a broken one: with feeds that cannot be reached, a slice nobody wrote
in, or a store still filling, the place of the cloud says so in plain words.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QResizeEvent
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


class EmptyView(QWidget):
    """A title and an explanation, centred, in large type."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("empty")
        self.title = QLabel()
        self.detail = QLabel()
        self.detail.setProperty("role", "muted")
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        for label in (self.title, self.detail):
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setWordWrap(True)
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(label)
        layout.addStretch(1)
        layout.setContentsMargins(48, 24, 48, 24)

    def say(self, title: str, detail: str) -> None:
        """Show why there is nothing, and what happens next."""
        self.title.setText(title)
        self.detail.setText(detail)
        self.setAccessibleName(f"{title}. {detail}")

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Size the type for the screen."""
        super().resizeEvent(event)
        height = max(self.window().height(), 400)
        for label, share in ((self.title, 1 / 22), (self.detail, 1 / 40)):
            font = QFont(label.font())
            font.setPixelSize(max(14, round(height * share)))
            label.setFont(font)
