"""An unattended wall moves on between scenes; any touch or key holds the one shown.

The scenes are the composition root's (the cloud, a spotlight on the biggest mover, ideas,
what is being done); a scene with nothing to show is skipped rather than shown empty.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

# What counts as someone at the wall.
_PRESENCE = (
    QEvent.Type.MouseButtonPress,
    QEvent.Type.TouchBegin,
    QEvent.Type.KeyPress,
    QEvent.Type.Wheel,
)


class SceneCycler(QObject):
    """Shows one scene after another at a fixed pace, and holds still after a touch.

    Args:
        seconds: how long each scene stays; 0 never moves on.
        pause_seconds: how long a touch or key holds the scene shown.

    Signals:
        scene_changed(str): the scene now shown, by name.
    """

    scene_changed = Signal(str)

    def __init__(self, seconds: int, pause_seconds: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._scenes: list[tuple[str, Callable[[], bool]]] = []
        self._index = 0
        self.current = ""
        self._seconds = seconds
        self._pause_ms = pause_seconds * 1000
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.next_scene)
        self.paused = False

    def add(self, name: str, show: Callable[[], bool]) -> None:
        """Add a scene: ``show`` puts it on screen and says whether it had anything to show."""
        self._scenes.append((name, show))

    def start(self) -> None:
        """Show the first scene and start moving on (when there is a pace and two scenes)."""
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self._index = -1
        self.next_scene()

    def stop(self) -> None:
        """Stay where it is, for good."""
        self._timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def next_scene(self) -> None:
        """Show the next scene that has something to show."""
        self.paused = False
        for _ in range(len(self._scenes)):
            self._index = (self._index + 1) % len(self._scenes)
            name, show = self._scenes[self._index]
            if show():
                self.current = name
                self.scene_changed.emit(name)
                break
        if self._seconds > 0 and len(self._scenes) > 1:
            self._timer.start(self._seconds * 1000)

    def hold(self) -> None:
        """Keep the scene shown for the pause (someone is reading or touching it)."""
        if self._seconds <= 0:
            return
        self.paused = True
        self._timer.start(self._pause_ms)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """A touch or a key anywhere holds the scene."""
        if event.type() in _PRESENCE:
            self.hold()
        return False
