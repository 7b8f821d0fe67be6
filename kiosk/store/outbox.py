"""The outbox: messages, one row per recipient with its delivery state, and the answers given.

Every state change is one transaction, guarded by the state it leaves, so a worker and a
person acting at once cannot both win. A recipient's row is ``queued`` until the worker
claims it (``sending``); just before the point of no return (the SMTP body, the HTTP request)
the worker notes that it handed the message over; then ``sent``, ``failed`` (with the reason,
and when the worker tries again by itself, if it does) or ``unconfirmed`` (the channel cannot
tell whether it went out: a person decides). ``sent`` is final: a trigger refuses to move a
sent row anywhere else, so a message confirmed sent is never sent again.

Answers are kept by the item's key (feed, external id), like a person's kind correction, so
they survive re-syncs, withdrawals and pruning; the source's own response (``response_text``)
still counts as an answer (:meth:`OutboxStore.answers_of`). Answering an item writes it to the
change log, so the counting index and every screen learn it at once.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from kiosk.days import day_start_us
from kiosk.model import Kind, Status
from kiosk.outbox.values import (
    Announced,
    Answer,
    AnswerOrigin,
    Candidate,
    DeliveryJob,
    DeliveryState,
    ItemDelivery,
    JobItem,
    MessageKind,
    Operation,
    OutboxMessage,
    OutboxRecipient,
    Plan,
    ReplyChannel,
)
from kiosk.store.base import (
    ANSWERED_SQL,
    SHOWN_KIND_SQL,
    StoreBase,
    dt_of,
    select_in,
    us_of,
)
from kiosk.store.feedback import _CORRECTION, _FEEDBACK_COLUMNS, _row_to_feedback
from kiosk.values import Idea, Slice

__all__ = ["ANSWERED_SQL", "OutboxStore"]

_RECIPIENT_COLUMNS = (
    "r.id, r.message_id, r.customer_key, r.customer_name, r.feed_id, r.channel, r.operation,"
    " r.target, r.subject, r.body, r.state, r.attempts, r.reason, r.next_try_us,"
    " r.external_ref, r.updated_us, r.sent_us, r.confirmed_by"
)
_MESSAGE_COLUMNS = (
    "m.id, m.kind, m.sender, m.created_us, m.subject, m.body, m.term_key, m.term_label,"
    " m.what_we_do, m.when_expected, m.fider_status, m.test, m.unreachable"
)
# An idea's text as the ideas view shows it: the start is enough to know it.
_IDEA_TEXT_CHARS = 400
# A row the worker may take: queued, or failed with a time to try again (next_try_us is NULL
# for a failure the worker will not retry by itself).
_DUE = "r.state IN ('queued', 'failed') AND r.next_try_us <= ?"
_CRASHED = (
    "voc-kiosk stopped (it crashed or was killed) while handing this message to {channel};"
    " it may have gone out. Check, then confirm it or send it again"
)


def _now_us(now: datetime | None = None) -> int:
    return us_of(now or datetime.now(UTC))


def _recipient(row: Any, items: tuple[tuple[str, str], ...] = ()) -> OutboxRecipient:
    (
        rid, message_id, key, name, feed_id, channel, operation, target, subject, body, state,
        attempts, reason, next_try, ref, updated, sent, confirmed_by,
    ) = row  # fmt: skip
    return OutboxRecipient(
        id=int(rid),
        message_id=int(message_id),
        customer_key=str(key),
        customer_name=name,
        feed_id=str(feed_id),
        channel=ReplyChannel(channel),
        operation=Operation(operation),
        target=str(target),
        subject=str(subject),
        body=str(body),
        state=DeliveryState(state),
        attempts=int(attempts),
        reason=reason,
        next_try_at=None if next_try is None else dt_of(int(next_try)),
        external_ref=ref,
        updated_at=dt_of(int(updated)),
        sent_at=None if sent is None else dt_of(int(sent)),
        confirmed_by=confirmed_by,
        items=items,
    )


# A failed delivery the worker will try again by itself (it has a next try).
_RETRYING = "(state = 'failed' AND next_try_us IS NOT NULL)"


def _message(
    row: Any, counts: dict[DeliveryState, int] | None = None, retrying: int = 0
) -> OutboxMessage:
    (
        mid, kind, sender, created, subject, body, term_key, term_label, what, when, status,
        test, unreachable,
    ) = row  # fmt: skip
    return OutboxMessage(
        id=int(mid),
        kind=MessageKind(kind),
        sender=str(sender),
        created_at=dt_of(int(created)),
        subject=str(subject),
        body=str(body),
        term_key=term_key,
        term_label=term_label,
        what_we_do=str(what),
        when_expected=str(when),
        fider_status=status,
        test=bool(test),
        unreachable=json.loads(unreachable) if unreachable else {},
        counts=counts or {},
        retrying=retrying,
    )


def _changed_at(change: tuple[datetime, Status] | None, responded: int | None) -> datetime | None:
    """Return when an item's status last changed: as the kiosk saw it, else (a status it came
    with) the company's response, when there is one."""
    if change is not None:
        return change[0]
    return None if responded is None else dt_of(int(responded))


