"""Answers on Fider, against a loopback server built from Fider's published request and
response shapes (getfider/fider app/handlers/apiv1/post.go, app/actions/post.go)."""

from __future__ import annotations

import json
import random
import threading
from typing import Any

from kiosk.delivery.compose import plan_announcement
from kiosk.delivery.worker import DeliveryWorker
from kiosk.model import Kind
from kiosk.outbox.values import Audience, DeliveryState, OutboxRecipient
from kiosk.settings import FeedConfig
from kiosk.store import Store
from kiosk.sync.credentials import set_secret
from tests.outbox.conftest import (
    FIDER_KEY,
    FiderBoard,
    announcement,
    feedback,
    fider_feed,
    mention_term,
)


def queue(
    store: Store, board: FiderBoard, feed: FeedConfig, posts: dict[int, Kind], **draft: Any
) -> int:
    items = [
        feedback(
            f"p{n}", f"fider:u{n}", feed="board", kind=kind, name=f"User {n}", url=board.add_post(n)
        )
        for n, kind in posts.items()
    ]
    mention_term(store, items)
    plan = plan_announcement(store, announcement(**draft), Audience(), [feed])
    assert len(plan.recipients) == len(posts)
    return store.queue(plan)


def deliver(store: Store, feed: FeedConfig) -> DeliveryWorker:
    worker = DeliveryWorker(store, [feed], rng=random.Random(3))
    worker.run_pending()
    return worker


def rows(store: Store, message: int) -> dict[str, OutboxRecipient]:
    return {r.target: r for r in store.outbox_recipients(message)}


def test_a_comment_on_each_customers_post_with_the_boards_key(
    store: Store, fider: FiderBoard
) -> None:
    feed = fider_feed(fider)
    message = queue(store, fider, feed, {7: Kind.COMPLAINT, 8: Kind.COMPLAINT})
    deliver(store, feed)
    assert sorted(n for n, _ in fider.comments) == [7, 8]
    method, path, headers, body = fider.requests[0]
    assert (method, path) == ("POST", "/api/v1/posts/7/comments")
    assert headers["Authorization"] == f"Bearer {FIDER_KEY}"
    assert headers["Content-Type"].startswith("application/json")
    doc = json.loads(body)
    assert list(doc) == ["content"]
    assert doc["content"].startswith("Hello User,\n\nYou told us about delivery.")
    done = rows(store, message)
    assert {r.state for r in done.values()} == {DeliveryState.SENT}
    assert {r.external_ref for r in done.values()} == {"comment 101", "comment 102"}


def test_an_idea_gets_a_status_and_its_response_which_fider_announces(
    store: Store, fider: FiderBoard
) -> None:
    feed = fider_feed(fider)
    message = queue(store, fider, feed, {3: Kind.IDEA, 4: Kind.COMPLAINT}, fider_status="planned")
    deliver(store, feed)
    ((number, status, text),) = fider.statuses
    assert (number, status) == (3, "planned") and "We moved to a courier" in text
    put = next(r for r in fider.requests if r[0] == "PUT")
    assert put[1] == "/api/v1/posts/3/status" and set(json.loads(put[3])) == {"status", "text"}
    assert [n for n, _ in fider.comments] == [4]
    assert rows(store, message)["3"].external_ref == "status planned"


def test_a_deleted_post_fails_alone_in_words(store: Store, fider: FiderBoard) -> None:
    feed = fider_feed(fider)
    message = queue(store, fider, feed, {1: Kind.COMPLAINT, 2: Kind.COMPLAINT})
    fider.posts[1]["status"] = "deleted"
    deliver(store, feed)
    gone, fine = rows(store, message)["1"], rows(store, message)["2"]
    assert gone.state is DeliveryState.FAILED and gone.next_try_at is None
    assert gone.reason == (
        f"post #1 is no longer on the Fider board {fider.url} (HTTP 404): it was deleted, or"
        " its link is wrong"
    )
    assert fine.state is DeliveryState.SENT


def test_a_page_that_is_not_fider_does_not_count_as_answered(
    store: Store, fider: FiderBoard
) -> None:
    """A proxy's sign-in page answers 200 too: nothing was posted, so nobody is answered."""
    feed = fider_feed(fider)
    message = queue(store, fider, feed, {1: Kind.COMPLAINT})
    fider.fail_with = 200
    deliver(store, feed)
    row = rows(store, message)["1"]
    assert row.state is DeliveryState.UNCONFIRMED
    assert row.reason is not None
    assert "answered HTTP 200 with text/html, not as Fider answers" in row.reason
    assert "probably not posted" in row.reason
    assert fider.comments == []


