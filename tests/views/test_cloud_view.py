"""The cloud view: click and keyboard activation, hover, animation, settings, snapshots."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import replace

import pytest
from PySide6.QtCore import QPoint, QSize, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from kiosk.cloud.presentation import accessible_name, dominant_kind, is_rising
from kiosk.model import Kind
from kiosk.settings import Settings
from kiosk.values import TermStat
from kiosk.views.cloud_view import TRANSITION_SECONDS, CloudView, render_cloud_to_image
from kiosk.views.palette import cloud_palette
from kiosk.views.tasks import synchronous


class FakeClock:
    """Seconds that only move when a test says so."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def stat(
    key: str,
    customers: int,
    complaints: int = 0,
    ideas: int = 0,
    compliments: int = 0,
    previous: int | None = None,
) -> TermStat:
    by_kind = {Kind.COMPLAINT: complaints, Kind.IDEA: ideas, Kind.COMPLIMENT: compliments}
    return TermStat(
        key=key,
        label=key,
        customers=customers,
        mentions=customers,
        customers_by_kind={k: v for k, v in by_kind.items() if v},
        previous_customers=customers if previous is None else previous,
    )


def many(n: int, prefix: str = "word") -> list[TermStat]:
    kinds = ("complaints", "ideas", "compliments")
    out = []
    for i in range(n):
        customers = max(1, 400 // (i + 1))
        out.append(stat(f"{prefix}{i:03d}", customers, **{kinds[i % 3]: customers}))
    return out


QUIET = Settings().replace(display__idle_drift=False)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def view(qtbot: QtBot, clock: FakeClock) -> Iterator[CloudView]:
    v = CloudView(executor=synchronous, clock=clock, coalesce_ms=10_000)
    qtbot.addWidget(v)
    v.apply_settings(QUIET)
    v.resize(960, 540)
    v.show()
    qtbot.waitExposed(v)
    yield v
    v.close()


def settle(view: CloudView) -> None:
    view.flush()
    view.finish_animations()


def feed(view: CloudView) -> None:
    view.set_terms(
        [
            stat("delivery", 41, complaints=30, ideas=8, compliments=3, previous=20),
            stat("friendly staff", 25, compliments=25),
            stat("app", 12, ideas=9, complaints=3),
            stat("price", 6, complaints=4, compliments=2),
        ]
    )
    settle(view)


def test_click_on_a_word_emits_term_activated(qtbot: QtBot, view: CloudView) -> None:
    feed(view)
    rect = view.word_rect("app")
    assert rect is not None
    with qtbot.waitSignal(view.term_activated, timeout=1000) as blocker:
        qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=rect.center().toPoint())
    assert blocker.args == ["app"]


def test_click_on_empty_space_emits_nothing(qtbot: QtBot, view: CloudView) -> None:
    feed(view)
    with qtbot.assertNotEmitted(view.term_activated):
        qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=QPoint(3, 3))


def test_arrows_walk_words_by_weight_tab_leaves_and_enter_opens_one(
    qtbot: QtBot, clock: FakeClock
) -> None:
    # The cloud beside another control, as in the window: one Tab stop among others.
    box = QWidget()
    qtbot.addWidget(box)
    view = CloudView(executor=synchronous, clock=clock, coalesce_ms=10_000)
    view.apply_settings(QUIET)
    after = QLineEdit()
    layout = QVBoxLayout(box)
    layout.addWidget(view)
    layout.addWidget(after)
    box.resize(960, 600)
    box.show()
    qtbot.waitExposed(box)
    feed(view)
    assert view.terms_in_focus_order() == ["delivery", "friendly staff", "app", "price"]
    box.activateWindow()
    qtbot.waitUntil(box.isActiveWindow)
    after.setFocus()
    qtbot.waitUntil(after.hasFocus)
    view.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(view.hasFocus)
    assert view.focused_term == "delivery"
    qtbot.keyClick(view, Qt.Key.Key_End)
    assert view.focused_term == "price"
    qtbot.keyClick(view, Qt.Key.Key_Home)
    qtbot.keyClick(view, Qt.Key.Key_Right)
    assert view.focused_term == "friendly staff"
    assert view.accessibleDescription() == view.accessible_name_for("friendly staff")
    with qtbot.waitSignal(view.term_activated, timeout=1000) as blocker:
        qtbot.keyClick(view, Qt.Key.Key_Return)
    assert blocker.args == ["friendly staff"]
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    qtbot.waitUntil(after.hasFocus)


