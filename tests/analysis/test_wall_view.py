"""The evaluation's "what the wall shows" table colours words as the wall does.

``benchmarks.eval_analysis.wall_view`` judges the colours of the most used words against what
their customers said. It must count customers and pick colours exactly as the running kiosk
does, or it judges a wall nobody sees: the same items go through a real store and the
dashboard, and each word's colour there is the colour the table judged.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from benchmarks import eval_analysis
from benchmarks.eval_analysis import WallView, aspect_colours, wall_view
from kiosk.analysis import Analysis, Analyzer
from kiosk.cloud.presentation import dominant_kind
from kiosk.dashboard import Dashboard, window_ending
from kiosk.model import Customer, Feedback, Kind
from kiosk.store import Store
from kiosk.values import MentionRecord

C, P, U = Kind.COMPLIMENT, Kind.COMPLAINT, Kind.UNCLASSIFIED

# One customer per item: (what people said the item is, None for a text with no kind; its
# words with the kind each mention was read as).
FEED: list[tuple[Kind | None, list[tuple[str, Kind]]]] = [
    # "bag": its customers complained (3 of 4), the wall shows it green: against them.
    (P, [("bag", C), ("seat", P)]),
    (P, [("bag", C)]),
    (P, [("bag", P), ("bag", C)]),  # one customer, two kinds: the complaint counts
    (C, [("bag", C)]),
    (None, [("bag", C)]),  # a plain text read as praise adds to the colour, not the labels
    # "seat": complained about and red: right.
    (P, [("seat", P)]),
    (P, [("seat", P), ("crew", C)]),
    # "crew": praised and green: right.
    (C, [("crew", C)]),
    (C, [("crew", C)]),
    # "gate": two labelled customers only: not judged.
    (P, [("gate", C)]),
    (P, [("gate", C)]),
    (None, [("gate", U)]),
]


def test_counts_words_and_customers_as_the_issue_measures() -> None:
    view = wall_view(FEED)
    # Words of complaints: bag C, seat P, bag C, bag P, bag C, seat P, seat P, crew C,
    # gate C, gate C -> 6 of 10 green.
    assert view.complaint_green == pytest.approx(6 / 10)
    # Words of compliments: bag C, crew C, crew C -> none red.
    assert view.compliment_red == 0.0
    assert view.judged == 3  # bag, seat, crew; gate has two labelled customers
    assert view.against == ["bag"]


def test_a_feed_with_no_labels_judges_nothing() -> None:
    assert wall_view([(None, [("bag", C)])]) == WallView(0.0, 0.0, 0, [], {})


def test_only_the_most_used_words_are_judged(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(eval_analysis, "WALL_WORDS", 1)
    view = wall_view(FEED)
    assert view.judged == 1  # "bag", the word with most customers
    assert view.against == ["bag"]


def test_the_colours_judged_are_the_walls_own(store: Store) -> None:
    now = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=1)
    for n, (_, mentions) in enumerate(FEED):
        text = " ".join(key for key, _ in mentions)
        fb = Feedback("web", str(n), text, now, Customer(f"customer-{n}"))
        fid = store.upsert([fb]).new_ids[0]
        records, at = [], 0
        for key, kind in mentions:
            records.append(MentionRecord(key, key, kind, 0.9, at, at + len(key)))
            at += len(key) + 1
        store.replace_mentions({fid: records})
    shown = {
        stat.key: (stat.customers, dominant_kind(stat))
        for stat in Dashboard(store).top_terms(window_ending(None, 30), 10)
    }
    # The table's counts, by hand from the same rule: one customer once per word, the most
    # urgent kind of their mentions.
    assert shown == {
        "bag": (5, C),  # 4 green customers, 1 red
        "seat": (3, P),
        "crew": (3, C),
        "gate": (3, C),  # 2 green, 1 grey
    }
    view = wall_view(FEED)
    assert view.colours == {key: shown[key][1] for key in ("bag", "seat", "crew")}


def test_judged_words_are_matched_to_the_mentions_that_cover_them() -> None:
    # The words people judged one by one (SemEval's aspects) are coloured as the wall colours
    # them: by the mention over them. Read by the real analyser: where a sentence praises one
    # thing and blames another, each word has its own colour, where the item's kind gives
    # both one.
    sentences = [
        (
            "The food was great but the service was slow.",
            [(4, 8, "compliment"), (27, 34, "complaint")],
        ),
        # A judged word the analysis does not show (a stop word here) is counted, not shown.
        ("It was awful.", [(0, 2, "complaint")]),
    ]  # fmt: skip
    analyzer = Analyzer()

    def reading(text: str) -> Analysis:
        return analyzer.explain(Feedback("web", text, text, datetime.now(UTC), Customer("c")))

    colours = aspect_colours(sentences, reading, lambda text: "compliment")
    assert (colours.judged, colours.shown) == (3, 2)
    assert colours.right == {"ours": 2, "item": 1, "vader": 1}
    assert colours.macro("ours") == 1.0
    assert colours.macro("vader") == pytest.approx((2 / 3 + 0) / 2)
