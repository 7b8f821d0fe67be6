"""Words of the cloud as outlines: measured once with Qt, drawn into cached pixmaps.

Measuring the outline (not the font's advance box) gives the layout the tight glyph box, and
because an outline scales exactly, the box at any size is the reference box times the size.
A word is drawn once per size, colour and pixel ratio; animation frames only blit pixmaps.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPixmap, QPolygonF

__all__ = [
    "MARGIN",
    "MIX_MIN_SIZE",
    "REFERENCE_SIZE",
    "WordArt",
    "arrow_size",
    "cloud_font",
    "mix_bar",
    "word_box",
]

MARGIN = 1.0
"""Transparent border, in logical pixels, around each word pixmap so antialiasing is kept."""

REFERENCE_SIZE = 100.0
"""Font size in pixels at which each label is measured once; outlines scale linearly."""


def arrow_size(font_size: float) -> tuple[float, float, float]:
    """Return the rising arrow's gap before it, width and height at a font size.

    A small mark, not a second word: it grows slower than the text and stays legible small.
    """
    height = min(max(0.42 * font_size, 7.0), 0.08 * font_size + 12.0)
    return 0.25 * height, 0.9 * height, height


MIX_MIN_SIZE = 22.0
"""Font size in pixels below which a word shows no mix bar: too thin to read from afar."""


def mix_bar(font_size: float) -> tuple[float, float]:
    """Return the gap above the mix bar and its thickness at a font size (0, 0 when too small).

    Thick enough to read at three metres: about a tenth of the word's height.
    """
    if font_size < MIX_MIN_SIZE:
        return 0.0, 0.0
    return max(2.0, 0.07 * font_size), max(3.0, 0.1 * font_size)


def word_box(
    text_box: tuple[float, float], font_size: float, rising: bool, mixed: bool = False
) -> tuple[float, float]:
    """Return a word's tight box at a font size from its text box at REFERENCE_SIZE."""
    k = font_size / REFERENCE_SIZE
    w, h = text_box[0] * k, text_box[1] * k
    if rising:
        gap, aw, ah = arrow_size(font_size)
        w += gap + aw
        h = max(h, ah)
    if mixed:
        gap, thickness = mix_bar(font_size)
        h += gap + thickness
    return w, h


def cloud_font(family: str, pixel_size: int, bold: bool = True) -> QFont:
    """Return the cloud's font, falling back to the platform's sans serif."""
    font = QFont()
    font.setFamilies([family, "Inter", "Noto Sans", "DejaVu Sans", "Arial"])
    font.setStyleHint(QFont.StyleHint.SansSerif)
    font.setPixelSize(pixel_size)
    font.setWeight(QFont.Weight.DemiBold if bold else QFont.Weight.Normal)
    # Outlines are scaled freely, so glyph hinting for one size would only distort the others.
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    return font


class WordArt:
    """Outlines of labels in one font family, and pixmaps of them at any size and colour."""

    def __init__(self, family: str = "Inter") -> None:
        self.family = family
        self._font = cloud_font(family, int(REFERENCE_SIZE))
        self._outlines: dict[str, tuple[QPainterPath, QRectF]] = {}

    def outline(self, label: str) -> tuple[QPainterPath, QRectF]:
        """Return the label's outline at the reference size and its tight bounds."""
        cached = self._outlines.get(label)
        if cached is None:
            path = QPainterPath()
            path.addText(0.0, 0.0, self._font, label)
            bounds = path.boundingRect()
            if bounds.isEmpty():
                bounds = QRectF(
                    0.0, -0.7 * REFERENCE_SIZE, 0.3 * REFERENCE_SIZE, 0.7 * REFERENCE_SIZE
                )
            cached = (path, bounds)
            self._outlines[label] = cached
        return cached

    def text_box(self, label: str) -> tuple[float, float]:
        """Return the label's tight (width, height) at REFERENCE_SIZE, without any arrow."""
        _, bounds = self.outline(label)
        return bounds.width(), bounds.height()

    def render(
        self,
        label: str,
        size: float,
        rotation: int,
        colour: QColor,
        rising: bool,
        dpr: float,
        mix: tuple[tuple[QColor, float], ...] = (),
    ) -> QPixmap:
        """Draw the word at a font size into a transparent pixmap of its box plus MARGIN.

        ``mix`` draws a bar under the letters, a segment per kind as wide as its share.
        """
        path, bounds = self.outline(label)
        k = size / REFERENCE_SIZE
        w, h = word_box((bounds.width(), bounds.height()), size, rising, bool(mix))
        gap, thickness = mix_bar(size) if mix else (0.0, 0.0)
        lw, lh = (h, w) if rotation else (w, h)
        pixmap = QPixmap(
            max(1, math.ceil((lw + 2 * MARGIN) * dpr)), max(1, math.ceil((lh + 2 * MARGIN) * dpr))
        )
        pixmap.setDevicePixelRatio(dpr)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour)
            painter.translate(MARGIN, MARGIN)
            if rotation:
                # Vertical words read bottom to top, the convention of book spines in Europe.
                painter.translate(0.0, lh)
                painter.rotate(-90.0)
            text_h = bounds.height() * k
            glyphs_h = h - gap - thickness
            painter.save()
            painter.translate(0.0, (glyphs_h - text_h) / 2)
            painter.scale(k, k)
            painter.translate(-bounds.left(), -bounds.top())
            painter.drawPath(path)
            painter.restore()
            if thickness:
                x = 0.0
                top = glyphs_h + gap
                text_w = bounds.width() * k
                for shade, share in mix:
                    painter.setBrush(shade)
                    painter.drawRect(QRectF(x, top, text_w * share, thickness))
                    x += text_w * share
                painter.setBrush(colour)
            if rising:
                gap, aw, ah = arrow_size(size)
                x0 = bounds.width() * k + gap
                top = (glyphs_h - text_h) / 2
                painter.drawPolygon(
                    QPolygonF(
                        [
                            QPointF(x0, top + ah),
                            QPointF(x0 + aw, top + ah),
                            QPointF(x0 + aw / 2, top),
                        ]
                    )
                )
        finally:
            painter.end()
        return pixmap
