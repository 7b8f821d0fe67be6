"""One attempt on the grid: the margin rule, one word at a time or many at once."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from kiosk.cloud.attempt import margin, margins


@given(
    sizes=st.lists(st.floats(0.5, 600.0), min_size=1, max_size=30),
    rotated=st.lists(st.booleans(), min_size=30, max_size=30),
    padding=st.floats(0.0, 0.3),
)
def test_the_margin_of_one_word_is_the_margin_of_it_among_many(
    sizes: list[float], rotated: list[bool], padding: float
) -> None:
    flags = rotated[: len(sizes)]
    many_x, many_y = margins(np.array(sizes), np.array(flags), padding)
    for size, flag, x, y in zip(sizes, flags, many_x.tolist(), many_y.tolist(), strict=True):
        assert margin(size, flag, padding) == (x, y)


def test_a_word_gets_more_room_along_its_reading_direction() -> None:
    across, down = margin(40.0, False, 0.05)
    assert across > down >= 1.0
    assert margin(40.0, True, 0.05) == (down, across)
