"""Colours of the cloud: one per kind, per palette and theme, each readable on its background.

Plain hex strings and WCAG arithmetic, no Qt, so the contrast promise is tested directly.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from kiosk.model import Kind

__all__ = [
    "HUES",
    "PALETTES",
    "THEMES",
    "CloudPalette",
    "cloud_palette",
    "contrast_ratio",
    "hue_name",
]

PALETTES = ("standard", "colorblind")
THEMES = ("dark", "light")


@dataclass(frozen=True, slots=True)
class CloudPalette:
    """The colours of one palette in one theme, as ``#rrggbb`` strings."""

    background: str
    text: str
    muted_text: str
    panel: str
    highlight: str
    kinds: Mapping[Kind, str]

    def kind(self, kind: Kind) -> str:
        """Return the colour of a kind."""
        return self.kinds[kind]


_BACKGROUND = {"dark": "#101317", "light": "#F7F7F4"}
_TEXT = {"dark": "#E8EAED", "light": "#1B1F24"}
_MUTED_TEXT = {"dark": "#9AA3AF", "light": "#555C68"}
_PANEL = {"dark": "#1E232A", "light": "#FFFFFF"}
_HIGHLIGHT = {"dark": "#2A313A", "light": "#E4E6EA"}

# Standard: compliments green, ideas orange, complaints red. The light theme needs darker
# shades of the same hues to stay at 4.5:1 on a near-white wall.
# Colour-blind (Okabe-Ito): compliments sky blue, ideas orange, complaints reddish purple,
# lightened for the dark theme and darkened for the light one. A hue means the same in both
# palettes: orange is always ideas (the palette once made vermillion, an orange, complaints),
# and blue against orange against purple survives every common deficiency.
_KINDS: dict[tuple[str, str], dict[Kind, str]] = {
    ("standard", "dark"): {
        Kind.COMPLIMENT: "#4ADE80",
        Kind.IDEA: "#FB923C",
        Kind.COMPLAINT: "#F87171",
        Kind.UNCLASSIFIED: "#9AA3AF",
    },
    ("standard", "light"): {
        Kind.COMPLIMENT: "#12703A",
        Kind.IDEA: "#A34A05",
        Kind.COMPLAINT: "#B91C1C",
        Kind.UNCLASSIFIED: "#5B6270",
    },
    ("colorblind", "dark"): {
        Kind.COMPLIMENT: "#56B4E9",
        Kind.IDEA: "#E69F00",
        Kind.COMPLAINT: "#E39BC6",
        Kind.UNCLASSIFIED: "#9AA3AF",
    },
    ("colorblind", "light"): {
        Kind.COMPLIMENT: "#0067A3",
        Kind.IDEA: "#8F5700",
        Kind.COMPLAINT: "#A3457B",
        Kind.UNCLASSIFIED: "#5B6270",
    },
}


def cloud_palette(palette: str = "standard", theme: str = "dark") -> CloudPalette:
    """Return the colours for a palette name and theme name; unknown names fall back."""
    palette = palette if palette in PALETTES else "standard"
    theme = theme if theme in THEMES else "dark"
    return CloudPalette(
        background=_BACKGROUND[theme],
        text=_TEXT[theme],
        muted_text=_MUTED_TEXT[theme],
        panel=_PANEL[theme],
        highlight=_HIGHLIGHT[theme],
        kinds=MappingProxyType(dict(_KINDS[palette, theme])),
    )


def _relative_luminance(colour: str) -> float:
    hexpart = colour.lstrip("#")
    channels = [int(hexpart[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(foreground: str, background: str) -> float:
    """Return the WCAG 2 contrast ratio of two ``#rrggbb`` colours (1 to 21)."""
    a, b = _relative_luminance(foreground), _relative_luminance(background)
    hi, lo = max(a, b), min(a, b)
    return (hi + 0.05) / (lo + 0.05)


# The colour names people use, by hue angle (degrees), for the test that a hue keeps its
# meaning across palettes.
HUES = (
    (15, "red"),
    (45, "orange"),
    (70, "yellow"),
    (170, "green"),
    (260, "blue"),
    (345, "purple"),
    (360, "red"),
)


def hue_name(colour: str) -> str:
    """Return the everyday name of a colour's hue ("orange"), or "grey" when it has none."""
    hexpart = colour.lstrip("#")
    r, g, b = (int(hexpart[i : i + 2], 16) / 255 for i in (0, 2, 4))
    hi, lo = max(r, g, b), min(r, g, b)
    if hi - lo < 0.12:
        return "grey"
    if hi == r:
        angle = 60 * (((g - b) / (hi - lo)) % 6)
    elif hi == g:
        angle = 60 * ((b - r) / (hi - lo) + 2)
    else:
        angle = 60 * ((r - g) / (hi - lo) + 4)
    return next(name for limit, name in HUES if angle <= limit)
