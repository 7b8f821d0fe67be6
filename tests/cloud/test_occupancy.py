"""The occupancy grid: every quick path answers what a cell-by-cell check would."""

from __future__ import annotations

import itertools

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.cloud.occupancy import OccupancyGrid

Box = tuple[int, int, int, int]


def free(cells: np.ndarray, x: int, y: int, w: int, h: int) -> bool:
    rows, cols = cells.shape
    return (
        x >= 0
        and y >= 0
        and x + w <= cols
        and y + h <= rows
        and not cells[y : y + h, x : x + w].any()
    )


def overlap(a: Box, b: Box) -> bool:
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]


@st.composite
def grids(draw: st.DrawFn) -> tuple[OccupancyGrid, list[Box]]:
    """A grid with some boxes taken, and the boxes."""
    cols = draw(st.integers(4, 60))
    rows = draw(st.integers(4, 40))
    grid = OccupancyGrid(cols, rows, draw(st.integers(1, 12)), draw(st.integers(1, 8)))
    taken = []
    for _ in range(draw(st.integers(0, 25))):
        w, h = draw(st.integers(1, cols)), draw(st.integers(1, rows))
        box = (draw(st.integers(0, cols - w)), draw(st.integers(0, rows - h)), w, h)
        grid.take(*box)
        taken.append(box)
    return grid, taken


def boxes_inside(cols: int, rows: int) -> st.SearchStrategy[list[Box]]:
    box = st.tuples(st.integers(1, 9), st.integers(1, 6)).flatmap(
        lambda wh: st.tuples(
            st.integers(0, max(cols - wh[0], 0)),
            st.integers(0, max(rows - wh[1], 0)),
            st.just(min(wh[0], cols)),
            st.just(min(wh[1], rows)),
        )
    )
    return st.lists(box, max_size=40)


def check_take_apart(grid: OccupancyGrid, boxes: list[Box]) -> None:
    before = grid.cells.copy()
    arrays = [np.array([b[k] for b in boxes], dtype=np.int64) for k in range(4)]
    collided = grid.take_apart(*arrays)
    for i, box in enumerate(boxes):
        expected = not free(before, *box) or any(
            overlap(box, other) for j, other in enumerate(boxes) if j != i
        )
        assert bool(collided[i]) == expected, (box, boxes)
    after = before.copy()
    for box, bad in zip(boxes, collided, strict=True):
        if not bad:
            x, y, w, h = box
            after[y : y + h, x : x + w] = True
    assert (grid.cells == after).all()


@settings(max_examples=80, deadline=None)
@given(data=st.data(), state=grids())
def test_taking_boxes_apart_leaves_out_exactly_those_that_collide(
    data: st.DataObject, state: tuple[OccupancyGrid, list[Box]]
) -> None:
    grid, _ = state
    check_take_apart(grid, data.draw(boxes_inside(grid.cols, grid.rows)))


def test_taking_many_boxes_apart_counts_cells_and_agrees_with_pairs() -> None:
    rng = np.random.default_rng(7)
    for trial in range(4):
        grid = OccupancyGrid(400, 220)
        if trial % 2:
            grid.take(100, 50, 30, 20)
        boxes = []
        for _ in range(600):
            w, h = int(rng.integers(1, 25)), int(rng.integers(1, 8))
            boxes.append((int(rng.integers(0, 400 - w)), int(rng.integers(0, 220 - h)), w, h))
        check_take_apart(grid, boxes)


