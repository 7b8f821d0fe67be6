"""The main window: header, notices, and the area where the cloud lives."""

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping

from PySide6.QtCore import (
    QEasingCurve,
    QPoint,
    QPropertyAnimation,
    QRect,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QCloseEvent,
    QColor,
    QImage,
    QKeyEvent,
    QKeySequence,
    QResizeEvent,
    QScreen,
    QShortcut,
)
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.cloud.motion import TRANSITION_SECONDS
from kiosk.model import Kind
from kiosk.views.banner import NoticeBanner
from kiosk.views.cloud_view import CloudView
from kiosk.views.dashboard_model import DashboardModel
from kiosk.views.header import HeaderBar
from kiosk.views.theme import Theme, stylesheet

# What the first drill-down needs loads once the first cloud has arrived and come to rest:
# its entrance is the start-up's, and the loading must not make it stutter.
PREPARE_AFTER_MS = round(TRANSITION_SECONDS * 1000) + 700
# The loading goes in slices of about this long, between the frames of the cloud's motion
# (a frame at 60 Hz is 16 ms, and the cloud's own paint needs part of it).
PREPARE_SLICE_SECONDS = 0.006


class MainWindow(QMainWindow):
    """The kiosk's one window.

    Args:
        model: the dashboard model the header, banner and cloud subscribe to.
        theme: surface colours.
        kind_colors: the colour of each kind, shared with the cloud.
        wall: the unattended floor-screen profile (Esc does not leave full screen there).
        cloud: the widget that shows the cloud; a placeholder until one is given.

    Signals:
        settings_requested(): Ctrl+, or the header's settings button (the desk's only).
        close_requested(): on the wall, someone asked to close it (Alt+F4, the window
            manager, Ctrl+Q); it stays until ``allow_close`` (after the admin PIN).
        panels_prepared(): what the first drill-down needs (pyqtgraph, the classes of its
            widgets, a chart painted once, the desk's dock) has loaded, in the idle time
            after the first cloud; a panel built now and given to ``prepare_view`` opens on
            the first click as fast as on a later one.
    """

    settings_requested = Signal()
    close_requested = Signal()
    panels_prepared = Signal()

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
        # The header and notices span the whole width, above the cloud and any docked panel.
        top = QWidget(self)
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.setSpacing(0)
        self.header = HeaderBar(model, kind_colors, top)
        self.banner = NoticeBanner(model, top, sticky_seconds=120 if wall else None)
        top_layout.addWidget(self.header)
        top_layout.addWidget(self.banner)
        self._top_layout = top_layout
        self.explore: QWidget | None = None
        self.setMenuWidget(top)
        central = QWidget(self)
        central.setObjectName("central")
        self._central = central
        layout = self._layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        if cloud is None:
            placeholder = QLabel("The cloud appears here as soon as feedback is analysed.")
            placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
            placeholder.setProperty("role", "muted")
            cloud = placeholder
        self.cloud = cloud
        # The cloud, or another view of the same feedback in its place (what moved).
        self.stack = QStackedWidget(central)
        self.stack.addWidget(self.cloud)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.drilldown: QWidget | None = None
        self._dock: QDockWidget | None = None
        self._slide: QPropertyAnimation | None = None
        self.apply_theme(theme)
        for sequence in (
            QKeySequence(QKeySequence.StandardKey.Preferences),
            QKeySequence("Ctrl+,"),
        ):
            if not sequence.isEmpty():
                QShortcut(sequence, self, self.settings_requested.emit)
        self.header.settings_button.setVisible(not wall)
        self.header.settings_button.clicked.connect(self.settings_requested.emit)
        # A passer-by's Alt+F4 must not end an unattended wall: it asks for the admin PIN.
        self._may_close = not wall
        quits: dict[str, QKeySequence] = {}
        for sequence in (QKeySequence(QKeySequence.StandardKey.Quit), QKeySequence("Ctrl+Q")):
            if not sequence.isEmpty():
                # One shortcut per key: two with the same key are ambiguous and neither fires.
                quits[sequence.toString()] = sequence
        for sequence in quits.values():
            QShortcut(sequence, self, self.close)
        self._screen: QScreen | None = None
        # The first click on a word built the panel from nothing: pyqtgraph, the classes of its
        # widgets, the dock, 0.3-0.4 s with the GUI frozen. Loaded while idle, a little at a time.
        self.prepared = False
        self._preparing: Iterator[None] | None = None
        self._prepare_timer = QTimer(self)
        self._prepare_timer.setSingleShot(True)
        self._prepare_timer.timeout.connect(self._on_prepare_timer_timeout)
        if isinstance(cloud, CloudView):
            cloud.layout_applied.connect(self._on_cloud_layout_applied)

    def _on_cloud_layout_applied(self) -> None:
        # Only a window on a screen: a snapshot renders a hidden one and opens what it needs.
        if self.prepared or self._preparing is not None or not self.isVisible():
            return
        # The empty cloud before the feedback is read does not count: the loading would
        # take the GIL from the analysis and hold back the first words.
        cloud = self.cloud
        if not isinstance(cloud, CloudView) or not cloud.placements:
            return
        if not self._prepare_timer.isActive():
            self._prepare_timer.start(PREPARE_AFTER_MS)

    def _on_prepare_timer_timeout(self) -> None:
        if self._preparing is None:
            from kiosk.views.drilldown import first_panel_steps

            self._preparing = first_panel_steps(wall=self.wall)
        end = time.perf_counter() + PREPARE_SLICE_SECONDS
        for _ in self._preparing:
            if time.perf_counter() >= end:
                # The rest when the event loop is idle again: frames and clicks come first.
                self._prepare_timer.start(0)
                return
        if not self.wall:
            self._docked()
        self._preparing = None
        self.prepared = True
        self.panels_prepared.emit()

    def allow_close(self) -> None:
        """Let the next close request end the wall (the admin gave the PIN)."""
        self._may_close = True

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._may_close:
            event.ignore()
            self.close_requested.emit()
            return
        super().closeEvent(event)

    def show_full_screen(self) -> None:
        """Cover the whole screen, with or without a window manager.

        With no window manager (an ``xinit`` kiosk) nobody honours the full-screen request,
        so the window also takes the screen's geometry itself, and follows it when the
        screen changes (a new resolution).
        """
        screen = cover_screen(self)
        if screen is not None and screen is not self._screen:
            if self._screen is not None:
                self._screen.geometryChanged.disconnect(self._on_screen_geometry_changed)
            screen.geometryChanged.connect(self._on_screen_geometry_changed)
            self._screen = screen

    def _on_screen_geometry_changed(self, geometry: QRect) -> None:
        if self.isFullScreen():
            self.setGeometry(geometry)

    def set_explore_bar(self, bar: QWidget) -> None:
        """Put the desk's exploring bar under the header (above the notices)."""
        self.explore = bar
        self._top_layout.insertWidget(1, bar)

    def show_in_place_of_cloud(self, view: QWidget | None) -> None:
        """Show a view where the cloud is (None: the cloud again)."""
        if view is None:
            self.stack.setCurrentWidget(self.cloud)
            return
        if self.stack.indexOf(view) < 0:
            self.stack.addWidget(view)
        self.stack.setCurrentWidget(view)

    def show_drilldown(self, panel: QWidget, *, animate: bool = True) -> None:
        """Host the drill-down: a panel sliding in over the cloud on the wall, a dock on the desk.

        On the wall nobody resizes docks; on a laptop the cloud stays visible beside it.
        """
        self.drilldown = panel
        if self.wall:
            panel.setParent(self._central)
            target = self._overlay_rect()
            panel.setGeometry(target)
            panel.show()
            panel.raise_()
            if animate and self.isVisible():
                self._slide = QPropertyAnimation(panel, b"pos", panel)
                self._slide.setDuration(280)
                self._slide.setEasingCurve(QEasingCurve.Type.OutCubic)
                self._slide.setStartValue(QPoint(self._central.width(), target.y()))
                self._slide.setEndValue(target.topLeft())
                self._slide.start(QPropertyAnimation.DeletionPolicy.DeleteWhenStopped)
        else:
            dock = self._docked()
            dock.setWidget(panel)
            dock.show()
            self._size_dock()
        panel.setFocus()

    def prepare_view(self, view: QWidget, *, in_place_of_cloud: bool = False) -> None:
        """Put a view made ahead of its first showing where it will show, hidden, and polished.

        A panel built on the first click is also laid into the window and styled then: 40-80 ms
        more than a later click. Built while idle (on ``panels_prepared``) and placed here, it
        opens as fast the first time as any later one.

        Args:
            view: the view, not shown yet.
            in_place_of_cloud: a view for ``show_in_place_of_cloud`` (the wall's word);
                otherwise a panel for ``show_drilldown``.
        """
        if in_place_of_cloud:
            if self.stack.indexOf(view) < 0:
                self.stack.addWidget(view)
        elif self.wall:
            view.setParent(self._central)
            view.hide()
        else:
            self._docked().setWidget(view)
        view.ensurePolished()

    def _docked(self) -> QDockWidget:
        """Return the desk's dock for the drill-down, made (hidden) the first time."""
        if self._dock is None:
            dock = QDockWidget("Behind the word", self)
            dock.setObjectName("drilldown-dock")
            # Hidden until a panel is put in it: made ahead of the first click, it must not
            # take room from the cloud meanwhile.
            dock.hide()
            # The panel has its own title and close button; the dock's would repeat them.
            dock.setTitleBarWidget(QWidget(dock))
            dock.setAllowedAreas(
                Qt.DockWidgetArea.RightDockWidgetArea | Qt.DockWidgetArea.BottomDockWidgetArea
            )
            self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
            self._dock = dock
        return self._dock

    def _size_dock(self) -> None:
        if self._dock is not None and self._dock.isVisibleTo(self):
            width = min(max(560, self.width() // 2), self.width() - 320)
            self.resizeDocks([self._dock], [width], Qt.Orientation.Horizontal)

    def hide_drilldown(self) -> None:
        """Take the drill-down away and give the screen back to the cloud."""
        if self._dock is not None:
            self._dock.hide()
        if self.drilldown is not None:
            self.drilldown.hide()
        self.cloud.setFocus()

    def _overlay_rect(self) -> QRect:
        width = min(self._central.width(), max(560, int(self._central.width() * 0.5)))
        return QRect(self._central.width() - width, 0, width, self._central.height())

    def apply_theme(self, theme: Theme) -> None:
        """Restyle every part of the window for a theme."""
        self.theme = theme
        self.setStyleSheet(stylesheet(theme))

    def resizeEvent(self, event: QResizeEvent) -> None:
        self.header.scale_to_height(_type_height(self.size()))
        super().resizeEvent(event)
        if self.wall and self.drilldown is not None and self.drilldown.isVisible():
            self.drilldown.setGeometry(self._overlay_rect())

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

    def prepare_offscreen(self, size: QSize) -> None:
        """Give a window that is never shown its size and lay it out (for snapshots).

        A hidden widget's resize events wait until it is shown; the geometry itself changes at
        once, so children that lay out from their size (the cloud) see the right one.
        """
        self.resize(size)
        self.header.scale_to_height(_type_height(size))
        main_layout = self.layout()
        if main_layout is not None:
            main_layout.activate()
        self._size_dock()
        if main_layout is not None:
            main_layout.activate()
        self._layout.activate()
        # The header fits its line to its own width (a portrait screen puts the freshness on
        # a line of its own), and a hidden window's nested layouts never hand it that width:
        # lay the strip above the cloud out now, fit the header to the width it got, and lay
        # the window out again for the height the header then needs.
        top = self.menuWidget()
        if top is not None and main_layout is not None:
            self._top_layout.setGeometry(top.rect())
            self.header.scale_to_height(_type_height(size))
            header_layout = self.header.layout()
            if header_layout is not None:
                header_layout.setGeometry(self.header.rect())
            main_layout.activate()
            self._top_layout.setGeometry(top.rect())
        if self.wall and self.drilldown is not None and not self.drilldown.isHidden():
            self.drilldown.setGeometry(self._overlay_rect())

    def render_image(self, size: QSize) -> QImage:
        """Render the window at ``size`` into an image, without showing it on a screen."""
        self.prepare_offscreen(size)
        image = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(QColor(self.theme.background))
        self.render(image)
        return image


def cover_screen(window: QWidget) -> QScreen | None:
    """Show a window full screen, covering its screen even with no window manager.

    With no window manager (an ``xinit`` kiosk) nobody honours the full-screen state: the
    window takes the screen's geometry itself, and asks for the keyboard.

    Returns:
        The screen covered, or None when there is none.
    """
    screen = window.screen()
    if screen is not None:
        window.setGeometry(screen.geometry())
    window.showFullScreen()
    window.activateWindow()
    return screen


def _type_height(size: QSize) -> int:
    """Return the height the header's type is sized for: the screen's, or on a portrait screen
    the height a landscape one of its width would have (its one line must fit the width)."""
    return min(size.height(), round(size.width() * 9 / 16))
