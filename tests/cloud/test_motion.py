"""The cloud's motion, driven by a fake clock: glides, fades, drift and what counts as visible."""

from __future__ import annotations

import itertools
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.cloud.motion import (
    DRIFT_PERIODS,
    DRIFT_SHARE,
    TRANSITION_SECONDS,
    Mix,
    Motion,
    Pose,
    drift_at,
    ease,
)
from kiosk.cloud.values import Placement
from kiosk.model import Kind
from kiosk.values import TermStat

ORIGIN = (10.0, 20.0)
FRAME = 1 / 60


class FakeClock:
    """Seconds that only move when a test says so."""

    def __init__(self) -> None:
        self.now = 500.0

    def tick(self, seconds: float = FRAME) -> float:
        self.now += seconds
        return self.now


def stat(key: str, customers: int = 10, *, rising: bool = False) -> TermStat:
    return TermStat(
        key=key,
        label=key,
        customers=customers,
        mentions=customers,
        customers_by_kind={Kind.COMPLAINT: customers},
        previous_customers=customers // 2 if rising else customers,
        rising=rising,
    )


def place(key: str, x: float, y: float, size: float = 40.0, rotation: int = 0) -> Placement:
    # A box 0.5 em wide per letter and 0.7 em high, as a layout would measure it.
    width, height = 0.5 * size * len(key), 0.7 * size
    if rotation:
        width, height = height, width
    return Placement(key, x, y, size, rotation, width, height)


def look(stat: TermStat) -> tuple[str, Mix]:
    return "#E4572E", ()


def settled(clock: FakeClock, *placements: Placement) -> Motion:
    """A motion whose words stand at these placements, the arrival finished."""
    motion = Motion()
    layout(motion, clock, *placements)
    motion.finish()
    motion.end()
    return motion


def layout(motion: Motion, clock: FakeClock, *placements: Placement) -> list:
    stats = {p.key: stat(p.key) for p in placements}
    moving = motion.arrive({p.key: p for p in placements}, stats, ORIGIN, look)
    motion.start(moving, clock.now)
    return moving


def test_ease_starts_at_rest_ends_at_rest_and_only_goes_forward() -> None:
    steps = [ease(i / 100) for i in range(101)]
    assert steps[0] == 0.0 and steps[-1] == 1.0
    assert ease(0.5) == pytest.approx(0.5)
    assert all(b >= a for a, b in itertools.pairwise(steps))
    # Gentle at both ends: the first and last hundredths move far less than the middle one.
    assert steps[1] - steps[0] < 0.01 * (steps[51] - steps[50])
    assert steps[100] - steps[99] < 0.01 * (steps[51] - steps[50])
    assert ease(-1.0) == 0.0 and ease(2.0) == 1.0


