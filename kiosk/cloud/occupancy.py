"""Occupancy of the canvas as a grid of cells, free or taken.

The grid is a bitmap of bytes. numpy's elementwise operations on bytes are so cheap that
a search costs about as much per call as per cell, so everything here is a handful of
whole-array operations and never a running sum (``cumsum`` is ten times slower per cell):

- "Is a w x h box taken anywhere?" for every position of a window is an OR over w columns
  and h rows, each done by doubling (OR with a copy shifted by 1, 2, 4... cells).
- The OR over h rows of the whole grid (a *band*) is kept for the few box heights in use
  and updated with one slice per placed word, so a search does only the columns' half.
- A set of boxes that should stay where they are (the words of the previous layout) is
  checked for overlaps all at once, comparing only boxes whose columns meet.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import numpy.typing as npt

__all__ = ["OccupancyGrid"]

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

# Bands kept up to date at once: the heights of the words placed lately.
_BANDS = 4


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
    """

    def __init__(self, cols: int, rows: int) -> None:
        self.cols = cols
        self.rows = rows
        self.cells: BoolArray = np.zeros((rows, cols), dtype=np.bool_)
        self._bands: dict[int, BoolArray] = {}
        self._asked: set[int] = set()
        self._taken = False

    def _band(self, h: int) -> BoolArray | None:
        """Whether any of the h rows from each row is taken, column by column, when kept.

        A band is built on the second search for a box height: the largest words each have
        a height of their own and are searched in a window only, while the many small words
        of a large cloud share a few heights and so pay for the band once.
        """
        band = self._bands.pop(h, None)
        if band is None:
            if h not in self._asked:
                self._asked.add(h)
                return None
            band = _or_rows(self.cells, h)
            if band is self.cells:
                band = band.copy()
            if len(self._bands) >= _BANDS:
                del self._bands[next(iter(self._bands))]
        # Most recently used last, so the oldest goes first.
        self._bands[h] = band
        return band

    def is_free(self, x: int, y: int, w: int, h: int) -> bool:
        """Whether the w x h cells with top-left (x, y) are inside the grid and all free."""
        if x < 0 or y < 0 or x + w > self.cols or y + h > self.rows:
            return False
        return not self.cells[y : y + h, x : x + w].any()

    def nearest_free_in_window(
        self, x0: int, y0: int, w: int, h: int, radius_x: int, radius_y: int
    ) -> tuple[int, int] | None:
        """Return the free top-left position nearest to (x0, y0) within a window around it."""
        lo_x, hi_x = max(x0 - radius_x, 0), min(x0 + radius_x, self.cols - w)
        lo_y, hi_y = max(y0 - radius_y, 0), min(y0 + radius_y, self.rows - h)
        if lo_x > hi_x or lo_y > hi_y:
            return None
        band = self._band(h)
        if band is None:
            band = _or_rows(self.cells[lo_y : hi_y + h, lo_x : hi_x + w], h)
        else:
            band = band[lo_y : hi_y + 1, lo_x : hi_x + w]
        taken = _or_columns(band, w)
        dist = _window_distances(radius_x, radius_y)[
            lo_y - y0 + radius_y : hi_y - y0 + radius_y + 1,
            lo_x - x0 + radius_x : hi_x - x0 + radius_x + 1,
        ]
        i = int(np.argmin(np.where(taken, np.inf, dist)))
        iy, ix = divmod(i, taken.shape[1])
        if taken[iy, ix]:
            return None
        return lo_x + ix, lo_y + iy

    def nearest_free(self, tx: float, ty: float, w: int, h: int) -> tuple[int, int] | None:
        """Return the free top-left position nearest (in the canvas-shaped metric) to (tx, ty).

        Checks every position at once; used when the local search around the target failed.
        """
        if w > self.cols or h > self.rows:
            return None
        band = self._band(h)
        if band is None:
            band = _or_rows(self.cells, h)
        ys, xs = np.nonzero(~_or_columns(band, w))
        if not len(xs):
            return None
        ax = max(self.cols, 1) / max(self.rows, 1)
        dist = ((xs - tx) / ax) ** 2 + (ys - ty) ** 2
        i = int(np.argmin(dist))
        return int(xs[i]), int(ys[i])

    def take(self, x: int, y: int, w: int, h: int) -> None:
        """Mark the w x h cells with top-left (x, y) as taken."""
        self.cells[y : y + h, x : x + w] = True
        self._taken = True
        for bh, band in self._bands.items():
            band[max(y - bh + 1, 0) : y + h, x : x + w] = True

    def take_apart(self, xs: IntArray, ys: IntArray, ws: IntArray, hs: IntArray) -> BoolArray:
        """Take every box that overlaps neither another of the boxes nor a taken cell.

        Boxes must lie inside the grid.

        Returns:
            For each box, whether it collided and so was left out.
        """
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
        self._bands.clear()
        return collided
