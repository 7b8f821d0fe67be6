"""Exploring without widgets: what moved and why, find a word, and slices on every number.

A real store filled with items whose counts are known by construction; the dashboard's
answers are checked against those counts and against the rule it states.
"""

from __future__ import annotations

import math
import random
from datetime import UTC, datetime, timedelta

import pytest

from kiosk.dashboard import (
    MOVER_MIN_CHANGE,
    Dashboard,
    _benjamini_hochberg,
    _binomial_p,
    window_ending,
)
from kiosk.model import Customer, Feedback, Kind
from kiosk.store import Store
from kiosk.values import MentionRecord, Slice

NOW = datetime(2026, 12, 2, 12, tzinfo=UTC)
WINDOW = window_ending(NOW, 30)


def _exact_two_sided(k: int, n: int, p: float) -> float:
    pmf = [math.comb(n, i) * p**i * (1 - p) ** (n - i) for i in range(n + 1)]
    return min(1.0, 2 * min(sum(pmf[: k + 1]), sum(pmf[k:])))


def test_binomial_p_is_exact_when_small_and_close_when_large() -> None:
    assert _binomial_p(3, 4, 0.5) == pytest.approx(0.625)
    assert _binomial_p(0, 0, 0.5) == 1.0
    rng = random.Random(7)
    for _ in range(40):
        n = rng.randrange(1, 200)
        k = rng.randrange(0, n + 1)
        p = rng.uniform(0.2, 0.8)
        assert _binomial_p(k, n, p) == pytest.approx(_exact_two_sided(k, n, p), rel=1e-6, abs=1e-12)
    for _ in range(20):
        n = rng.randrange(201, 900)
        p = rng.uniform(0.3, 0.7)
        k = round(n * p + rng.uniform(-3, 3) * math.sqrt(n * p * (1 - p)))
        k = max(0, min(n, k))
        assert abs(_binomial_p(k, n, p) - _exact_two_sided(k, n, p)) < 0.01


def test_benjamini_hochberg_keeps_the_smallest_that_pass_their_step() -> None:
    p = [0.001, 0.008, 0.039, 0.041, 0.042, 0.06, 0.074, 0.205, 0.212, 0.216]
    # Steps 0.005, 0.01, 0.015, ...: the first two pass, the third (0.039 > 0.015) does not.
    assert _benjamini_hochberg(p, 0.05) == [True, True] + [False] * 8
    assert _benjamini_hochberg([], 0.05) == []


def _add(
    store: Store,
    word: str,
    kind: Kind,
    customers: int,
    days_ago: int,
    *,
    prefix: str,
    channel: str = "web",
) -> None:
    """``customers`` distinct customers mention ``word`` as ``kind``, ``days_ago`` days ago."""
    items = [
        Feedback(
            "f",
            f"{prefix}-{word}-{kind.value}-{days_ago}-{i}",
            f"About the {word}.",
            NOW - timedelta(days=days_ago, hours=1),
            Customer(f"{prefix}-{word}-{i}"),
            kind=kind,
            channel=channel,
        )
        for i in range(customers)
    ]
    result = store.upsert(items)
    store.replace_mentions(
        {fid: [MentionRecord(word, word, kind, 0.9, 10, 10 + len(word))] for fid in result.new_ids}
    )


@pytest.fixture
def moving(store: Store) -> Store:
    # Background: 200 customers each period about "staff", so the overall trend is flat.
    _add(store, "staff", Kind.COMPLIMENT, 200, 40, prefix="a")
    _add(store, "staff", Kind.COMPLIMENT, 200, 5, prefix="b")
    _add(store, "delivery", Kind.COMPLAINT, 10, 40, prefix="a")  # 10 -> 40: news
    _add(store, "delivery", Kind.COMPLAINT, 40, 5, prefix="b")
    _add(store, "parking", Kind.COMPLAINT, 1, 40, prefix="a")  # 1 -> 3: not news
    _add(store, "parking", Kind.COMPLAINT, 3, 5, prefix="b")
    _add(store, "queue", Kind.COMPLAINT, 25, 40, prefix="a")  # 25 -> 0: it stopped
    _add(store, "dark mode", Kind.IDEA, 30, 40, prefix="a")  # 30 -> 5: falling
    _add(store, "dark mode", Kind.IDEA, 5, 5, prefix="b")
    return store


