"""Kind colours stay readable on the background in every palette and theme."""

from __future__ import annotations

import pytest

from kiosk.model import Kind
from kiosk.views.palette import PALETTES, THEMES, cloud_palette, contrast_ratio, hue_name


@pytest.mark.parametrize("palette", PALETTES)
@pytest.mark.parametrize("theme", THEMES)
def test_every_kind_colour_has_at_least_4_5_to_1_contrast(palette: str, theme: str) -> None:
    colours = cloud_palette(palette, theme)
    for kind in Kind:
        ratio = contrast_ratio(colours.kind(kind), colours.background)
        assert ratio >= 4.5, f"{palette}/{theme}: {kind} is {ratio:.2f}:1"
    assert contrast_ratio(colours.text, colours.background) >= 7


@pytest.mark.parametrize("palette", PALETTES)
@pytest.mark.parametrize("theme", THEMES)
def test_kinds_have_distinct_colours(palette: str, theme: str) -> None:
    colours = cloud_palette(palette, theme)
    assert len({colours.kind(k) for k in Kind}) == len(Kind)


def test_contrast_ratio_matches_wcag_extremes() -> None:
    assert contrast_ratio("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast_ratio("#777777", "#777777") == pytest.approx(1.0)


def test_unknown_names_fall_back_to_standard_dark() -> None:
    assert cloud_palette("neon", "sepia") == cloud_palette("standard", "dark")


def test_a_hue_means_the_same_kind_in_every_palette() -> None:
    """Orange is ideas everywhere: no palette may make it complaints."""
    meaning: dict[str, set[Kind]] = {}
    for palette in PALETTES:
        for theme in THEMES:
            for kind, colour in cloud_palette(palette, theme).kinds.items():
                meaning.setdefault(hue_name(colour), set()).add(kind)
    assert all(len(kinds) == 1 for kinds in meaning.values()), meaning
    assert meaning["orange"] == {Kind.IDEA}
