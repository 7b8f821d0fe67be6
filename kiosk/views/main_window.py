"""The main window: header, notices, and the area where the cloud lives."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QImage, QKeyEvent, QResizeEvent
from PySide6.QtWidgets import QLabel, QMainWindow, QVBoxLayout, QWidget

from kiosk.model import Kind
from kiosk.views.banner import NoticeBanner
from kiosk.views.dashboard_model import DashboardModel
from kiosk.views.header import HeaderBar
from kiosk.views.theme import Theme, stylesheet


class MainWindow(QMainWindow):
    """The kiosk's one window.

    Args:
        model: the dashboard model the header, banner and cloud subscribe to.
        theme: surface colours.
        kind_colors: the colour of each kind, shared with the cloud.
        wall: the unattended floor-screen profile (Esc does not leave full screen there).
        cloud: the widget that shows the cloud; a placeholder until one is given.
    """

    def __init__(
        self,
        model: DashboardModel,
        *,
        theme: Theme,
        kind_colors: Mapping[Kind, QColor],
        wall: bool = False,
        cloud: QWidget | None = None,
    ) -> None:
        super().__init__()
        self.setWindowTitle("voc-kiosk — what our customers say")
        self.model = model
        self.wall = wall
        central = QWidget(self)
        central.setObjectName("central")
        self._central = central
        layout = self._layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.header = HeaderBar(model, kind_colors, central)
        self.banner = NoticeBanner(model, central, sticky_seconds=120 if wall else None)
        if cloud is None:
            placeholder = QLabel("The cloud appears here as soon as feedback is analysed.")
            placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
            placeholder.setProperty("role", "muted")
            cloud = placeholder
        self.cloud = cloud
        layout.addWidget(self.header)
        layout.addWidget(self.banner)
        layout.addWidget(self.cloud, 1)
        self.setCentralWidget(central)
        self.apply_theme(theme)

    def apply_theme(self, theme: Theme) -> None:
        """Restyle every part of the window for a theme."""
        self.theme = theme
        self.setStyleSheet(stylesheet(theme))

    def resizeEvent(self, event: QResizeEvent) -> None:
        self.header.scale_to_height(self.height())
        super().resizeEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # On the wall, a stray key press must not take the kiosk out of full screen.
        if event.key() == Qt.Key.Key_Escape and self.isFullScreen() and not self.wall:
            self.showNormal()
            event.accept()
            return
        if event.key() == Qt.Key.Key_F11 and not self.wall:
            if self.isFullScreen():
                self.showNormal()
            else:
                self.showFullScreen()
            event.accept()
            return
        super().keyPressEvent(event)

    def render_image(self, size: QSize) -> QImage:
        """Render the window at ``size`` into an image, without showing it on a screen."""
        self.resize(size)
        self.header.scale_to_height(size.height())
        self._central.resize(size)
        self._layout.activate()
        image = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(QColor(self.theme.background))
        self.render(image)
        return image
