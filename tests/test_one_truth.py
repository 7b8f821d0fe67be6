"""One number, one meaning: every surface that says "customers" says the same number.

A store where customers write about a word on several days, with several kinds, and across
the window's edge; then the word's size, its hover card, the drill-down's headline and split,
the trend against the previous window and the header are read from the running kiosk and
checked against each other and against the definition, computed here by hand.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from pytestqt.qtbot import QtBot

from kiosk.app import Kiosk
from kiosk.cloud.presentation import card_lines
from kiosk.model import Customer, Feedback, Kind, Response
from kiosk.settings import FeedConfig, Settings
from kiosk.store import Store
from kiosk.values import MentionRecord
from kiosk.views.tasks import synchronous
from kiosk.wording import change_text, customers_text

# Noon of the machine's day (the screens' days are local): noon UTC is already tomorrow
# west of UTC in the evening, and an answer given then is not one given today.
_NOON = datetime.now().astimezone().replace(hour=12, minute=0, second=0, microsecond=0)
NOW = _NOON.astimezone(UTC)

# (customer, days ago, kind of the "delivery" mention, the item's own given kind)
ITEMS = [
    ("ann", 2, Kind.COMPLAINT, Kind.COMPLAINT),
    ("ann", 9, Kind.COMPLAINT, Kind.COMPLAINT),  # Ann again: one customer, not two
    ("ann", 1, Kind.COMPLIMENT, Kind.COMPLIMENT),  # ... who changed her mind: her latest counts
    ("bob", 3, Kind.IDEA, Kind.UNCLASSIFIED),
    ("cat", 4, Kind.COMPLAINT, Kind.UNCLASSIFIED),
    ("cat", 4, Kind.IDEA, Kind.UNCLASSIFIED),  # same day, two kinds: the most urgent counts
    ("dan", 12, Kind.COMPLIMENT, Kind.COMPLIMENT),
    ("eve", 40, Kind.COMPLAINT, Kind.COMPLAINT),  # the previous window
    ("ann", 45, Kind.COMPLAINT, Kind.COMPLAINT),  # the previous window, a returning customer
    ("fay", 75, Kind.COMPLAINT, Kind.COMPLAINT),  # before both windows
]


def fill(store: Store) -> None:
    for i, (who, ago, mention_kind, given) in enumerate(ITEMS):
        text = f"Item {i}: the delivery again."
        fb = Feedback(
            "web",
            str(i),
            text,
            NOW - timedelta(days=ago),
            Customer(who, who.capitalize()),
            kind=given,
        )
        fid = store.upsert([fb]).new_ids[0]
        start = text.index("delivery")
        store.replace_mentions(
            {fid: [MentionRecord("delivery", "delivery", mention_kind, 0.9, start, start + 8)]}
        )


def test_every_surface_counts_the_same_customers(qtbot: QtBot, store: Store) -> None:
    fill(store)
    # By hand: customers who mentioned it in the last 30 days, each under their latest kind.
    expected_split = {Kind.COMPLIMENT: 2, Kind.IDEA: 1, Kind.COMPLAINT: 1}  # ann+dan, bob, cat
    customers, previous = 4, 2  # ann, bob, cat, dan; before: eve, ann
    settings = Settings(feeds=(FeedConfig("web", "csv"),))  # a feed, so no demo
    kiosk = Kiosk(settings, store, executor=synchronous)
    qtbot.addWidget(kiosk.window)
    try:
        kiosk.start(sync=False)
        (stat,) = [t for t in kiosk.model.snapshot.terms if t.key == "delivery"]
        # The word: its size is laid out from this number.
        assert stat.customers == customers
        assert stat.customers_by_kind == expected_split
        assert stat.previous_customers == previous
        assert kiosk.cloud.accessible_name_for("delivery").startswith(
            f"delivery: {customers} customers"
        )
        # The card.
        card = card_lines(stat)
        assert card[0] == customers_text(customers, expected_split)
        assert card[1] == change_text(customers, previous)
        # The drill-down: headline, split, trend percentage.
        kiosk.open_drilldown("delivery")
        panel = kiosk.drilldown
        assert panel is not None and panel.detail is not None
        detail = panel.detail
        assert (detail.customers, detail.customers_by_kind) == (customers, expected_split)
        assert sum(detail.customers_by_kind.values()) == detail.customers
        assert detail.previous_customers == previous
        summary = panel.summary.text()
        assert customers_text(customers, expected_split) in summary
        assert change_text(customers, previous, "30 days") in summary
        assert "+100%" in summary
        # The header: every customer who wrote in the window, once, by their latest item.
        header = kiosk.window.header
        assert header.customers_label.text() == "4 customers:"
        counts = kiosk.model.header.counts
        assert counts.total == 4
        # Ann's latest item is a compliment, Dan's too; Bob's and Cat's items have no kind
        # (none given, none inferred in this store).
        assert (counts.compliments, counts.unclassified) == (2, 2)
        assert header.count_labels[Kind.COMPLIMENT].text() == "● 2 compliments"
    finally:
        kiosk.stop()


def test_a_correction_changes_every_surface_at_once(qtbot: QtBot, store: Store) -> None:
    fill(store)
    settings = Settings(feeds=(FeedConfig("web", "csv"),))
    kiosk = Kiosk(settings, store, executor=synchronous)
    qtbot.addWidget(kiosk.window)
    try:
        kiosk.start(sync=False)
        bob = store.get("web", "3")
        assert bob is not None
        store.correct_kind(bob.id, Kind.COMPLAINT, by="Priya")
        kiosk.refresh()
        (stat,) = [t for t in kiosk.model.snapshot.terms if t.key == "delivery"]
        assert stat.customers_by_kind == {Kind.COMPLIMENT: 2, Kind.COMPLAINT: 2}
        assert kiosk.model.header.counts.complaints == 1
        kiosk.open_drilldown("delivery")
        assert kiosk.drilldown is not None and kiosk.drilldown.detail is not None
        assert kiosk.drilldown.detail.customers_by_kind == stat.customers_by_kind
    finally:
        kiosk.stop()


# Which items were answered (by the source), and how many days ago.
ANSWERED = {
    2: 0,  # Ann's latest: answered today
    4: 2,  # Cat's two items of the same day
    5: 2,
    6: 10,  # Dan
    7: 35,  # Eve, in the previous window and answered within it
    8: 10,  # Ann's old complaint, answered only after the previous window ended
}


def test_the_card_and_the_panel_say_the_same_customers_wait_for_an_answer(
    qtbot: QtBot, store: Store
) -> None:
    for i, (who, ago, mention_kind, given) in enumerate(ITEMS):
        text = f"Item {i}: the delivery again."
        answered = ANSWERED.get(i)
        response = (
            None
            if answered is None
            else Response("Sorted, sorry.", NOW - timedelta(days=answered), "Kim")
        )
        fb = Feedback(
            "web",
            str(i),
            text,
            NOW - timedelta(days=ago),
            Customer(who, who.capitalize()),
            kind=given,
            response=response,
        )
        fid = store.upsert([fb]).new_ids[0]
        start = text.index("delivery")
        store.replace_mentions(
            {fid: [MentionRecord("delivery", "delivery", mention_kind, 0.9, start, start + 8)]}
        )
    # By hand: of Ann, Bob, Cat and Dan only Bob waits (his idea). In the previous window, as
    # it stood when it ended, Eve had her answer and Ann did not: one of two waited.
    expected = [
        "Not answered yet: 1 of 4 customers (1 idea)",
        "▼ gap narrower: 50% → 25% not answered",
    ]
    settings = Settings(feeds=(FeedConfig("web", "csv"),))
    kiosk = Kiosk(settings, store, executor=synchronous)
    qtbot.addWidget(kiosk.window)
    try:
        kiosk.start(sync=False)
        (stat,) = [t for t in kiosk.model.snapshot.terms if t.key == "delivery"]
        assert stat.gap is not None
        assert (stat.gap.customers, stat.gap.unanswered_by_kind) == (4, {Kind.IDEA: 1})
        assert (stat.gap.previous_customers, stat.gap.previous_unanswered) == (2, 1)
        assert card_lines(stat)[-2:] == expected
        kiosk.open_drilldown("delivery")
        panel = kiosk.drilldown
        assert panel is not None and panel.detail is not None
        assert panel.detail.gap == stat.gap
        assert panel.gap_label.text() == " · ".join(expected)
    finally:
        kiosk.stop()
