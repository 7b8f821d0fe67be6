"""Occupancy of the canvas as a grid of cells, free or taken.

The grid is a bitmap of bytes. On small arrays a numpy call costs about the same whatever
it does, so a search is a handful of whole-array operations on bytes, and never a running
sum (``cumsum`` is many times slower per cell than an OR):

- "Is a w x h box taken anywhere?" for every position of a window is an OR over h rows and
  w columns, each done by doubling (OR with a copy shifted by 1, 2, 4... cells).
- For many boxes of one size (the small words of a large cloud) the answer for every
  position of the grid is made once and kept up to date with one slice per placed word,
  and several windows are searched with one gather.
- A set of boxes that should stay where they are (the words of the previous layout) is
  checked for overlaps and taken all at once: by comparing only boxes whose columns meet,
  or for many, by counting the boxes on each cell.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
import numpy.typing as npt
from numpy.lib.stride_tricks import sliding_window_view

__all__ = ["OccupancyGrid"]

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

# From this many boxes on, taking them apart counts cells rather than comparing boxes.
_MANY = 250


@lru_cache(maxsize=16)
def _window_distances(radius_x: int, radius_y: int) -> npt.NDArray[np.float64]:
    """Squared canvas-shaped distance of every offset in a window from its centre."""
    dy, dx = np.mgrid[-radius_y : radius_y + 1, -radius_x : radius_x + 1]
    aspect = max(radius_x, 1) / max(radius_y, 1)
    # Angle as a tiny tie-break, so equal distances resolve the same way every time.
    tie = (np.arctan2(dy, dx) + np.pi) * 1e-9
    return (dx / aspect) ** 2 + dy.astype(np.float64) ** 2 + tie


def _or_rows(cells: BoolArray, h: int) -> BoolArray:
    """For each top row, whether any of the h rows from it is taken, column by column."""
    out = cells
    span = 1
    while 2 * span <= h:
        out = out[:-span] | out[span:]
        span *= 2
    if span < h:
        out = out[: out.shape[0] - (h - span)] | out[h - span :]
    return out


def _or_columns(cells: BoolArray, w: int) -> BoolArray:
    """For each left column, whether any of the w columns from it is taken, row by row."""
    out = cells
    span = 1
    while 2 * span <= w:
        out = out[:, :-span] | out[:, span:]
        span *= 2
    if span < w:
        out = out[:, : out.shape[1] - (w - span)] | out[:, w - span :]
    return out


def _box_cells(
    xs: IntArray, ys: IntArray, ws: IntArray, hs: IntArray, cols: int
) -> tuple[IntArray, IntArray]:
    """Return the flat index of every cell of every box, and where each box's cells start."""
    n = len(xs)
    areas = ws * hs
    # One segment per row of each box, then one index per cell of each segment.
    seg_box = np.repeat(np.arange(n), hs)
    seg_first = np.cumsum(hs) - hs
    seg_row = ys[seg_box] + np.arange(len(seg_box)) - seg_first[seg_box]
    seg_start = seg_row * cols + xs[seg_box]
    seg_len = ws[seg_box]
    seg_offset = np.cumsum(seg_len) - seg_len
    cells = np.repeat(seg_start - seg_offset, seg_len) + np.arange(int(areas.sum()))
    return cells, np.cumsum(areas) - areas


def _overlapping(xs: IntArray, ys: IntArray, ws: IntArray, hs: IntArray) -> BoolArray:
    """Return which of the boxes overlap another of them, all pairs at once.

    Sorted by left edge, a box can only meet the boxes that start before its right edge,
    so only those pairs (a few per box) are compared, not all n x n.
    """
    n = len(xs)
    order = np.argsort(xs, kind="stable")
    left = xs[order]
    ends = np.searchsorted(left, left + ws[order], side="left")
    counts = ends - np.arange(1, n + 1)
    first = np.repeat(np.arange(n), counts)
    second = np.arange(len(first)) - (np.cumsum(counts) - counts)[first] + first + 1
    a, b = order[first], order[second]
    hit = (ys[a] < ys[b] + hs[b]) & (ys[b] < ys[a] + hs[a])
    out = np.zeros(n, dtype=np.bool_)
    out[a[hit]] = True
    out[b[hit]] = True
    return out


