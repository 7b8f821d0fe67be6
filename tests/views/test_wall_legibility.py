"""Everything the wall writes is read from 3-6 metres: a word's trend chart and captions at
the wall's least size for the screen, and the header's freshness whole in a portrait picture."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QSize
from pytestqt.qtbot import QtBot

from kiosk.app import Kiosk
from kiosk.settings import Settings
from kiosk.store import Store
from kiosk.views.tasks import synchronous

# The wall's least text size, a share of the screen's short side (kiosk/views/wall_type.py);
# written out so that lowering the app's constant fails here.
SECONDARY = 0.025


def _wall(qtbot: QtBot, store: Store, size: QSize) -> Kiosk:
    settings = Settings().replace(profile="wall", wall__scene_seconds=0)
    kiosk = Kiosk(settings, store, executor=synchronous)
    qtbot.addWidget(kiosk.window)
    kiosk.window.prepare_offscreen(size)
    kiosk.start(sync=False)
    return kiosk


@pytest.fixture
def stop() -> Iterator[list[Kiosk]]:
    started: list[Kiosk] = []
    yield started
    for kiosk in started:
        kiosk.stop()


@pytest.mark.parametrize("size", [QSize(1920, 1080), QSize(3840, 2160), QSize(1080, 1920)], ids=str)
def test_a_words_trend_and_captions_are_read_from_across_the_room(
    qtbot: QtBot, demo_store: Store, stop: list[Kiosk], size: QSize
) -> None:
    kiosk = _wall(qtbot, demo_store, size)
    stop.append(kiosk)
    kiosk.open_drilldown(kiosk.model.snapshot.terms[0].key)
    kiosk.window.render_image(size)
    panel = kiosk.wall_detail
    assert panel is not None and panel.detail is not None
    least = SECONDARY * min(size.width(), size.height())
    plot = panel.chart.getPlotItem()
    for name in ("left", "bottom"):
        axis = plot.getAxis(name)
        assert axis.style["tickFont"].pixelSize() >= least, name
        assert axis.label.font().pixelSize() >= least, name
    labels = [panel.hint, panel.note, panel.change, *(who for _said, who in panel.quotes)]
    for label in labels:
        assert label.font().pixelSize() >= least, label.text()


class _PaintedAt(QObject):
    """Remembers where a widget was, and what it said, each time it was painted."""

    def __init__(self, window: QObject) -> None:
        super().__init__()
        self.window = window
        self.seen: list[tuple[QRect, str]] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        from PySide6.QtWidgets import QLabel, QWidget

        if event.type() == QEvent.Type.Paint and isinstance(watched, QLabel):
            assert isinstance(self.window, QWidget)
            top_left = watched.mapTo(self.window, QPoint(0, 0))
            self.seen.append((QRect(top_left, watched.size()), watched.text()))
        return False


def test_a_portrait_pictures_header_shows_its_freshness_whole(
    qtbot: QtBot, demo_store: Store, stop: list[Kiosk]
) -> None:
    size = QSize(1080, 1920)
    kiosk = _wall(qtbot, demo_store, size)
    stop.append(kiosk)
    status = kiosk.window.header.status_label
    painted = _PaintedAt(kiosk.window)
    status.installEventFilter(painted)
    # What `voc-kiosk snapshot` does: a window never shown, rendered twice.
    kiosk.window.render_image(size)
    image = kiosk.window.render_image(size)
    status.removeEventFilter(painted)
    assert image.size() == size
    assert painted.seen, "the freshness was not drawn"
    screen = QRect(QPoint(0, 0), size)
    where, text = painted.seen[-1]
    assert screen.contains(where), f"the freshness is cut at the screen's edge: {where}"
    assert text == status.full_text and "updated" in text
