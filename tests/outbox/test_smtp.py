"""E-mail through a real SMTP server on loopback (aiosmtpd): one message per customer, the
customer alone in To, every failure a plain message, nothing lost."""

from __future__ import annotations

import random
from email.message import EmailMessage
from typing import Any

from kiosk.delivery.compose import plan_announcement
from kiosk.delivery.worker import DeliveryWorker
from kiosk.outbox.values import Audience, DeliveryState, OutboxRecipient
from kiosk.settings import FeedConfig
from kiosk.store import Store
from kiosk.sync.credentials import set_secret
from tests.outbox.conftest import (
    MovingClock,
    SmtpServer,
    announcement,
    feedback,
    mail_feed,
    mention_term,
)

CUSTOMERS = [
    ("ann", "Ann Lee", "ann@example.com"),
    ("bob", 'Bob "The Builder" O\'Neil', "bob@example.org"),
    ("cat", "Catalina Ñúñez", "cat@example.net"),
]


def queue(
    store: Store, feed: FeedConfig, customers: list[tuple[str, str, str]] = CUSTOMERS, **draft: Any
) -> int:
    mention_term(
        store,
        [
            feedback(str(i), key, name=name, email_address=addr)
            for i, (key, name, addr) in enumerate(customers)
        ],
    )
    plan = plan_announcement(store, announcement(**draft), Audience(), [feed])
    assert len(plan.recipients) == len(customers)
    return store.queue(plan)


def worker(
    store: Store, feed: FeedConfig, clock: MovingClock | None = None, **kw: Any
) -> DeliveryWorker:
    return DeliveryWorker(store, [feed], rng=random.Random(7), now=clock, backoff_base=30.0, **kw)


def states(store: Store, message: int) -> dict[str, OutboxRecipient]:
    return {r.customer_key: r for r in store.outbox_recipients(message)}


def test_each_customer_gets_their_own_message_and_no_one_sees_the_others(
    store: Store, smtp_server: SmtpServer
) -> None:
    feed = mail_feed(smtp_server.port, smtp_reply_to="help@acme.example")
    message = queue(store, feed)
    report = worker(store, feed).run_pending()
    assert (report.sent, report.failed, report.unconfirmed) == (3, 0, 0)
    assert len(smtp_server.received) == 3
    by_rcpt = {r.rcpt_tos[0]: r for r in smtp_server.received}
    rows = states(store, message)
    for key, name, address in CUSTOMERS:
        got = by_rcpt[address]
        msg: EmailMessage = got.message
        assert got.rcpt_tos == [address] and got.mail_from == "support@acme.example"
        assert [a.addr_spec for a in msg["To"].addresses] == [address]
        assert msg["To"].addresses[0].display_name == name
        assert msg["Cc"] is None and msg["Bcc"] is None and b"Bcc" not in got.raw
        assert str(msg["From"]) == "Acme Support <support@acme.example>"
        assert str(msg["Reply-To"]) == "help@acme.example"
        assert msg["Subject"] == "About delivery: what we are doing"
        assert msg.get_content_type() == "text/plain"
        body = msg.get_content().replace("\r\n", "\n")
        assert body.startswith(f"Hello {name.split()[0]},\n\nYou told us about delivery.")
        for other_key, _other, other_address in CUSTOMERS:
            if other_key != key:
                assert other_address.encode() not in got.raw
        row = rows[key]
        assert row.state is DeliveryState.SENT and row.external_ref == msg["Message-ID"]
    assert len({r.message["Message-ID"] for r in smtp_server.received}) == 3


def test_over_starttls_with_a_login(store: Store, tls_cert: Any, file_keyring: Any) -> None:
    server = SmtpServer(password="pw-over-tls", tls_cert=tls_cert)
    try:
        set_secret("mail:smtp", "pw-over-tls")
        feed = mail_feed(
            server.port,
            smtp_security="starttls",
            smtp_username="bot",
            smtp_ca_bundle=str(tls_cert[0]),
        )
        queue(store, feed)
        assert worker(store, feed).run_pending().sent == 3
        assert server.logins == ["bot:ok"] and len(server.received) == 3
    finally:
        server.close()


