"""The drill-down opens beside the cloud and closes again: the words flow into each new layout
in full view, never overlapping, and come to rest exactly where the layout put them."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from kiosk.app import kind_colors
from kiosk.settings import Settings
from kiosk.views.cloud_view import TRANSITION_SECONDS, CloudView
from kiosk.views.dashboard_model import DashboardModel
from kiosk.views.main_window import MainWindow
from kiosk.views.theme import DARK
from tests.views.test_cloud_reflow import assert_clean, at_rest, drawn
from tests.views.test_cloud_view import QUIET, FakeClock, many

Desk = tuple[MainWindow, CloudView, list[Callable[[], None]], FakeClock]


@pytest.fixture
def desk(qtbot: QtBot) -> Iterator[Desk]:
    """A desk window with a cloud of 120 words at rest; later layout jobs wait in the list."""
    jobs: list[Callable[[], None]] = []
    clock = FakeClock()
    view = CloudView(executor=jobs.append, clock=clock, coalesce_ms=10_000)
    view.apply_settings(QUIET)
    window = MainWindow(
        DashboardModel(), theme=DARK, kind_colors=kind_colors(Settings()), cloud=view
    )
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    view.set_terms(many(120))
    at_rest(view, jobs)
    yield window, view, jobs, clock
    window.close()


def flow(view: CloudView, jobs: list[Callable[[], None]], clock: FakeClock) -> float:
    """Run the layout for the view's new size and step through the flow into it at 120 Hz,
    asserting every frame clean; return the fewest words shown clearly (half opaque or more)
    in a frame, as a share of the words on screen."""
    view.flush()
    assert len(jobs) == 1
    jobs.pop()()
    assert view.animating, "the words flow into the new layout"
    motion = view._motion
    fewest = 1.0
    while view.animating:
        clock.now += TRANSITION_SECONDS / 97
        view.advance(clock.now)
        assert_clean(drawn(view), view.width(), view.height())
        clear = sum(motion.shown(w).opacity >= 0.5 for w in motion.draw_order)
        fewest = min(fewest, clear / len(motion.draw_order))
    return fewest


def fading_share(view: CloudView) -> float:
    """The share of the words on screen at both ends of the flow that fade out and back in
    on the way rather than gliding all of it."""
    words = [w for w in view._motion.moving if w.start.opacity > 0.003 and w.end.opacity > 0.003]
    return sum(w.fades for w in words) / len(words)


def assert_at_the_layouts_places(view: CloudView) -> None:
    """Every word rests exactly where the layout put it, at its size."""
    area = view._canvas_rect()
    words = view._motion.words
    assert set(words) == set(view.placements)
    for key, p in view.placements.items():
        pose = words[key].now
        assert (pose.x, pose.y, pose.opacity) == (area.x() + p.x, area.y() + p.y, 1.0), key
        # (A change of size under a hundredth keeps the drawn size: motion.SIZE_TOLERANCE.)
        assert pose.size == pytest.approx(p.font_size, rel=0.01), key


def test_the_cloud_flows_beside_the_drill_down_in_full_view(qtbot: QtBot, desk: Desk) -> None:
    window, view, jobs, clock = desk
    wide = view.width()
    window.show_drilldown(QLabel("Behind the word"))
    qtbot.waitUntil(lambda: view.width() < wide - 300)
    # Nearly every word used to fade out and in at once, and the cloud stood nearly empty
    # for a third of a second.
    assert flow(view, jobs, clock) >= 0.5, "most words stay in view all the way"
    assert_at_the_layouts_places(view)


def test_few_words_fade_on_their_way_beside_the_drill_down(qtbot: QtBot, desk: Desk) -> None:
    window, view, jobs, _clock = desk
    wide = view.width()
    window.show_drilldown(QLabel("Behind the word"))
    qtbot.waitUntil(lambda: view.width() < wide - 300)
    view.flush()
    jobs.pop()()
    assert fading_share(view) <= 0.6
    view.finish_animations()
    assert_at_the_layouts_places(view)


def test_the_cloud_flows_back_when_the_drill_down_closes(qtbot: QtBot, desk: Desk) -> None:
    window, view, jobs, clock = desk
    wide = view.width()
    window.show_drilldown(QLabel("Behind the word"))
    qtbot.waitUntil(lambda: view.width() < wide - 300)
    flow(view, jobs, clock)
    window.hide_drilldown()
    qtbot.waitUntil(lambda: view.width() == wide)
    assert flow(view, jobs, clock) >= 0.4
    assert_at_the_layouts_places(view)