class OutboxStore(StoreBase):
    """Messages to customers, their recipients' delivery states, answers and opt-outs."""

    # composing

    def reply_candidates(self, feedback_ids: Sequence[int]) -> list[Candidate]:
        """Return items a reply would answer, each with its kind and when it was answered."""
        rows = [
            _row_to_feedback(r)
            for r in select_in(
                self._conn,
                f"SELECT {_FEEDBACK_COLUMNS} FROM feedback f JOIN customer c"
                f" ON c.id = f.customer_id{_CORRECTION} WHERE f.id IN ({{marks}})",
                list(feedback_ids),
            )
        ]
        answered = self.answered_at([r.id for r in rows])
        return [Candidate(r, frozenset({r.kind}), answered.get(r.id)) for r in rows]

    def announcement_candidates(
        self, term_key: str, since_day: int, until_day: int
    ) -> list[Candidate]:
        """Return the visible items that mention a term in [since_day, until_day], each with
        the kinds of its mentions of the term and when it was answered (if it was)."""
        kinds: dict[int, set[Kind]] = {}
        for fid, kind in self._conn.execute(
            "SELECT m.feedback_id, m.kind FROM term t JOIN mention m ON m.term_id = t.id"
            " WHERE t.key = ? AND m.day >= ? AND m.day <= ?",
            (term_key, since_day, until_day),
        ):
            kinds.setdefault(int(fid), set()).add(Kind(kind))
        rows = [
            _row_to_feedback(r)
            for r in select_in(
                self._conn,
                f"SELECT {_FEEDBACK_COLUMNS} FROM feedback f JOIN customer c"
                f" ON c.id = f.customer_id{_CORRECTION}"
                " WHERE f.withdrawn = 0 AND f.id IN ({marks})",
                list(kinds),
            )
        ]
        answered = self.answered_at([r.id for r in rows])
        return [Candidate(r, frozenset(kinds[r.id]), answered.get(r.id)) for r in rows]

    def set_do_not_contact(
        self,
        customer_key: str,
        flag: bool = True,
        *,
        reason: str | None = None,
        by: str | None = None,
    ) -> None:
        """Flag a customer (by their key, across feeds) not to be contacted, or lift it."""
        with self.transaction() as conn:
            if not flag:
                conn.execute(
                    "DELETE FROM contact_preference WHERE customer_key = ?", (customer_key,)
                )
                return
            conn.execute(
                "INSERT INTO contact_preference (customer_key, do_not_contact, reason, by, at_us)"
                " VALUES (?, 1, ?, ?, ?) ON CONFLICT (customer_key) DO UPDATE SET"
                " do_not_contact = 1, reason = excluded.reason, by = excluded.by,"
                " at_us = excluded.at_us",
                (customer_key, reason, by, _now_us()),
            )

    def do_not_contact(self, customer_keys: Iterable[str]) -> dict[str, str]:
        """Return the customers among these flagged not to be contacted, with the reason."""
        rows = select_in(
            self._conn,
            "SELECT customer_key, COALESCE(reason, '') FROM contact_preference"
            " WHERE do_not_contact = 1 AND customer_key IN ({marks})",
            list(dict.fromkeys(customer_keys)),
        )
        return {str(k): str(v) for k, v in rows}

    def queue(self, plan: Plan, *, now: datetime | None = None) -> int:
        """Keep a message and queue one delivery per recipient, in one transaction.

        Recipients whose channel is "record only" are sent at once (their items answered);
        the others wait for the delivery worker. A test answers nothing.

        Returns:
            The message's id.
        """
        at = _now_us(now)
        draft = plan.draft
        audience = None
        if plan.audience is not None:
            a = plan.audience
            audience = json.dumps(
                {
                    "kinds": sorted(k.value for k in a.kinds),
                    "since": a.since.isoformat() if a.since else None,
                    "until": a.until.isoformat() if a.until else None,
                    "channels": sorted(a.channels),
                    "segments": sorted(a.segments),
                    "unanswered_only": a.unanswered_only,
                    "already_answered": plan.already_answered,
                }
            )
        unreachable = json.dumps({r.value: n for r, n in plan.unreachable_by_reason.items()})
        with self.transaction() as conn:
            message_id = int(
                conn.execute(
                    "INSERT INTO outbox_message (kind, sender, created_us, subject, body,"
                    " term_key, term_label, what_we_do, when_expected, fider_status, audience,"
                    " unreachable, test) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id",
                    (
                        draft.kind.value,
                        draft.sender.strip(),
                        at,
                        draft.subject,
                        draft.body,
                        draft.term_key,
                        draft.term_label,
                        draft.what_we_do,
                        draft.when_expected,
                        draft.fider_status,
                        audience,
                        unreachable,
                        int(plan.test),
                    ),
                ).fetchone()[0]
            )
            recorded: list[int] = []
            for r in plan.recipients:
                record = r.channel is ReplyChannel.RECORD
                state = DeliveryState.SENT if record else DeliveryState.QUEUED
                rid = int(
                    conn.execute(
                        "INSERT INTO outbox_recipient (message_id, customer_key, customer_name,"
                        " feed_id, channel, operation, target, subject, body, state,"
                        " next_try_us, updated_us, sent_us)"
                        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id",
                        (
                            message_id,
                            r.customer_key,
                            r.customer_name,
                            r.feed_id,
                            r.channel.value,
                            r.operation.value,
                            r.target,
                            r.subject,
                            r.body,
                            state.value,
                            None if record else at,
                            at,
                            at if record else None,
                        ),
                    ).fetchone()[0]
                )
                conn.executemany(
                    "INSERT OR IGNORE INTO outbox_item (recipient_id, feed_id, external_id)"
                    " VALUES (?,?,?)",
                    [(rid, feed, ext) for _id, feed, ext in r.items],
                )
                if record:
                    recorded.append(rid)
            for rid in recorded:
                self._record_answers(conn, rid, at)
        return message_id

    # answers

    @staticmethod
    def _record_answers(conn: sqlite3.Connection, recipient_id: int, at_us: int) -> None:
        """Mark the items a delivered message answers (a test answers nothing)."""
        conn.execute(
            "INSERT OR IGNORE INTO answer (feed_id, external_id, recipient_id, at_us, by)"
            " SELECT i.feed_id, i.external_id, i.recipient_id, ?, m.sender FROM outbox_item i"
            " JOIN outbox_recipient r ON r.id = i.recipient_id"
            " JOIN outbox_message m ON m.id = r.message_id"
            " WHERE i.recipient_id = ? AND m.test = 0",
            (at_us, recipient_id),
        )
        conn.execute(
            "INSERT INTO change_log (feedback_id) SELECT f.id FROM outbox_item i"
            " JOIN feedback f ON f.feed_id = i.feed_id AND f.external_id = i.external_id"
            " WHERE i.recipient_id = ?",
            (recipient_id,),
        )

    def answers_of(self, feedback_ids: Sequence[int]) -> dict[int, list[Answer]]:
        """Return every answer of these items, oldest first: the source's own response and
        each message of ours that reached the customer. Items without one are left out."""
        found: dict[int, list[Answer]] = {}
        for fid, at, by, channel, message_id, body in select_in(
            self._conn,
            "SELECT f.id, a.at_us, a.by, r.channel, r.message_id, r.body FROM feedback f"
            " JOIN answer a ON a.feed_id = f.feed_id AND a.external_id = f.external_id"
            " JOIN outbox_recipient r ON r.id = a.recipient_id WHERE f.id IN ({marks})",
            list(feedback_ids),
        ):
            found.setdefault(int(fid), []).append(
                Answer(
                    dt_of(int(at)),
                    by,
                    AnswerOrigin.OUTBOX,
                    ReplyChannel(channel),
                    int(message_id),
                    body,
                )
            )
        for fid, text, at, by in select_in(
            self._conn,
            "SELECT id, response_text, response_us, response_by FROM feedback"
            " WHERE response_text IS NOT NULL AND response_us IS NOT NULL AND id IN ({marks})",
            list(feedback_ids),
        ):
            found.setdefault(int(fid), []).append(
                Answer(dt_of(int(at)), by, AnswerOrigin.SOURCE, text=text)
            )
        for answers in found.values():
            answers.sort(key=lambda a: a.at)
        return found

    def answered_at(self, feedback_ids: Sequence[int]) -> dict[int, datetime]:
        """Return when each answered item among these got its first answer (any origin)."""
        return {fid: answers[0].at for fid, answers in self.answers_of(feedback_ids).items()}

    # reading the outbox

    def outbox_messages(
        self, limit: int = 100, *, kind: MessageKind | None = None, include_tests: bool = True
    ) -> list[OutboxMessage]:
        """Return the newest messages with their recipients counted by state."""
        where = ["1 = 1"]
        args: list[object] = []
        if kind is not None:
            where.append("m.kind = ?")
            args.append(kind.value)
        if not include_tests:
            where.append("m.test = 0")
        rows = self._conn.execute(
            f"SELECT {_MESSAGE_COLUMNS} FROM outbox_message m WHERE {' AND '.join(where)}"
            " ORDER BY m.created_us DESC, m.id DESC LIMIT ?",
            (*args, limit),
        ).fetchall()
        counts: dict[int, dict[DeliveryState, int]] = {}
        retrying: dict[int, int] = {}
        for mid, state, again, n in select_in(
            self._conn,
            f"SELECT message_id, state, {_RETRYING}, COUNT(*) FROM outbox_recipient"
            " WHERE message_id IN ({marks}) GROUP BY 1, 2, 3",
            [r[0] for r in rows],
        ):
            found = counts.setdefault(int(mid), {})
            found[DeliveryState(state)] = found.get(DeliveryState(state), 0) + int(n)
            if again:
                retrying[int(mid)] = retrying.get(int(mid), 0) + int(n)
        return [_message(r, counts.get(int(r[0]), {}), retrying.get(int(r[0]), 0)) for r in rows]

    def outbox_message(self, message_id: int) -> OutboxMessage | None:
        """Return one message with its counts, or None."""
        row = self._conn.execute(
            f"SELECT {_MESSAGE_COLUMNS} FROM outbox_message m WHERE m.id = ?", (message_id,)
        ).fetchone()
        if row is None:
            return None
        counts: dict[DeliveryState, int] = {}
        retrying = 0
        for state, again, n in self._conn.execute(
            f"SELECT state, {_RETRYING}, COUNT(*) FROM outbox_recipient WHERE message_id = ?"
            " GROUP BY 1, 2",
            (message_id,),
        ):
            counts[DeliveryState(state)] = counts.get(DeliveryState(state), 0) + int(n)
            retrying += int(n) if again else 0
        return _message(row, counts, retrying)

    def outbox_recipients(
        self,
        message_id: int | None = None,
        *,
        states: Iterable[DeliveryState] = (),
        limit: int | None = None,
    ) -> list[OutboxRecipient]:
        """Return recipients (of one message, or all) in these states (or any), by id."""
        where = ["1 = 1"]
        args: list[object] = []
        if message_id is not None:
            where.append("r.message_id = ?")
            args.append(message_id)
        wanted = [DeliveryState(s).value for s in states]
        if wanted:
            where.append(f"r.state IN ({','.join('?' * len(wanted))})")
            args.extend(wanted)
        sql = f"SELECT {_RECIPIENT_COLUMNS} FROM outbox_recipient r WHERE {' AND '.join(where)}"
        sql += " ORDER BY r.id"
        if limit is not None:
            sql += " LIMIT ?"
            args.append(limit)
        rows = self._conn.execute(sql, args).fetchall()
        items: dict[int, list[tuple[str, str]]] = {}
        for rid, feed, ext in select_in(
            self._conn,
            "SELECT recipient_id, feed_id, external_id FROM outbox_item"
            " WHERE recipient_id IN ({marks})",
            [r[0] for r in rows],
        ):
            items.setdefault(int(rid), []).append((str(feed), str(ext)))
        return [_recipient(r, tuple(items.get(int(r[0]), ()))) for r in rows]

    # a person's decisions

    def _select(
        self, recipient_ids: Sequence[int] | None, message_id: int | None
    ) -> tuple[str, list[object]]:
        if (recipient_ids is None) == (message_id is None):
            raise ValueError("name either recipients or a message")
        if message_id is not None:
            return "message_id = ?", [message_id]
        ids = list(recipient_ids or ())
        return f"id IN ({','.join('?' * len(ids)) or 'NULL'})", list(ids)

    def retry_deliveries(
        self,
        recipient_ids: Sequence[int] | None = None,
        *,
        message_id: int | None = None,
        now: datetime | None = None,
    ) -> int:
        """Queue failed and unconfirmed deliveries again (a person's decision); return how many.

        An unconfirmed one may have gone out already: whoever retries it accepts that the
        customer may get it twice. Sent and cancelled deliveries are left as they are.
        """
        where, args = self._select(recipient_ids, message_id)
        with self.transaction() as conn:
            return int(
                conn.execute(
                    "UPDATE outbox_recipient SET state = 'queued', next_try_us = ?, attempts = 0,"
                    " handed_over_us = NULL, reason = NULL, updated_us = ?"
                    f" WHERE state IN ('failed', 'unconfirmed') AND {where}",
                    (_now_us(now), _now_us(now), *args),
                ).rowcount
            )

    def cancel_deliveries(
        self,
        recipient_ids: Sequence[int] | None = None,
        *,
        message_id: int | None = None,
        by: str | None = None,
        now: datetime | None = None,
    ) -> int:
        """Stop deliveries that have not gone out (queued, failed, unconfirmed); return how many.

        A delivery the worker holds right now (sending) is not touched: it ends as it ends.
        """
        where, args = self._select(recipient_ids, message_id)
        reason = f"cancelled by {by}" if by else "cancelled"
        with self.transaction() as conn:
            return int(
                conn.execute(
                    "UPDATE outbox_recipient SET state = 'cancelled', next_try_us = NULL,"
                    " reason = ?, updated_us = ?"
                    f" WHERE state IN ('queued', 'failed', 'unconfirmed') AND {where}",
                    (reason, _now_us(now), *args),
                ).rowcount
            )

    def confirm_deliveries(
        self,
        recipient_ids: Sequence[int] | None = None,
        *,
        message_id: int | None = None,
        by: str,
        now: datetime | None = None,
    ) -> int:
        """Record unconfirmed deliveries as sent, on a person's word; return how many.

        The items they answer become answered, as of when the message was handed over.
        """
        where, args = self._select(recipient_ids, message_id)
        with self.transaction() as conn:
            ids = [
                int(r[0])
                for r in conn.execute(
                    f"SELECT id FROM outbox_recipient WHERE state = 'unconfirmed' AND {where}",
                    args,
                )
            ]
            for rid in ids:
                conn.execute(
                    "UPDATE outbox_recipient SET state = 'sent', confirmed_by = ?,"
                    " sent_us = COALESCE(handed_over_us, updated_us), next_try_us = NULL,"
                    " updated_us = ? WHERE id = ?",
                    (by, _now_us(now), rid),
                )
                (sent_us,) = conn.execute(
                    "SELECT sent_us FROM outbox_recipient WHERE id = ?", (rid,)
                ).fetchone()
                self._record_answers(conn, rid, int(sent_us))
        return len(ids)

    # the delivery worker's steps

    def recover_deliveries(self, now: datetime | None = None) -> tuple[int, int]:
        """Settle the deliveries a stopped worker left in ``sending``; return (queued again,
        unconfirmed).

        Call only while holding the delivery lock, when no worker can be sending: then every
        ``sending`` row is a crash's leftover. One that was never handed over did not leave
        this machine (the worker notes the hand-over, in its own transaction, before the
        first byte of the message goes out), so it is queued again. One that was handed over
        may have gone out, or not: sending it again could reach the customer twice, and
        marking it sent could lose it, so it waits for a person (``unconfirmed``).
        """
        at = _now_us(now)
        with self.transaction() as conn:
            requeued = conn.execute(
                "UPDATE outbox_recipient SET state = 'queued', next_try_us = ?, updated_us = ?"
                " WHERE state = 'sending' AND handed_over_us IS NULL",
                (at, at),
            ).rowcount
            rows = conn.execute(
                "SELECT id, channel FROM outbox_recipient"
                " WHERE state = 'sending' AND handed_over_us IS NOT NULL"
            ).fetchall()
            for rid, channel in rows:
                conn.execute(
                    "UPDATE outbox_recipient SET state = 'unconfirmed', reason = ?,"
                    " next_try_us = NULL, updated_us = ? WHERE id = ?",
                    (_CRASHED.format(channel=ReplyChannel(channel).label), at, rid),
                )
        return int(requeued), len(rows)

    def next_delivery_due(self, skip_feeds: Iterable[str] = ()) -> datetime | None:
        """Return when the next delivery the worker may take is due, or None for none."""
        skip = list(skip_feeds)
        row = self._conn.execute(
            "SELECT MIN(r.next_try_us) FROM outbox_recipient r"
            " WHERE r.state IN ('queued', 'failed') AND r.next_try_us IS NOT NULL"
            f" AND r.feed_id NOT IN ({','.join('?' * len(skip))})",
            skip,
        ).fetchone()
        return None if row[0] is None else dt_of(int(row[0]))

    def waiting_deliveries(self, now: datetime | None = None) -> tuple[int, datetime | None]:
        """Return how many deliveries are still to go, and when the first of those not due
        yet is (None: all are due, or none waits)."""
        row = self._conn.execute(
            "SELECT COUNT(*), MIN(CASE WHEN next_try_us > ? THEN next_try_us END)"
            " FROM outbox_recipient WHERE state IN ('queued', 'failed')"
            " AND next_try_us IS NOT NULL",
            (us_of(now or datetime.now(UTC)),),
        ).fetchone()
        return int(row[0]), None if row[1] is None else dt_of(int(row[1]))

    def claim_delivery(
        self, now: datetime | None = None, skip_feeds: Iterable[str] = ()
    ) -> DeliveryJob | None:
        """Take the next due delivery for sending (``sending``, one more attempt), or None."""
        at = _now_us(now)
        skip = list(skip_feeds)
        with self.transaction() as conn:
            row = conn.execute(
                f"SELECT r.id FROM outbox_recipient r WHERE {_DUE}"
                f" AND r.feed_id NOT IN ({','.join('?' * len(skip))})"
                " ORDER BY r.next_try_us, r.id LIMIT 1",
                (at, *skip),
            ).fetchone()
            if row is None:
                return None
            rid = int(row[0])
            conn.execute(
                "UPDATE outbox_recipient SET state = 'sending', attempts = attempts + 1,"
                " handed_over_us = NULL, updated_us = ? WHERE id = ?",
                (at, rid),
            )
            return self._job(conn, rid)

    def _job(self, conn: sqlite3.Connection, rid: int) -> DeliveryJob:
        row = conn.execute(
            f"SELECT {_RECIPIENT_COLUMNS} FROM outbox_recipient r WHERE r.id = ?", (rid,)
        ).fetchone()
        message = _message(
            conn.execute(
                f"SELECT {_MESSAGE_COLUMNS} FROM outbox_message m WHERE m.id = ?", (row[1],)
            ).fetchone()
        )
        items = tuple(
            JobItem(
                str(feed),
                str(ext),
                url,
                None if kind is None else Kind(kind),
                None if created is None else dt_of(int(created)),
            )
            for feed, ext, url, kind, created in conn.execute(
                f"SELECT i.feed_id, i.external_id, f.url,"
                f" CASE WHEN f.id IS NULL THEN NULL ELSE {SHOWN_KIND_SQL} END, f.created_us"
                " FROM outbox_item i LEFT JOIN feedback f"
                " ON f.feed_id = i.feed_id AND f.external_id = i.external_id"
                " LEFT JOIN kind_correction k"
                " ON k.feed_id = i.feed_id AND k.external_id = i.external_id"
                " WHERE i.recipient_id = ? ORDER BY i.feed_id, i.external_id",
                (rid,),
            )
        )
        recipient = _recipient(row, tuple((i.feed_id, i.external_id) for i in items))
        return DeliveryJob(
            recipient=recipient,
            kind=message.kind,
            sender=message.sender,
            created_at=message.created_at,
            term_label=message.term_label,
            fider_status=message.fider_status,
            test=message.test,
            delivery_id=f"{self.outbox_instance()}-{rid}",
            items=items,
        )

    def outbox_instance(self) -> str:
        """Return this store's own id, which makes delivery ids unique across kiosks."""
        return self.get_meta("outbox.instance") or "voc-kiosk"

    def mark_handed_over(
        self, recipient_id: int, external_ref: str | None = None, now: datetime | None = None
    ) -> None:
        """Note that the message is about to leave this machine (and its reference, such as
        the Message-ID): from here on, a crash makes it unconfirmed, never sent again."""
        with self.transaction() as conn:
            conn.execute(
                "UPDATE outbox_recipient SET handed_over_us = ?,"
                " external_ref = COALESCE(?, external_ref) WHERE id = ? AND state = 'sending'",
                (_now_us(now), external_ref, recipient_id),
            )

    def mark_sent(
        self, recipient_id: int, external_ref: str | None = None, now: datetime | None = None
    ) -> bool:
        """Record a delivery the channel confirmed, and answer its items; return whether the
        row was in ``sending`` (a row in any other state is left as it is)."""
        at = _now_us(now)
        with self.transaction() as conn:
            changed = conn.execute(
                "UPDATE outbox_recipient SET state = 'sent', sent_us = ?, updated_us = ?,"
                " external_ref = COALESCE(?, external_ref), reason = NULL, next_try_us = NULL"
                " WHERE id = ? AND state = 'sending'",
                (at, at, external_ref, recipient_id),
            ).rowcount
            if changed:
                self._record_answers(conn, recipient_id, at)
        return bool(changed)

    def mark_failed(
        self,
        recipient_id: int,
        reason: str,
        retry_at: datetime | None = None,
        now: datetime | None = None,
    ) -> bool:
        """Record a delivery that did not go out: the reason, and when the worker tries again
        (None: it does not, a person decides). Return whether the row was in ``sending``."""
        with self.transaction() as conn:
            return bool(
                conn.execute(
                    "UPDATE outbox_recipient SET state = 'failed', reason = ?, next_try_us = ?,"
                    " handed_over_us = NULL, updated_us = ? WHERE id = ? AND state = 'sending'",
                    (
                        reason,
                        None if retry_at is None else us_of(retry_at),
                        _now_us(now),
                        recipient_id,
                    ),
                ).rowcount
            )

    def mark_unconfirmed(self, recipient_id: int, reason: str, now: datetime | None = None) -> bool:
        """Record a delivery the channel was handed but could not confirm: it waits for a
        person. Return whether the row was in ``sending``."""
        with self.transaction() as conn:
            return bool(
                conn.execute(
                    "UPDATE outbox_recipient SET state = 'unconfirmed', reason = ?,"
                    " next_try_us = NULL, updated_us = ? WHERE id = ? AND state = 'sending'",
                    (reason, _now_us(now), recipient_id),
                ).rowcount
            )

    def fail_channel(
        self, feed_id: str, channel: ReplyChannel, reason: str, now: datetime | None = None
    ) -> int:
        """Fail every waiting delivery of a feed's channel for a reason that concerns them all
        (a rejected login, a missing secret), so the worker does not try each one; return
        how many. A person retries them once the cause is fixed."""
        with self.transaction() as conn:
            return int(
                conn.execute(
                    "UPDATE outbox_recipient SET state = 'failed', reason = ?, next_try_us = NULL,"
                    " updated_us = ? WHERE feed_id = ? AND channel = ?"
                    " AND state IN ('queued', 'failed') AND next_try_us IS NOT NULL",
                    (reason, _now_us(now), feed_id, channel.value),
                ).rowcount
            )

    # what the screens show

    def delivery_states(self, feedback_ids: Sequence[int]) -> dict[int, ItemDelivery]:
        """Return where the newest message answering each of these items is (tests left out).

        A cancelled message never hides an earlier one that went out or is still on its way.
        Items no message answers are left out.
        """
        found: dict[int, ItemDelivery] = {}
        for fid, rid, mid, kind, sender, channel, state, reason, updated, sent in select_in(
            self._conn,
            "SELECT f.id, r.id, r.message_id, m.kind, m.sender, r.channel, r.state, r.reason,"
            " r.updated_us, r.sent_us FROM feedback f JOIN outbox_item i"
            " ON i.feed_id = f.feed_id AND i.external_id = f.external_id"
            " JOIN outbox_recipient r ON r.id = i.recipient_id"
            " JOIN outbox_message m ON m.id = r.message_id"
            " WHERE m.test = 0 AND f.id IN ({marks}) ORDER BY r.id",
            list(feedback_ids),
        ):
            delivery = ItemDelivery(
                state=DeliveryState(state),
                channel=ReplyChannel(channel),
                kind=MessageKind(kind),
                sender=str(sender),
                message_id=int(mid),
                recipient_id=int(rid),
                updated_at=dt_of(int(updated)),
                sent_at=None if sent is None else dt_of(int(sent)),
                reason=reason,
            )
            earlier = found.get(int(fid))
            if (
                earlier is None
                or delivery.state is not DeliveryState.CANCELLED
                or earlier.state is DeliveryState.CANCELLED
            ):
                found[int(fid)] = delivery
        return found

    def recent_announcements(
        self, limit: int = 5, since: datetime | None = None
    ) -> list[Announced]:
        """Return the newest announcements that reached at least one customer, newest first:
        the word, what is being done and when, and how many customers it reached."""
        rows = self._conn.execute(
            "SELECT m.id, COALESCE(m.term_label, m.term_key, ''), m.what_we_do, m.when_expected,"
            " m.created_us, SUM(r.state = 'sent'), COUNT(r.id) FROM outbox_message m"
            " JOIN outbox_recipient r ON r.message_id = m.id"
            " WHERE m.kind = 'announcement' AND m.test = 0 AND m.created_us >= ?"
            " GROUP BY m.id HAVING SUM(r.state = 'sent') > 0"
            " ORDER BY m.created_us DESC, m.id DESC LIMIT ?",
            (0 if since is None else us_of(since), limit),
        ).fetchall()
        return [
            Announced(int(mid), str(term), str(what), str(when), dt_of(int(at)), int(n), int(all_))
            for mid, term, what, when, at, n, all_ in rows
        ]

    def ideas(self, until_day: int, part: Slice | None = None, limit: int = 200) -> list[Idea]:
        """Return the ideas written up to ``until_day``, most votes first, with their last
        status change.

        An idea is an item whose kind, as every screen shows it (a person's correction, else
        the source's, else the analysis's), is idea. Votes make nothing an idea: a Fider post
        tagged bug or praise with many votes is a complaint or a compliment customers back.

        Args:
            part: a slice of the feedback (its kinds do not apply: these are ideas).
        """
        where = ["f.withdrawn = 0", "f.created_us < ?", f"{SHOWN_KIND_SQL} = 'idea'"]
        args: list[object] = [day_start_us(until_day + 1)]
        part = part or Slice()
        for column, values in (
            ("f.feed_id", part.feeds),
            ("COALESCE(f.channel, '')", part.channels),
            ("COALESCE(c.segment, '')", part.segments),
            ("COALESCE(f.language, '')", part.languages),
        ):
            if values:
                where.append(f"{column} IN ({','.join('?' * len(values))})")
                args.extend(sorted(values))
        if part.answered is not None:
            where.append(ANSWERED_SQL if part.answered else f"NOT {ANSWERED_SQL}")
        select = (
            f"SELECT f.id, f.feed_id, f.external_id, SUBSTR(f.text, 1, {_IDEA_TEXT_CHARS}),"
            f" f.votes, f.status, f.created_us, f.url, f.response_us, {ANSWERED_SQL}"
            " FROM feedback f JOIN customer c ON c.id = f.customer_id"
            " LEFT JOIN kind_correction k"
            " ON k.feed_id = f.feed_id AND k.external_id = f.external_id"
            f" WHERE {' AND '.join(where)}"
        )
        # Most votes first, then the unvoted ideas newest first (votes are never negative):
        # two walks, each of an index in its order that stops at LIMIT, the voted items'
        # (feedback_voted) and every item's by date (feedback_window).
        with self.reading() as conn:
            rows = conn.execute(
                f"{select} AND f.votes > 0 ORDER BY f.votes DESC, f.created_us DESC, f.id DESC"
                " LIMIT ?",
                (*args, limit),
            ).fetchall()
            if limit < 0 or len(rows) < limit:  # a negative limit is none, as in SQL
                rows += conn.execute(
                    f"{select} AND f.votes = 0 ORDER BY f.created_us DESC, f.id DESC LIMIT ?",
                    (*args, -1 if limit < 0 else limit - len(rows)),
                ).fetchall()
            changes = self._last_status_changes([(str(r[1]), str(r[2])) for r in rows])
        ideas = []
        for fid, feed, ext, text, votes, status, created, url, responded, answered in rows:
            change = changes.get((str(feed), str(ext)))
            ideas.append(
                Idea(
                    feedback_id=int(fid),
                    feed_id=str(feed),
                    external_id=str(ext),
                    text=str(text),
                    votes=int(votes),
                    status=Status(status),
                    created_at=dt_of(int(created)),
                    url=url,
                    previous_status=None if change is None else change[1],
                    status_changed_at=_changed_at(change, responded),
                    answered=bool(answered),
                )
            )
        return ideas

    def _last_status_changes(
        self, keys: Sequence[tuple[str, str]]
    ) -> dict[tuple[str, str], tuple[datetime, Status]]:
        """Return when each item's status last changed, and what it was before."""
        by_feed: dict[str, list[str]] = {}
        for feed, ext in keys:
            by_feed.setdefault(feed, []).append(ext)
        found: dict[tuple[str, str], tuple[datetime, Status]] = {}
        for feed, exts in by_feed.items():
            for ext, at, old in select_in(
                self._conn,
                "SELECT external_id, at_us, old_status FROM status_change"
                " WHERE feed_id = ? AND external_id IN ({marks}) ORDER BY at_us, rowid",
                exts,
                before=(feed,),
            ):
                found[(feed, str(ext))] = (dt_of(int(at)), Status(old))
        return found
