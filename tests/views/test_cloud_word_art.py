"""Word outlines: measured once, boxes scale with the font size, pixmaps fit the box."""

from __future__ import annotations

import math

from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot

from kiosk.views.word_art import MARGIN, REFERENCE_SIZE, WordArt, arrow_size, word_box


def test_box_scales_with_the_font_size_and_makes_room_for_the_arrow(qtbot: QtBot) -> None:
    art = WordArt()
    text = art.text_box("delivery")
    assert text[0] > text[1] > 0
    w, h = word_box(text, 2 * REFERENCE_SIZE, rising=False)
    assert math.isclose(w, 2 * text[0]) and math.isclose(h, 2 * text[1])
    wr, _ = word_box(text, 2 * REFERENCE_SIZE, rising=True)
    gap, aw, _ = arrow_size(2 * REFERENCE_SIZE)
    assert math.isclose(wr, w + gap + aw)


def test_pixmap_is_the_box_plus_margin_at_the_pixel_ratio(qtbot: QtBot) -> None:
    art = WordArt()
    w, h = word_box(art.text_box("app"), 40, rising=False)
    pix = art.render("app", 40, 0, QColor("#ff0000"), False, 2.0)
    assert pix.width() == math.ceil((w + 2 * MARGIN) * 2)
    assert pix.height() == math.ceil((h + 2 * MARGIN) * 2)
    vertical = art.render("app", 40, 90, QColor("#ff0000"), False, 1.0)
    assert vertical.height() > vertical.width()