class OccupancyGrid:
    """Cells of a canvas, each free or taken.

    Args:
        cols: cells across.
        rows: cells down.
        reach_x: horizontal half-width of the search window most searches use.
        reach_y: vertical half-height of that window.
    """

    def __init__(self, cols: int, rows: int, reach_x: int = 0, reach_y: int = 0) -> None:
        self.cols = cols
        self.rows = rows
        self.cells: BoolArray = np.zeros((rows, cols), dtype=np.bool_)
        self._reach = reach_x, reach_y
        self._taken = False
        # Where a box of one size cannot go, made for a search of many boxes of that size
        # at once and kept up to date as words are placed: the many small words of a large
        # cloud, placed size by size, then search it with no OR at all. It has a border of
        # the search window's reach, blocked, so a window never needs clipping.
        self._spots: tuple[tuple[int, int], BoolArray, BoolArray] | None = None

    @property
    def reach(self) -> tuple[int, int]:
        """Half-width and half-height of the window ``nearest_free_each`` searches."""
        return self._reach

    def _blocked(self, w: int, h: int) -> tuple[BoolArray, BoolArray] | None:
        """Return where a w x h box is blocked, bordered and plain, when kept for that size."""
        if self._spots is not None and self._spots[0] == (w, h):
            return self._spots[1], self._spots[2]
        return None

    def _keep_blocked(self, w: int, h: int) -> tuple[BoolArray, BoolArray]:
        """Make and keep where a w x h box is blocked, bordered and plain."""
        if self._spots is not None and self._spots[0] == (w, h):
            return self._spots[1], self._spots[2]
        blocked = _or_columns(_or_rows(self.cells, h), w)
        rx, ry = self._reach
        bordered = np.ones((blocked.shape[0] + 2 * ry, blocked.shape[1] + 2 * rx), np.bool_)
        plain = bordered[ry : ry + blocked.shape[0], rx : rx + blocked.shape[1]]
        plain[...] = blocked
        self._spots = (w, h), bordered, plain
        return bordered, plain

    def is_free(self, x: int, y: int, w: int, h: int) -> bool:
        """Whether the w x h cells with top-left (x, y) are inside the grid and all free."""
        if x < 0 or y < 0 or x + w > self.cols or y + h > self.rows:
            return False
        return not self.cells[y : y + h, x : x + w].any()

    def nearest_free_in_window(
        self, x0: int, y0: int, w: int, h: int, radius_x: int, radius_y: int
    ) -> tuple[int, int] | None:
        """Return the free top-left position nearest to (x0, y0) within a window around it.

        (x0, y0) must be a position at which the box lies inside the grid.
        """
        dist = _window_distances(radius_x, radius_y)
        spots = self._blocked(w, h)
        if spots is not None and radius_x <= self._reach[0] and radius_y <= self._reach[1]:
            bordered = spots[0]
            rx, ry = self._reach
            taken = bordered[
                y0 + ry - radius_y : y0 + ry + radius_y + 1,
                x0 + rx - radius_x : x0 + rx + radius_x + 1,
            ]
            i = int(np.argmin(np.where(taken, np.inf, dist)))
            iy, ix = divmod(i, taken.shape[1])
            if taken[iy, ix]:
                return None
            return x0 - radius_x + ix, y0 - radius_y + iy
        lo_x, hi_x = max(x0 - radius_x, 0), min(x0 + radius_x, self.cols - w)
        lo_y, hi_y = max(y0 - radius_y, 0), min(y0 + radius_y, self.rows - h)
        if lo_x > hi_x or lo_y > hi_y:
            return None
        if spots is not None:
            taken = spots[1][lo_y : hi_y + 1, lo_x : hi_x + 1]
        else:
            taken = _or_columns(_or_rows(self.cells[lo_y : hi_y + h, lo_x : hi_x + w], h), w)
        dist = dist[
            lo_y - y0 + radius_y : hi_y - y0 + radius_y + 1,
            lo_x - x0 + radius_x : hi_x - x0 + radius_x + 1,
        ]
        i = int(np.argmin(np.where(taken, np.inf, dist)))
        iy, ix = divmod(i, taken.shape[1])
        if taken[iy, ix]:
            return None
        return lo_x + ix, lo_y + iy

    def nearest_free_each(
        self, xs: Sequence[int], ys: Sequence[int], w: int, h: int
    ) -> list[tuple[int, int] | None]:
        """Search the usual window around each of several positions, for one box size, at once.

        Each answer is what ``nearest_free_in_window`` would give with the grid as it is:
        the caller places the boxes one by one and searches again for a box that would
        overlap one placed before it in the same call.
        """
        rx, ry = self._reach
        bordered, _ = self._keep_blocked(w, h)
        n = len(xs)
        windows = sliding_window_view(bordered, (2 * ry + 1, 2 * rx + 1))[
            np.asarray(ys), np.asarray(xs)
        ]
        distances = np.where(windows, np.inf, _window_distances(rx, ry)).reshape(n, -1)
        iy, ix = np.divmod(np.argmin(distances, axis=1), 2 * rx + 1)
        free = (~windows[np.arange(n), iy, ix]).tolist()
        found = zip(xs, ys, ix.tolist(), iy.tolist(), free, strict=True)
        return [(x - rx + dx, y - ry + dy) if ok else None for x, y, dx, dy, ok in found]

    def nearest_free(self, tx: float, ty: float, w: int, h: int) -> tuple[int, int] | None:
        """Return the free top-left position nearest (in the canvas-shaped metric) to (tx, ty).

        Used when the local search around the target failed. Where a box can go is worked
        out for the whole grid at once; then the nearest of those places is looked for in
        widening rings around the target, most often found long before the whole grid.
        """
        if w > self.cols or h > self.rows:
            return None
        spots = self._blocked(w, h)
        blocked = spots[1] if spots is not None else _or_columns(_or_rows(self.cells, h), w)
        ax = max(self.cols, 1) / max(self.rows, 1)
        rows, cols = blocked.shape
        for ry in (rows // 8, rows // 3):
            # Every place outside a window of half-size (rx, ry) is further away than
            # min(ry, rx / ax), so a place found inside no further than that is the nearest.
            rx = max(1, round(ry * ax))
            lo_x, hi_x = max(math.floor(tx) - rx, 0), min(math.ceil(tx) + rx, cols - 1)
            lo_y, hi_y = max(math.floor(ty) - ry, 0), min(math.ceil(ty) + ry, rows - 1)
            if lo_x > hi_x or lo_y > hi_y:
                continue
            dx = (np.arange(lo_x, hi_x + 1) - tx) / ax
            dy = np.arange(lo_y, hi_y + 1) - ty
            window = blocked[lo_y : hi_y + 1, lo_x : hi_x + 1]
            dist = np.where(window, np.inf, dy[:, None] ** 2 + dx**2)
            i = int(np.argmin(dist))
            iy, ix = divmod(i, dist.shape[1])
            if dist[iy, ix] <= min(ry, rx / ax) ** 2:
                return lo_x + ix, lo_y + iy
        ys, xs = np.nonzero(~blocked)
        if not len(xs):
            return None
        dist = ((xs - tx) / ax) ** 2 + (ys - ty) ** 2
        i = int(np.argmin(dist))
        return int(xs[i]), int(ys[i])

    def take(self, x: int, y: int, w: int, h: int) -> None:
        """Mark the w x h cells with top-left (x, y) as taken."""
        self.cells[y : y + h, x : x + w] = True
        self._taken = True
        if self._spots is not None:
            (sw, sh), _, plain = self._spots
            plain[max(y - sh + 1, 0) : y + h, max(x - sw + 1, 0) : x + w] = True

    def take_apart(self, xs: IntArray, ys: IntArray, ws: IntArray, hs: IntArray) -> BoolArray:
        """Take every box that overlaps neither another of the boxes nor a taken cell.

        Boxes must lie inside the grid. A few boxes are compared pair by pair (only those
        whose columns meet) and taken one by one; many are counted cell by cell, in a few
        operations on all their cells at once.

        Returns:
            For each box, whether it collided and so was left out.
        """
        if len(xs) >= _MANY:
            collided = self._take_counted(xs, ys, ws, hs)
        else:
            collided = self._take_compared(xs, ys, ws, hs)
        self._spots = None
        return collided

    def _take_compared(self, xs: IntArray, ys: IntArray, ws: IntArray, hs: IntArray) -> BoolArray:
        collided = _overlapping(xs, ys, ws, hs)
        cells = self.cells
        boxes = zip(xs.tolist(), ys.tolist(), ws.tolist(), hs.tolist(), strict=True)
        if self._taken:
            for i, (x, y, w, h) in enumerate(boxes):
                if not collided[i] and cells[y : y + h, x : x + w].any():
                    collided[i] = True
            boxes = zip(xs.tolist(), ys.tolist(), ws.tolist(), hs.tolist(), strict=True)
        for (x, y, w, h), bad in zip(boxes, collided.tolist(), strict=True):
            if not bad:
                cells[y : y + h, x : x + w] = True
                self._taken = True
        return collided

    def _take_counted(self, xs: IntArray, ys: IntArray, ws: IntArray, hs: IntArray) -> BoolArray:
        flat = self.cells.reshape(-1)
        cells, starts = _box_cells(xs, ys, ws, hs, self.cols)
        covered = np.bincount(cells, minlength=flat.size)
        crowded = (covered > 1) | flat
        collided: BoolArray = np.logical_or.reduceat(crowded[cells], starts)
        if collided.any():
            cells = cells[np.repeat(~collided, ws * hs)]
        flat[cells] = True
        self._taken = self._taken or bool(len(cells))
        return collided
