"""What goes in and out of a layout: terms, the canvas, options, and placements."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

__all__ = [
    "LayoutOptions",
    "LayoutResult",
    "LayoutTerm",
    "Measurer",
    "Placement",
    "Size",
]

Measurer = Callable[[str, float], tuple[float, float]]
"""Return the tight (width, height) of a term's text, horizontal, at a font size in pixels."""


@dataclass(frozen=True, slots=True)
class Size:
    """A canvas size in pixels."""

    width: float
    height: float

    @property
    def diagonal(self) -> float:
        """Length of the canvas diagonal."""
        return math.hypot(self.width, self.height)


@dataclass(frozen=True, slots=True)
class LayoutTerm:
    """A term to place: its key (also what the measurer is asked about) and its weight."""

    key: str
    weight: float


class Placement(NamedTuple):
    """Where a term goes: the centre of its tight box, font size, rotation and box size.

    ``rotation`` is 0 (horizontal) or 90 (read bottom to top); ``width`` and ``height`` are
    the box as it sits on the canvas, after rotation. A named tuple rather than a frozen
    dataclass: a layout makes one per word, and a tuple is made three times as fast.
    """

    key: str
    x: float
    y: float
    font_size: float
    rotation: int
    width: float
    height: float

    @property
    def left(self) -> float:
        """Left edge of the tight box."""
        return self.x - self.width / 2

    @property
    def top(self) -> float:
        """Top edge of the tight box."""
        return self.y - self.height / 2

    @property
    def right(self) -> float:
        """Right edge of the tight box."""
        return self.x + self.width / 2

    @property
    def bottom(self) -> float:
        """Bottom edge of the tight box."""
        return self.y + self.height / 2


@dataclass(frozen=True, slots=True)
class LayoutOptions:
    """Knobs of the layout; ``None`` means a default relative to the canvas height.

    Args:
        min_font: the smallest readable font size in pixels (default 1.3% of the height).
        max_font: the largest font size in pixels (default 20% of the height).
        vertical_words: let about a quarter of the words stand vertically.
        padding: room above and below each word, as a share of its font size (at least one
            pixel). Along the reading direction words get about a fifth of an em more, so
            two neighbours never read as one phrase.
        fill: share of the canvas the words' boxes aim to cover before any retry.
        cell: grid cell size in pixels (default: about 120,000 cells on the canvas).
    """

    min_font: float | None = None
    max_font: float | None = None
    vertical_words: bool = False
    padding: float = 0.05
    fill: float = 0.40
    cell: float | None = None


@dataclass(frozen=True, slots=True)
class LayoutResult:
    """Placements for the terms that fit, in weight order, and the keys that did not."""

    placements: Mapping[str, Placement]
    dropped: tuple[str, ...] = ()
    canvas: Size = field(default_factory=lambda: Size(0.0, 0.0))
    scale: float = 0.0
