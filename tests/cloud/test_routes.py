"""Words flowing between two layouts never overlap: each takes a way that crosses no other word
(straight, shrunk in flight, late or early), or fades while it would cross one and glides on."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.cloud.motion import TRANSITION_SECONDS, Motion
from kiosk.cloud.routes import STRETCHES, plan_routes
from kiosk.cloud.values import Placement
from tests.cloud.test_motion import ORIGIN, FakeClock, layout, place, settled


def overlapping(motion: Motion) -> list[tuple[str, str]]:
    """The pairs of words drawn in the last frame whose boxes overlap there (each as the
    frame shows it: where it was last drawn changed, see Motion.take_changes)."""
    boxes = [
        (w.key, w.box_at(pose))
        for w in motion.draw_order
        if (pose := motion.shown(w)).opacity > 0.003
    ]
    return [
        (a, b)
        for (a, (l1, t1, w1, h1)), (b, (l2, t2, w2, h2)) in itertools.combinations(boxes, 2)
        if l1 < l2 + w2 and l2 < l1 + w1 and t1 < t2 + h2 and t2 < t1 + h1
    ]


def run_through(motion: Motion, clock: FakeClock, steps: int = 240) -> None:
    """Step through the whole transition, finely, asserting no two drawn words overlap."""
    for _ in range(steps + 1):
        motion.advance(clock.tick(TRANSITION_SECONDS / steps))
        motion.take_changes()
        assert not overlapping(motion), clock.now
    assert not motion.animating


def box(p: Placement) -> tuple[float, float, float, float]:
    """A placement's tight box in the view."""
    return (ORIGIN[0] + p.x - p.width / 2, ORIGIN[1] + p.y - p.height / 2, p.width, p.height)


def test_two_words_swapping_places_do_not_pass_through_each_other() -> None:
    clock = FakeClock()
    motion = settled(clock, place("delivery", 100, 100, size=60), place("price", 400, 100))
    layout(motion, clock, place("delivery", 400, 100, size=60), place("price", 100, 100))
    delivery, price = motion.words["delivery"], motion.words["price"]
    # The smaller word fades while it passes; the larger one, the one people know, glides.
    assert price.fades and not delivery.fades
    run_through(motion, clock)
    assert (price.now.x, delivery.now.x) == (110.0, 410.0)


def test_a_word_that_fades_on_its_way_keeps_flowing_and_shows_at_both_ends() -> None:
    clock = FakeClock()
    motion = settled(clock, place("app", 100, 100), place("price", 300, 100))
    layout(motion, clock, place("app", 500, 100), place("price", 300, 100))
    app, price = motion.words["app"], motion.words["price"]
    assert app.fades and not price.fades
    seen: list[float] = []
    xs: list[float] = []
    for _ in range(97):
        motion.advance(clock.tick(TRANSITION_SECONDS / 96))
        seen.append(app.now.opacity)
        xs.append(app.now.x)
        assert not overlapping(motion)
        # The word at rest never moves nor fades.
        assert (price.now.x, price.now.opacity) == (310.0, 1.0)
    # Unseen only while it passes over "price", not from a third of the way to two thirds
    # wherever it is: it leaves in full view and lands in full view...
    assert seen[0] == 1.0 and seen[-1] == 1.0
    hidden = [i for i, o in enumerate(seen) if o <= 0.003]
    assert hidden and len(hidden) < len(seen) / 2
    # ... and it goes on along its way meanwhile, never standing in the others' way.
    assert all(b >= a for a, b in itertools.pairwise(xs))
    assert xs[hidden[0]] < xs[hidden[-1]]


def test_words_whose_paths_stay_apart_glide_as_before() -> None:
    clock = FakeClock()
    motion = settled(clock, place("delivery", 100, 100), place("price", 100, 300))
    layout(motion, clock, place("delivery", 300, 100), place("price", 300, 300))
    assert not any(w.fades for w in motion.words.values())
    run_through(motion, clock)


def test_a_smaller_word_waits_for_a_larger_one_to_pass_instead_of_fading() -> None:
    # "app" goes down across the lane "delivery" leaves along: straight, it would meet
    # delivery's tail; leaving a little later, it crosses behind it.
    start = [place("delivery", 200, 100, size=60), place("app", 200, 30, size=30)]
    end = [place("delivery", 600, 100, size=60), place("app", 200, 200, size=30)]
    routes = plan_routes(
        [box(p) for p in start],
        [box(p) for p in end],
        [1.0, 1.0],
        [1.0, 1.0],
        [True, True],
        [60.0, 30.0],
    )
    delivery, app = routes
    assert delivery is not None and app is not None
    assert not delivery.fades and not app.fades
    # delivery goes first; app still stands at its place a third of the way through.
    third = STRETCHES // 3
    assert delivery.along[third] > 0.05 and app.along[third] == 0.0
    clock = FakeClock()
    motion = settled(clock, *start)
    layout(motion, clock, *end)
    run_through(motion, clock)


