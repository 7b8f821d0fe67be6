"""Words flowing between two layouts never cross: a word whose path would fades out and in."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.cloud.motion import TRANSITION_SECONDS, Motion, ease
from kiosk.cloud.routes import teleports
from tests.cloud.test_motion import FakeClock, layout, place, settled


def overlapping(motion: Motion) -> list[tuple[str, str]]:
    """The pairs of drawn words whose boxes overlap now."""
    boxes = [(w.key, w.box_now()) for w in motion.draw_order if w.now.opacity > 0.003]
    return [
        (a, b)
        for (a, (l1, t1, w1, h1)), (b, (l2, t2, w2, h2)) in itertools.combinations(boxes, 2)
        if l1 < l2 + w2 and l2 < l1 + w1 and t1 < t2 + h2 and t2 < t1 + h1
    ]


def run_through(motion: Motion, clock: FakeClock, steps: int = 240) -> None:
    """Step through the whole transition, finely, asserting no two drawn words overlap."""
    for _ in range(steps + 1):
        motion.advance(clock.tick(TRANSITION_SECONDS / steps))
        assert not overlapping(motion), clock.now
    assert not motion.animating


def test_two_words_swapping_places_do_not_pass_through_each_other() -> None:
    clock = FakeClock()
    motion = settled(clock, place("delivery", 100, 100, size=60), place("price", 400, 100))
    layout(motion, clock, place("delivery", 400, 100, size=60), place("price", 100, 100))
    delivery, price = motion.words["delivery"], motion.words["price"]
    # The smaller word leaves its path; the larger one, the one people know, still glides.
    assert price.teleport and not delivery.teleport
    run_through(motion, clock)
    assert (price.now.x, delivery.now.x) == (110.0, 410.0)


def test_words_whose_paths_stay_apart_glide_as_before() -> None:
    clock = FakeClock()
    motion = settled(clock, place("delivery", 100, 100), place("price", 100, 300))
    layout(motion, clock, place("delivery", 300, 100), place("price", 300, 300))
    assert not any(w.teleport for w in motion.words.values())
    run_through(motion, clock)


def test_a_word_gliding_over_a_word_at_rest_leaves_its_path() -> None:
    clock = FakeClock()
    motion = settled(clock, place("app", 100, 100), place("price", 300, 100))
    layout(motion, clock, place("app", 500, 100), place("price", 300, 100))
    assert motion.words["app"].teleport and not motion.words["price"].teleport
    run_through(motion, clock)


def test_paths_crossing_only_in_between_are_found() -> None:
    # Two words whose paths cross diagonally: apart at both ends, together halfway.
    off = teleports(
        [(0.0, 0.0, 10.0, 10.0), (100.0, 0.0, 10.0, 10.0)],
        [(100.0, 100.0, 10.0, 10.0), (0.0, 100.0, 10.0, 10.0)],
        [True, True],
        [True, True],
        [True, True],
        [10.0, 12.0],
        ease,
    )
    assert off == [True, False]


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