def test_over_tls_from_the_start(store: Store, tls_cert: Any) -> None:
    server = SmtpServer(tls_cert=tls_cert, implicit_tls=True)
    try:
        feed = mail_feed(server.port, smtp_security="tls", smtp_ca_bundle=str(tls_cert[0]))
        queue(store, feed)
        assert worker(store, feed).run_pending().sent == 3
    finally:
        server.close()


def test_a_certificate_that_is_not_trusted_fails_the_channel_in_words(
    store: Store, tls_cert: Any
) -> None:
    server = SmtpServer(tls_cert=tls_cert, implicit_tls=True)
    try:
        feed = mail_feed(server.port, smtp_security="tls")
        message = queue(store, feed)
        worker(store, feed).run_pending()
        rows = states(store, message).values()
        assert {r.state for r in rows} == {DeliveryState.FAILED}
        assert all("secure connection" in (r.reason or "") and r.next_try_at is None for r in rows)
        assert server.received == []
    finally:
        server.close()


def test_a_rejected_login_fails_every_message_of_the_channel_once(
    store: Store, smtp_login_server: SmtpServer, file_keyring: Any
) -> None:
    set_secret("mail:smtp", "wrong password")
    feed = mail_feed(smtp_login_server.port, smtp_username="bot")
    message = queue(store, feed)
    report = worker(store, feed).run_pending()
    # One login for the three messages (smtplib tries both mechanisms offered, PLAIN and LOGIN).
    assert report.failed == 3 and smtp_login_server.logins == ["bot:refused"] * 2
    for row in states(store, message).values():
        assert row.state is DeliveryState.FAILED and row.next_try_at is None
        assert row.reason is not None
        assert row.reason.startswith("the SMTP server 127.0.0.1:")
        assert "rejected the login of 'bot' (535" in row.reason
        assert 'voc-kiosk secret set "mail:smtp"' in row.reason
    # Fixed by a person: the right password, then retry; nothing was lost.
    set_secret("mail:smtp", "s3cret smtp password")
    assert store.retry_deliveries(message_id=message) == 3
    assert worker(store, feed).run_pending().sent == 3
    assert len(smtp_login_server.received) == 3


def test_a_missing_password_says_where_to_put_it(
    store: Store, smtp_login_server: SmtpServer, file_keyring: Any
) -> None:
    feed = mail_feed(smtp_login_server.port, smtp_username="bot")
    message = queue(store, feed)
    worker(store, feed).run_pending()
    reason = next(iter(states(store, message).values())).reason or ""
    assert "needs its SMTP password" in reason and "VOC_KIOSK_SECRET_MAIL_SMTP" in reason


def test_an_address_the_server_refuses_fails_alone(store: Store, smtp_server: SmtpServer) -> None:
    smtp_server.behaviour.refuse_rcpt = {"bob@example.org"}
    feed = mail_feed(smtp_server.port)
    message = queue(store, feed)
    report = worker(store, feed).run_pending()
    assert (report.sent, report.failed) == (2, 1)
    bob = states(store, message)["bob"]
    assert bob.state is DeliveryState.FAILED and bob.next_try_at is None
    assert (
        bob.reason is not None
        and "refused the address bob@example.org (550 5.1.1 No such user here)" in bob.reason
    )
    assert sorted(r.rcpt_tos[0] for r in smtp_server.received) == [
        "ann@example.com",
        "cat@example.net",
    ]


