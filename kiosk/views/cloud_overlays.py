"""What the cloud draws over its words: the legend strip and a word's card.

Each is drawn once into a pixmap and kept while what it shows stays the same (a memo keyed
by everything it is drawn from), so a frame only blits it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPen, QPixmap

from kiosk.cloud.motion import Word
from kiosk.cloud.presentation import LEGEND_ORDER, card_lines
from kiosk.values import TermStat
from kiosk.views.palette import CloudPalette
from kiosk.views.word_art import cloud_font

__all__ = ["Legend", "WordCard", "card_word"]

# What the marks mean, most needed first: on a narrow view the last ones give way whole.
_LEGEND_HINTS = ("▲ rising fast", "bar under a word: its mix", "size: customers")


class Legend:
    """The strip under the cloud: a swatch and name per kind, and what size means.

    Attributes:
        scale: how much taller than on a desk (the wall is read from across a room).
    """

    def __init__(self, family: str) -> None:
        self._family = family
        self.scale = 1.0
        self._drawn: tuple[tuple[object, ...], QPixmap] | None = None

    def height(self, view: QSize) -> float:
        """Return the strip's height in a view of this size."""
        return float(max(26, round(0.035 * self.scale * view.height())))

    def top(self, view: QSize) -> float:
        """Return where the strip starts, a little above the view's bottom edge."""
        return view.height() - self.height(view) - round(0.01 * view.height())

    def paint(self, painter: QPainter, view: QSize, palette: CloudPalette, dpr: float) -> None:
        """Blit the strip across the bottom of the view."""
        key = (view.width(), view.height(), self.scale, palette, dpr)
        if self._drawn is None or self._drawn[0] != key:
            self._drawn = (key, self._draw(view, palette, dpr))
        painter.drawPixmap(QPointF(0.0, self.top(view)), self._drawn[1])

    def _draw(self, view: QSize, palette: CloudPalette, dpr: float) -> QPixmap:
        h = self.height(view)
        pixmap = _transparent(view.width(), h, dpr)
        painter = QPainter(pixmap)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            # In line with the cloud's own margin.
            x = round(0.015 * min(view.width(), view.height())) + 4.0
            labels = [kind.plural.capitalize() for kind in LEGEND_ORDER]
            unit, size = h, max(12, round(h * 0.5))
            font = cloud_font(self._family, size, bold=False)
            metrics = QFontMetricsF(font)
            wanted = sum(unit * 1.45 + metrics.horizontalAdvance(label) for label in labels)
            room = view.width() - x - 8
            if wanted > room:
                # A narrow view (a portrait wall): every kind keeps its place, smaller, rather
                # than the last one cut at the edge; the hints have given way already.
                shrink = room / wanted
                unit, size = h * shrink, max(8, math.floor(size * shrink))
                font = cloud_font(self._family, size, bold=False)
                metrics = QFontMetricsF(font)
            painter.setFont(font)
            cy = h / 2
            baseline = cy + metrics.ascent() / 2 - metrics.descent() / 2
            radius = unit * 0.2
            for kind, label in zip(LEGEND_ORDER, labels, strict=True):
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(QColor(palette.kind(kind)))
                painter.drawEllipse(QPointF(x + radius, cy), radius, radius)
                x += 2 * radius + unit * 0.25
                painter.setPen(QColor(palette.text))
                painter.drawText(QPointF(x, baseline), label)
                x += metrics.horizontalAdvance(label) + unit * 0.8
            painter.setPen(QColor(palette.muted_text))
            room = view.width() - x - 8
            hint = ""
            for part in _LEGEND_HINTS:
                longer = f"{hint}    {part}" if hint else part
                if metrics.horizontalAdvance(longer) > room:
                    break
                hint = longer
            painter.drawText(QPointF(x, baseline), hint)
        finally:
            painter.end()
        return pixmap


