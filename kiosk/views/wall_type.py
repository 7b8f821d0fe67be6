"""How big the wall's type is: a share of the screen's short side, for reading from 3-6 metres.

The rule. Secondary text (captions, statuses, a chart's axes) is at least 2.5% of the
screen's short side, the words a scene is about at least 3.5%. On a 43" TV (0.54 m tall)
2.5% is a 13 mm type size, capitals about 9.5 mm: 5.5 arc minutes at 6 m, above the 5 minutes
a letter needs to be read with normal sight, and twice that at 3 m; 3.5% reads without effort
across the room. A bigger set only gets bigger type. The header's wall scale (1.4 / 48 of the
height, 2.9%) sits inside the same rule.

Why the short side: a TV turned to portrait has the same pixels per millimetre, so text that
reads at a distance on it needs the same pixels; the long side would make a portrait wall's
type nearly twice as big and leave a handful of words a line. The size is in logical pixels,
so a scale factor (``QT_SCALE_FACTOR=2``) changes nothing on the glass. A screen's physical
size is not used: TVs report it unreliably (0x0, or a ratio in place of millimetres), and every
other piece of the wall's type is a share of the screen too.
"""

from __future__ import annotations

import math

# The least share of the short side for any text on the wall.
SECONDARY = 0.025
# The least share for the words a scene is about (an idea's words).
PRIMARY = 0.035
# Below this a window is not a wall (a test's widget, a thumbnail): keep the type drawable.
_SMALLEST_PX = 12


def short_side(width: int, height: int) -> int:
    """Return the screen's short side: what the wall's type is measured on."""
    return max(1, min(width, height))


def wall_px(width: int, height: int, share: float) -> int:
    """Return a pixel size of at least ``share`` of the short side of a ``width`` x
    ``height`` screen (rounded up, so the rule holds exactly)."""
    return max(_SMALLEST_PX, math.ceil(short_side(width, height) * share))
