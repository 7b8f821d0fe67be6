"""The outbox in the store: every state change is a transaction guarded by the state it
leaves, a sent delivery is final, and answers reach every reader of the store."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from kiosk.model import Response
from kiosk.outbox.values import (
    AnswerOrigin,
    DeliveryState,
    MessageKind,
    Operation,
    Plan,
    PlannedRecipient,
    ReplyChannel,
)
from kiosk.store import SCHEMA_VERSION, Store
from kiosk.store.outbox import ANSWERED_SQL
from kiosk.store.schema import migrate
from tests.outbox.conftest import NOW, announcement, feedback, mention_term


def planned(key: str, items: list[tuple[int, str, str]], channel: ReplyChannel) -> PlannedRecipient:
    operation = {ReplyChannel.EMAIL: Operation.EMAIL, ReplyChannel.RECORD: Operation.RECORD}
    return PlannedRecipient(
        key, key.title(), items[0][1], channel, operation[channel], f"{key}@example.com",
        "About delivery", f"Hello {key}", tuple(items),
    )  # fmt: skip


@pytest.fixture
def queued(store: Store) -> tuple[Store, int, list[int]]:
    """A message to three customers by e-mail and one recorded only; returns the item ids."""
    items = [feedback(str(i), f"c{i}", email_address=f"c{i}@example.com") for i in range(4)]
    ids = mention_term(store, items)
    recipients = [
        planned(f"c{i}", [(ids[i], "mail", str(i))], ReplyChannel.EMAIL) for i in range(3)
    ]
    recipients.append(planned("c3", [(ids[3], "mail", "3")], ReplyChannel.RECORD))
    message = store.queue(Plan(announcement(), tuple(recipients)))
    return store, message, ids


def test_a_message_and_its_recipients_are_kept_with_their_states(
    queued: tuple[Store, int, list[int]],
) -> None:
    store, message, ids = queued
    (m,) = store.outbox_messages()
    assert (m.id, m.kind, m.sender, m.term_label) == (
        message,
        MessageKind.ANNOUNCEMENT,
        "Priya Shah",
        "delivery",
    )
    assert m.counts == {DeliveryState.QUEUED: 3, DeliveryState.SENT: 1}
    rows = store.outbox_recipients(message)
    assert [r.state for r in rows] == [DeliveryState.QUEUED] * 3 + [DeliveryState.SENT]
    assert rows[0].items == (("mail", "0"),) and rows[0].body == "Hello c0"
    # Recorded only: answered at once, by the sender.
    answers = store.answers_of(ids)
    assert list(answers) == [ids[3]]
    assert (
        answers[ids[3]][0].by == "Priya Shah" and answers[ids[3]][0].origin is AnswerOrigin.OUTBOX
    )


def test_a_delivery_moves_only_from_the_state_it_is_in(
    queued: tuple[Store, int, list[int]],
) -> None:
    store, message, ids = queued
    first = store.outbox_recipients(message)[0]
    assert not store.mark_sent(first.id, "<x@y>")  # not claimed: nothing happens
    job = store.claim_delivery()
    assert job is not None and job.recipient.id == first.id
    assert job.recipient.state is DeliveryState.SENDING and job.recipient.attempts == 1
    assert job.items[0].external_id == "0" and job.delivery_id.endswith(f"-{first.id}")
    assert store.mark_sent(first.id, "<x@y>")
    assert not store.mark_failed(first.id, "late news")
    assert store.retry_deliveries([first.id]) == 0
    assert store.cancel_deliveries([first.id]) == 0
    row = store.outbox_recipients(message)[0]
    assert (row.state, row.external_ref) == (DeliveryState.SENT, "<x@y>")
    assert ids[0] in store.answered_at(ids)


def test_a_sent_delivery_can_never_be_moved_back(queued: tuple[Store, int, list[int]]) -> None:
    store, message, _ids = queued
    sent = store.outbox_recipients(message, states=[DeliveryState.SENT])[0]
    with (
        pytest.raises(sqlite3.IntegrityError, match="never sent again"),
        store.transaction() as conn,
    ):
        conn.execute("UPDATE outbox_recipient SET state = 'queued' WHERE id = ?", (sent.id,))
    assert store.outbox_recipients(message, states=[DeliveryState.SENT])[0].id == sent.id


def test_a_crashed_workers_leftovers_are_queued_again_or_wait_for_a_person(
    queued: tuple[Store, int, list[int]],
) -> None:
    store, message, _ids = queued
    a = store.claim_delivery()
    b = store.claim_delivery()
    assert a is not None and b is not None
    store.mark_handed_over(b.recipient.id, "<b@acme.example>")
    assert store.recover_deliveries() == (1, 1)
    rows = {r.id: r for r in store.outbox_recipients(message)}
    assert rows[a.recipient.id].state is DeliveryState.QUEUED
    stuck = rows[b.recipient.id]
    assert stuck.state is DeliveryState.UNCONFIRMED and stuck.external_ref == "<b@acme.example>"
    assert stuck.reason is not None and "it may have gone out" in stuck.reason
    assert store.claim_delivery() is not None  # the queued one comes back; the other never does
    assert store.claim_delivery() is not None
    assert store.claim_delivery() is None


def test_a_person_confirms_retries_or_cancels(queued: tuple[Store, int, list[int]]) -> None:
    store, message, ids = queued
    jobs = [store.claim_delivery() for _ in range(3)]
    assert all(jobs)
    a, b, c = (j.recipient.id for j in jobs if j is not None)
    store.mark_handed_over(a)
    store.mark_unconfirmed(a, "no answer")
    store.mark_failed(b, "refused", None)
    store.mark_failed(c, "busy", datetime.now(UTC) + timedelta(hours=1))
    assert store.confirm_deliveries([a, b], by="Sam") == 1  # only the unconfirmed one
    confirmed = store.outbox_recipients(message)[0]
    assert (confirmed.state, confirmed.confirmed_by) == (DeliveryState.SENT, "Sam")
    assert ids[0] in store.answers_of(ids)
    assert store.cancel_deliveries([c], by="Sam") == 1
    assert store.retry_deliveries(message_id=message) == 1  # b; c is cancelled, a is sent
    states = [r.state for r in store.outbox_recipients(message)]
    assert states == [
        DeliveryState.SENT,
        DeliveryState.QUEUED,
        DeliveryState.CANCELLED,
        DeliveryState.SENT,
    ]
    assert store.outbox_recipients(message)[2].reason == "cancelled by Sam"


def test_failures_wait_for_their_time_and_a_channel_can_be_held_or_failed(
    queued: tuple[Store, int, list[int]],
) -> None:
    store, message, _ids = queued
    now = datetime.now(UTC)
    job = store.claim_delivery(now)
    assert job is not None
    store.mark_failed(job.recipient.id, "busy", now + timedelta(minutes=5))
    assert store.claim_delivery(now, skip_feeds=["mail"]) is None
    assert store.next_delivery_due() is not None
    assert store.fail_channel("mail", ReplyChannel.EMAIL, "login refused") == 3
    assert store.claim_delivery(now + timedelta(hours=1)) is None
    reasons = {r.reason for r in store.outbox_recipients(message, states=[DeliveryState.FAILED])}
    assert reasons == {"login refused"}


def test_the_sources_own_response_counts_as_an_answer(store: Store) -> None:
    answered = replace(feedback("1", "ann"), response=Response("Refunded", NOW, "Kim"))
    ids = mention_term(store, [answered, feedback("2", "bob")])
    answers = store.answers_of(ids)
    assert list(answers) == [ids[0]]
    assert answers[ids[0]][0].origin is AnswerOrigin.SOURCE and answers[ids[0]][0].by == "Kim"


def test_answers_survive_a_resync_and_mark_the_item_changed(
    queued: tuple[Store, int, list[int]],
) -> None:
    store, _message, ids = queued
    seq = store.change_seq()
    job = store.claim_delivery()
    assert job is not None
    store.mark_sent(job.recipient.id)
    assert store.changed_since(seq)[1] == [ids[0]]
    store.upsert([feedback("0", "c0", text="edited later", email_address="c0@example.com")])
    assert ids[0] in store.answered_at([ids[0]])


def test_a_test_message_answers_nothing(store: Store) -> None:
    ids = mention_term(store, [feedback("1", "ann")])
    plan = Plan(
        announcement(), (planned("ann", [(ids[0], "mail", "1")], ReplyChannel.RECORD),), test=True
    )
    store.queue(plan)
    assert store.answers_of(ids) == {}
    assert store.outbox_messages()[0].test


def test_customers_can_be_flagged_not_to_be_contacted(store: Store) -> None:
    store.set_do_not_contact("ann", reason="GDPR request", by="Sam")
    store.set_do_not_contact("bob")
    assert store.do_not_contact(["ann", "bob", "cat"]) == {"ann": "GDPR request", "bob": ""}
    store.set_do_not_contact("ann", False)
    assert store.do_not_contact(["ann"]) == {}


def test_a_store_of_the_previous_version_gains_the_outbox(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, 5)
    conn.execute("INSERT INTO meta (key, value) VALUES ('vocabulary', 'v1')")
    conn.close()
    with Store(path) as s:
        assert s.schema_version == SCHEMA_VERSION >= 6
        assert s.get_meta("vocabulary") == "v1"
        assert len(s.outbox_instance()) == 16 and s.outbox_messages() == []


def test_the_answered_expression_counts_both_kinds_of_answer(
    queued: tuple[Store, int, list[int]],
) -> None:
    store, _message, ids = queued
    store.upsert([replace(feedback("9", "zed"), response=Response("Done", NOW, "Kim"))])
    answered = {
        int(r[0]) for r in store._conn.execute(f"SELECT f.id FROM feedback f WHERE {ANSWERED_SQL}")
    }
    zed = store.get("mail", "9")
    assert zed is not None
    assert answered == {ids[3], zed.id}  # recorded by the outbox, and the source's own
