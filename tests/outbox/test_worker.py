"""The worker as the kiosk runs it: a thread with a stop event, one per store."""

from __future__ import annotations

import threading

from kiosk.delivery.commands import cancel, confirm, list_outbox, retry, send_now
from kiosk.delivery.compose import plan_announcement
from kiosk.delivery.lock import DeliveryLock
from kiosk.delivery.worker import DeliveryWorker
from kiosk.outbox.values import Audience, DeliveryState
from kiosk.store import Store
from tests.outbox.conftest import SmtpServer, announcement, feedback, mail_feed, mention_term


def queue(store: Store, port: int, n: int = 3) -> int:
    mention_term(
        store, [feedback(str(i), f"c{i}", email_address=f"c{i}@example.com") for i in range(n)]
    )
    return store.queue(plan_announcement(store, announcement(), Audience(), [mail_feed(port)]))


def test_the_thread_delivers_what_is_queued_and_stops(
    store: Store, smtp_server: SmtpServer
) -> None:
    feed = mail_feed(smtp_server.port)
    worker = DeliveryWorker(store, [feed], idle_seconds=30)
    done = threading.Event()
    seen: list[tuple[int, DeliveryState]] = []

    def listener(rid: int, state: DeliveryState) -> None:
        seen.append((rid, state))
        if len(seen) == 3:
            done.set()

    worker.add_listener(listener)
    worker.start()
    try:
        queue(store, smtp_server.port)
        worker.wake()
        assert done.wait(20)
    finally:
        assert worker.stop()
    assert not worker.running
    assert sorted(state for _rid, state in seen) == [DeliveryState.SENT] * 3
    assert len(smtp_server.received) == 3


def test_one_worker_per_store_across_processes(store: Store, smtp_server: SmtpServer) -> None:
    queue(store, smtp_server.port)
    other = DeliveryLock(store.path)
    assert other.acquire()
    try:
        report = DeliveryWorker(store, [mail_feed(smtp_server.port)]).run_pending()
        assert report.busy and "another voc-kiosk is delivering" in str(report)
        assert smtp_server.received == []
    finally:
        other.release()
    assert DeliveryWorker(store, [mail_feed(smtp_server.port)]).run_pending().sent == 3


def test_the_outbox_commands_list_retry_cancel_and_confirm(
    store: Store, smtp_server: SmtpServer
) -> None:
    message = queue(store, smtp_server.port)
    rows = store.outbox_recipients(message)
    smtp_server.behaviour.refuse_rcpt = {"c1@example.com"}
    cancel_line = cancel(store, by="Sam", recipient_ids=[rows[2].id])
    assert cancel_line == "1 deliveries cancelled"
    feeds = [mail_feed(smtp_server.port)]
    report = send_now(store, feeds, max_attempts=8, backoff_base=30)
    assert str(report).startswith("1 sent, 1 failed") and not report.ok
    lines = list_outbox(store, message)
    assert (
        lines[0].startswith(f"#{message} ")
        and "announcement about 'delivery' by Priya Shah" in lines[0]
    )
    assert "1 failed, 1 sent, 1 cancelled" in lines[0]
    assert any(
        "c1@example.com: failed — the SMTP server" in line and "(550" in line for line in lines
    )
    assert any("cancelled — cancelled by Sam" in line for line in lines)
    smtp_server.behaviour.refuse_rcpt = set()
    assert retry(store, message_id=message) == "1 deliveries queued again"
    assert confirm(store, by="Sam", message_id=message).startswith("nothing to confirm")
    report = send_now(store, feeds, max_attempts=8, backoff_base=30)
    assert str(report).startswith("1 sent") and report.ok
    assert list_outbox(store, 999) == ["there is no message #999"]
    assert len(smtp_server.received) == 2
