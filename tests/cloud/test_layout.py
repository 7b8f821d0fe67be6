"""The layout engine: no overlaps, nothing off the canvas, every word placed or reported."""

from __future__ import annotations

import itertools
import math

from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks.layout_stability import stability
from kiosk.cloud import LayoutOptions, LayoutResult, LayoutTerm, Placement, Size, layout_cloud


def measure(key: str, size: float) -> tuple[float, float]:
    """A deterministic stand-in for font metrics: every character is 0.55 em wide."""
    return 0.55 * size * max(len(key), 1), 0.72 * size


def overlapping(a: Placement, b: Placement) -> bool:
    return a.left < b.right and b.left < a.right and a.top < b.bottom and b.top < a.bottom


def assert_valid(result: LayoutResult, terms: list[LayoutTerm], canvas: Size) -> None:
    keys = {t.key for t in terms}
    assert set(result.placements) | set(result.dropped) == keys
    assert not set(result.placements) & set(result.dropped)
    eps = 1e-6
    for p in result.placements.values():
        assert p.left >= -eps and p.top >= -eps
        assert p.right <= canvas.width + eps and p.bottom <= canvas.height + eps
    for a, b in itertools.combinations(result.placements.values(), 2):
        assert not overlapping(a, b), (a, b)


words = st.text(alphabet="abcdefghijklmnopqrstuvwxyz ", min_size=1, max_size=18)
term_lists = st.lists(
    st.tuples(words, st.integers(min_value=1, max_value=5000)), min_size=1, max_size=60
).map(lambda pairs: [LayoutTerm(k, w) for k, w in pairs])
canvases = st.tuples(
    st.integers(min_value=80, max_value=1200), st.integers(min_value=60, max_value=800)
).map(lambda wh: Size(*wh))


@settings(max_examples=60, deadline=None)
@given(terms=term_lists, canvas=canvases, seed=st.integers(0, 2**31), vertical=st.booleans())
def test_no_overlap_nothing_outside_everything_accounted(
    terms: list[LayoutTerm], canvas: Size, seed: int, vertical: bool
) -> None:
    result = layout_cloud(
        terms, canvas, measure, seed=seed, options=LayoutOptions(vertical_words=vertical)
    )
    assert_valid(result, terms, canvas)


@settings(max_examples=25, deadline=None)
@given(terms=term_lists, canvas=canvases, seed=st.integers(0, 2**31))
def test_same_input_same_layout(terms: list[LayoutTerm], canvas: Size, seed: int) -> None:
    first = layout_cloud(terms, canvas, measure, seed=seed)
    second = layout_cloud(list(reversed(terms)), canvas, measure, seed=seed)
    assert first == second


@settings(max_examples=25, deadline=None)
@given(terms=term_lists, canvas=canvases, seed=st.integers(0, 2**31), data=st.data())
def test_relayout_with_previous_stays_valid(
    terms: list[LayoutTerm], canvas: Size, seed: int, data: st.DataObject
) -> None:
    base = layout_cloud(terms, canvas, measure, seed=seed)
    changed = [LayoutTerm(t.key, t.weight * data.draw(st.floats(0.5, 2.0))) for t in terms]
    changed += data.draw(term_lists)
    result = layout_cloud(changed, canvas, measure, previous=base.placements, seed=seed)
    assert_valid(result, changed, canvas)


def zipf(n: int) -> list[LayoutTerm]:
    return [LayoutTerm(f"word{i:04d}", round(5000 / (i + 1)) + 1) for i in range(n)]


def test_every_word_placed_by_scaling_down() -> None:
    terms = zipf(400)
    result = layout_cloud(terms, Size(1280, 720), measure)
    assert len(result.placements) == 400
    assert result.dropped == ()


def test_smallest_dropped_only_below_the_readable_minimum() -> None:
    terms = zipf(300)
    options = LayoutOptions(min_font=14)
    result = layout_cloud(terms, Size(400, 300), measure, options=options)
    assert result.dropped, "300 words at 14 px cannot fit in 400 x 300"
    assert min(p.font_size for p in result.placements.values()) >= 14
    assert_valid(result, terms, Size(400, 300))
    assert result.placements.keys() == {t.key for t in terms} - set(result.dropped)


def test_font_size_tracks_square_root_of_weight() -> None:
    terms = [LayoutTerm("big", 400), LayoutTerm("small", 100)]
    result = layout_cloud(terms, Size(1920, 1080), measure, options=LayoutOptions(min_font=1))
    big, small = result.placements["big"], result.placements["small"]
    assert math.isclose(big.font_size / small.font_size, 2.0, rel_tol=1e-6)


def test_largest_word_is_never_wider_than_the_canvas() -> None:
    terms = [LayoutTerm("an extraordinarily long phrase about delivery", 10)]
    canvas = Size(640, 480)
    result = layout_cloud(terms, canvas, measure)
    only = result.placements[terms[0].key]
    assert only.right <= canvas.width and only.left >= 0


def test_horizontal_only_by_default_and_vertical_on_request() -> None:
    terms = zipf(120)
    flat = layout_cloud(terms, Size(1920, 1080), measure)
    assert {p.rotation for p in flat.placements.values()} == {0}
    mixed = layout_cloud(
        terms, Size(1920, 1080), measure, options=LayoutOptions(vertical_words=True)
    )
    assert {p.rotation for p in mixed.placements.values()} == {0, 90}


def test_small_change_keeps_words_in_place() -> None:
    canvas = Size(1920, 1080)
    terms = zipf(300)
    base = layout_cloud(terms, canvas, measure)
    nudged = [LayoutTerm(t.key, t.weight * (1.05 if i % 2 else 0.95)) for i, t in enumerate(terms)]
    nudged = nudged[:-15] + [LayoutTerm(f"new{i}", 3) for i in range(15)]
    after = layout_cloud(nudged, canvas, measure, previous=base.placements)
    assert stability(base.placements, after.placements, canvas.diagonal) >= 0.9


def test_resize_maps_previous_positions_onto_the_new_canvas() -> None:
    terms = zipf(60)
    base = layout_cloud(terms, Size(1920, 1080), measure)
    bigger = layout_cloud(
        terms, Size(3840, 2160), measure, previous=base.placements, previous_canvas=Size(1920, 1080)
    )
    scaled = {k: Placement(k, p.x * 2, p.y * 2, 0, 0, 0, 0) for k, p in base.placements.items()}
    assert stability(scaled, bigger.placements, Size(3840, 2160).diagonal) >= 0.9


def test_empty_and_degenerate_inputs() -> None:
    assert layout_cloud([], Size(100, 100), measure).placements == {}
    result = layout_cloud([LayoutTerm("a", 1)], Size(0, 100), measure)
    assert result.dropped == ("a",)
    dup = layout_cloud([LayoutTerm("a", 1), LayoutTerm("a", 5)], Size(300, 200), measure)
    assert list(dup.placements) == ["a"]


def test_a_newcomer_fills_the_hole_a_leaving_word_left_near_the_centre() -> None:
    canvas = Size(1920, 1080)
    terms = zipf(150)
    base = layout_cloud(terms, canvas, measure)
    top = base.placements[terms[0].key]
    changed = [*terms[1:], LayoutTerm("newcomer", terms[0].weight // 2)]
    after = layout_cloud(changed, canvas, measure, previous=base.placements)
    new = after.placements["newcomer"]
    assert math.hypot(new.x - top.x, new.y - top.y) < 0.1 * canvas.diagonal
