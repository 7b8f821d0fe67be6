"""A rating says how pleased a customer is, not whether they ask for something.

A feed's stars settle praise against a problem (issue 10, part 2), but a four-star review that
says "would be five stars if it had a widget" asks for a widget. With CLAP's 3,000 Google Play
reviews as a feed with their stars mapped, the header showed 39 ideas where the labels count
333: every rated review took its stars' kind. Now the words' request wins where they ask, on
every surface at once, and such a review teaches the local model nothing.
"""

from __future__ import annotations

from dataclasses import replace

from kiosk.analysis import Analyzer, StoreAnalysis
from kiosk.model import Feedback, Kind, KindSource, Rating, RatingScale
from kiosk.store import Store
from kiosk.store.columns import KIND_CODES
from tests.analysis.conftest import make_feedback


def rated(text: str, stars: int, customer: str = "Sam Taylor") -> Feedback:
    rating = Rating(stars, RatingScale.STARS)
    fb = make_feedback(text, kind=rating.kind, kind_source=KindSource.RATING, customer=customer)
    return replace(fb, rating=rating)


# (text, stars, the kind shown)
REVIEWS = [
    ("Great app, would be five stars if it had a widget.", 4, Kind.IDEA),
    ("Love it, but I really miss the old favorites feature.", 5, Kind.IDEA),
    ("Great app, works well and looks great.", 5, Kind.COMPLIMENT),
    # The stars settle praise against a problem, whatever the words lean to.
    ("It works, I suppose.", 5, Kind.COMPLIMENT),
    ("Nice colours.", 1, Kind.COMPLAINT),
    # A request beside a problem that fails is a complaint, as without stars.
    ("It crashes every time I open it. Please add a dark mode.", 1, Kind.COMPLAINT),
]


def test_an_item_whose_words_ask_is_an_idea_whatever_its_stars() -> None:
    analyzer = Analyzer()
    for text, stars, shown in REVIEWS:
        fb = rated(text, stars)
        found = analyzer.explain(fb)
        assert found.kind is shown, text
        if shown is not Kind.IDEA:
            # The rating's kind and confidence, as the source gave them.
            assert (found.kind, found.kind_confidence) == (fb.kind, fb.kind_confidence)


def test_the_header_and_the_rows_show_the_same_kind_and_only_words_that_ask_lose_it(
    store: Store,
) -> None:
    items = [rated(text, stars, customer=f"C{n}") for n, (text, stars, _) in enumerate(REVIEWS)]
    # A source that states the kind itself keeps it: only a rating gives way to a request.
    given = make_feedback("Please add a widget.", kind=Kind.COMPLAINT, customer="Given")
    items.append(given)
    result = store.upsert(items, after=StoreAnalysis(store).analyze_into)
    rows = {row.feedback.text: row for row in store.feedback_between()}
    expected = {text: shown for text, _, shown in REVIEWS} | {given.text: Kind.COMPLAINT}
    assert {text: row.kind for text, row in rows.items()} == expected
    for text, _, shown in REVIEWS:
        source = rows[text].kind_and_source[1]
        assert source is (KindSource.INFERRED if shown is Kind.IDEA else KindSource.RATING)
    # The columns every count is made from (the header, the cloud, the drill-down) read the
    # store's own rule for the shown kind: the same kinds.
    columns = store.item_columns(result.new_ids)
    codes = {i: code for i, code in zip(columns.ids.tolist(), columns.kinds.tolist(), strict=True)}
    by_id = {row.id: row for row in store.feedback_between()}
    assert {i: KIND_CODES[by_id[i].kind] for i in codes} == codes


def test_a_rated_item_that_asks_teaches_nothing_and_the_others_teach_their_stars(
    store: Store,
) -> None:
    store.upsert(
        [rated(text, stars, customer=f"C{n}") for n, (text, stars, _) in enumerate(REVIEWS)],
        after=StoreAnalysis(store).analyze_into,
    )
    examples = {text: kind for text, kind, _ in StoreAnalysis(store).labelled_examples()}
    assert examples == {
        text: rated(text, stars).kind for text, stars, shown in REVIEWS if shown is not Kind.IDEA
    }
