from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest

from kiosk.demo import CHANNELS, DemoLive, generate_demo
from kiosk.model import Feedback, Kind

NOW = datetime(2026, 11, 25, tzinfo=UTC)


@pytest.fixture(scope="module")
def demo() -> list[Feedback]:
    return generate_demo(now=NOW)


def test_same_seed_same_items(demo: list[Feedback]) -> None:
    assert generate_demo(now=NOW) == demo
    other = generate_demo(now=NOW, seed=1)
    assert [f.text for f in other[:50]] != [f.text for f in demo[:50]]


def test_size_span_and_customers(demo: list[Feedback]) -> None:
    assert len(demo) == 5000
    assert len({f.external_id for f in demo}) == 5000
    assert min(f.created_at for f in demo) >= NOW - timedelta(days=120)
    assert max(f.created_at for f in demo) <= NOW
    customers = {f.customer.id: f.customer for f in demo}
    assert 700 <= len(customers) <= 950
    assert all(c.name and c.segment and c.value and c.value > 0 for c in customers.values())
    assert len({c.segment for c in customers.values()}) == 4


def test_every_kind_channel_and_language_is_there(demo: list[Feedback]) -> None:
    kinds = Counter(f.kind for f in demo)
    assert all(kinds[k] > 300 for k in Kind)
    assert set(Counter(f.channel for f in demo)) == set(CHANNELS)
    languages = Counter(f.language for f in demo)
    assert languages["en"] > 4500
    for lang in ("fr", "de", "es"):
        assert 10 <= languages[lang] <= 250


def test_some_complaints_are_answered_and_some_not(demo: list[Feedback]) -> None:
    complaints = [f for f in demo if f.kind is Kind.COMPLAINT]
    answered = sum(f.answered for f in complaints)
    assert 0.2 * len(complaints) < answered < 0.8 * len(complaints)


def test_no_answer_is_dated_after_the_demos_present(demo: list[Feedback]) -> None:
    answers = [f.response for f in demo if f.response is not None]
    assert answers and all(r.at <= NOW for r in answers)
    live = DemoLive(start_index=0).next_items(NOW, 50)
    assert all(f.response is None or f.response.at <= NOW for f in live)


def _per_fortnight(items: list[Feedback]) -> list[int]:
    start = NOW - timedelta(days=120)
    counts = Counter(int((f.created_at - start).days // 15) for f in items)
    return [counts[i] for i in range(8)]


def test_the_delivery_problem_grows_peaks_and_fades(demo: list[Feedback]) -> None:
    late = [f for f in demo if "deliver" in f.text.lower() and "late" in f.text.lower()]
    series = _per_fortnight(late)
    peak = series.index(max(series))
    assert 2 <= peak <= 5, series
    assert series[peak] > 2.5 * series[0], series
    assert series[-1] < series[peak] / 2.5, series


def test_the_loved_staff_member_and_the_popular_idea(demo: list[Feedback]) -> None:
    priya = [f for f in demo if "Priya" in f.text]
    assert len(priya) > 100
    given = [f for f in priya if f.kind is not Kind.UNCLASSIFIED]
    assert sum(f.kind is Kind.COMPLIMENT for f in given) > 0.8 * len(given)
    tracking = [f for f in demo if "tracking" in f.text.lower() and f.kind is Kind.IDEA]
    series = _per_fortnight(tracking)
    assert series[-1] > 2 * series[0], series
    votes = [f.votes for f in tracking]
    assert votes[-1] > votes[0]


def test_the_checkout_fault_rises_to_the_end(demo: list[Feedback]) -> None:
    # The complaint the wall's headline and spotlight name, whatever the day: without it, the
    # statistics found a clearly rising complaint on one day in ten (issue 15's spotlight
    # scene then had nothing to show).
    fault = [
        f
        for f in demo
        if f.kind is Kind.COMPLAINT
        and ("checkout" in f.text.lower() or "payment" in f.text.lower())
    ]
    series = _per_fortnight(fault)
    assert series[-1] > 2.5 * max(series[:6]), series
    assert series[-1] + series[-2] > 2 * (series[-3] + series[-4]), series


def test_live_trickle_adds_new_items(demo: list[Feedback]) -> None:
    live = DemoLive()
    first = live.next_items(NOW, 3)
    second = live.next_items(NOW + timedelta(seconds=5), 3)
    ids = {f.external_id for f in first + second}
    assert len(ids) == 6
    assert not ids & {f.external_id for f in demo}