def test_a_key_fider_does_not_accept_fails_the_board_once(store: Store, fider: FiderBoard) -> None:
    set_secret("board", "an old key")
    feed = fider_feed(fider)
    message = queue(store, fider, feed, {1: Kind.COMPLAINT, 2: Kind.COMPLAINT, 3: Kind.COMPLAINT})
    deliver(store, feed)
    assert len(fider.requests) == 1
    for row in rows(store, message).values():
        assert row.state is DeliveryState.FAILED and row.next_try_at is None
        assert row.reason is not None
        assert (
            "Fider did not accept the API key of feed 'board' (HTTP 400: API Key is invalid)"
            in row.reason
        )
        assert "`voc-kiosk secret set board`" in row.reason
    set_secret("board", FIDER_KEY)
    store.retry_deliveries(message_id=message)
    deliver(store, feed)
    assert len(fider.comments) == 3


def test_a_user_who_may_not_change_a_status_is_told_so(store: Store, fider: FiderBoard) -> None:
    fider.fail_with = 403
    feed = fider_feed(fider)
    message = queue(store, fider, feed, {5: Kind.IDEA}, fider_status="completed")
    deliver(store, feed)
    (row,) = rows(store, message).values()
    assert row.state is DeliveryState.FAILED
    assert row.reason == (
        "Fider refused (HTTP 403): the API key's user may not change a post's status (Fider"
        " lets collaborators and administrators do that)"
    )


def test_fiders_validation_message_is_passed_on(store: Store, fider: FiderBoard) -> None:
    feed = fider_feed(fider)
    # The plan checks Fider's limit; here a board that counts differently refuses anyway.
    message = queue(store, fider, feed, {9: Kind.COMPLAINT})
    fider.posts[9]["status"] = "open"
    store.retry_deliveries(message_id=message)
    with store.transaction() as conn:
        conn.execute("UPDATE outbox_recipient SET body = '' WHERE message_id = ?", (message,))
    deliver(store, feed)
    (row,) = rows(store, message).values()
    assert (
        row.reason == "Fider refused a comment on post #9 (HTTP 400: content: Comment is required.)"
    )


def test_an_error_of_fider_is_tried_again_and_a_gateway_timeout_waits_for_a_person(
    store: Store, fider: FiderBoard
) -> None:
    fider.fail_with = 500
    feed = fider_feed(fider)
    message = queue(store, fider, feed, {1: Kind.COMPLAINT, 2: Kind.COMPLAINT})
    deliver(store, feed)
    states = sorted(r.state for r in rows(store, message).values())
    assert states == [DeliveryState.FAILED, DeliveryState.QUEUED]  # the board is held as a whole
    failed = next(r for r in rows(store, message).values() if r.state is DeliveryState.FAILED)
    assert failed.reason == "Fider had an error (HTTP 500); trying again later"
    assert failed.next_try_at is not None
    fider.fail_with = 504
    store.retry_deliveries(message_id=message)
    with store.transaction() as conn:
        conn.execute("UPDATE outbox_recipient SET next_try_us = 0 WHERE message_id = ?", (message,))
    deliver(store, feed)
    unsure = [r for r in rows(store, message).values() if r.state is DeliveryState.UNCONFIRMED]
    assert unsure and "HTTP 504" in (unsure[0].reason or "")


def test_a_board_that_hangs_ends_at_the_deadline_and_waits_for_a_person(
    store: Store, fider: FiderBoard
) -> None:
    fider.hang = threading.Event()
    feed = fider_feed(fider, total_timeout=1.0, read_timeout=30.0)
    message = queue(store, fider, feed, {1: Kind.COMPLAINT})
    try:
        deliver(store, feed)
    finally:
        fider.hang.set()
    (row,) = rows(store, message).values()
    assert row.state is DeliveryState.UNCONFIRMED
    assert row.reason is not None and row.reason.startswith("the request reached localhost:")
    assert (
        "no answer came back: none within 1 s (total_timeout); it may have been carried out"
        in row.reason
    )


def test_a_board_that_is_down_is_tried_again(
    store: Store, fider: FiderBoard, closed_port: int
) -> None:
    feed = fider_feed(fider)
    message = queue(store, fider, feed, {1: Kind.COMPLAINT})
    down = FeedConfig("board", "fider", True, 300, {"url": f"http://127.0.0.1:{closed_port}"})
    with store.transaction() as conn:  # the post's link follows the board's address
        conn.execute("UPDATE outbox_recipient SET feed_id = 'board'")
    deliver(store, down)
    (row,) = rows(store, message).values()
    assert row.state is DeliveryState.FAILED and row.next_try_at is not None
    assert row.reason is not None and "refused the connection" in row.reason
    assert row.reason.endswith("nothing was sent")