def test_paths_crossing_only_in_between_are_found() -> None:
    # Two words whose paths cross diagonally: apart at both ends, together halfway.
    start = [(0.0, 0.0, 10.0, 10.0), (100.0, 0.0, 10.0, 10.0)]
    end = [(100.0, 100.0, 10.0, 10.0), (0.0, 100.0, 10.0, 10.0)]
    straight = plan_routes(start, [start[0], end[1]], [1, 1], [1, 1], [False, True], [10, 12])
    routes = plan_routes(start, end, [1, 1], [1, 1], [True, True], [10.0, 12.0])
    small, large = routes
    assert small is not None and large is not None and straight[1] is not None
    # The larger goes straight; the smaller must go another way or fade a while.
    assert large.along == straight[1].along and not large.fades
    assert small.fades or small.along != large.along or small.scale != large.scale


def test_a_word_growing_in_where_another_passes_waits_for_it() -> None:
    clock = FakeClock()
    motion = settled(clock, place("delivery", 100, 100, size=60))
    layout(motion, clock, place("delivery", 500, 100, size=60), place("app", 300, 100))
    app = motion.words["app"]
    assert app.fades
    run_through(motion, clock)
    assert app.now.opacity == 1.0


cells = st.lists(
    st.tuples(st.integers(0, 5), st.integers(0, 7), st.integers(0, 5), st.integers(0, 7)),
    min_size=2,
    max_size=14,
)


@settings(max_examples=60, deadline=None)
@given(moves=cells, sizes=st.lists(st.integers(16, 30), min_size=14, max_size=14))
def test_no_two_words_ever_overlap_between_two_layouts_that_do_not(
    moves: list[tuple[int, int, int, int]], sizes: list[int]
) -> None:
    # Each word sits in a cell of a grid in each layout, at most one word per cell, so both
    # layouts are free of overlaps; words come, go and move between them.
    starts, ends, seen_start, seen_end = [], [], set(), set()
    for i, (a, b, c, d) in enumerate(moves):
        key, size = f"w{i}", float(sizes[i])
        if (a, b) not in seen_start:
            seen_start.add((a, b))
            starts.append(place(key, 70 + 120 * a, 30 + 40 * b, size=size))
        if (c, d) not in seen_end and i % 5:
            seen_end.add((c, d))
            ends.append(place(key, 70 + 120 * c, 30 + 40 * d, size=size))
    clock = FakeClock()
    motion = settled(clock, *starts)
    assert not overlapping(motion)
    layout(motion, clock, *ends)
    run_through(motion, clock, steps=120)


boxes = st.tuples(st.floats(0, 500), st.floats(0, 500), st.floats(1, 200), st.floats(1, 80)).map(
    lambda b: (b[0], b[1], b[2], b[3])
)


@settings(max_examples=60, deadline=None)
@given(start=boxes, end=boxes, grow=st.floats(0.2, 5.0))
def test_every_way_stays_inside_the_box_around_both_ends(
    start: tuple[float, float, float, float],
    end: tuple[float, float, float, float],
    grow: float,
) -> None:
    # The view repaints only the box around each moving word's two ends: a route must never
    # leave it. A word at rest in the middle pushes the mover off its straight glide.
    end = (end[0], end[1], start[2] * grow, start[3] * grow)
    middle = (
        (start[0] + end[0]) / 2 + 1,
        (start[1] + end[1]) / 2 + 1,
        2.0,
        2.0,
    )
    routes = plan_routes(
        [start, middle], [end, middle], [1.0, 1.0], [1.0, 1.0], [True, False], [10.0, 40.0]
    )
    route = routes[0]
    assert route is not None and routes[1] is None
    left = min(start[0], end[0])
    top = min(start[1], end[1])
    right = max(start[0] + start[2], end[0] + end[2])
    bottom = max(start[1] + start[3], end[1] + end[3])
    for along, size, scale in zip(route.along, route.grow, route.scale, strict=True):
        cx = start[0] + start[2] / 2 + (end[0] + end[2] / 2 - start[0] - start[2] / 2) * along
        cy = start[1] + start[3] / 2 + (end[1] + end[3] / 2 - start[1] - start[3] / 2) * along
        w = (start[2] + (end[2] - start[2]) * size) * scale
        h = (start[3] + (end[3] - start[3]) * size) * scale
        assert left - 1e-6 <= cx - w / 2 and cx + w / 2 <= right + 1e-6
        assert top - 1e-6 <= cy - h / 2 and cy + h / 2 <= bottom + 1e-6