def test_a_temporary_refusal_is_tried_again_later_with_backoff(
    store: Store, smtp_server: SmtpServer
) -> None:
    smtp_server.behaviour.busy_rcpt = {"bob@example.org"}
    feed = mail_feed(smtp_server.port)
    message = queue(store, feed)
    clock = MovingClock()
    w = worker(store, feed, clock, max_attempts=3)
    assert w.run_pending().retrying == 1
    bob = states(store, message)["bob"]
    assert bob.state is DeliveryState.FAILED and bob.next_try_at is not None
    assert "cannot take the address bob@example.org now (451" in (bob.reason or "")
    first_wait = (bob.next_try_at - clock.now).total_seconds()
    assert 15 <= first_wait <= 30  # half to all of the base, jittered
    assert w.run_pending().retrying == 0  # not due yet: nothing tried
    clock.advance(31)
    w.run_pending()
    second = states(store, message)["bob"]
    assert second.attempts == 2 and second.next_try_at is not None
    assert (second.next_try_at - clock.now).total_seconds() >= 30  # the wait doubled
    clock.advance(3600)
    w.run_pending()
    gave_up = states(store, message)["bob"]
    assert gave_up.state is DeliveryState.FAILED and gave_up.next_try_at is None
    assert gave_up.reason is not None and gave_up.reason.endswith("(gave up after 3 attempts)")
    smtp_server.behaviour.busy_rcpt = set()
    store.retry_deliveries(message_id=message)
    assert w.run_pending().sent == 1
    assert len(smtp_server.received) == 3


def test_a_server_that_is_down_holds_the_channel_and_loses_nothing(
    store: Store, closed_port: int, smtp_server: SmtpServer
) -> None:
    feed = mail_feed(closed_port)
    message = queue(store, feed)
    clock = MovingClock()
    report = worker(store, feed, clock).run_pending()
    # One connection attempt, not three: the channel waits as a whole.
    assert report.retrying == 1
    rows = states(store, message)
    assert sorted(r.state for r in rows.values()) == [
        DeliveryState.FAILED,
        DeliveryState.QUEUED,
        DeliveryState.QUEUED,
    ]
    failed = next(r for r in rows.values() if r.state is DeliveryState.FAILED)
    assert "could not be reached (it refused the connection: is the mail server running?)" in (
        failed.reason or ""
    )
    assert "Errno" not in (failed.reason or "")
    assert (failed.reason or "").endswith("nothing was sent")
    # The server comes back (here: the feed now points at a running one).
    back = mail_feed(smtp_server.port)
    clock.advance(60)
    assert worker(store, back, clock).run_pending().sent == 3


def test_a_message_the_server_does_not_confirm_waits_for_a_person(
    store: Store, smtp_server: SmtpServer
) -> None:
    smtp_server.behaviour.hang_after_data = True
    feed = mail_feed(smtp_server.port, smtp_timeout=1.0)
    message = queue(store, feed, CUSTOMERS[:1])
    report = worker(store, feed).run_pending()
    smtp_server.release_hangs()
    assert report.unconfirmed == 1
    (row,) = states(store, message).values()
    assert row.state is DeliveryState.UNCONFIRMED
    assert (
        row.reason is not None
        and "received the message but did not confirm it (no answer within 1 s)" in row.reason
    )
    assert row.external_ref is not None and row.external_ref in row.reason
    # The server did get it: it must not be sent again by itself.
    assert len(smtp_server.received) == 1
    smtp_server.behaviour.hang_after_data = False
    assert worker(store, feed).run_pending().sent == 0
    assert store.confirm_deliveries(message_id=message, by="Sam") == 1
    assert len(smtp_server.received) == 1


def test_a_server_that_never_greets_ends_at_the_deadline_and_is_tried_again(
    store: Store, silent_port: int
) -> None:
    feed = mail_feed(silent_port, smtp_timeout=1.0)
    message = queue(store, feed, CUSTOMERS[:1])
    assert worker(store, feed).run_pending().retrying == 1
    (row,) = states(store, message).values()
    assert row.state is DeliveryState.FAILED and row.next_try_at is not None
    assert "could not be reached (no answer within 1 s); nothing was sent" in (row.reason or "")


def test_a_message_the_server_refuses_is_failed_with_its_words(
    store: Store, smtp_server: SmtpServer
) -> None:
    smtp_server.behaviour.data_reply = "554 5.7.1 Message rejected as spam"
    feed = mail_feed(smtp_server.port)
    message = queue(store, feed, CUSTOMERS[:1])
    worker(store, feed).run_pending()
    (row,) = states(store, message).values()
    assert row.state is DeliveryState.FAILED and row.next_try_at is None
    assert "refused the message (554 5.7.1 Message rejected as spam)" in (row.reason or "")