def test_movers_rise_and_fall_by_kind_and_small_changes_are_not_news(moving: Store) -> None:
    movers = Dashboard(moving).movers(WINDOW)
    rising = {(m.key, m.kind) for ms in movers.rising.values() for m in ms}
    falling = {(m.key, m.kind) for ms in movers.falling.values() for m in ms}
    assert ("delivery", Kind.COMPLAINT) in rising
    assert ("queue", Kind.COMPLAINT) in falling  # a word gone from the window entirely
    assert ("dark mode", Kind.IDEA) in falling
    assert ("parking", Kind.COMPLAINT) not in rising | falling
    assert ("staff", Kind.COMPLIMENT) not in rising | falling
    (delivery,) = movers.rising[Kind.COMPLAINT]
    assert (delivery.before, delivery.now, delivery.change) == (10, 40, 30)
    assert delivery.p_value < 0.001
    assert all(abs(m.change) >= MOVER_MIN_CHANGE for ms in movers.falling.values() for m in ms)
    # The periods compared, and the customers in each (the header's number).
    assert movers.window == WINDOW and movers.previous.last == WINDOW.first - 1
    assert (movers.customers_before, movers.customers_now) == (266, 248)


def test_a_word_that_only_follows_all_feedback_did_not_move(store: Store) -> None:
    # Everything doubles: the word doubles with it, so it is not a mover.
    _add(store, "staff", Kind.COMPLIMENT, 100, 40, prefix="a")
    _add(store, "staff", Kind.COMPLIMENT, 200, 5, prefix="b")
    _add(store, "refund", Kind.COMPLAINT, 20, 40, prefix="a")
    _add(store, "refund", Kind.COMPLAINT, 40, 5, prefix="b")
    movers = Dashboard(store).movers(WINDOW)
    assert movers.empty


def test_no_previous_period_means_nothing_to_compare(store: Store) -> None:
    _add(store, "delivery", Kind.COMPLAINT, 40, 5, prefix="b")
    movers = Dashboard(store).movers(WINDOW)
    assert movers.customers_before == 0 and movers.empty


def test_movers_follow_the_slice(moving: Store) -> None:
    _add(moving, "checkout", Kind.COMPLAINT, 2, 40, prefix="s", channel="app")
    _add(moving, "checkout", Kind.COMPLAINT, 30, 5, prefix="t", channel="app")
    _add(moving, "staff", Kind.COMPLIMENT, 30, 40, prefix="u", channel="app")
    _add(moving, "staff", Kind.COMPLIMENT, 30, 5, prefix="v", channel="app")
    app_only = Dashboard(moving).movers(WINDOW, Slice(channels=frozenset({"app"})))
    keys = {m.key for ms in app_only.rising.values() for m in ms}
    assert keys == {"checkout"}


def test_find_a_word_by_its_forms_and_other_languages(moving: Store) -> None:
    dashboard = Dashboard(moving)
    shown = {"delivery", "staff"}
    for typed in ("delivery", "Deliveries", "  DELIVERY ", "livraison", "Lieferung", "deliv"):
        found = dashboard.find(typed, WINDOW, shown=shown)
        assert found.key == "delivery", typed
        assert found.in_cloud and found.reason is None
        assert found.customers == 40 and found.rank == 2
    phrase = dashboard.find("dark", WINDOW, shown=shown)
    assert phrase.key == "dark mode"


def test_find_a_word_as_the_cloud_shows_it(store: Store) -> None:
    # helper-49: "Windows Phone", large on the cloud, was "never a word": its term is
    # "window phone", and neither its forms nor a prefix of its key matched what was typed.
    items = [
        Feedback("f", f"wp-{i}", "My Windows Phone froze.", NOW - timedelta(days=2),
                 Customer(f"wp-{i}"))
        for i in range(4)
    ]  # fmt: skip
    result = store.upsert(items)
    store.replace_mentions(
        {
            fid: [MentionRecord("window phone", "Windows Phone", Kind.COMPLAINT, 0.9, 3, 16)]
            for fid in result.new_ids
        }
    )
    dashboard = Dashboard(store)
    for typed in ("Windows Phone", "windows phone", " WINDOWS  PHONE "):
        found = dashboard.find(typed, WINDOW, shown={"window phone"})
        assert found.key == "window phone", typed
        assert found.in_cloud and found.customers == 4


def test_find_says_why_a_word_is_not_in_the_cloud(moving: Store) -> None:
    dashboard = Dashboard(moving)
    shown = {"delivery", "staff"}
    below = dashboard.find("parking", WINDOW, shown=shown, limit=2)
    assert below.key == "parking" and not below.in_cloud
    assert below.reason is not None and "ranks 4th" in below.reason and "top 2" in below.reason
    gone = dashboard.find("queue", WINDOW, shown=shown)
    assert gone.key == "queue" and gone.reason is not None
    assert "Nobody used" in gone.reason and "before" in gone.reason
    no_room = dashboard.find("parking", WINDOW, shown=shown, limit=150)
    assert no_room.reason is not None and "did not fit" in no_room.reason
    unknown = dashboard.find("zeppelin", WINDOW, shown=shown)
    assert unknown.key is None and unknown.reason is not None and "zeppelin" in unknown.reason
    blocked = dashboard.find("the", WINDOW, why_not=lambda w: f"{w} is a stop word")
    assert blocked.key is None and blocked.reason == "the is a stop word"
    sliced = dashboard.find("delivery", WINDOW, Slice(channels=frozenset({"app"})))
    assert sliced.reason is not None and "this slice" in sliced.reason


