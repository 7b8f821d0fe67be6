"""The counting index against the plain definition, on a real store, loaded whole and followed."""

from __future__ import annotations

import tempfile
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.counts import EVERYTHING, CustomerIndex, DayRange, Slice
from kiosk.model import KINDS_BY_URGENCY, Customer, Feedback, Kind
from kiosk.store import Store
from kiosk.values import MentionRecord, day_of

# Local noon (days are the machine's calendar days): an item BASE + d days + up to 9 hours
# is on day d wherever the tests run, summer time included.
BASE = datetime(2026, 3, 1, 12).astimezone(UTC)
TERMS = ("delivery", "app", "refund", "staff")
KINDS = (Kind.COMPLIMENT, Kind.IDEA, Kind.COMPLAINT, Kind.UNCLASSIFIED)
URGENCY = {k: i for i, k in enumerate(reversed(KINDS_BY_URGENCY))}

# (customer, day offset, channel, [(term, kind)])
item = st.tuples(
    st.integers(0, 5),
    st.integers(0, 20),
    st.sampled_from(["web", "app", "store"]),
    st.lists(st.tuples(st.sampled_from(TERMS), st.sampled_from(KINDS)), max_size=3),
)


def fill(store: Store, items: list, start: int = 0) -> list[int]:
    feedback = [
        Feedback(
            "f",
            str(start + i),
            "text",
            BASE + timedelta(days=d, hours=i % 10),
            Customer(f"c{c}"),
            channel=ch,
        )
        for i, (c, d, ch, _m) in enumerate(items)
    ]
    result = store.upsert(feedback)
    ids = [store.get("f", str(start + i)).id for i in range(len(items))]  # type: ignore[union-attr]
    store.replace_mentions(
        {
            fid: [MentionRecord(t, t, k, 1.0, 0, 4) for t, k in mentions]
            for fid, (_c, _d, _ch, mentions) in zip(ids, items, strict=True)
        }
    )
    assert result.new == len(items)
    return ids


def naive(items: list, window: DayRange, channel: str | None = None) -> dict[str, dict[Kind, int]]:
    """The definition, written plainly: each customer once per term, latest mention's kind."""
    latest: dict[tuple[str, int], tuple[int, int, Kind]] = {}
    first = day_of(BASE)
    for c, d, ch, mentions in items:
        day = first + d
        if not window.first <= day <= window.last or (channel and ch != channel):
            continue
        for term, kind in mentions:
            rank = (day, URGENCY[kind])
            old = latest.get((term, c))
            if old is None or rank > old[:2]:
                latest[(term, c)] = (*rank, kind)
    out: dict[str, dict[Kind, int]] = defaultdict(dict)
    for (term, _c), (_d, _r, kind) in latest.items():
        out[term][kind] = out[term].get(kind, 0) + 1
    return dict(out)


def observed(
    index: CustomerIndex, store: Store, window: DayRange, part: Slice = EVERYTHING
) -> dict:
    names = store.term_names(list(index.terms(window, part)))
    return {names[t][0]: c.by_kind for t, c in index.terms(window, part).items()}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    first=st.lists(item, max_size=25),
    second=st.lists(item, max_size=10),
    lo=st.integers(0, 20),
    span=st.integers(0, 20),
)
def test_counts_match_the_definition_loaded_and_followed(first, second, lo, span) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "s.sqlite3")
        try:
            index = CustomerIndex()
            fill(store, first)
            index.sync(store)
            window = DayRange(day_of(BASE) + lo, day_of(BASE) + lo + span)
            assert observed(index, store, window) == naive(first, window)
            # Followed through the change log: new items, and one item's mentions replaced.
            fill(store, second, start=1000)
            everything = first + second
            if first:
                fid = store.get("f", "0").id  # type: ignore[union-attr]
                store.replace_mentions({fid: [MentionRecord("app", "app", Kind.IDEA, 1, 0, 3)]})
                c, d, ch, _ = first[0]
                everything = [(c, d, ch, [("app", Kind.IDEA)]), *first[1:], *second]
            assert index.sync(store) == bool(first or second)
            assert observed(index, store, window) == naive(everything, window)
            fresh = CustomerIndex()
            fresh.sync(store)
            assert observed(fresh, store, window) == observed(index, store, window)
            sliced = Slice(channels=frozenset({"web"}))
            assert observed(index, store, window, sliced) == naive(everything, window, "web")
            # The header: each customer once, under their latest item's kind (none inferred
            # here, so all unclassified), and the split adds up.
            writers = {
                c for c, d, _ch, _m in everything if window.first <= day_of(BASE) + d <= window.last
            }
            assert sum(index.kinds(window).values()) == len(writers)
            for count in index.terms(window).values():
                assert sum(count.by_kind.values()) == count.customers
        finally:
            store.close()


def test_a_correction_reaches_the_counts_at_once(store: Store) -> None:
    index = CustomerIndex()
    (fid,) = fill(store, [(1, 3, "web", [("delivery", Kind.COMPLIMENT)])])
    index.sync(store)
    window = DayRange(day_of(BASE), day_of(BASE) + 10)
    assert observed(index, store, window) == {"delivery": {Kind.COMPLIMENT: 1}}
    assert index.kinds(window) == {Kind.UNCLASSIFIED: 1}
    store.correct_kind(fid, Kind.COMPLAINT, by="Priya")
    assert index.sync(store)
    assert observed(index, store, window) == {"delivery": {Kind.COMPLAINT: 1}}
    assert index.kinds(window) == {Kind.COMPLAINT: 1}
    # Re-analysis does not undo it.
    store.replace_mentions({fid: [MentionRecord("delivery", "delivery", Kind.COMPLIMENT, 1, 0, 8)]})
    index.sync(store)
    assert observed(index, store, window) == {"delivery": {Kind.COMPLAINT: 1}}
    row = store.feedback_by_ids([fid])[0]
    assert row.correction is not None and row.correction.by == "Priya"
    assert row.kind is Kind.COMPLAINT


def test_trend_and_previous_window(store: Store) -> None:
    items = [
        (1, 0, "web", [("app", Kind.COMPLAINT)]),
        (1, 1, "web", [("app", Kind.COMPLAINT)]),
        (2, 1, "web", [("app", Kind.COMPLIMENT)]),
        (3, 8, "web", [("app", Kind.IDEA)]),
        (1, 9, "web", [("app", Kind.COMPLIMENT)]),
    ]
    fill(store, items)
    index = CustomerIndex()
    index.sync(store)
    (term_id,) = index.terms(DayRange(day_of(BASE), day_of(BASE) + 20))
    window = DayRange(day_of(BASE) + 7, day_of(BASE) + 13)
    count = index.term(term_id, window)
    assert (count.customers, count.previous, count.mentions, count.items) == (2, 2, 2, 2)
    assert count.by_kind == {Kind.IDEA: 1, Kind.COMPLIMENT: 1}
    trend = index.trend(term_id, DayRange(day_of(BASE), day_of(BASE) + 13), 7)
    # Week one: customer 1 (latest: complaint) and 2; week two: 3 and 1.
    assert trend.by_kind == (
        {Kind.COMPLAINT: 1, Kind.COMPLIMENT: 1},
        {Kind.IDEA: 1, Kind.COMPLIMENT: 1},
    )
