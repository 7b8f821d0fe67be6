"""The word-cloud layout engine: pure Python and numpy, no Qt."""

from kiosk.cloud.layout import font_sizes, layout_cloud
from kiosk.cloud.values import (
    LayoutOptions,
    LayoutResult,
    LayoutTerm,
    Measurer,
    Placement,
    Size,
)

__all__ = [
    "LayoutOptions",
    "LayoutResult",
    "LayoutTerm",
    "Measurer",
    "Placement",
    "Size",
    "font_sizes",
    "layout_cloud",
]
