"""Answers through a webhook: a JSON POST per customer, signed, checked by a real receiver."""

from __future__ import annotations

import random
from dataclasses import replace
from typing import Any

from kiosk.delivery.compose import plan_announcement
from kiosk.delivery.webhook import payload_of, sign
from kiosk.delivery.worker import DeliveryWorker
from kiosk.outbox.values import Audience, DeliveryState
from kiosk.store import Store
from kiosk.sync.credentials import set_secret
from tests.outbox.conftest import (
    WebhookReceiver,
    announcement,
    feedback,
    mention_term,
    webhook_feed,
)


def queue(store: Store, receiver: WebhookReceiver, n: int = 2, **over: Any) -> int:
    feed = webhook_feed(receiver, **over)
    items = [
        feedback(str(i), f"k{i}", feed="crm", name=f"Kim {i}", email_address=f"k{i}@example.com")
        for i in range(n)
    ]
    mention_term(
        store, [replace(fb, url=f"https://crm.example/t/{i}") for i, fb in enumerate(items)]
    )
    plan = plan_announcement(store, announcement(), Audience(), [feed])
    return store.queue(plan)


def run(store: Store, receiver: WebhookReceiver, **over: Any) -> None:
    DeliveryWorker(store, [webhook_feed(receiver, **over)], rng=random.Random(1)).run_pending()


def test_each_message_is_posted_signed_with_what_a_crm_needs(
    store: Store, webhook: WebhookReceiver
) -> None:
    message = queue(store, webhook)
    run(store, webhook)
    assert webhook.refused == [] and len(webhook.accepted) == 2
    doc = webhook.accepted[0]
    assert doc["type"] == "voc-kiosk.message" and doc["kind"] == "announcement"
    assert doc["customer"] == {"id": "k0", "name": "Kim 0", "email": "k0@example.com"}
    assert doc["sender"] == "Priya Shah" and doc["term"] == "delivery" and doc["test"] is False
    assert (
        doc["text"].startswith("Hello Kim,")
        and doc["subject"] == "About delivery: what we are doing"
    )
    assert doc["items"][0]["external_id"] == "0" and doc["items"][0]["kind"] == "complaint"
    assert doc["items"][0]["url"] == "https://crm.example/t/0"
    headers = webhook.headers[0]
    assert headers["Idempotency-Key"] == headers["X-Voc-Kiosk-Delivery"] == doc["id"]
    rows = store.outbox_recipients(message)
    assert {r.state for r in rows} == {DeliveryState.SENT}
    assert {r.external_ref for r in rows} == {d["id"] for d in webhook.accepted}


def test_the_signature_covers_the_timestamp_and_the_exact_body(
    store: Store, webhook: WebhookReceiver
) -> None:
    queue(store, webhook, 1)
    job = store.claim_delivery()
    assert job is not None
    body = payload_of(job)
    header = sign("k", 1_700_000_000, body)
    assert header.startswith("t=1700000000,v1=") and len(header.split("v1=")[1]) == 64
    assert sign("k", 1_700_000_001, body) != header
    assert sign("k", 1_700_000_000, body + b" ") != header


def test_a_wrong_key_is_refused_by_the_receiver_and_fails_the_channel(
    store: Store, webhook: WebhookReceiver
) -> None:
    set_secret("crm:webhook", "not the receiver's key")
    message = queue(store, webhook)
    run(store, webhook)
    assert len(webhook.refused) == 1 and webhook.accepted == []
    for row in store.outbox_recipients(message):
        assert row.state is DeliveryState.FAILED and row.next_try_at is None
        assert (
            row.reason is not None and "refused the request (HTTP 401: bad signature)" in row.reason
        )
        assert '"crm:webhook"' in row.reason


def test_a_receiver_that_cannot_take_it_now_is_tried_again(
    store: Store, webhook: WebhookReceiver
) -> None:
    webhook.status = 503
    message = queue(store, webhook, 1)
    run(store, webhook)
    (row,) = store.outbox_recipients(message)
    assert row.state is DeliveryState.FAILED and row.next_try_at is not None
    assert (
        row.reason
        == "the webhook could not take the message now (HTTP 503: not now); trying again later"
    )