class WordCard:
    """A word's card: its counts by kind as a bar and in words, and its trend."""

    def __init__(self, family: str) -> None:
        self._family = family
        self._drawn: tuple[tuple[object, ...], QPixmap] | None = None

    def place(
        self, anchor: QRectF, view: QSize, stat: TermStat, palette: CloudPalette, dpr: float
    ) -> tuple[QPixmap, QRectF]:
        """Return the card and where it goes: beside the word's box, where there is room.

        Args:
            anchor: the word's box in view coordinates.
            view: the view's size; the card stays inside it.
            stat: the word's statistics.
            palette: the colours of the cloud.
            dpr: the device pixel ratio of what it is painted on.
        """
        px = max(13, round(0.016 * view.height()))
        key = (stat, palette, px, dpr)
        if self._drawn is None or self._drawn[0] != key:
            self._drawn = (key, self._draw(stat, px, palette, dpr))
        card = self._drawn[1]
        width = card.width() / dpr
        height = card.height() / dpr
        x = anchor.right() + px
        if x + width > view.width() - 4:
            x = anchor.left() - px - width
        x = min(max(x, 4.0), view.width() - width - 4)
        y = min(max(anchor.center().y() - height / 2, 4.0), view.height() - height - 4)
        return card, QRectF(round(x * dpr) / dpr, round(y * dpr) / dpr, width, height)

    def _draw(self, stat: TermStat, px: int, palette: CloudPalette, dpr: float) -> QPixmap:
        body = cloud_font(self._family, px, bold=False)
        title_font = cloud_font(self._family, round(px * 1.25), bold=True)
        bm, tm = QFontMetricsF(body), QFontMetricsF(title_font)
        lines = card_lines(stat)
        pad = px * 0.8
        bar_h = px * 0.6
        width = max([tm.horizontalAdvance(stat.label)] + [bm.horizontalAdvance(s) for s in lines])
        width = math.ceil(max(width, px * 12) + 2 * pad)
        height = math.ceil(
            pad + tm.height() + px * 0.4 + bar_h + px * 0.4 + len(lines) * bm.height() + pad
        )
        pixmap = _transparent(width, height, dpr)
        painter = QPainter(pixmap)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(QPen(QColor(palette.highlight), 1.0))
            painter.setBrush(QColor(palette.panel))
            painter.drawRoundedRect(QRectF(0.5, 0.5, width - 1, height - 1), px * 0.5, px * 0.5)
            cy = pad
            painter.setFont(title_font)
            painter.setPen(QColor(palette.text))
            painter.drawText(QPointF(pad, cy + tm.ascent()), stat.label)
            cy += tm.height() + px * 0.4
            _mix_bar(painter, stat, palette, QRectF(pad, cy, width - 2 * pad, bar_h))
            cy += bar_h + px * 0.4
            painter.setFont(body)
            painter.setPen(QColor(palette.text))
            for line in lines:
                painter.drawText(QPointF(pad, cy + bm.ascent()), line)
                cy += bm.height()
        finally:
            painter.end()
        return pixmap


def card_word(
    words: Mapping[str, Word],
    hover: str | None,
    tapped: str | None,
    focused: str | None,
    found: str | None,
) -> Word | None:
    """Return the word whose card shows: hovered, tapped, focused, or found, in that order.

    ``focused`` is the keyboard-focused word while the cloud has the focus; a word on its
    way out shows no card.
    """
    for key in (hover, tapped, focused, found):
        word = words.get(key) if key else None
        if word is not None and not word.leaving:
            return word
    return None


def _mix_bar(painter: QPainter, stat: TermStat, palette: CloudPalette, bar: QRectF) -> None:
    """Draw the customers' kinds as segments of a bar, praise to problems."""
    total = sum(stat.customers_by_kind.get(k, 0) for k in LEGEND_ORDER)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(palette.highlight))
    painter.drawRect(bar)
    x = bar.x()
    for kind in LEGEND_ORDER:
        n = stat.customers_by_kind.get(kind, 0)
        if n <= 0 or total <= 0:
            continue
        seg = bar.width() * n / total
        painter.setBrush(QColor(palette.kind(kind)))
        painter.drawRect(QRectF(x, bar.y(), seg, bar.height()))
        x += seg


def _transparent(width: float, height: float, dpr: float) -> QPixmap:
    """Return a clear pixmap of a size in logical pixels, for this pixel ratio."""
    pixmap = QPixmap(max(1, math.ceil(width * dpr)), max(1, math.ceil(height * dpr)))
    pixmap.setDevicePixelRatio(dpr)
    pixmap.fill(Qt.GlobalColor.transparent)
    return pixmap
