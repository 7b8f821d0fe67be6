"""How much a layout kept its words in place: the stability figure of the shared bench README.

A benchmark figure, not a product rule: the layout never computes it, the layout benchmark
prints it and the layout tests hold the engine to it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Protocol

__all__ = ["Positioned", "stability"]


class Positioned(Protocol):
    """Anything with a centre."""

    @property
    def x(self) -> float: ...

    @property
    def y(self) -> float: ...


def stability(
    before: Mapping[str, Positioned],
    after: Mapping[str, Positioned],
    diagonal: float,
    threshold: float = 0.02,
) -> float:
    """Return the share of words in both layouts whose centre moved less than a threshold.

    Args:
        before: positions by key in the first layout.
        after: positions by key in the second layout.
        diagonal: the canvas diagonal in pixels.
        threshold: the largest move that counts as staying, as a share of the diagonal.

    Returns:
        A share between 0 and 1; 1.0 when no word is in both.
    """
    common = before.keys() & after.keys()
    if not common:
        return 1.0
    limit = threshold * diagonal
    kept = sum(
        1 for k in common if math.hypot(after[k].x - before[k].x, after[k].y - before[k].y) < limit
    )
    return kept / len(common)