@settings(max_examples=120, deadline=None)
@given(
    state=grids(),
    w=st.integers(1, 12),
    h=st.integers(1, 8),
    rx=st.integers(1, 14),
    ry=st.integers(1, 10),
    data=st.data(),
)
def test_the_window_search_finds_a_free_place_and_none_nearer(
    state: tuple[OccupancyGrid, list[Box]], w: int, h: int, rx: int, ry: int, data: st.DataObject
) -> None:
    grid, _ = state
    w, h = min(w, grid.cols), min(h, grid.rows)
    x0 = data.draw(st.integers(0, grid.cols - w))
    y0 = data.draw(st.integers(0, grid.rows - h))
    found = grid.nearest_free_in_window(x0, y0, w, h, rx, ry)
    window = [
        (x, y)
        for x, y in itertools.product(range(x0 - rx, x0 + rx + 1), range(y0 - ry, y0 + ry + 1))
        if free(grid.cells, x, y, w, h)
    ]
    if found is None:
        assert window == []
        return
    assert found in window
    aspect = rx / ry

    def dist(p: tuple[int, int]) -> float:
        return ((p[0] - x0) / aspect) ** 2 + (p[1] - y0) ** 2

    assert dist(found) <= min(map(dist, window)) + 1e-6


@settings(max_examples=60, deadline=None)
@given(state=grids(), data=st.data())
def test_searching_many_at_once_answers_as_one_by_one_and_stays_right_as_boxes_are_taken(
    state: tuple[OccupancyGrid, list[Box]], data: st.DataObject
) -> None:
    grid, taken = state
    twin = OccupancyGrid(grid.cols, grid.rows, *grid_reach(grid))
    for box in taken:
        twin.take(*box)
    w = data.draw(st.integers(1, min(8, grid.cols)))
    h = data.draw(st.integers(1, min(5, grid.rows)))
    rx, ry = grid_reach(grid)
    for _ in range(3):
        xs = data.draw(st.lists(st.integers(0, grid.cols - w), min_size=1, max_size=6))
        ys = [data.draw(st.integers(0, grid.rows - h)) for _ in xs]
        # The grid answers from its map of where a w x h box is blocked; the twin searches.
        many = grid.nearest_free_each(xs, ys, w, h)
        places = list(zip(xs, ys, strict=True))
        assert many == [twin.nearest_free_in_window(x, y, w, h, rx, ry) for x, y in places]
        assert many == [grid.nearest_free_in_window(x, y, w, h, rx, ry) for x, y in places]
        assert grid.nearest_free(xs[0], ys[0], w, h) == twin.nearest_free(xs[0], ys[0], w, h)
        for found in many:
            if found is not None and grid.is_free(*found, w, h):
                grid.take(*found, w, h)
                twin.take(*found, w, h)
        other = (data.draw(st.integers(1, grid.cols)), data.draw(st.integers(1, grid.rows)))
        box = (
            data.draw(st.integers(0, grid.cols - other[0])),
            data.draw(st.integers(0, grid.rows - other[1])),
            *other,
        )
        grid.take(*box)
        twin.take(*box)
        assert (grid.cells == twin.cells).all()


def grid_reach(grid: OccupancyGrid) -> tuple[int, int]:
    """The search window the grid was made for (what nearest_free_each searches)."""
    return grid.reach


@settings(max_examples=120, deadline=None)
@given(state=grids(), w=st.integers(1, 12), h=st.integers(1, 8), data=st.data())
def test_the_whole_grid_search_finds_the_nearest_free_place_of_all(
    state: tuple[OccupancyGrid, list[Box]], w: int, h: int, data: st.DataObject
) -> None:
    grid, _ = state
    w, h = min(w, grid.cols), min(h, grid.rows)
    tx = data.draw(st.floats(-5, grid.cols + 5))
    ty = data.draw(st.floats(-5, grid.rows + 5))
    found = grid.nearest_free(tx, ty, w, h)
    places = [
        (x, y)
        for x, y in itertools.product(range(grid.cols - w + 1), range(grid.rows - h + 1))
        if free(grid.cells, x, y, w, h)
    ]
    if found is None:
        assert places == []
        return
    assert found in places
    aspect = grid.cols / grid.rows

    def dist(p: tuple[int, int]) -> float:
        return ((p[0] - tx) / aspect) ** 2 + (p[1] - ty) ** 2

    assert dist(found) <= min(map(dist, places)) + 1e-9