def test_a_word_glides_from_its_place_to_its_new_one_and_ends_exactly_there() -> None:
    clock = FakeClock()
    motion = settled(clock, place("delivery", 100, 100))
    word = motion.words["delivery"]
    assert (word.now.x, word.now.y) == (110.0, 120.0)
    moving = layout(motion, clock, place("delivery", 300, 200))
    assert moving == [word]
    xs = []
    while motion.animating:
        motion.advance(clock.tick())
        xs.append(word.now.x)
    # About 48 frames at 60 Hz, every one a step forward along the eased path...
    assert len(xs) == math.ceil(TRANSITION_SECONDS / FRAME)
    assert all(b >= a for a, b in itertools.pairwise(xs))
    midway = xs[len(xs) // 2 - 1]
    assert midway == pytest.approx(110 + 200 * ease((len(xs) // 2) * FRAME / TRANSITION_SECONDS))
    # ... and the last lands exactly on the new place, not a hair before it.
    assert (word.now.x, word.now.y, word.now.size, word.now.opacity) == (310.0, 220.0, 40.0, 1.0)


def test_a_new_word_grows_in_and_a_word_left_out_fades_away_and_is_gone_at_the_end() -> None:
    clock = FakeClock()
    motion = settled(clock, place("delivery", 100, 100), place("price", 300, 100))
    moving = layout(motion, clock, place("delivery", 100, 100), place("app", 200, 200))
    app, price = motion.words["app"], motion.words["price"]
    assert {w.key for w in moving} == {"app", "price"}
    assert app.now.opacity == 0.0 and app.now.size == pytest.approx(0.4 * 40)
    assert price.leaving and price.end.opacity == 0.0
    motion.advance(clock.tick(TRANSITION_SECONDS / 2))
    assert 0.0 < app.now.opacity < 1.0 and 0.0 < price.now.opacity < 1.0
    gone = motion.advance(clock.tick(TRANSITION_SECONDS))
    assert gone == ("price",)
    assert set(motion.words) == {"delivery", "app"}
    assert price not in motion.draw_order
    assert app.now == Pose(210.0, 220.0, 40.0, 1.0)


def test_a_word_that_stays_put_does_not_move_and_is_drawn_above_smaller_ones() -> None:
    clock = FakeClock()
    motion = settled(clock, place("delivery", 100, 100, size=60), place("app", 300, 100))
    moving = layout(motion, clock, place("delivery", 100, 100, size=60), place("app", 300, 300))
    assert [w.key for w in moving] == ["app"]
    assert [w.key for w in motion.draw_order] == ["app", "delivery"]


def test_a_size_change_too_small_to_see_keeps_the_drawn_size() -> None:
    clock = FakeClock()
    motion = settled(clock, place("delivery", 100, 100, size=40))
    word = motion.words["delivery"]
    layout(motion, clock, place("delivery", 100, 100, size=40.2))
    assert word.pix_size == 40.0 and word.end.size == 40.0
    # The box is the new one measured at the kept size, so hit tests stay right.
    assert word.box == pytest.approx((0.5 * 40 * 8, 0.7 * 40))
    layout(motion, clock, place("delivery", 100, 100, size=48))
    assert word.pix_size == 48.0 and word.end.size == 48.0


def test_a_word_turning_on_its_side_fades_in_where_it_lands() -> None:
    clock = FakeClock()
    motion = settled(clock, place("delivery", 100, 100))
    word = motion.words["delivery"]
    layout(motion, clock, place("delivery", 300, 300, rotation=90))
    assert word.rotation == 90
    assert word.start == Pose(310.0, 320.0, 40.0, 0.0)


def test_a_layout_during_a_transition_goes_on_from_where_the_words_are() -> None:
    clock = FakeClock()
    # "app" stands clear of where "delivery" goes: two layouts that overlap nowhere.
    motion = settled(clock, place("delivery", 100, 100), place("app", 400, 100))
    layout(motion, clock, place("delivery", 200, 100), place("app", 400, 100))
    motion.advance(clock.tick(TRANSITION_SECONDS / 2))
    halfway = motion.words["delivery"].now.x
    assert 110 < halfway < 210
    moving = motion.arrive(
        {"delivery": place("delivery", 200, 100), "app": place("app", 400, 300)},
        {"delivery": stat("delivery"), "app": stat("app")},
        ORIGIN,
        look,
    )
    # The word still on its way keeps moving with the one the new layout sends off.
    assert {w.key for w in moving} == {"delivery", "app"}
    assert motion.words["delivery"].start.x == halfway


def test_a_tick_that_moves_nothing_visibly_reports_no_change_until_the_end() -> None:
    clock = FakeClock()
    motion = settled(clock, place("delivery", 100, 100))
    word = motion.words["delivery"]
    # A tenth of a pixel over the whole transition: it looks the same where it comes to
    # rest, so the first frame shows it there, crisp, and no other frame draws it.
    moving = layout(motion, clock, place("delivery", 100.1, 100))
    assert moving == [word]
    start = word.now
    shown = []
    while motion.animating:
        motion.advance(clock.tick())
        shown.append(motion.take_changes())
        assert motion.shown(word) == word.end
    assert shown[0] == [(word, start)] and not any(shown[1:])
    # Two pixels: the first ticks show nothing, then a third of a pixel at a time shows.
    layout(motion, clock, place("delivery", 102, 100))
    # (It holds still for the first stretch of its route: see kiosk.cloud.routes.)
    while motion.words["delivery"].now == word.start:
        motion.advance(clock.tick())
        assert motion.take_changes() == []
    assert motion.shown(word) == word.start != word.now
    steps = 0
    while motion.animating:
        last = motion.shown(word)
        motion.advance(clock.tick())
        changes = motion.take_changes()
        if changes:
            steps += 1
            assert changes == [(word, last)]
            assert motion.shown(word) in (word.now, word.end)
    assert 2 <= steps <= 8
    # It came to rest a frame or more before the transition ended.
    assert motion.take_changes() == []


def test_only_the_words_that_changed_visibly_are_taken() -> None:
    clock = FakeClock()
    motion = settled(clock, place("delivery", 100, 100), place("app", 300, 100))
    far, near = motion.words["delivery"], motion.words["app"]
    layout(motion, clock, place("delivery", 300, 300), place("app", 300.6, 100))
    motion.advance(clock.tick(TRANSITION_SECONDS / 4))
    # A quarter of the way the far mover shows; the one moving 0.6 pixels in all is held
    # back (it has moved 0.04 of them, and is still more than a third of a pixel from rest).
    assert [w for w, _ in motion.take_changes()] == [far]
    assert motion.shown(near) == near.start != near.now


def test_a_fading_or_recoloured_word_changes_visibly() -> None:
    clock = FakeClock()
    motion = settled(clock, place("delivery", 100, 100))
    word = motion.words["delivery"]
    motion.recolour(lambda s: ("#2E86AB", ()), clock.now)
    assert word.from_colour == "#E4572E" and word.colour == "#2E86AB"
    motion.advance(clock.tick())
    assert [w for w, _ in motion.take_changes()] == [word]
    # Still recolouring: every tick shows it, though it does not move.
    motion.advance(clock.tick())
    assert [w for w, _ in motion.take_changes()] == [word]
    motion.finish()
    assert word.from_colour is None
    motion.end()
    # Fading a tenth, in place.
    word.end = Pose(word.now.x, word.now.y, word.now.size, 0.9)
    motion.start([word], clock.now)
    motion.advance(clock.tick(TRANSITION_SECONDS / 2))
    assert [w for w, _ in motion.take_changes()] == [word]


def test_a_word_whose_arrow_appears_is_redrawn_though_it_stays_put() -> None:
    clock = FakeClock()
    motion = settled(clock, place("delivery", 100, 100))
    word = motion.words["delivery"]
    assert not word.rising
    p = place("delivery", 100, 100)
    moving = motion.arrive(
        {"delivery": p}, {"delivery": stat("delivery", rising=True)}, ORIGIN, look
    )
    assert word.rising and moving == [word]


@given(
    now=st.floats(min_value=0, max_value=1e6, allow_nan=False),
    width=st.integers(min_value=240, max_value=7680),
    height=st.integers(min_value=160, max_value=4320),
    dpr=st.sampled_from([1.0, 1.25, 1.5, 2.0]),
)
def test_the_drift_stays_within_a_few_pixels_in_whole_device_pixels(
    now: float, width: int, height: int, dpr: float
) -> None:
    dx, dy = drift_at(now, width, height, dpr)
    bound = DRIFT_SHARE * min(width, height) + 0.5 / dpr
    assert abs(dx) <= bound and abs(dy) <= bound
    assert (dx * dpr).is_integer() and (dy * dpr).is_integer()


def test_the_drift_comes_back_after_both_periods_and_wanders_in_between() -> None:
    both = DRIFT_PERIODS[0] * DRIFT_PERIODS[1]
    for now in (0.0, 13.0, 50.5):
        assert drift_at(now, 1920, 1080, 1.0) == drift_at(now + both, 1920, 1080, 1.0)
    path = {drift_at(float(t), 1920, 1080, 1.0) for t in range(0, 600, 5)}
    assert len(path) > 20
    # Slow: about a pixel a second at the most on a full HD wall.
    steps = [
        math.dist(drift_at(t, 1920, 1080, 1.0), drift_at(t + 1.0, 1920, 1080, 1.0))
        for t in range(300)
    ]
    assert max(steps) <= 2.0
