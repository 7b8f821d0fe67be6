"""The background and the words a transition leaves in place, drawn once per transition.

A relayout keeps most words where they are, yet a frame used to fill the background and blit
every word again: at 4K that alone is more than a 60 Hz frame. The still layer is an opaque
picture of the background and those words, so a frame of the transition copies the part it
repaints from it and draws only the words that change on top.

Like the word pixmaps it is a memo: what it holds changes how fast a frame is drawn, never what
the frame shows. It is drawn again whenever its key (everything its picture depends on) differs
from the one it was drawn for, so a paint may fill it; ``drop()`` frees it when the transition
ends.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable

from PySide6.QtCore import QSize
from PySide6.QtGui import QPainter, QPixmap

__all__ = ["StillLayer"]


class StillLayer:
    """One opaque pixmap the size of the view, drawn again when its key changes."""

    def __init__(self) -> None:
        self._key: Hashable | None = None
        self._pixmap: QPixmap | None = None

    @property
    def drawn(self) -> bool:
        """Whether a picture is held (it may be out of date for the next key)."""
        return self._pixmap is not None

    def pixmap(
        self, key: Hashable, size: QSize, dpr: float, draw: Callable[[QPainter], None]
    ) -> QPixmap:
        """Return the layer for a key, drawing it first when the key is a new one.

        Args:
            key: everything the picture depends on besides ``size`` and ``dpr``.
            size: the view's size in logical pixels.
            dpr: the device pixel ratio of what the layer is copied onto.
            draw: paints the whole layer, background first (it starts undefined).
        """
        full_key = (key, size.width(), size.height(), dpr)
        if self._pixmap is None or full_key != self._key:
            self._pixmap = None
            pixmap = QPixmap(round(size.width() * dpr), round(size.height() * dpr))
            pixmap.setDevicePixelRatio(dpr)
            painter = QPainter(pixmap)
            try:
                draw(painter)
            finally:
                painter.end()
            self._pixmap, self._key = pixmap, full_key
        return self._pixmap

    def drop(self) -> None:
        """Free the picture (a 4K layer holds 33 MB)."""
        self._pixmap = None
        self._key = None
