"""The legend under the cloud keeps every kind whole, however narrow the view."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from pytestqt.qtbot import QtBot

from kiosk.model import Kind
from kiosk.views.cloud_overlays import Legend
from kiosk.views.palette import cloud_palette


@pytest.mark.parametrize(
    ("size", "scale"),
    [(QSize(1080, 1920), 1.4), (QSize(1920, 1080), 1.4), (QSize(800, 600), 1.0)],
)
def test_every_kind_of_the_legend_is_drawn_whole(qtbot: QtBot, size: QSize, scale: float) -> None:
    palette = cloud_palette("standard", "dark")
    legend = Legend("Inter")
    legend.scale = scale
    image = QImage(size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    legend.paint(painter, size, palette, 1.0)
    painter.end()
    top, bottom = int(legend.top(size)), int(legend.top(size) + legend.height(size))
    inked = [
        x
        for x in range(size.width())
        if any(image.pixelColor(x, y).alpha() for y in range(top, bottom, 2))
    ]
    # Nothing runs into the right edge (a portrait wall cut "Unclassified" to its dot).
    assert inked and inked[-1] < size.width() - 8
    grey = QColor(palette.kind(Kind.UNCLASSIFIED))
    found = {
        image.pixelColor(x, y).rgb()
        for x in range(0, size.width(), 1)
        for y in range(top, bottom, 2)
    }
    assert grey.rgb() in found, "the last kind's swatch is drawn"
