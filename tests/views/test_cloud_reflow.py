"""A resize or a drill-down panel: the cloud fits the new room at once, and flows on cleanly.

The layout for the new size is held back (its job waits in a list) so that what the next
frame shows is the cloud's own answer to the resize, not the new layout.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

import kiosk.views.layout_worker as layout_worker
from kiosk.app import kind_colors
from kiosk.settings import Settings
from kiosk.views.cloud_view import TRANSITION_SECONDS, CloudView
from kiosk.views.dashboard_model import DashboardModel
from kiosk.views.main_window import MainWindow
from kiosk.views.theme import DARK
from tests.views.test_cloud_view import QUIET, FakeClock, many

Frame = list[tuple[str, QRectF]]


class Frames:
    """The words each paint of a view drew, with their boxes (faded-out ones are not drawn)."""

    def __init__(self, view: CloudView) -> None:
        self.view = view
        self.painted: list[tuple[float, float, Frame]] = []
        paint = view.paintEvent

        def painting(event: QPaintEvent) -> None:
            self.painted.append((view.width(), view.height(), drawn(view)))
            paint(event)

        view.paintEvent = painting  # type: ignore[method-assign]


def drawn(view: CloudView) -> Frame:
    """The words the view draws now, each with its box in the view."""
    motion = view._motion
    return [
        (w.key, QRectF(*w.box_at(pose)).translated(view._drift))
        for w in motion.draw_order
        if (pose := motion.shown(w)).opacity > 0.003
    ]


def assert_clean(frame: Frame, width: float, height: float) -> None:
    """Every word inside the view and none overlapping another."""
    assert frame, "no words drawn"
    area = QRectF(0, 0, width, height)
    outside = [k for k, r in frame if not area.contains(r)]
    assert not outside, f"cut off: {outside}"
    crossing = [
        (a, b) for (a, ra), (b, rb) in itertools.combinations(frame, 2) if ra.intersects(rb)
    ]
    assert not crossing, f"overlapping: {crossing[:5]}"


def at_rest(view: CloudView, jobs: list[Callable[[], None]]) -> None:
    """Run the layouts asked for and end the flow into them."""
    view.flush()
    while jobs:
        jobs.pop(0)()
    view.finish_animations()


@pytest.fixture
def held(qtbot: QtBot) -> Iterator[tuple[CloudView, list[Callable[[], None]], FakeClock]]:
    """A shown cloud of 120 words at rest; later layout jobs wait in the list."""
    jobs: list[Callable[[], None]] = []
    clock = FakeClock()
    view = CloudView(executor=jobs.append, clock=clock, coalesce_ms=10_000)
    qtbot.addWidget(view)
    view.apply_settings(QUIET)
    view.resize(960, 540)
    view.show()
    qtbot.waitExposed(view)
    view.set_terms(many(120))
    at_rest(view, jobs)
    yield view, jobs, clock
    view.close()


def next_frame(qtbot: QtBot, frames: Frames) -> tuple[float, float, Frame]:
    frames.painted.clear()
    qtbot.waitUntil(lambda: bool(frames.painted), timeout=5000)
    return frames.painted[0]


def test_the_frame_after_a_resize_has_every_word_inside_and_none_overlapping(
    qtbot: QtBot, held: tuple[CloudView, list[Callable[[], None]], FakeClock]
) -> None:
    view, jobs, _ = held
    frames = Frames(view)
    for size in ((560, 540), (960, 300), (420, 700)):
        view.resize(*size)
        width, height, frame = next_frame(qtbot, frames)
        assert (width, height) == size
        assert_clean(frame, width, height)
    # No layout for a new size was even asked for: each frame was the view's own answer.
    assert not jobs


def test_the_frame_after_the_drill_down_opens_beside_the_cloud_fits_it(qtbot: QtBot) -> None:
    jobs: list[Callable[[], None]] = []
    view = CloudView(executor=jobs.append, clock=FakeClock(), coalesce_ms=10_000)
    view.apply_settings(QUIET)
    colours = kind_colors(Settings())
    window = MainWindow(DashboardModel(), theme=DARK, kind_colors=colours, cloud=view)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    view.set_terms(many(120))
    at_rest(view, jobs)
    frames = Frames(view)
    wide = view.width()
    window.show_drilldown(QLabel("Behind the word"))
    width, height, frame = next_frame(qtbot, frames)
    assert width < wide - 300, "the dock takes its room beside the cloud"
    assert_clean(frame, width, height)
    window.close()


def test_the_flow_into_the_new_layout_never_overlaps_or_cuts_a_word(
    qtbot: QtBot, held: tuple[CloudView, list[Callable[[], None]], FakeClock]
) -> None:
    view, jobs, clock = held
    view.resize(520, 540)
    view.flush()
    jobs.pop()()
    assert view.animating, "the words flow into the new layout"
    steps = 0
    while view.animating:
        clock.now += TRANSITION_SECONDS / 97
        view.advance(clock.now)
        assert_clean(drawn(view), view.width(), view.height())
        steps += 1
    assert steps > 90
    assert_clean(drawn(view), view.width(), view.height())


def test_a_burst_of_resizes_computes_only_the_last_layout(
    qtbot: QtBot,
    held: tuple[CloudView, list[Callable[[], None]], FakeClock],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    view, jobs, _ = held
    computed: list[Any] = []
    layout = layout_worker.layout_cloud

    def counting(*args: Any, **kwargs: Any) -> Any:
        computed.append(args[1])
        return layout(*args, **kwargs)

    monkeypatch.setattr(layout_worker, "layout_cloud", counting)
    for width in range(900, 500, -80):
        view.resize(width, 540)
        view.flush()
    assert len(jobs) == 5, "each resize of the burst asked for a layout"
    applied: list[bool] = []
    view.layout_applied.connect(lambda: applied.append(True))
    while jobs:
        jobs.pop(0)()
    # The four superseded ones were skipped, not computed and thrown away.
    assert len(computed) == 1 and computed[0].width < 600, "the last size only"
    assert applied == [True]


def test_a_layout_skipped_for_a_newer_one_reports_nothing(
    qtbot: QtBot, held: tuple[CloudView, list[Callable[[], None]], FakeClock]
) -> None:
    view, jobs, _clock = held
    view.resize(700, 540)
    view.flush()  # a layout queued for the worker
    assert len(jobs) == 1
    view.hide()  # hidden (another scene on the wall): layouts run at once
    view.set_terms(many(60))
    assert len(view.placements) == 60
    jobs.pop()()  # the queued one finds itself superseded: helper-40 saw it raise
    qtbot.wait(50)
    assert len(view.placements) == 60


def test_a_view_shrunk_and_back_before_its_layout_came_is_laid_out_for_its_size(
    qtbot: QtBot, held: tuple[CloudView, list[Callable[[], None]], FakeClock]
) -> None:
    view, jobs, _clock = held
    view.resize(500, 540)  # a panel opens...
    view.flush()
    assert len(jobs) == 1
    view.resize(960, 540)  # ...and closes before the layout for 500 px came back
    view.flush()
    for _ in range(3):
        while jobs:
            jobs.pop(0)()
        qtbot.wait(50)
        view.flush()
    view.finish_animations()
    canvas = view._layout_canvas
    assert canvas is not None and canvas.width > 800, "laid out for the narrow size"
    assert_clean(drawn(view), view.width(), view.height())
