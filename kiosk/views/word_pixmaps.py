"""The cloud's words drawn once as pixmaps, so that a frame is a list of blits.

A word's pixmap is drawn per look (rotation, colour, arrow, mix bar, pixel ratio) and font
size, and kept while the word is on screen. The cache is a memo: what it holds changes how
fast a frame is drawn, never what the frame shows, so a paint may fill it; ``invalidate()``
is the one place it is emptied, ``prune()`` trims it to the words on screen.
"""

from __future__ import annotations

import time
from collections.abc import Collection, Iterable

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QPainter, QPixmap

from kiosk.cloud.motion import Pose, Word
from kiosk.views.word_art import WordArt

__all__ = ["WordBlits", "WordPixmaps"]

# A pixmap and the font size it was drawn at.
Art = tuple[QPixmap, float]


class WordPixmaps:
    """The pixmaps of the cloud's words, drawn at each word's size within a frame's budget.

    A frame is owed (``behind``) when a word was drawn scaled from another size because a
    budget ran out, or when ``owe_frame`` asked for one.
    """

    def __init__(self, art: WordArt) -> None:
        self._art = art
        self._exact: dict[tuple[object, ...], QPixmap] = {}
        # The latest pixmap of each look, whatever its size: the stand-in past the budget.
        self._latest: dict[tuple[object, ...], Art] = {}
        # The words drawn with a stand-in since a frame last asked: that frame draws each
        # again whole (a paint may have drawn the exact pixmap over part of it only).
        self._stand_ins: set[str] = set()
        self._owed = False

    @property
    def behind(self) -> bool:
        """Whether a frame is owed: a word shows a stand-in, or one more frame was asked for."""
        return self._owed or bool(self._stand_ins)

    def invalidate(self) -> None:
        """Forget every pixmap (the palette changed: every look is drawn again)."""
        self._exact.clear()
        self._latest.clear()

    def owe_frame(self) -> None:
        """Ask for one more frame at frame rate, to draw what a budget postponed."""
        self._owed = True

    def owed(self, words: Iterable[Word]) -> list[Word]:
        """Return the words to draw again (drawn with a stand-in), and settle the debt.

        Args:
            words: the words on screen.
        """
        self._owed = False
        stand_ins, self._stand_ins = self._stand_ins, set()
        return [w for w in words if w.key in stand_ins]

    def frame(self, painter: QPainter, dpr: float, deadline: float | None) -> WordBlits:
        """Start a frame that blits words with the painter.

        Args:
            painter: the painter of the paint under way.
            dpr: the device pixel ratio of what it paints on.
            deadline: ``time.perf_counter()`` past which words changing size are scaled from
                their last pixmap instead of drawn again; None draws every one exactly.
        """
        return WordBlits(self, painter, dpr, deadline)

    def art(self, word: Word, colour: str, dpr: float, deadline: float | None) -> Art:
        """Return a pixmap of the word in a colour, and the font size it was drawn at.

        Before the deadline the pixmap is drawn at the word's new size; past it, the last
        pixmap of the word is scaled instead and the exact one follows in a later frame, so
        300 words changing size at once never stall a frame.
        """
        key = (word.key, round(word.pix_size, 2), word.rotation, colour, word.rising, word.mix, dpr)
        pix = self._exact.get(key)
        if pix is not None:
            return pix, word.pix_size
        look = (word.key, word.rotation, colour, word.rising, word.mix, dpr)
        fallback = self._latest.get(look)
        if fallback is not None and deadline is not None and time.perf_counter() > deadline:
            self._stand_ins.add(word.key)
            return fallback
        mix = tuple((QColor(shade), share) for shade, share in word.mix)
        pix = self._art.render(
            word.stat.label, word.pix_size, word.rotation, QColor(colour), word.rising, dpr, mix
        )
        self._exact[key] = pix
        self._latest[look] = (pix, word.pix_size)
        return pix, word.pix_size

    def __len__(self) -> int:
        """How many pixmaps the cache holds (exact drawings and stand-ins)."""
        return len(self._exact) + len(self._latest)

    def prune(self, words: Collection[Word]) -> None:
        """Drop the pixmaps no word on screen can use, once they outnumber the words well."""
        if len(self._exact) + len(self._latest) <= 3 * max(len(words), 1) + 16:
            return
        wanted = {
            (w.key, round(w.pix_size, 2), w.rotation, c, w.rising, w.mix)
            for w in words
            for c in (w.colour, w.from_colour)
            if c is not None
        }
        self._exact = {k: v for k, v in self._exact.items() if k[:6] in wanted}
        # A word's look changes with its mix of kinds, which moves with every new customer:
        # keep only the looks words have now, or a live wall keeps every look it ever showed
        # (about 1.5 MB a minute on a live demo).
        looks = {
            (k, rotation, colour, rising, mix) for k, _size, rotation, colour, rising, mix in wanted
        }
        self._latest = {k: v for k, v in self._latest.items() if k[:5] in looks}


class WordBlits:
    """One paint's blits of words: where each goes, at what scale and opacity."""

    __slots__ = ("_deadline", "_dpr", "_opacity", "_painter", "_pixmaps")

    def __init__(
        self, pixmaps: WordPixmaps, painter: QPainter, dpr: float, deadline: float | None
    ) -> None:
        self._pixmaps = pixmaps
        self._painter = painter
        self._dpr = dpr
        self._deadline = deadline
        # The painter's opacity: set only when it changes.
        self._opacity = 1.0

    def draw(self, word: Word, colour: str, opacity: float, pose: Pose | None = None) -> None:
        """Blit the word in a colour where it is now (or in a pose), at an opacity."""
        pix, drawn_at = self._pixmaps.art(word, colour, self._dpr, self._deadline)
        painter, dpr = self._painter, self._dpr
        at = word.now if pose is None else pose
        scale = at.size / drawn_at if drawn_at else 1.0
        ratio = pix.devicePixelRatio()
        if abs(scale - 1.0) < 1e-6:
            # At rest, whole device pixels: the pixmap maps 1:1 and stays as sharp as text.
            if opacity != self._opacity:
                painter.setOpacity(opacity)
                self._opacity = opacity
            x = round((at.x - pix.width() / ratio / 2) * dpr) / dpr
            y = round((at.y - pix.height() / ratio / 2) * dpr) / dpr
            painter.drawPixmap(QPointF(x, y), pix)
            return
        w = pix.width() / ratio * scale
        h = pix.height() / ratio * scale
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
        painter.setOpacity(opacity)
        self._opacity = opacity
        painter.drawPixmap(QRectF(at.x - w / 2, at.y - h / 2, w, h), pix, QRectF(pix.rect()))
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)
