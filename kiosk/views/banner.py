"""A non-modal banner for notices: an unattended wall screen must never wait for a click."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from kiosk.screens import Notice, Severity
from kiosk.views.dashboard_model import DashboardModel

_MAX_SHOWN = 3
_ICONS = {Severity.INFO: "ℹ", Severity.WARNING: "⚠", Severity.ERROR: "✖"}


class NoticeBanner(QFrame):
    """Stacks the latest notices above the content; each has a close button.

    Info notices fade after ``info_seconds``; warnings and errors stay until closed, or until
    ``sticky_seconds`` on an unattended screen (``None`` keeps them).
    """

    def __init__(
        self,
        model: DashboardModel,
        parent: QWidget | None = None,
        *,
        info_seconds: int = 8,
        sticky_seconds: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self._info_ms = info_seconds * 1000
        self._sticky_ms = None if sticky_seconds is None else sticky_seconds * 1000
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(16, 6, 16, 6)
        self._layout.setSpacing(2)
        self._rows: list[QWidget] = []
        self.setVisible(False)
        model.notified.connect(self._on_model_notified)

    @property
    def texts(self) -> list[str]:
        """The texts of the notices shown now (for tests and accessibility)."""
        return [row.property("notice_text") for row in self._rows]

    def _on_model_notified(self, notice: Notice) -> None:
        if notice.text in self.texts:
            return
        row = QWidget(self)
        row.setProperty("notice_text", notice.text)
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        label = QLabel(f"{_ICONS[notice.severity]}  {notice.text}", row)
        # Notices quote file names, feed errors and customer-supplied text: never markup.
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setWordWrap(True)
        label.setAccessibleName(f"{notice.severity.name.lower()}: {notice.text}")
        close = QToolButton(row)
        close.setText("✕")
        close.setAccessibleName("Dismiss notice")
        close.clicked.connect(lambda: self._remove(row))
        layout.addWidget(label, 1)
        layout.addWidget(close)
        self._layout.addWidget(row)
        self._rows.append(row)
        while len(self._rows) > _MAX_SHOWN:
            self._remove(self._rows[0])
        timeout = self._info_ms if notice.severity is Severity.INFO else self._sticky_ms
        if timeout is not None:
            QTimer.singleShot(timeout, row, lambda: self._remove(row))
        self.setVisible(True)

    def _remove(self, row: QWidget) -> None:
        if row in self._rows:
            self._rows.remove(row)
            row.deleteLater()
        self.setVisible(bool(self._rows))
