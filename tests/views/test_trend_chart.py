"""The trend chart shows today's unfinished count as "so far", never as a fall to it."""

from __future__ import annotations

import pyqtgraph as pg
import pytest
from pytestqt.qtbot import QtBot

from kiosk.insight import TrendPoint
from kiosk.model import Kind
from kiosk.views.palette import cloud_palette
from kiosk.views.trend_chart import TrendChart

TODAY = 20_425  # a day number; the chart draws what it is given


def series(today_so_far: int, *, partial: bool = True) -> list[TrendPoint]:
    """Twelve whole days of 8 to 12 customers, then today's count so far."""
    points = [
        TrendPoint(TODAY - 12 + i, {Kind.COMPLAINT: 3 + i % 3, Kind.IDEA: 5 + i % 2})
        for i in range(12)
    ]
    points.append(TrendPoint(TODAY, {Kind.COMPLAINT: today_so_far}, partial=partial))
    return points


def chart(qtbot: QtBot) -> TrendChart:
    widget = TrendChart(cloud_palette().kinds, background="#202020", foreground="#eeeeee")
    qtbot.addWidget(widget)
    widget.resize(600, 240)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def items_of(widget: TrendChart, kind: type) -> list:
    return [i for i in widget.getPlotItem().items if isinstance(i, kind)]


def test_no_line_or_area_runs_from_yesterday_down_to_this_mornings_count(qtbot: QtBot) -> None:
    widget = chart(qtbot)
    widget.set_trend(series(0), 1)
    today_x = TODAY * 86_400.0
    drawn = items_of(widget, pg.PlotDataItem)
    assert drawn, "the whole days are drawn"
    for item in drawn:
        xs, _ = item.getData()
        assert xs is not None and max(xs) < today_x, "a curve reaches the unfinished day"
    (mark,) = items_of(widget, pg.ScatterPlotItem)
    xs, ys = mark.getData()
    assert (list(xs), list(ys)) == ([today_x], [0.0])
    title = widget.getPlotItem().titleLabel
    assert title.isVisible() and "today so far" in title.text
    assert "(so far)" in widget.readout_for(len(widget._points) - 1)


def test_the_so_far_mark_at_zero_is_drawn_whole_above_the_bottom_edge(qtbot: QtBot) -> None:
    widget = chart(qtbot)
    widget.set_trend(series(0), 1)
    qtbot.wait(50)
    box = widget.getPlotItem().vb
    (mark,) = items_of(widget, pg.ScatterPlotItem)
    xs, ys = mark.getData()
    centre = box.mapViewToScene(pg.Point(float(xs[0]), float(ys[0])))
    bottom = box.sceneBoundingRect().bottom()
    radius = mark.opts["size"] / 2
    assert bottom - centre.y() >= radius, "the mark is cut by the axis"


@pytest.mark.parametrize("so_far", [2, 11, 30])
def test_the_key_never_lies_across_the_curves(qtbot: QtBot, so_far: int) -> None:
    widget = chart(qtbot)
    widget.set_trend(series(so_far), 1)
    qtbot.wait(50)
    item = widget.getPlotItem()
    key = item.titleLabel.sceneBoundingRect()
    assert key.height() > 0
    assert not key.intersects(item.vb.sceneBoundingRect()), "the key is drawn over the data"
    assert not [i for i in items_of(widget, pg.TextItem) if i.isVisible()]


def test_a_weeks_bucket_is_keyed_as_this_week(qtbot: QtBot) -> None:
    widget = chart(qtbot)
    widget.set_trend(series(3), 7)
    assert "this week so far" in widget.getPlotItem().titleLabel.text


def test_a_finished_last_day_is_part_of_the_areas_and_has_no_mark(qtbot: QtBot) -> None:
    widget = chart(qtbot)
    widget.set_trend(series(7, partial=False), 1)
    today_x = TODAY * 86_400.0
    assert not items_of(widget, pg.ScatterPlotItem)
    assert not widget.getPlotItem().titleLabel.isVisible()
    assert any(max(i.getData()[0]) == today_x for i in items_of(widget, pg.PlotDataItem))
    assert widget.getPlotItem().vb.viewRange()[1][0] == 0.0


def test_the_walls_larger_type_makes_a_larger_mark(qtbot: QtBot) -> None:
    widget = chart(qtbot)
    widget.set_trend(series(1), 1)
    (small,) = items_of(widget, pg.ScatterPlotItem)
    widget.set_text_size(40)
    (large,) = items_of(widget, pg.ScatterPlotItem)
    assert large.opts["size"] > small.opts["size"]
