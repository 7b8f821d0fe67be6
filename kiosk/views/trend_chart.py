"""The trend of one term: mentions per day (or week), stacked by kind, with a hover read-out."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QWidget

from kiosk.insight import TrendPoint
from kiosk.model import KINDS_BY_URGENCY, Kind

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# Bottom to top: the problem first, so a rising complaint band is what the eye meets.
_STACK = KINDS_BY_URGENCY


class TrendChart(pg.PlotWidget):
    """Stacked areas of mentions per bucket, one band per kind, in the kind colours."""

    def __init__(
        self,
        colors: Mapping[Kind, str],
        *,
        background: str,
        foreground: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            parent, background=background, axisItems={"bottom": pg.DateAxisItem(utcOffset=0)}
        )
        self.setAccessibleName("Trend chart: customers over time by kind")
        # The chart is read with the mouse; keyboard and screen-reader users get the same facts
        # from its accessible description, so it takes no Tab stop.
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.viewport().setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._colors = dict(colors)
        self._points: tuple[TrendPoint, ...] = ()
        self._bucket_days = 1
        self._x = np.zeros(0)
        self._items: list[pg.GraphicsObject] = []
        item = self.getPlotItem()
        item.setMenuEnabled(False)
        item.hideButtons()
        item.showGrid(x=False, y=True, alpha=0.15)
        for name in ("left", "bottom"):
            axis = item.getAxis(name)
            axis.setPen(pg.mkPen(foreground))
            axis.setTextPen(pg.mkPen(foreground))
        item.setLabel("left", "customers", color=foreground)
        self._foreground = foreground
        self._background = background
        self._marker_px = 10
        self._text_px = 0  # 0: the widget's own font size
        self.setMouseEnabled(x=False, y=False)
        self.readout = pg.TextItem(color=foreground, anchor=(0, 1), fill=pg.mkBrush(background))
        self.readout.setZValue(10)
        self.readout.hide()
        self.addItem(self.readout, ignoreBounds=True)
        self.scene().sigMouseMoved.connect(self._on_scene_mouse_moved)

    def set_text_size(self, px: int) -> None:
        """Size the axes' text (the wall's chart is read from metres away)."""
        font = QFont(self.font())
        font.setPixelSize(px)
        item = self.getPlotItem()
        for name in ("left", "bottom"):
            axis = item.getAxis(name)
            axis.setStyle(tickFont=font)
            axis.label.setFont(font)
        # The "so far" mark grows with the text, so the wall's is seen as well as its axes.
        self._marker_px = max(10, round(px * 0.6))
        self._text_px = px
        if self._points:
            self.set_trend(self._points, self._bucket_days)

    def set_trend(self, points: Sequence[TrendPoint], bucket_days: int) -> None:
        """Show a new series; each point is the start day of its bucket."""
        for graphics in self._items:
            self.removeItem(graphics)
        self._items.clear()
        self._points = tuple(points)
        self._bucket_days = bucket_days
        if not points:
            self._say_so_far(False)
            return
        self._x = np.array([p.day * 86_400.0 for p in points])
        # Today is not over: its count so far is a hollow mark, keyed "so far", joined to
        # nothing. An area, or even a dotted line, running from yesterday's total down to this
        # morning's handful reads as a collapse.
        whole = len(points) - 1 if points[-1].partial and len(points) > 1 else len(points)
        x = self._x[:whole]
        base = np.zeros(whole)
        below = pg.PlotDataItem(x, base, pen=None)
        totals = np.array([float(sum(p.by_kind.values())) for p in points])
        for kind in _STACK:
            values = np.array([float(p.by_kind.get(kind, 0)) for p in points[:whole]])
            if not values.any():
                continue
            top = base + values
            color = QColor(self._colors.get(kind, "#888888"))
            fill = QColor(color)
            fill.setAlpha(150)
            curve = pg.PlotDataItem(x, top, pen=pg.mkPen(color, width=2), name=kind.plural)
            band = pg.FillBetweenItem(below, curve, brush=pg.mkBrush(fill))
            for graphics in (band, curve):
                self.addItem(graphics)
                self._items.append(graphics)
            below, base = curve, top
        highest = max(1.0, float(totals.max()))
        if whole < len(points):
            self._mark_so_far(float(self._x[-1]), float(totals[-1]))
        self._say_so_far(whole < len(points))
        # Room under zero for the whole "so far" mark: at dawn today's count is zero, and a
        # mark cut in half by the axis is not seen.
        floor = -0.05 * highest if whole < len(points) else 0.0
        self.getPlotItem().setYRange(floor, highest * 1.1, padding=0)
        # Whole customers only: no 0.2, 0.4 ticks on a scale of people.
        step = _nice_step(highest)
        self.getPlotItem().getAxis("left").setTickSpacing(step, step)
        peak = int(np.argmax(totals[:whole])) if whole else 0
        self.setAccessibleDescription(
            f"Peak: {self.readout_for(peak)}. Latest: {self.readout_for(len(points) - 1)}."
        )
        self.getPlotItem().setXRange(float(self._x[0]), float(self._x[-1]), padding=0.02)

    def _mark_so_far(self, x: float, total: float) -> None:
        mark = pg.ScatterPlotItem(
            [x],
            [total],
            symbol="o",
            size=self._marker_px,
            pen=pg.mkPen(self._foreground, width=2),
            brush=pg.mkBrush(self._background),
        )
        mark.setZValue(5)
        self.addItem(mark, ignoreBounds=True)
        self._items.append(mark)

    def _say_so_far(self, shown: bool) -> None:
        # The mark's key sits in a line of its own above the plot: a label beside the mark
        # lay across the curves wherever they ran high near today.
        item = self.getPlotItem()
        if not shown:
            item.setTitle(None)
            return
        when = "today" if self._bucket_days == 1 else "this week"
        px = self._text_px or QFont(self.font()).pixelSize()
        size = f"{px}px" if px > 0 else f"{QFont(self.font()).pointSizeF():g}pt"
        item.setTitle(f"○ {when} so far", justify="right", color=self._foreground, size=size)

    def readout_for(self, index: int) -> str:
        """Return the read-out text of one bucket ("12 Mar: 5 complaints, 1 idea")."""
        point = self._points[index]
        start = _EPOCH + timedelta(days=point.day)
        when = f"{start:%d %b}"
        if self._bucket_days > 1:
            when = f"week of {when}"
        if point.partial:
            when += " (so far)"
        parts = [k.counted(point.by_kind[k]) for k in _STACK if point.by_kind.get(k)]
        total = sum(point.by_kind.values())
        who = f"{total:,} customer{'s' if total != 1 else ''}"
        return f"{when}: {who}" + (f" ({', '.join(parts)})" if parts else "")

    def _on_scene_mouse_moved(self, pos: QPointF) -> None:
        if not self._points or not self.getPlotItem().sceneBoundingRect().contains(pos):
            self.readout.hide()
            return
        view = self.getPlotItem().vb.mapSceneToView(pos)
        index = int(np.clip(np.searchsorted(self._x, view.x()), 0, len(self._x) - 1))
        if index > 0 and abs(self._x[index - 1] - view.x()) < abs(self._x[index] - view.x()):
            index -= 1
        self.readout.setText(self.readout_for(index))
        self.readout.setPos(view.x(), view.y())
        self.readout.show()


def _nice_step(highest: float) -> float:
    """Return a whole-number tick step giving three to six ticks up to ``highest``."""
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10_000):
        if highest / step <= 6:
            return float(step)
    return float(10 ** len(str(int(highest))) // 10)
