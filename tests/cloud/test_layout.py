"""The layout engine: no overlaps, nothing off the canvas, every word placed or reported."""

from __future__ import annotations

import itertools
import math
import random

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
        # The box reported is the word's own, at its size and rotation.
        w, h = measure(p.key, p.font_size)
        assert (p.width, p.height) == ((h, w) if p.rotation else (w, h))
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


def assert_drops_only_at_the_minimum(result: LayoutResult, options: LayoutOptions) -> None:
    """A word is dropped only when every word is already at the minimum size."""
    if result.dropped:
        assert options.min_font is not None
        for p in result.placements.values():
            assert math.isclose(p.font_size, options.min_font), p


@st.composite
def changes(draw: st.DrawFn, terms: list[LayoutTerm]) -> list[LayoutTerm]:
    """The terms after an update: some nudged or much changed, some gone, some new."""
    kept = [
        LayoutTerm(
            t.key, max(1, round(t.weight * draw(st.sampled_from((1.0, 0.95, 1.05, 0.5, 2.0)))))
        )
        for t in terms
        if draw(st.integers(0, 9)) > 0
    ]
    return kept + draw(
        st.lists(st.tuples(words, st.integers(1, 5000)), max_size=8).map(
            lambda pairs: [LayoutTerm(k, w) for k, w in pairs]
        )
    )


relayout_options = st.builds(
    LayoutOptions, vertical_words=st.booleans(), min_font=st.sampled_from((None, 6.0, 14.0))
)


@settings(max_examples=60, deadline=None)
@given(
    terms=term_lists,
    canvas=canvases,
    seed=st.integers(0, 2**31),
    options=relayout_options,
    data=st.data(),
)
def test_relayout_never_overlaps_never_leaves_the_canvas_and_accounts_for_every_word(
    terms: list[LayoutTerm], canvas: Size, seed: int, options: LayoutOptions, data: st.DataObject
) -> None:
    base = layout_cloud(terms, canvas, measure, seed=seed, options=options)
    changed = data.draw(changes(terms))
    result = layout_cloud(
        changed, canvas, measure, previous=base.placements, seed=seed, options=options
    )
    assert_valid(result, changed, canvas)
    assert_drops_only_at_the_minimum(result, replace_min_font(options, canvas))


@settings(max_examples=30, deadline=None)
@given(
    terms=term_lists,
    canvas=canvases,
    resized=canvases,
    seed=st.integers(0, 2**31),
    data=st.data(),
)
def test_relayout_on_a_resized_canvas_stays_valid(
    terms: list[LayoutTerm], canvas: Size, resized: Size, seed: int, data: st.DataObject
) -> None:
    base = layout_cloud(terms, canvas, measure, seed=seed)
    changed = data.draw(changes(terms))
    result = layout_cloud(
        changed, resized, measure, previous=base.placements, seed=seed, previous_canvas=canvas
    )
    assert_valid(result, changed, resized)


@settings(max_examples=30, deadline=None)
@given(terms=term_lists, canvas=canvases, seed=st.integers(0, 2**31), data=st.data())
def test_relayout_is_deterministic(
    terms: list[LayoutTerm], canvas: Size, seed: int, data: st.DataObject
) -> None:
    base = layout_cloud(terms, canvas, measure, seed=seed)
    changed = data.draw(changes(terms))
    first = layout_cloud(changed, canvas, measure, previous=dict(base.placements), seed=seed)
    again = layout_cloud(
        list(reversed(changed)), canvas, measure, previous=dict(base.placements), seed=seed
    )
    assert first == again


def replace_min_font(options: LayoutOptions, canvas: Size) -> LayoutOptions:
    """The options with the minimum size the layout uses when none is given."""
    if options.min_font is not None:
        return options
    return LayoutOptions(
        min_font=max(9.0, 0.013 * canvas.height), vertical_words=options.vertical_words
    )


def zipf(n: int) -> list[LayoutTerm]:
    return [LayoutTerm(f"word{i:04d}", round(5000 / (i + 1)) + 1) for i in range(n)]


def test_every_word_placed_by_scaling_down() -> None:
    terms = zipf(400)
    result = layout_cloud(terms, Size(1280, 720), measure)
    assert_valid(result, terms, Size(1280, 720))
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


def test_a_room_that_doubles_is_filled_at_once() -> None:
    # A drill-down closes: the cloud had half the width and gets it all back in one layout.
    terms = zipf(80)
    half = layout_cloud(terms, Size(960, 1080), measure)
    whole = layout_cloud(
        terms, Size(1920, 1080), measure, previous=half.placements, previous_canvas=Size(960, 1080)
    )
    fresh = layout_cloud(terms, Size(1920, 1080), measure)
    assert whole.scale >= 0.9 * fresh.scale > 1.15 * half.scale
    assert_valid(whole, terms, Size(1920, 1080))


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


def test_relayout_of_the_same_words_changes_nothing() -> None:
    canvas = Size(1920, 1080)
    for terms in (zipf(40), zipf(300), zipf(700)):
        base = layout_cloud(terms, canvas, measure)
        again = layout_cloud(terms, canvas, measure, previous=base.placements)
        assert again.placements == base.placements


def test_a_small_change_to_a_large_cloud_keeps_every_word_and_its_place() -> None:
    # Hundreds of words that stay are checked all at once (counting cells): a different
    # path from the few words of the property tests above.
    canvas = Size(1600, 900)
    terms = zipf(700)
    base = layout_cloud(terms, canvas, measure)
    assert_valid(base, terms, canvas)
    assert base.dropped == ()
    rng = random.Random(3)
    for _ in range(3):
        nudged = [LayoutTerm(t.key, t.weight * rng.uniform(0.95, 1.05)) for t in terms]
        gone = set(rng.sample(range(len(nudged)), 35))
        changed = [t for i, t in enumerate(nudged) if i not in gone]
        changed += [LayoutTerm(f"new{i}", rng.randint(1, 3000)) for i in range(35)]
        after = layout_cloud(changed, canvas, measure, previous=base.placements)
        assert_valid(after, changed, canvas)
        assert after.dropped == ()
        assert stability(base.placements, after.placements, canvas.diagonal) >= 0.95


def test_words_at_the_floor_are_at_the_minimum_size_exactly() -> None:
    """A relayout that drops a word leaves the rest at the minimum, not a hair above it."""
    canvas = Size(80, 60)
    options = LayoutOptions(vertical_words=False, min_font=None)
    before = [LayoutTerm(k, w) for k, w in [("a", 1), ("aa", 2), ("aaaaaaaaaa", 1)]]
    base = layout_cloud(before, canvas, measure, seed=2, options=options)
    after = [
        LayoutTerm(k, w)
        for k, w in [
            ("aa", 1),
            ("aaaaaaaa", 1),
            ("aaaaaaaab", 1),
            ("aaaaaaaaaa", 3),
            ("aaaaaaaaaaaaaaaaaa", 1),
        ]
    ]
    result = layout_cloud(after, canvas, measure, previous=base.placements, seed=2, options=options)
    assert result.dropped
    assert_valid(result, after, canvas)
    assert_drops_only_at_the_minimum(result, replace_min_font(options, canvas))
