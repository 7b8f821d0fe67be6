"""The cloud on a wall: it paints only what changes, idles cheaply, and shows a card on tap."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest
from PySide6.QtCore import QEvent, QObject, QPoint, QRect, Qt
from PySide6.QtGui import QCursor, QPaintEvent, QRegion
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.settings import Settings
from kiosk.values import TermStat
from kiosk.views.cloud_view import TRANSITION_SECONDS, CloudView
from kiosk.views.tasks import synchronous
from kiosk.views.wall_pointer import WallPointer
from tests.views.test_cloud_view import FakeClock, many, stat

QUIET = Settings().replace(display__idle_drift=False)


class PaintLog(QObject):
    """Records the rectangle of every paint event a widget receives."""

    def __init__(self, widget: CloudView) -> None:
        super().__init__(widget)
        self.rects: list[QRect] = []
        self.regions: list[QRegion] = []
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and isinstance(event, QPaintEvent):
            self.rects.append(event.rect())
            self.regions.append(QRegion(event.region()))
        return False


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def shown(qtbot: QtBot, clock: FakeClock, settings: Settings = QUIET) -> CloudView:
    view = CloudView(executor=synchronous, clock=clock, coalesce_ms=10_000)
    qtbot.addWidget(view)
    view.apply_settings(settings)
    view.resize(1280, 720)
    view.show()
    qtbot.waitExposed(view)
    return view


@pytest.fixture
def view(qtbot: QtBot, clock: FakeClock) -> Iterator[CloudView]:
    v = shown(qtbot, clock)
    yield v
    v.close()


def settle(view: CloudView, stats: list[TermStat]) -> None:
    view.set_terms(stats)
    view.flush()
    view.finish_animations()
    QApplication.processEvents()


def test_new_counts_that_change_no_word_cost_no_frame(view: CloudView) -> None:
    words = many(60)
    settle(view, words)
    before = dict(view.placements)
    paints = PaintLog(view)
    # A live feed's typical update: a new item adds a mention, no word changes size.
    settle(view, [replace(s, mentions=s.mentions + 1) for s in words])
    assert dict(view.placements) == before
    assert not view.animating
    assert paints.rects == []


def test_a_word_that_moves_repaints_only_around_itself(view: CloudView, clock: FakeClock) -> None:
    words = many(60)
    settle(view, words)
    paints = PaintLog(view)
    # The smallest word leaves: only the place it fades from is repainted.
    view.set_terms(words[:-1])
    view.flush()
    assert view.animating
    while view.animating:
        clock.now += 1 / 60
        view.advance(clock.now)
        QApplication.processEvents()
    assert paints.rects, "the transition painted nothing"
    whole = view.width() * view.height()
    largest = max(r.width() * r.height() for r in paints.rects)
    assert largest < 0.1 * whole, f"a frame repainted {largest / whole:.0%} of the view"


def test_a_big_change_still_glides_to_the_end(view: CloudView, clock: FakeClock) -> None:
    settle(view, many(30))
    view.set_terms(many(30, prefix="other"))
    view.flush()
    assert view.animating
    clock.now += TRANSITION_SECONDS + 0.1
    view.advance(clock.now)
    assert not view.animating
    assert set(view.placements) == {f"other{i:03d}" for i in range(30)}
    assert all(view.word_rect(f"word{i:03d}") is None for i in range(30))


def test_the_idle_clock_ticks_once_a_second_for_the_drift_and_not_at_all_without(
    qtbot: QtBot, clock: FakeClock
) -> None:
    drifting = shown(qtbot, clock, Settings().replace(display__idle_drift=True))
    settle(drifting, many(20))
    # One more frame draws what the transition postponed; then the clock idles.
    qtbot.waitUntil(lambda: drifting._clock.interval() == 1000, timeout=3000)
    assert drifting._clock.isActive()
    drifting.apply_settings(QUIET)
    assert not drifting._clock.isActive()
    drifting.close()


WALL = QUIET.replace(profile="wall")


def test_on_the_wall_a_resting_pointer_shows_no_card_and_a_tap_shows_one_a_while(
    qtbot: QtBot, clock: FakeClock
) -> None:
    wall = shown(qtbot, clock, WALL)
    settle(wall, [stat("delivery", 41, complaints=41), stat("app", 12, ideas=12)])
    rect = wall.word_rect("delivery")
    assert rect is not None
    qtbot.mouseMove(wall, rect.center().toPoint())
    QApplication.processEvents()
    assert wall.hovered_term is None and wall.card_term is None
    wall._card_timer.setInterval(200)
    with qtbot.waitSignal(wall.term_activated, timeout=1000):
        qtbot.mouseClick(wall, Qt.MouseButton.LeftButton, pos=rect.center().toPoint())
    assert wall.card_term == "delivery"
    qtbot.waitUntil(lambda: wall.card_term is None, timeout=3000)
    # A tap beside the words takes a card away at once.
    qtbot.mouseClick(wall, Qt.MouseButton.LeftButton, pos=rect.center().toPoint())
    assert wall.card_term == "delivery"
    qtbot.mouseClick(wall, Qt.MouseButton.LeftButton, pos=QPoint(2, 2))
    assert wall.card_term is None
    wall.close()


def test_on_the_desk_the_card_follows_the_mouse(view: CloudView, qtbot: QtBot) -> None:
    settle(view, [stat("delivery", 41, complaints=41), stat("app", 12, ideas=12)])
    rect = view.word_rect("delivery")
    assert rect is not None
    qtbot.mouseMove(view, QPoint(1, 1))
    qtbot.mouseMove(view, rect.center().toPoint())
    qtbot.waitUntil(lambda: view.card_term == "delivery")
    qtbot.mouseMove(view, QPoint(1, 1))
    qtbot.waitUntil(lambda: view.card_term is None)


def override_shape() -> Qt.CursorShape | None:
    cursor = QApplication.overrideCursor()
    return cursor.shape() if cursor is not None else None


def test_the_wall_pointer_hides_and_shows_a_while_when_a_mouse_moves(
    qtbot: QtBot, view: CloudView
) -> None:
    pointer = WallPointer(view, show_seconds=0.2)
    pointer.start()
    try:
        assert override_shape() == Qt.CursorShape.BlankCursor
        centre = view.rect().center()
        qtbot.mouseMove(view, centre)
        QApplication.processEvents()
        # Where it rests is not a move.
        assert pointer.hidden
        qtbot.mouseMove(view, centre + QPoint(40, 10))
        QApplication.processEvents()
        assert not pointer.hidden and override_shape() is None
        qtbot.waitUntil(lambda: pointer.hidden, timeout=3000)
        assert override_shape() == Qt.CursorShape.BlankCursor
    finally:
        pointer.stop()
    assert override_shape() is None
    assert QCursor.pos() is not None


def test_a_drift_step_moves_the_drawn_cloud_without_repainting_it(
    qtbot: QtBot, clock: FakeClock
) -> None:
    drifting = shown(qtbot, clock, Settings().replace(display__idle_drift=True))
    settle(drifting, many(40))
    qtbot.waitUntil(lambda: not drifting._moving, timeout=3000)
    still = drifting.word_rect("word000")
    QApplication.processEvents()
    paints = PaintLog(drifting)
    steps = 0
    while steps < 3:
        clock.now += 1.0
        before = drifting.word_rect("word000")
        drifting.advance(clock.now)
        QApplication.processEvents()
        if drifting.word_rect("word000") != before:
            steps += 1
    moved = drifting.word_rect("word000")
    assert still is not None and moved is not None and moved != still
    assert paints.regions, "the step was never drawn"
    # Only the strips the scroll uncovers and the legend's strip are painted, never the
    # middle of the cloud.
    middle = drifting.rect().center()
    assert not any(region.contains(middle) for region in paints.regions)
    drifting.close()


def test_a_word_growing_a_little_repaints_a_few_frames_not_every_tick(
    view: CloudView, clock: FakeClock
) -> None:
    words = many(60)
    settle(view, words)
    before = view.word_rect("word030")
    grown = [replace(s, customers=s.customers + 1) if s.key == "word030" else s for s in words]
    paints = PaintLog(view)
    view.set_terms(grown)
    view.flush()
    ticks = 0
    while view.animating:
        clock.now += 1 / 60
        view.advance(clock.now)
        QApplication.processEvents()
        ticks += 1
    after = view.word_rect("word030")
    assert before is not None and after is not None
    change = max(abs(after.width() - before.width()), abs(after.height() - before.height()))
    assert change >= 1.0, "the word did not grow"
    # Each painted frame shows a third of a pixel or more of the change, and the end.
    assert 2 <= len(paints.rects) <= 3 * change + 2 < ticks, (len(paints.rects), change, ticks)
