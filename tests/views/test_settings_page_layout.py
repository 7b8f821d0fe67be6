"""A settings page keeps each field beside its label and its help line, however tall."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from kiosk.options import OPTIONS
from kiosk.views.option_fields import OptionField
from kiosk.views.settings_dialog import _Page, _scrolling


@pytest.mark.parametrize("page_name", ["analysis", "display", "privacy"])
def test_a_tall_window_leaves_its_room_below_the_form(qtbot: QtBot, page_name: str) -> None:
    options = [o for o in OPTIONS if o.page == page_name and o.widget != "pin"]
    page = _Page(options)
    scroll = _scrolling(page)
    qtbot.addWidget(scroll)
    scroll.resize(1400, 2400)
    scroll.show()
    qtbot.waitExposed(scroll)
    form = page.form
    gaps = []
    for row in range(form.rowCount()):
        label = form.itemAt(row, form.ItemRole.LabelRole)
        field = form.itemAt(row, form.ItemRole.FieldRole)
        if label is None or field is None:
            continue
        title, holder = label.widget(), field.widget()
        if not isinstance(title, QLabel) or not title.text():
            continue
        if not isinstance(holder, OptionField):
            continue
        # Where the editor itself is drawn, not the row it was given.
        editor = holder.editor
        box = QRect(editor.mapTo(page, QPoint(0, 0)), editor.size())
        # The label stands level with its editor, not high above it in a stretched row.
        assert abs(label.geometry().top() - box.top()) <= 8
        below = form.itemAt(row + 1, form.ItemRole.FieldRole)
        if below is not None:
            gaps.append(below.geometry().top() - box.bottom())
    assert gaps and max(gaps) <= 48, f"a help line drifts {max(gaps)} px from its field"
    assert form.geometry().bottom() < scroll.viewport().height() / 2