def test_find_reads_a_typed_percent_sign_literally(moving: Store) -> None:
    found = Dashboard(moving).find("%", WINDOW)
    assert found.key is None


def test_a_slice_reaches_the_header_the_word_and_the_drilldown_alike(moving: Store) -> None:
    _add(moving, "delivery", Kind.COMPLAINT, 7, 3, prefix="m", channel="mail")
    dashboard = Dashboard(moving)
    mail = Slice(channels=frozenset({"mail"}))
    header = dashboard.header_counts(WINDOW, mail)
    (stat,) = [t for t in dashboard.top_terms(WINDOW, 10, mail) if t.key == "delivery"]
    detail = dashboard.term_detail("delivery", WINDOW, part=mail)
    assert header.total == stat.customers == detail.customers == 7
    assert len(detail.rows) == detail.items == 7
    assert {row.channel for row in detail.rows} == {"mail"}
    complaints = Slice(kinds=frozenset({Kind.COMPLAINT}))
    assert dashboard.header_counts(WINDOW, complaints).total == 40 + 3 + 7
    assert dashboard.header_counts(WINDOW, complaints).compliments == 0


def test_the_rising_mark_is_the_movers_rule_and_stays_rare(moving: Store) -> None:
    stats = {t.key: t for t in Dashboard(moving).top_terms(WINDOW, 150)}
    assert stats["delivery"].rising  # 10 -> 40 against a flat trend
    assert not stats["staff"].rising and not stats["parking"].rising  # flat; 1 -> 3
    # Twenty words all rising at once: only the biggest few carry the mark.
    for i in range(20):
        _add(moving, f"word{i}", Kind.COMPLAINT, 2, 40, prefix="x")
        _add(moving, f"word{i}", Kind.COMPLAINT, 12 + i, 5, prefix="y")
    marked = [t.key for t in Dashboard(moving).top_terms(WINDOW, 25) if t.rising]
    assert 0 < len(marked) <= 2
    assert "word19" in marked


def test_nothing_rises_without_a_previous_period(store: Store) -> None:
    _add(store, "delivery", Kind.COMPLAINT, 40, 5, prefix="b")
    assert not any(t.rising for t in Dashboard(store).top_terms(WINDOW, 10))


def test_the_headline_counts_the_headers_complaints_and_those_still_waiting(
    moving: Store,
) -> None:
    from kiosk.model import Response

    dashboard = Dashboard(moving)
    header = dashboard.header_counts(WINDOW)
    line = dashboard.headline(WINDOW, today=WINDOW.last)
    assert line.complaining == header.complaints == 43  # delivery 40 + parking 3
    assert line.unanswered == 43
    assert line.rising_complaint is not None and line.rising_complaint.key == "delivery"
    # Two delivery complaints get an answer: they stop waiting, and nothing else moves.
    answered = []
    for i in range(2):
        item = moving.get("f", f"b-delivery-complaint-5-{i}")
        assert item is not None
        fb = item.feedback
        answered.append(
            Feedback(
                fb.feed_id, fb.external_id, fb.text, fb.created_at, fb.customer, kind=fb.kind,
                channel=fb.channel, response=Response("Sorry, fixed.", NOW),
            )
        )  # fmt: skip
    moving.upsert(answered)
    again = Dashboard(moving).headline(WINDOW, today=WINDOW.last)
    assert (again.complaining, again.unanswered) == (43, 41)
    assert "41 of 43 complaints not answered yet" in again.parts


def test_the_card_says_which_languages_a_word_gathers(moving: Store) -> None:
    import json

    from kiosk.analysis.pipeline import META_FORMS
    from kiosk.cloud.presentation import card_lines

    forms = {
        "delivery": {"en": ["delivery", "deliveries"], "fr": ["livraison"], "de": ["Lieferung"]}
    }
    moving.set_meta(META_FORMS, json.dumps(forms))
    (stat,) = [t for t in Dashboard(moving).top_terms(WINDOW, 10) if t.key == "delivery"]
    assert stat.forms == (("de", "Lieferung"), ("fr", "livraison"))
    assert "Also written Lieferung (German), livraison (French)" in card_lines(stat)
