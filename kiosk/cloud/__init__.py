"""The word-cloud layout engine: pure Python and numpy, no Qt."""

from kiosk.cloud.layout import (
    LayoutOptions,
    LayoutResult,
    LayoutTerm,
    Measurer,
    Placement,
    Size,
    font_sizes,
    layout_cloud,
)
from kiosk.cloud.stability import stability

__all__ = [
    "LayoutOptions",
    "LayoutResult",
    "LayoutTerm",
    "Measurer",
    "Placement",
    "Size",
    "font_sizes",
    "layout_cloud",
    "stability",
]
