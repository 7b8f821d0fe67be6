"""The desk's exploring, driven as a person would: the period, slices, what moved, find a
word (in another language), share the view and open it again, save a PNG.

Runs the real kiosk on the bundled demo (seeded once per module, copied per test) with the
real widgets; every number read from the screen is checked against the dashboard's own.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QMenu
from pytestqt.qtbot import QtBot

from kiosk.app import Kiosk
from kiosk.dashboard import Dashboard
from kiosk.model import Kind
from kiosk.settings import Settings
from kiosk.store import Store
from kiosk.views.tasks import synchronous
from kiosk.viewstate import ViewState, parse_view


@pytest.fixture
def kiosk(qtbot: QtBot, demo_store: Store) -> Iterator[Kiosk]:
    store = demo_store
    running = Kiosk(Settings(), store, executor=synchronous)
    qtbot.addWidget(running.window)
    running.start(sync=False)
    running.show(fullscreen=False)
    qtbot.waitExposed(running.window)
    try:
        yield running
    finally:
        running.stop()


def _action(menu: QMenu, *path: str) -> object:
    """Return the action reached through submenus by their texts (as a person clicks)."""
    for title in path[:-1]:
        (sub,) = [a.menu() for a in menu.actions() if a.text().startswith(title) and a.menu()]
        assert isinstance(sub, QMenu)
        menu = sub
    (action,) = [a for a in menu.actions() if a.text() == path[-1]]
    return action


def _expected_header(kiosk: Kiosk, view: ViewState) -> int:
    return Dashboard(kiosk.store).header_counts(view.window(), view.part).total


def test_changing_the_period_changes_every_number(kiosk: Kiosk) -> None:
    bar = kiosk.explore
    assert bar is not None
    before = kiosk.model.header.counts.total
    assert kiosk.window.header.window_label.text() == "Last 30 days"
    bar._window_actions[7].trigger()
    assert kiosk.view.days == 7
    assert kiosk.window.header.window_label.text() == "Last 7 days"
    assert bar.window_button.text().startswith("Last 7 days")
    week = kiosk.model.header.counts.total
    assert 0 < week < before
    assert week == _expected_header(kiosk, kiosk.view)
    # The word sizes follow: no word has more customers in a week than in the month.
    assert all(t.customers <= before for t in kiosk.model.snapshot.terms)
    bar._window_actions[365].trigger()
    assert kiosk.model.header.counts.total == _expected_header(kiosk, kiosk.view) > before


def test_a_slice_is_a_chip_that_filters_everything_and_goes_away(
    kiosk: Kiosk, qtbot: QtBot
) -> None:
    bar = kiosk.explore
    assert bar is not None
    everything = kiosk.model.header.counts.total
    channels = kiosk.model.snapshot.facets["channel"]
    assert len(channels) > 1
    channel = channels[0]
    bar._fill_filter_menu()
    _action(bar.filter_menu, "Channel", channel).trigger()  # type: ignore[attr-defined]
    assert kiosk.view.part.channels == {channel}
    assert list(bar.chip_buttons) == [f"channel={channel}"]
    sliced = kiosk.model.header.counts.total
    assert 0 < sliced < everything
    assert sliced == _expected_header(kiosk, kiosk.view)
    assert f"only channel: {channel}" in kiosk.window.header.window_label.text()
    # The drill-down and what it exports hold the slice's items only.
    top = kiosk.model.snapshot.terms[0]
    kiosk.open_drilldown(top.key)
    panel = kiosk.drilldown
    assert panel is not None and panel.detail is not None
    assert panel.detail.customers == top.customers
    assert {row.channel for row in panel.detail.rows} == {channel}
    assert f"only channel: {channel}" in panel.summary.text()
    # A second slice: complaints only.
    bar._fill_filter_menu()
    _action(bar.filter_menu, "Kind", "Complaints").trigger()  # type: ignore[attr-defined]
    assert kiosk.model.header.counts.total == kiosk.model.header.counts.complaints
    # Not the unfiltered header's count of complaints (a customer counts there by their
    # latest feedback only): the label says which count it is.
    label = kiosk.window.header.customers_label.text()
    assert label == f"{kiosk.model.header.counts.total:,} customers with complaints:"
    assert not kiosk.window.header.count_labels[Kind.COMPLIMENT].isVisibleTo(kiosk.window)
    assert panel.detail.part.kinds == {Kind.COMPLAINT}  # the open word followed
    # Removing the chips brings everything back.
    qtbot.mouseClick(bar.chip_buttons["kind=complaint"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(bar.chip_buttons[f"channel={channel}"], Qt.MouseButton.LeftButton)
    assert kiosk.view.part.everything and not bar.chip_buttons
    assert kiosk.model.header.counts.total == everything


def test_what_moved_opens_its_words(kiosk: Kiosk, qtbot: QtBot) -> None:
    bar = kiosk.explore
    assert bar is not None
    qtbot.mouseClick(bar.movers_button, Qt.MouseButton.LeftButton)
    movers = kiosk.movers_view
    assert movers is not None and kiosk.window.stack.currentWidget() is movers
    assert movers.movers is not None and not movers.movers.empty
    words = movers.word_items()
    assert words
    # Complaints come first.
    first_group = movers.tree.topLevelItem(0)
    assert first_group is not None and first_group.text(0).startswith("Complaints")
    key, item = words[0]
    rect = movers.tree.visualItemRect(item)
    qtbot.mouseClick(movers.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    panel = kiosk.drilldown
    assert panel is not None and panel.detail is not None and panel.detail.key == key
    # The numbers agree with the drill-down's: now is this period's customers of that kind.
    found = movers.movers
    every = [m for ms in (*found.rising.values(), *found.falling.values()) for m in ms]
    mover = next(m for m in every if m.key == key and m.kind is Kind.COMPLAINT)
    assert panel.detail.customers_by_kind.get(mover.kind, 0) == mover.now
    # And back to the cloud.
    qtbot.mouseClick(bar.movers_button, Qt.MouseButton.LeftButton)
    assert kiosk.window.stack.currentWidget() is kiosk.cloud


def test_find_a_word_in_another_language_and_open_it(kiosk: Kiosk, qtbot: QtBot) -> None:
    bar = kiosk.explore
    assert bar is not None
    kiosk.cloud.flush()
    assert "delivery" in kiosk.cloud.placements
    qtbot.keyClicks(bar.find_edit, "livraison")
    qtbot.waitUntil(lambda: kiosk.cloud.highlighted_term == "delivery", timeout=3000)
    assert "delivery" in bar.found_label.full_text
    qtbot.keyClick(bar.find_edit, Qt.Key.Key_Return)
    panel = kiosk.drilldown
    assert panel is not None and panel.detail is not None and panel.detail.key == "delivery"
    # A word nobody wrote says so, and the cloud shows all words again.
    bar.find_edit.clear()
    qtbot.keyClicks(bar.find_edit, "zeppelin")
    qtbot.waitUntil(lambda: "zeppelin" in bar.found_label.full_text, timeout=3000)
    assert kiosk.cloud.highlighted_term is None
    bar.find_edit.clear()
    qtbot.keyClicks(bar.find_edit, "the")
    qtbot.waitUntil(lambda: "never a word" in bar.found_label.full_text, timeout=3000)


def test_copy_the_view_and_open_it_again(kiosk: Kiosk, qtbot: QtBot) -> None:
    bar = kiosk.explore
    assert bar is not None
    bar._window_actions[90].trigger()
    bar._fill_filter_menu()
    _action(bar.filter_menu, "Kind", "Complaints").trigger()  # type: ignore[attr-defined]
    kiosk.open_drilldown("delivery")
    shown = (kiosk.view, kiosk.model.header.counts)
    bar.copy_action.trigger()
    text = QApplication.clipboard().text()
    assert text == "days=90&kind=complaint&open=delivery"
    assert any(text in t for t in kiosk.window.banner.texts)
    # Someone else opens it: the same view, the same numbers, the same word open.
    bar._window_actions[7].trigger()
    assert kiosk.view.days == 7
    kiosk.open_view(text)
    assert (kiosk.view, kiosk.model.header.counts) == shown
    assert kiosk.drilldown is not None and kiosk.drilldown.detail is not None
    assert kiosk.drilldown.detail.key == "delivery"
    # A view that cannot be read whole says what was left out.
    assert not kiosk.open_view("days=abc&kind=complaint")
    assert any("days" in t for t in kiosk.window.banner.texts)
    assert parse_view(kiosk.view_string())[0].part.kinds == {Kind.COMPLAINT}
    # A view naming a word nobody used opens nothing, says so, and leaves no "open=" behind.
    kiosk.window.hide_drilldown()
    assert kiosk.open_view("days=30&open=<b>x</b>")
    assert kiosk.drilldown is None or kiosk.drilldown.isHidden()
    assert any("no customer ever used “<b>x</b>”" in t for t in kiosk.window.banner.texts)
    assert "open=" not in kiosk.view_string()


def test_save_as_png(kiosk: Kiosk, tmp_path: Path) -> None:
    path = kiosk.save_png(tmp_path / "view")
    assert path == tmp_path / "view.png"
    image = QImage(str(path))
    assert not image.isNull()
    assert (image.width(), image.height()) == (kiosk.window.width(), kiosk.window.height())
