"""Who still waits for an answer: the counting index against the definition, worked by hand.

A customer of a word waits when the item of their latest mention of it in the window has no
answer (the source's response, or a message of ours that went out); the previous window is
judged as it stood the same time after its end. Answers come from the source or from the
outbox's record channel, at chosen times.
"""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.counts import CustomerIndex
from kiosk.model import KINDS_BY_URGENCY, Customer, Feedback, Kind, Response
from kiosk.outbox.plan import plan_message
from kiosk.outbox.routes import RecordRoute
from kiosk.outbox.values import Draft, MessageKind
from kiosk.store import Store
from kiosk.values import DayRange, MentionRecord, day_of
from kiosk.wording import gap_change_text, unanswered_text

NOW = datetime(2026, 6, 30, 12, tzinfo=UTC)
TODAY = day_of(NOW)
WINDOW = DayRange(TODAY - 29, TODAY)


def add(store: Store, ext: str, who: str, days_ago: int, kind: Kind, **over: Any) -> int:
    text = "the delivery was late"
    fb = Feedback(
        "web", ext, text, NOW - timedelta(days=days_ago), Customer(who, who.title()), **over
    )
    fid = store.upsert([fb]).new_ids[0]
    store.replace_mentions({fid: [MentionRecord("delivery", "delivery", kind, 1.0, 4, 12)]})
    return fid


def record_answer(store: Store, feedback_ids: list[int], at: datetime) -> None:
    """Answer items through the record channel (the team answered elsewhere), at ``at``."""
    draft = Draft(MessageKind.REPLY, "Kim", "Re", "Thanks, {first_name}.")
    plan = plan_message(draft, store.reply_candidates(feedback_ids), {"web": RecordRoute("web")})
    store.queue(plan, now=at)


def test_the_latest_mention_decides_and_answers_count_from_their_day(store: Store) -> None:
    ann_old = add(store, "1", "ann", 10, Kind.COMPLAINT)
    add(store, "2", "ann", 2, Kind.COMPLAINT)  # her latest: unanswered, so she waits
    bob = add(store, "3", "bob", 5, Kind.IDEA)
    add(store, "4", "cat", 3, Kind.COMPLAINT, response=Response("Done", NOW, "Kim"))
    eve = add(store, "5", "eve", 40, Kind.COMPLAINT)  # the previous window
    fay = add(store, "6", "fay", 45, Kind.IDEA)
    record_answer(store, [ann_old, bob], NOW - timedelta(days=1))
    record_answer(store, [eve], NOW - timedelta(days=35))  # within the previous window
    record_answer(store, [fay], NOW - timedelta(days=20))  # after it ended
    index = CustomerIndex()
    index.sync(store)
    term_id = store.term_id("delivery")
    assert term_id is not None
    one = index.term(term_id, WINDOW, as_of=TODAY)
    every = index.terms(WINDOW, as_of=TODAY)[term_id]
    for count in (one, every):
        assert count.customers == 3
        assert count.unanswered_by_kind == {Kind.COMPLAINT: 1}  # Ann
        assert (count.previous, count.previous_unanswered) == (2, 1)  # Fay, as it stood
    # Judged a week earlier, Bob's and Ann's answers had not come yet; Cat's had not either.
    earlier = index.term(term_id, WINDOW, as_of=TODAY - 7)
    assert earlier.unanswered_by_kind == {Kind.COMPLAINT: 2, Kind.IDEA: 1}
    assert earlier.previous_unanswered == 2  # as of 37 days ago neither Eve nor Fay had one


def test_the_words_for_the_gap() -> None:
    assert unanswered_text(0, {}) == ""
    assert unanswered_text(4, {}) == "Every one of the 4 customers has an answer"
    assert (
        unanswered_text(1_200, {Kind.IDEA: 5, Kind.COMPLAINT: 12})
        == "Not answered yet: 17 of 1,200 customers (12 complaints, 5 ideas)"
    )
    assert gap_change_text(0.25, None) == ""
    assert gap_change_text(0.25, 0.5) == "▼ gap narrower: 50% → 25% not answered"
    assert gap_change_text(0.6, 0.4) == "▲ gap wider: 40% → 60% not answered"
    assert gap_change_text(0.5, 0.51).startswith("▶ gap steady: 50% not answered")


# (customer, days ago, kind, answered how many days ago or None)
_ITEM = st.tuples(
    st.integers(0, 5),
    st.integers(0, 65),
    st.sampled_from(list(Kind)),
    st.one_of(st.none(), st.integers(0, 65)),
)
_RANK = {kind: rank for rank, kind in enumerate(reversed(KINDS_BY_URGENCY))}


def _by_hand(
    items: list[tuple[int, int, Kind, int | None]], window: DayRange, as_of: int
) -> tuple[int, int]:
    """Customers of the window and those whose latest mention's item had no answer by as_of."""
    latest: dict[int, tuple[int, int, int | None]] = {}
    for who, ago, kind, answered in items:
        day = TODAY - ago
        if window.first <= day <= window.last:
            key = (day, _RANK[kind])
            seen = latest.get(who)
            answered_day = None if answered is None else TODAY - min(answered, ago)
            if seen is None or key > seen[:2]:
                latest[who] = (*key, answered_day)
    waiting = sum(1 for _d, _r, a in latest.values() if a is None or a > as_of)
    return len(latest), waiting


@settings(max_examples=40, deadline=None)
@given(st.lists(_ITEM, min_size=1, max_size=25, unique_by=lambda i: (i[0], i[1])))
def test_the_index_counts_the_waiting_as_the_definition_does(
    items: list[tuple[int, int, Kind, int | None]],
) -> None:
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "s.sqlite3") as store:
        for i, (who, ago, kind, answered) in enumerate(items):
            response = (
                None
                if answered is None
                # An answer never comes before the item it answers.
                else Response("ok", NOW - timedelta(days=min(answered, ago)), "Kim")
            )
            add(store, str(i), f"c{who}", ago, kind, response=response)
        index = CustomerIndex()
        index.sync(store)
        term_id = store.term_id("delivery")
        assert term_id is not None
        for as_of in (TODAY, TODAY - 10):
            one = index.term(term_id, WINDOW, as_of=as_of)
            every = index.terms(WINDOW, as_of=as_of).get(term_id)
            customers, waiting = _by_hand(items, WINDOW, as_of)
            assert (one.customers, sum(one.unanswered_by_kind.values())) == (customers, waiting)
            before = _by_hand(items, WINDOW.previous(), as_of - WINDOW.days)
            assert (one.previous, one.previous_unanswered) == before
            if every is not None:
                assert every.unanswered_by_kind == one.unanswered_by_kind
                assert every.previous_unanswered == one.previous_unanswered
