"""The wall's headline: what changed today, the biggest rising complaint, who still waits.

One line under the header in large type, pieces separated by dots; on a narrow screen the
least telling pieces give way (they come last) rather than the text being cut mid-word.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics, QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QWidget

from kiosk.views.dashboard_model import DashboardModel

_SEPARATOR = "   ·   "


class HeadlineBar(QWidget):
    """Shows the model's headline; hidden while there is none."""

    def __init__(self, model: DashboardModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("headline")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.label = QLabel()
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(16, 6, 16, 8)
        layout.addWidget(self.label)
        self.parts: tuple[str, ...] = ()
        model.headline_changed.connect(self.show_parts)
        self.show_parts(model.snapshot.headline)

    def show_parts(self, parts: Sequence[str]) -> None:
        """Show the headline's pieces (most telling first)."""
        self.parts = tuple(parts)
        self.setVisible(bool(self.parts))
        self.label.setAccessibleName(". ".join(self.parts))
        self._fit()

    def scale_to_height(self, height: int) -> None:
        """Size the text for a screen of this height (a wall is read from metres away)."""
        font = QFont(self.label.font())
        font.setPixelSize(max(16, round(height / 34)))
        self.label.setFont(font)
        self._fit()

    def _fit(self) -> None:
        metrics = QFontMetrics(self.label.font())
        room = max(self.label.width(), 1)
        parts = list(self.parts)
        # Drop the last pieces until the rest fits; the first is elided if it must be.
        while len(parts) > 1 and metrics.horizontalAdvance(_SEPARATOR.join(parts)) > room:
            parts.pop()
        text = _SEPARATOR.join(parts)
        self.label.setText(metrics.elidedText(text, Qt.TextElideMode.ElideRight, room))

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Size the text for the screen and fit the pieces to the new width."""
        super().resizeEvent(event)
        self.scale_to_height(self.window().height())
