"""Frames of a transition repaint only the words that change, and what they leave on the
screen is the cloud a whole paint draws: mid-transition, at rest, after a mix bar goes, after
a word was drawn with a stand-in, and while the drift waits."""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator

import numpy as np
import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QImage, QRegion
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.cloud.motion import drift_at
from kiosk.settings import Settings
from kiosk.values import TermStat
from kiosk.views import cloud_view
from kiosk.views.cloud_view import TRANSITION_SECONDS, CloudView
from tests.views.test_cloud_view import FakeClock, many, stat
from tests.views.test_wall_cloud import PaintLog, settle, shown


def mixed_cloud(n: int, nudge: int = 0, start: int = 0) -> list[TermStat]:
    """Words with a mix of kinds; ``nudge`` shifts counts (sizes move, mix bars come and go)."""
    out = []
    for i in range(start, start + n):
        customers = max(4, 400 // (i + 1)) + nudge * (i % 4)
        complaints = customers * ((i * 7 + nudge) % 10) // 10
        ideas = (customers - complaints) * ((i + nudge) % 3) // 3
        out.append(
            stat(
                f"word{i:03d}",
                customers,
                complaints=complaints,
                ideas=ideas,
                compliments=customers - complaints - ideas,
            )
        )
    return out


def pixels(image: QImage) -> np.ndarray:
    """The image's pixels as rows of (b, g, r, a) bytes, opaque."""
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    rows = np.frombuffer(image.constBits(), dtype=np.uint8)
    # A copy: the bytes belong to the image, which goes when this returns.
    return rows.reshape(image.height(), image.bytesPerLine())[:, : image.width() * 4].copy()


def on_screen(view: CloudView) -> np.ndarray:
    """What the view's backing store holds: every frame painted so far, added up."""
    QApplication.processEvents()
    return pixels(view.screen().grabWindow(view.winId()).toImage())


def whole_paint(view: CloudView) -> np.ndarray:
    """The view painted whole, now."""
    image = QImage(view.size(), QImage.Format.Format_ARGB32_Premultiplied)
    view.render(image)
    return pixels(image)


def area(region: QRegion) -> int:
    # QRegion iterates over its rectangles (PySide6's stubs do not say so).
    rects: Iterable[QRect] = region  # type: ignore[assignment]
    return sum(r.width() * r.height() for r in rects)


def worst_difference(a: np.ndarray, b: np.ndarray) -> int:
    return int(np.abs(a.astype(np.int16) - b.astype(np.int16)).max())


def tick(view: CloudView, clock: FakeClock) -> None:
    clock.now += 1 / 60
    view.advance(clock.now)
    QApplication.processEvents()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def view(qtbot: QtBot, clock: FakeClock, monkeypatch: pytest.MonkeyPatch) -> Iterator[CloudView]:
    # Every pixmap drawn exactly in the frame that needs it: a stand-in drawn by the screen
    # but not by the whole paint (or the other way round) would differ by design.
    monkeypatch.setattr(cloud_view, "_PIXMAP_BUDGET", 60.0)
    v = shown(qtbot, clock)
    yield v
    v.close()


def test_partial_frames_add_up_to_the_whole_cloud_during_and_after_a_transition(
    view: CloudView, clock: FakeClock
) -> None:
    settle(view, mixed_cloud(48))
    assert worst_difference(on_screen(view), whole_paint(view)) == 0
    paints = PaintLog(view)
    # Words leave and arrive, sizes move, mix bars change, come and go.
    view.set_terms(mixed_cloud(44, nudge=3) + mixed_cloud(4, start=60))
    view.flush()
    ticks = 0
    while view.animating:
        tick(view, clock)
        ticks += 1
        if ticks % 8 == 0:
            screen, painted = on_screen(view), len(paints.regions)
            # Mid-transition only a clipped, scaled blit may round a channel differently.
            assert worst_difference(screen, whole_paint(view)) <= 2
            del paints.regions[painted:]  # the whole paint's own paint event
    tick(view, clock)
    # The first frame clears where every changing word was; after it, each frame repaints
    # only the words that moved since it was last shown (here the largest recolour).
    shares = [area(region) / (view.width() * view.height()) for region in paints.regions]
    assert len(shares) > 10 and max(shares[1:]) < 0.45
    assert worst_difference(on_screen(view), whole_paint(view)) == 0


def test_a_word_that_loses_its_mix_bar_leaves_no_trace_of_it(
    view: CloudView, clock: FakeClock
) -> None:
    mixed = stat("delivery", 200, complaints=100, ideas=100)
    settle(view, [mixed, *many(20)[1:]])
    before = view.word_rect("delivery")
    view.set_terms([stat("delivery", 200, complaints=200), *many(20)[1:]])
    view.flush()
    while view.animating:
        tick(view, clock)
    tick(view, clock)
    after = view.word_rect("delivery")
    assert before is not None and after is not None
    assert after.height() < 0.9 * before.height(), "the bar did not go"
    assert worst_difference(on_screen(view), whole_paint(view)) == 0


def test_a_word_whose_mix_changes_in_place_is_drawn_again_without_a_transition(
    view: CloudView,
) -> None:
    words = [stat("delivery", 200, complaints=120, ideas=80), *many(20)[1:]]
    settle(view, words)
    paints = PaintLog(view)
    # Still mostly complaints, and as many customers: the colour and size stay, the bar moves.
    view.set_terms([stat("delivery", 200, complaints=105, ideas=95), *many(20)[1:]])
    view.flush()
    assert not view.animating
    rect = view.word_rect("delivery")
    assert rect is not None
    QApplication.processEvents()
    assert any(r.contains(rect.toAlignedRect()) for r in paints.rects)
    assert all(r.width() * r.height() < 0.2 * view.width() * view.height() for r in paints.rects)
    assert worst_difference(on_screen(view), whole_paint(view)) == 0


def test_words_drawn_with_stand_ins_past_the_budget_are_drawn_again_whole(
    view: CloudView, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    settle(view, mixed_cloud(48))
    # No time at all for new pixmaps: every resized word starts as a scaled stand-in.
    monkeypatch.setattr(cloud_view, "_PIXMAP_BUDGET", -1.0)
    view.set_terms(mixed_cloud(48, nudge=5))
    view.flush()
    while view.animating:
        tick(view, clock)
    monkeypatch.setattr(cloud_view, "_PIXMAP_BUDGET", 60.0)
    for _ in range(3):
        tick(view, clock)
    assert worst_difference(on_screen(view), whole_paint(view)) == 0


def test_the_drift_waits_while_a_transition_runs(qtbot: QtBot, clock: FakeClock) -> None:
    drifting = shown(qtbot, clock, Settings().replace(display__idle_drift=True))
    size, dpr = drifting.size(), drifting.devicePixelRatioF()
    words = many(40)
    settle(drifting, words)
    # Start the transition just before the drift's next step.
    step = math.floor(clock.now * 20) / 20
    first = drift_at(step, size.width(), size.height(), dpr)
    while drift_at(step, size.width(), size.height(), dpr) == first:
        step += 0.05
    clock.now = step - TRANSITION_SECONDS / 2
    drifting.advance(clock.now)
    QApplication.processEvents()
    still = drifting.word_rect("word000")
    paints = PaintLog(drifting)
    drifting.set_terms(words[:-1])
    drifting.flush()
    while drifting.animating:
        tick(drifting, clock)
        assert drifting.word_rect("word000") == still
    whole = QRect(0, 0, size.width(), size.height())
    assert not any(r.contains(whole) for r in paints.rects), "a frame repainted everything"
    tick(drifting, clock)
    assert drifting.word_rect("word000") != still
    drifting.close()