def test_accessible_name_says_counts_by_kind_and_trend() -> None:
    name = accessible_name(stat("delivery", 41, complaints=30, ideas=8, compliments=3, previous=20))
    assert name == (
        "delivery: 41 customers, 30 complaints, 8 ideas, 3 compliments; "
        "up from 20 in the previous period"
    )
    risen = replace(stat("delivery", 41, complaints=41, previous=20), rising=True)
    assert accessible_name(risen).endswith("; rising fast, up from 20 in the previous period")
    assert accessible_name(stat("app", 1, ideas=1, previous=1)).startswith(
        "app: 1 customer, 1 idea;"
    )


def test_dominant_kind_and_rising() -> None:
    mixed = stat("x", 10, complaints=4, ideas=4, compliments=2)
    assert dominant_kind(mixed).value == "complaint"  # a tie goes to the kind to act on
    assert dominant_kind(stat("y", 3)).value == "unclassified"
    assert not is_rising(stat("z", 10, previous=4))
    assert is_rising(replace(stat("z", 10, previous=4), rising=True))


def test_hover_highlights_the_word_and_shows_details(qtbot: QtBot, view: CloudView) -> None:
    feed(view)
    before = view.grab().toImage()
    rect = view.word_rect("delivery")
    assert rect is not None
    qtbot.mouseMove(view, rect.center().toPoint())
    qtbot.waitUntil(lambda: view.hovered_term == "delivery")
    after = view.grab().toImage()
    assert after != before
    panel = QColor(cloud_palette().panel).rgb()
    assert count_pixels(after, panel) > count_pixels(before, panel) + 1000


def count_pixels(image: QImage, rgb: int, step: int = 2) -> int:
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    return sum(
        1
        for y in range(0, image.height(), step)
        for x in range(0, image.width(), step)
        if image.pixel(x, y) == rgb
    )


def test_words_glide_then_leaving_words_go(view: CloudView, clock: FakeClock) -> None:
    feed(view)
    start = view.word_rect("app")
    assert start is not None
    view.set_terms([stat("app", 80, ideas=80), stat("delivery", 41, complaints=41)])
    view.flush()
    assert view.animating
    clock.now += TRANSITION_SECONDS / 2
    view.advance(clock.now)
    middle = view.word_rect("app")
    assert middle is not None and start.width() < middle.width()
    assert view.word_rect("price") is None  # leaving words are fading, not clickable
    clock.now += TRANSITION_SECONDS
    view.advance(clock.now)
    assert not view.animating
    end = view.word_rect("app")
    assert end is not None and middle.width() < end.width()
    assert set(view.placements) == {"app", "delivery"}


def test_a_burst_of_updates_makes_one_layout(qtbot: QtBot, clock: FakeClock) -> None:
    jobs: list[Callable[[], None]] = []

    def counting(job: Callable[[], None]) -> None:
        jobs.append(job)
        job()

    v = CloudView(executor=counting, clock=clock, coalesce_ms=10_000)
    qtbot.addWidget(v)
    v.resize(800, 450)
    v.show()
    qtbot.waitExposed(v)
    for n in range(5, 10):
        v.set_terms(many(n))
    v.flush()
    assert len(jobs) == 1
    assert len(v.placements) == 9
    v.close()


def test_a_stale_layout_is_dropped(qtbot: QtBot, clock: FakeClock) -> None:
    jobs: list[Callable[[], None]] = []
    v = CloudView(executor=jobs.append, clock=clock, coalesce_ms=10_000)
    qtbot.addWidget(v)
    v.resize(800, 450)
    v.show()
    qtbot.waitExposed(v)
    v.set_terms(many(5, "old"))
    v.flush()
    v.set_terms(many(7, "new"))
    v.flush()
    assert len(jobs) == 2
    applied: list[bool] = []
    v.layout_applied.connect(lambda: applied.append(True))
    jobs[1]()
    jobs[0]()
    assert applied == [True]
    assert all(k.startswith("new") for k in v.placements)
    v.close()


def test_layout_on_a_worker_thread_reaches_the_view(qtbot: QtBot) -> None:
    v = CloudView(coalesce_ms=0)
    qtbot.addWidget(v)
    v.resize(800, 450)
    v.show()
    qtbot.waitExposed(v)
    with qtbot.waitSignal(v.layout_applied, timeout=5000):
        v.set_terms(many(60))
    assert len(v.placements) == 60
    v.close()


