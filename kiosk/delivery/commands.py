"""``voc-kiosk outbox``: list messages and deliveries, retry, cancel, confirm, send now.

Plain functions on a store that return the lines to print; the command line parses the
arguments and prints. None of them needs Qt, and only ``send_now`` loads the network stack.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from kiosk.outbox.routes import FeedLike
from kiosk.outbox.values import DeliveryState, OutboxMessage, OutboxRecipient
from kiosk.store import Store

if TYPE_CHECKING:
    from kiosk.delivery.worker import DeliveryReport

__all__ = [
    "cancel",
    "confirm",
    "describe_message",
    "describe_recipient",
    "list_outbox",
    "retry",
    "send_now",
]


def describe_message(message: OutboxMessage) -> str:
    """Return one line for a message: id, when, who, what, and its deliveries by state."""
    what = f"about {message.term_label!r}" if message.term_label else ""
    kind = "test" if message.test else message.kind.value
    counts = ", ".join(f"{n} {state.label}" for state, n in message.counts_person_first())
    when = message.created_at.strftime("%Y-%m-%d %H:%M")
    unreached = sum(message.unreachable.values())
    tail = f"; {unreached} could not be reached" if unreached else ""
    head = " ".join(p for p in (f"#{message.id}", when, kind, what) if p)
    return f"{head} by {message.sender}: {counts or 'no recipients'}{tail}"


def describe_recipient(recipient: OutboxRecipient) -> str:
    """Return one line for a delivery: id, customer, channel, state and the reason."""
    who = recipient.customer_name or recipient.customer_key
    where = f" {recipient.target}" if recipient.target else ""
    line = f"  {recipient.id}: {who} {recipient.channel.label}{where}: {recipient.state.label}"
    if recipient.attempts > 1:
        line += f" after {recipient.attempts} attempts"
    if recipient.next_try_at is not None and recipient.state is DeliveryState.FAILED:
        line += f", next try {recipient.next_try_at:%Y-%m-%d %H:%M:%S} UTC"
    if recipient.reason:
        line += f" — {recipient.reason}"
    if recipient.external_ref and recipient.state in (
        DeliveryState.SENT,
        DeliveryState.UNCONFIRMED,
    ):
        line += f" [{recipient.external_ref}]"
    return line


def list_outbox(
    store: Store,
    message_id: int | None = None,
    *,
    states: Iterable[DeliveryState] = (),
    limit: int = 50,
) -> list[str]:
    """Return the lines of ``voc-kiosk outbox list``: the newest messages, or one message
    with each of its deliveries (only those in ``states``, when given)."""
    if message_id is None:
        messages = store.outbox_messages(limit)
        if not messages:
            return ["the outbox is empty"]
        lines = [describe_message(m) for m in messages]
        wanted = tuple(states)
        if wanted:
            for r in store.outbox_recipients(states=wanted, limit=limit):
                lines.append(describe_recipient(r))
        return lines
    message = store.outbox_message(message_id)
    if message is None:
        return [f"there is no message #{message_id}"]
    recipients = store.outbox_recipients(message_id, states=tuple(states), limit=limit)
    return [describe_message(message), *(describe_recipient(r) for r in recipients)]


def retry(
    store: Store, *, message_id: int | None = None, recipient_ids: Sequence[int] | None = None
) -> str:
    """Queue failed and unconfirmed deliveries again (a person's decision)."""
    n = store.retry_deliveries(recipient_ids, message_id=message_id)
    return (
        f"{n} deliveries queued again"
        if n
        else "nothing to retry (only failed or unconfirmed deliveries are)"
    )


def cancel(
    store: Store,
    *,
    by: str,
    message_id: int | None = None,
    recipient_ids: Sequence[int] | None = None,
) -> str:
    """Cancel deliveries that have not gone out."""
    n = store.cancel_deliveries(recipient_ids, message_id=message_id, by=by)
    return f"{n} deliveries cancelled" if n else "nothing to cancel (sent ones stay sent)"


def confirm(
    store: Store,
    *,
    by: str,
    message_id: int | None = None,
    recipient_ids: Sequence[int] | None = None,
) -> str:
    """Record unconfirmed deliveries as sent, on a person's word."""
    n = store.confirm_deliveries(recipient_ids, message_id=message_id, by=by)
    return (
        f"{n} {'delivery' if n == 1 else 'deliveries'} confirmed sent"
        if n
        else "nothing to confirm (only unconfirmed deliveries are)"
    )


def send_now(
    store: Store, feeds: Iterable[FeedLike], *, max_attempts: int, backoff_base: float
) -> DeliveryReport:
    """Deliver everything due now in this process (``voc-kiosk outbox send``), with the
    retry policy of the settings, as the app's own worker does; ``str`` of the report says
    what happened."""
    from kiosk.delivery.worker import DeliveryWorker

    worker = DeliveryWorker(store, feeds, max_attempts=max_attempts, backoff_base=backoff_base)
    return worker.run_pending()