def test_words_on_screen_never_overlap(view: CloudView) -> None:
    view.set_terms(many(150))
    settle(view)
    rects = [r for k in view.placements if (r := view.word_rect(k)) is not None]
    assert len(rects) == 150
    for a, b in itertools.combinations(rects, 2):
        assert not a.intersects(b)
    inside = view.rect()
    assert all(inside.contains(r.toAlignedRect()) for r in rects)


def test_settings_change_theme_palette_words_and_direction(view: CloudView) -> None:
    view.set_terms(many(120))
    settle(view)
    light = QUIET.replace(
        display__theme="light",
        display__palette="colorblind",
        display__vertical_words=True,
        display__max_words=40,
    )
    view.apply_settings(light)
    settle(view)
    assert len(view.placements) == 40
    view.apply_settings(light.replace(display__max_words=120))
    settle(view)
    assert len(view.placements) == 120, "raising the limit brings back the words kept aside"
    view.apply_settings(light.replace(display__max_words=40))
    settle(view)
    assert {p.rotation for p in view.placements.values()} == {0, 90}
    image = view.grab().toImage()
    assert (
        QColor(image.pixel(2, 2)).name().upper() == cloud_palette("colorblind", "light").background
    )


def test_hidden_view_grabs_a_finished_cloud(qtbot: QtBot) -> None:
    v = CloudView()
    qtbot.addWidget(v)
    v.resize(640, 360)
    v.set_terms(many(30))
    image = v.grab().toImage()
    assert len(v.placements) == 30
    assert not v.animating
    background = QColor(cloud_palette().background).rgb()
    assert count_pixels(image, background) < 0.97 * (640 * 360 / 4)


def test_render_cloud_to_image_draws_every_kind_colour(qtbot: QtBot) -> None:
    image = render_cloud_to_image(many(60), QSize(960, 540), device_pixel_ratio=2.0)
    assert (image.width(), image.height()) == (1920, 1080)
    colours = cloud_palette()
    for kind_colour in ("complaint", "idea", "compliment"):
        rgb = QColor(colours.kinds[next(k for k in colours.kinds if k.value == kind_colour)]).rgb()
        assert count_pixels(image, rgb, step=3) > 50, kind_colour


def test_closing_stops_the_frame_clock(qtbot: QtBot, clock: FakeClock) -> None:
    v = CloudView(executor=synchronous, clock=clock)
    qtbot.addWidget(v)
    v.show()
    qtbot.waitExposed(v)
    v.set_terms(many(10))
    v.flush()
    assert v.findChildren(type(v._clock))[-1].isActive()
    v.close()
    assert not any(t.isActive() for t in v.findChildren(type(v._clock)))


def test_embedded_hidden_view_renders_at_its_laid_out_size(qtbot: QtBot) -> None:
    """What the snapshot command does: a hidden window, sized, laid out, then rendered."""
    window = QWidget()
    qtbot.addWidget(window)
    box = QVBoxLayout(window)
    box.setContentsMargins(0, 100, 0, 0)
    cloud = CloudView()
    box.addWidget(cloud)
    cloud.set_terms(many(40))
    window.resize(1280, 820)
    box.activate()
    image = QImage(1280, 820, QImage.Format.Format_ARGB32_Premultiplied)
    window.render(image)
    assert (cloud.width(), cloud.height()) == (1280, 720)
    rects = [r for k in cloud.placements if (r := cloud.word_rect(k)) is not None]
    assert len(rects) == 40
    assert all(cloud.rect().contains(r.toAlignedRect()) for r in rects)
    assert max(r.right() for r in rects) > 900, "laid out for the final width, not the default"
    cloud.close()


def test_idle_drift_moves_the_cloud_a_few_whole_pixels(view: CloudView, clock: FakeClock) -> None:
    feed(view)
    still = view.word_rect("delivery")
    assert still is not None
    view.apply_settings(QUIET.replace(display__idle_drift=True))
    shifts = []
    for _ in range(12):
        clock.now += 10.0
        view.advance(clock.now)
        moved = view.word_rect("delivery")
        assert moved is not None
        shifts.append((moved.x() - still.x(), moved.y() - still.y()))
    assert any(dx or dy for dx, dy in shifts)
    limit = 0.006 * min(view.width(), view.height()) + 1
    assert all(abs(dx) <= limit and abs(dy) <= limit for dx, dy in shifts)
    # Whole pixels, up to the float error of subtracting two positions.
    assert all(abs(d - round(d)) < 1e-6 for shift in shifts for d in shift), shifts
