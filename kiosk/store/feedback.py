"""Feedback items: upserts by key with their sync cursor, withdrawals, pruning and reads."""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
from collections.abc import Callable, Container, Iterable, Iterator, Sequence
from datetime import UTC, datetime
from typing import Any, cast

from kiosk.days import day_of_us, day_start_us
from kiosk.model import (
    Customer,
    Feedback,
    Kind,
    KindSource,
    Rating,
    RatingScale,
    Response,
    Status,
)
from kiosk.store.base import dt_of, select_in, us_of
from kiosk.store.mentions import MentionStore
from kiosk.values import Correction, CustomerStats, FeedbackRow, UpsertResult, Withdrawal

__all__ = ["FeedbackStore"]

log = logging.getLogger("kiosk.store")

# What one item can raise when it is bound into a statement: an integer SQLite cannot hold, a
# string that is not UTF-8 (a lone surrogate). Model validation refuses both; this is the net
# under it.
_ITEM_ERRORS = (OverflowError, UnicodeEncodeError, sqlite3.InterfaceError, sqlite3.DataError)


# The largest row id SQLite gives (2**63 - 1); past it, new rows get random free ids.
_LARGEST_ID = 2**63 - 1

_FEEDBACK_COLUMNS = (
    "f.id, f.feed_id, f.external_id, f.text, f.kind, f.kind_source, f.kind_confidence,"
    " f.created_us, f.updated_us, f.channel, f.votes, f.status, f.response_text,"
    " f.response_us, f.response_by, f.url, f.language, f.withdrawn,"
    " c.key, c.name, c.email, c.segment, c.value,"
    " f.rating, f.rating_scale, f.inferred_kind, f.inferred_confidence, k.kind, k.by, k.at_us"
)
# Every read of items joins their customer and any correction of their kind.
_CORRECTION = (
    " LEFT JOIN kind_correction k ON k.feed_id = f.feed_id AND k.external_id = f.external_id"
)


# What json.dumps(parts, ensure_ascii=False) uses, made once: dumps builds a new encoder on every
# call that is given an option, and every item of a big file is hashed.
_DIGEST_JSON = json.JSONEncoder(ensure_ascii=False)


def _row(fb: Feedback, customer_id: int) -> tuple[object, ...]:
    """Return the item's column values for ``INSERT INTO feedback``, its digest last.

    The digest is a hash of everything a source can change, to tell changed items from
    unchanged ones; its parts and their order are what every stored digest was made from.
    """
    resp = fb.response
    customer = fb.customer
    rating = fb.rating
    kind = fb.kind.value
    kind_source = fb.kind_source.value
    status = fb.status.value
    created_us = us_of(fb.created_at)
    updated_us = us_of(fb.updated_at) if fb.updated_at else None
    resp_us = us_of(resp.at) if resp else None
    parts: tuple[object, ...] = (
        fb.text,
        kind,
        kind_source,
        round(fb.kind_confidence, 6),
        created_us,
        updated_us,
        fb.channel,
        fb.votes,
        status,
        (resp.text, resp_us, resp.by) if resp else None,
        fb.url,
        fb.language,
        customer.id,
        customer.name,
        customer.email,
        customer.segment,
        customer.value,
    )
    if rating is not None:
        # Only when there is one, so the digests of items stored before ratings existed stand.
        parts = (*parts, rating.value, rating.scale.value)
    digest = hashlib.blake2b(_DIGEST_JSON.encode(parts).encode(), digest_size=16).digest()
    return (
        fb.feed_id,
        fb.external_id,
        customer_id,
        fb.text,
        kind,
        kind_source,
        fb.kind_confidence,
        created_us,
        created_us if updated_us is None else updated_us,
        fb.channel,
        fb.votes,
        status,
        resp.text if resp else None,
        resp_us,
        resp.by if resp else None,
        fb.url,
        fb.language,
        rating.value if rating else None,
        rating.scale.value if rating else None,
        digest,
    )


def _row_to_feedback(row: Any) -> FeedbackRow:
    (
        rid, feed_id, external_id, text, kind, kind_source, conf, created_us, updated_us,
        channel, votes, status, resp_text, resp_us, resp_by, url, language, withdrawn,
        ckey, cname, cemail, csegment, cvalue,
        rating, rating_scale, inferred, inferred_conf, corrected, corrected_by, corrected_us,
    ) = row  # fmt: skip
    response = None
    if resp_text is not None and resp_us is not None:
        response = Response(str(resp_text), dt_of(int(resp_us)), resp_by)
    correction = None
    if corrected is not None:
        correction = Correction(Kind(corrected), corrected_by, dt_of(int(corrected_us)))
    fb = Feedback(
        feed_id=str(feed_id),
        external_id=str(external_id),
        text=str(text),
        created_at=dt_of(int(created_us)),
        updated_at=dt_of(int(updated_us)),
        customer=Customer(str(ckey), cname, cemail, csegment, cvalue),
        kind=Kind(kind),
        kind_source=KindSource(kind_source),
        kind_confidence=float(conf),
        channel=channel,
        votes=int(votes),
        status=Status(status),
        response=response,
        url=url,
        language=language,
        rating=None if rating is None else Rating(float(rating), RatingScale(rating_scale)),
    )
    return FeedbackRow(
        int(rid),
        fb,
        bool(withdrawn),
        Kind(inferred) if inferred else Kind.UNCLASSIFIED,
        float(inferred_conf or 0.0),
        correction,
    )


def _drop_lone_customers(conn: sqlite3.Connection) -> None:
    """Remove the customers no stored item belongs to any more."""
    conn.execute(
        "DELETE FROM customer WHERE NOT EXISTS"
        " (SELECT 1 FROM feedback f WHERE f.customer_id = customer.id)"
    )


# The meta key under which a feed's held-back loss is kept: its item ids.
_HELD = "withdrawal held:{feed}"


class FeedbackStore(MentionStore):
    """Feedback items and their customers, keyed by (feed_id, external_id)."""

    def upsert(
        self,
        items: Iterable[Feedback],
        *,
        cursor: tuple[str, str | None] | None = None,
        after: Callable[[UpsertResult], object] | None = None,
    ) -> UpsertResult:
        """Insert new items and update changed ones, keyed by (feed_id, external_id).

        Args:
            items: the batch; a key repeated in the batch keeps its last version.
            cursor: (feed_id, cursor) to save in the same transaction as the batch.
            after: called inside the transaction with the result, so that derived data (the
                analysis of new and changed items, written with ``replace_mentions``) commits
                together with the items.

        Returns:
            The ids of new and changed rows, and the number unchanged.
        """
        batch: dict[tuple[str, str], Feedback] = {}
        for fb in items:
            batch[fb.key] = fb
        with self.transaction() as conn:
            conn.execute("SAVEPOINT batch")
            try:
                result = self._upsert(conn, list(batch.values()))
            except _ITEM_ERRORS:
                # One item the database cannot hold must not cost the others (nor jam the feed
                # on every later pass): write them one at a time and set that one aside.
                conn.execute("ROLLBACK TO batch")
                result = self._upsert_each(conn, list(batch.values()))
            conn.execute("RELEASE batch")
            if cursor is not None:
                self._save_cursor(conn, *cursor)
            if after is not None:
                after(result)
        return result

    def _upsert(self, conn: sqlite3.Connection, items: list[Feedback]) -> UpsertResult:
        if not items:
            return UpsertResult()
        customer_ids = self._upsert_customers(conn, [fb.customer for fb in items])
        existing: dict[tuple[str, str], tuple[int, bytes, int]] = {}
        by_feed: dict[str, list[str]] = {}
        for fb in items:
            by_feed.setdefault(fb.feed_id, []).append(fb.external_id)
        for feed_id, ext_ids in by_feed.items():
            for rid, ext, digest, withdrawn in select_in(
                conn,
                "SELECT id, external_id, digest, withdrawn FROM feedback"
                " WHERE feed_id = ? AND external_id IN ({marks})",
                ext_ids,
                before=(feed_id,),
            ):
                existing[(feed_id, ext)] = (rid, digest, withdrawn)
        inserts: list[tuple[object, ...]] = []
        updates: list[tuple[object, ...]] = []
        changed_ids: list[int] = []
        unchanged = 0
        for fb in items:
            values = _row(fb, customer_ids[fb.customer.id])
            old = existing.get(fb.key)
            if old is None:
                inserts.append(values)
            elif old[1] != values[-1] or old[2]:
                updates.append((*values[2:], old[0]))
                changed_ids.append(old[0])
            else:
                unchanged += 1
        new_ids: list[int] = []
        if inserts:
            (before,) = conn.execute("SELECT COALESCE(MAX(id), 0) FROM feedback").fetchone()
            conn.executemany(
                "INSERT INTO feedback (feed_id, external_id, customer_id, text, kind,"
                " kind_source, kind_confidence, created_us, updated_us, channel, votes, status,"
                " response_text, response_us, response_by, url, language, rating, rating_scale,"
                " digest) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                inserts,
            )
            # One statement for the batch, then its ids: a RETURNING per row costs a round
            # trip through the interpreter for every item of a big file. SQLite gives each new
            # row the largest id so far plus one, so the batch's ids are the run after
            # ``before``; only at the very top of the id range does it pick others, and then
            # they are looked up by key.
            (last,) = conn.execute("SELECT MAX(id) FROM feedback").fetchone()
            if last - before == len(inserts) and last < _LARGEST_ID:
                new_ids = list(range(before + 1, last + 1))
                # The full-text index and the change log take the batch in one statement each
                # (schema version 7): row by row, as a trigger would, they cost more than
                # storing the items.
                conn.execute(
                    "INSERT INTO feedback_fts (rowid, text)"
                    " SELECT id, text FROM feedback WHERE id > ? AND id <= ?",
                    (before, last),
                )
                conn.execute(
                    "INSERT INTO change_log (feedback_id)"
                    " SELECT id FROM feedback WHERE id > ? AND id <= ?",
                    (before, last),
                )
            else:
                new_ids = self._ids_of(conn, [(str(v[0]), str(v[1])) for v in inserts])
                select_in(
                    conn,
                    "INSERT INTO feedback_fts (rowid, text)"
                    " SELECT id, text FROM feedback WHERE id IN ({marks})",
                    new_ids,
                )
                self._log_changes(conn, new_ids)
        if updates:
            conn.executemany(
                "UPDATE feedback SET customer_id=?, text=?, kind=?, kind_source=?,"
                " kind_confidence=?, created_us=?, updated_us=?, channel=?, votes=?, status=?,"
                " response_text=?, response_us=?, response_by=?, url=?, language=?, rating=?,"
                " rating_scale=?, digest=?, withdrawn=0 WHERE id=?",
                updates,
            )
        self._log_changes(conn, changed_ids)
        return UpsertResult(tuple(new_ids), tuple(changed_ids), unchanged)

    @staticmethod
    def _ids_of(conn: sqlite3.Connection, keys: list[tuple[str, str]]) -> list[int]:
        """Return the row ids of (feed_id, external_id) keys, in the keys' order."""
        found: dict[tuple[str, str], int] = {}
        by_feed: dict[str, list[str]] = {}
        for feed_id, ext in keys:
            by_feed.setdefault(feed_id, []).append(ext)
        for feed_id, ext_ids in by_feed.items():
            for rid, ext in select_in(
                conn,
                "SELECT id, external_id FROM feedback"
                " WHERE feed_id = ? AND external_id IN ({marks})",
                ext_ids,
                before=(feed_id,),
            ):
                found[(feed_id, ext)] = rid
        return [found[key] for key in keys]

    def _upsert_each(self, conn: sqlite3.Connection, items: list[Feedback]) -> UpsertResult:
        new: list[int] = []
        changed: list[int] = []
        unchanged = 0
        rejected: list[tuple[str, str, str]] = []
        for fb in items:
            conn.execute("SAVEPOINT item")
            try:
                one = self._upsert(conn, [fb])
            except _ITEM_ERRORS as exc:
                conn.execute("ROLLBACK TO item")
                reason = f"the store cannot hold it ({type(exc).__name__}: {str(exc)[:120]})"
                rejected.append((fb.feed_id, fb.external_id, reason))
                log.warning("%s/%s not stored: %s", fb.feed_id, fb.external_id, reason)
            else:
                new.extend(one.new_ids)
                changed.extend(one.changed_ids)
                unchanged += one.unchanged
            conn.execute("RELEASE item")
        return UpsertResult(tuple(new), tuple(changed), unchanged, tuple(rejected))

    @staticmethod
    def _upsert_customers(conn: sqlite3.Connection, customers: list[Customer]) -> dict[str, int]:
        # Every distinct record in batch order: COALESCE keeps what we knew when a later
        # record leaves a field out, within the batch as across batches.
        unique = list(dict.fromkeys(customers))
        conn.executemany(
            "INSERT INTO customer (key, name, email, segment, value) VALUES (?,?,?,?,?)"
            " ON CONFLICT (key) DO UPDATE SET name = COALESCE(excluded.name, name),"
            " email = COALESCE(excluded.email, email),"
            " segment = COALESCE(excluded.segment, segment),"
            " value = COALESCE(excluded.value, value)",
            [(c.id, c.name, c.email, c.segment, c.value) for c in unique],
        )
        keys = list(dict.fromkeys(c.id for c in unique))
        rows = select_in(conn, "SELECT key, id FROM customer WHERE key IN ({marks})", keys)
        return dict(rows)

    def mark_withdrawn(
        self,
        feed_id: str,
        present_external_ids: Iterable[str] | Container[str],
        *,
        stored_by: int | None = None,
    ) -> list[int]:
        """Hide the feed's items that a complete snapshot no longer has; return their ids.

        Only call this after a complete, successful read of the snapshot: a partial read would
        hide items that are still there.

        Args:
            feed_id: the feed.
            present_external_ids: the ids the snapshot has; any container answering ``in``
                (a compact set of hashes for a big file), or an iterable of ids.
            stored_by: :meth:`last_id` when the read began: the items stored since came from
                the snapshot itself, so only those up to it are looked up (a first read of a
                big file has none to look up).
        """
        present: Container[str]
        if isinstance(present_external_ids, Container) and not isinstance(
            present_external_ids, list | tuple
        ):
            present = present_external_ids
        else:
            present = set(cast(Iterable[str], present_external_ids))
        with self.transaction() as conn:
            return self._mark_withdrawn(conn, feed_id, present, stored_by)

    def withdraw_vanished(
        self,
        feed_id: str,
        present_external_ids: Container[str],
        *,
        stored_by: int | None = None,
    ) -> Withdrawal:
        """Like :meth:`mark_withdrawn`, but a complete read that lost more than half of the
        feed's items withdraws them only when the next complete read loses them too.

        A half-written export (a CSV file caught while it is copied, an API answering ``[]``
        during an outage) reads as complete and would empty the wall; a real clear-out looks
        the same twice running (or worse: a source that keeps shrinking loses all it lost
        before, and more). Until then the items stay, and ``held`` says how many.
        """
        key = _HELD.format(feed=feed_id)
        # One transaction: the meta calls join it.
        with self.transaction() as conn:
            gone, stored = self._vanished(conn, feed_id, present_external_ids, stored_by)
            if 2 * len(gone) > stored:
                saved = self.get_meta(key)
                held = {int(i) for i in saved.split()} if saved is not None else None
                if held is None or not held <= set(gone):
                    self.set_meta(key, " ".join(map(str, sorted(gone))))
                    return Withdrawal([], held=len(gone), stored=stored)
            self.delete_meta(key)
            self._withdraw(conn, gone)
            return Withdrawal(gone, held=0, stored=stored)

    def forget_held_withdrawal(self, feed_id: str) -> None:
        """Forget a loss held back (see :meth:`withdraw_vanished`): the source said it has
        not changed since the read before it, so the loss was not confirmed."""
        self.delete_meta(_HELD.format(feed=feed_id))

    def _mark_withdrawn(
        self,
        conn: sqlite3.Connection,
        feed_id: str,
        present: Container[str],
        stored_by: int | None = None,
    ) -> list[int]:
        gone, _stored = self._vanished(conn, feed_id, present, stored_by)
        self._withdraw(conn, gone)
        return gone

    @staticmethod
    def _vanished(
        conn: sqlite3.Connection,
        feed_id: str,
        present: Container[str],
        stored_by: int | None = None,
    ) -> tuple[list[int], int]:
        """Return the ids of the feed's live items a read no longer has, and how many live
        items it had before the read."""
        if stored_by is None or stored_by >= _LARGEST_ID:
            # At the top of the id range SQLite picks new ids at random: look at every item.
            rows = conn.execute(
                "SELECT id, external_id FROM feedback WHERE feed_id = ? AND withdrawn = 0",
                (feed_id,),
            )
        else:
            # The feed's own index (``+id``: not the ids of every feed up to ``stored_by``),
            # whose entries hold the id, so only the rows before the read are fetched.
            rows = conn.execute(
                "SELECT id, external_id FROM feedback"
                " WHERE feed_id = ? AND +id <= ? AND withdrawn = 0",
                (feed_id, stored_by),
            )
        gone = []
        stored = 0
        for rid, ext in rows:
            stored += 1
            if ext not in present:
                gone.append(rid)
        return gone, stored

    def _withdraw(self, conn: sqlite3.Connection, gone: list[int]) -> None:
        if gone:
            conn.executemany("UPDATE feedback SET withdrawn = 1 WHERE id = ?", [(i,) for i in gone])
            self._replace_mentions(conn, {i: [] for i in gone})

    def last_id(self) -> int:
        """Return the largest item id so far (0 for none): items stored later have larger
        ids, as long as it is below 2**63 - 1."""
        return int(self._conn.execute("SELECT COALESCE(MAX(id), 0) FROM feedback").fetchone()[0])

    def prune(self, before: datetime) -> int:
        """Remove feedback created before ``before`` with its mentions, and the customers
        left with nothing; return how many items went.

        The kiosk keeps a rolling window; the source of truth keeps everything, and an item
        that comes back in a later sync is simply stored again.
        """
        # Whole days only: a day is either in the window or gone, never half counted.
        cutoff = day_start_us(day_of_us(us_of(before)))
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO change_log (feedback_id) SELECT id FROM feedback WHERE created_us < ?",
                (cutoff,),
            )
            gone = conn.execute(
                "DELETE FROM feedback WHERE created_us < ?", (cutoff,)
            ).rowcount  # mentions go with them (ON DELETE CASCADE)
            if gone:
                _drop_lone_customers(conn)
        if gone:
            log.info("pruned %d items created before %s", gone, before.date())
        return int(gone)

    def remove_feed(self, feed_id: str) -> int:
        """Remove a feed the admin took out of the settings: its items, their mentions, the
        customers left with nothing and its sync state; return how many items went.

        Corrections, answers and the outbox's history stay: they are the company's record, and
        they apply again if the feed comes back under its name.
        """
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO change_log (feedback_id) SELECT id FROM feedback WHERE feed_id = ?",
                (feed_id,),
            )
            gone = conn.execute("DELETE FROM feedback WHERE feed_id = ?", (feed_id,)).rowcount
            if gone:
                _drop_lone_customers(conn)
            conn.execute("DELETE FROM sync_cursor WHERE feed_id = ?", (feed_id,))
            self.delete_meta(_HELD.format(feed=feed_id))
        if gone:
            log.info("removed feed %r: %d items", feed_id, gone)
        return int(gone)

    def rename_feed(self, old: str, new: str) -> int:
        """Carry a feed's items and everything kept about them (corrections, answers, the
        outbox's history, its sync state) over to its new name; return how many items moved.

        Items left under the new name by an earlier feed of that name go first: the name now
        belongs to this feed.
        """
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO change_log (feedback_id)"
                " SELECT id FROM feedback WHERE feed_id IN (?, ?)",
                (new, old),
            )
            conn.execute("DELETE FROM feedback WHERE feed_id = ?", (new,))
            moved = conn.execute(
                "UPDATE feedback SET feed_id = ? WHERE feed_id = ?", (new, old)
            ).rowcount
            for table in ("kind_correction", "answer", "outbox_item", "sync_cursor"):
                conn.execute(f"DELETE FROM {table} WHERE feed_id = ?", (new,))
                conn.execute(f"UPDATE {table} SET feed_id = ? WHERE feed_id = ?", (new, old))
            for table in ("outbox_recipient", "status_change"):
                conn.execute(f"UPDATE {table} SET feed_id = ? WHERE feed_id = ?", (new, old))
            held = self.get_meta(_HELD.format(feed=old))
            self.delete_meta(_HELD.format(feed=old))
            if held is not None:
                self.set_meta(_HELD.format(feed=new), held)
        log.info("renamed feed %r to %r: %d items", old, new, moved)
        return int(moved)

    @staticmethod
    def _save_cursor(conn: sqlite3.Connection, feed_id: str, cursor: str | None) -> None:
        conn.execute(
            "INSERT INTO sync_cursor (feed_id, cursor, updated_us) VALUES (?,?,?)"
            " ON CONFLICT (feed_id) DO UPDATE SET cursor = excluded.cursor,"
            " updated_us = excluded.updated_us",
            (feed_id, cursor, us_of(datetime.now(UTC))),
        )

    def save_cursor(self, feed_id: str, cursor: str | None) -> None:
        """Remember where a feed's next incremental fetch starts."""
        with self.transaction() as conn:
            self._save_cursor(conn, feed_id, cursor)

    def cursor(self, feed_id: str) -> str | None:
        """Return the feed's saved cursor, or None before its first successful sync."""
        row = self._conn.execute(
            "SELECT cursor FROM sync_cursor WHERE feed_id = ?", (feed_id,)
        ).fetchone()
        return None if row is None else row[0]

    def last_synced(self, feed_id: str | None = None) -> datetime | None:
        """When a feed's cursor (or any feed's, with None) was last saved."""
        if feed_id is None:
            row = self._conn.execute("SELECT MAX(updated_us) FROM sync_cursor").fetchone()
        else:
            row = self._conn.execute(
                "SELECT updated_us FROM sync_cursor WHERE feed_id = ?", (feed_id,)
            ).fetchone()
        return None if row is None or row[0] is None else dt_of(int(row[0]))

    def count_feed(self, feed_id: str) -> int:
        """Number of a feed's visible items."""
        row = self._conn.execute(
            "SELECT COUNT(*) FROM feedback WHERE feed_id = ? AND withdrawn = 0", (feed_id,)
        ).fetchone()
        return int(row[0])

    def count(self, *, include_withdrawn: bool = False) -> int:
        """Number of stored items."""
        where = "" if include_withdrawn else " WHERE withdrawn = 0"
        return int(self._conn.execute(f"SELECT COUNT(*) FROM feedback{where}").fetchone()[0])

    def feeds(self) -> list[str]:
        """The feed ids that have items in the store."""
        return [r[0] for r in self._conn.execute("SELECT DISTINCT feed_id FROM feedback")]

    def latest_created(self) -> datetime | None:
        """When the newest visible item was written by its customer."""
        row = self._conn.execute(
            "SELECT MAX(created_us) FROM feedback WHERE withdrawn = 0"
        ).fetchone()
        return None if row[0] is None else dt_of(int(row[0]))

    def get(self, feed_id: str, external_id: str) -> FeedbackRow | None:
        """Return one item by its key, withdrawn or not."""
        row = self._conn.execute(
            f"SELECT {_FEEDBACK_COLUMNS} FROM feedback f JOIN customer c ON c.id = f.customer_id"
            f"{_CORRECTION} WHERE f.feed_id = ? AND f.external_id = ?",
            (feed_id, external_id),
        ).fetchone()
        return None if row is None else _row_to_feedback(row)

    def feedback_by_ids(self, ids: Sequence[int]) -> list[FeedbackRow]:
        """Return the items with these row ids, in the order asked for (missing ids skipped)."""
        found: dict[int, FeedbackRow] = {}
        for row in select_in(
            self._conn,
            f"SELECT {_FEEDBACK_COLUMNS} FROM feedback f JOIN customer c ON c.id = f.customer_id"
            + _CORRECTION
            + " WHERE f.id IN ({marks})",
            list(ids),
        ):
            fr = _row_to_feedback(row)
            found[fr.id] = fr
        return [found[i] for i in ids if i in found]

    def feedback_between(
        self, since: datetime | None = None, until: datetime | None = None
    ) -> Iterator[FeedbackRow]:
        """Yield visible items created in [since, until), oldest first."""
        lo = us_of(since) if since else -(2**62)
        hi = us_of(until) if until else 2**62
        cur = self._conn.execute(
            f"SELECT {_FEEDBACK_COLUMNS} FROM feedback f JOIN customer c ON c.id = f.customer_id"
            f"{_CORRECTION} WHERE f.withdrawn = 0 AND f.created_us >= ? AND f.created_us < ?"
            " ORDER BY f.created_us",
            (lo, hi),
        )
        for row in cur:
            yield _row_to_feedback(row)

    def customer_history(self, customer_id: str, limit: int = 1000) -> list[FeedbackRow]:
        """Return everything one customer told us, in every feed, newest first (items their
        source withdrew are left out, as everywhere else)."""
        rows = self._conn.execute(
            f"SELECT {_FEEDBACK_COLUMNS} FROM customer c JOIN feedback f ON f.customer_id = c.id"
            f"{_CORRECTION} WHERE c.key = ? AND f.withdrawn = 0 ORDER BY f.created_us DESC LIMIT ?",
            (customer_id, limit),
        ).fetchall()
        return [_row_to_feedback(r) for r in rows]

    def counts_by_kind(self, since: datetime, until: datetime | None = None) -> CustomerStats:
        """Count visible items by their item kind, created in [since, until)."""
        hi = us_of(until) if until else 2**62
        counts = dict(
            self._conn.execute(
                "SELECT kind, COUNT(*) FROM feedback WHERE withdrawn = 0"
                " AND created_us >= ? AND created_us < ? GROUP BY kind",
                (us_of(since), hi),
            ).fetchall()
        )
        return CustomerStats(
            compliments=counts.get(Kind.COMPLIMENT.value, 0),
            ideas=counts.get(Kind.IDEA.value, 0),
            complaints=counts.get(Kind.COMPLAINT.value, 0),
            unclassified=counts.get(Kind.UNCLASSIFIED.value, 0),
        )

    def search(self, query: str, limit: int = 100) -> list[FeedbackRow]:
        """Full-text search over feedback text, best matches first.

        The query is taken as plain words (each quoted), so customer-typed text with FTS
        operators or quotes cannot make the query fail.
        """
        match = _match_words(query)
        if not match:
            return []
        rows = self._conn.execute(
            f"SELECT {_FEEDBACK_COLUMNS} FROM feedback_fts"
            " JOIN feedback f ON f.id = feedback_fts.rowid"
            f" JOIN customer c ON c.id = f.customer_id{_CORRECTION}"
            " WHERE feedback_fts MATCH ? AND f.withdrawn = 0 ORDER BY rank LIMIT ?",
            (match, limit),
        ).fetchall()
        return [_row_to_feedback(r) for r in rows]

    def search_ids(self, query: str) -> list[int]:
        """Return the ids of every visible item whose text has all the words of ``query``
        (as ``search`` reads them), in id order: what re-analysis needs, without the items."""
        match = _match_words(query)
        if not match:
            return []
        rows = self._conn.execute(
            "SELECT f.id FROM feedback_fts JOIN feedback f ON f.id = feedback_fts.rowid"
            " WHERE feedback_fts MATCH ? AND f.withdrawn = 0 ORDER BY f.id",
            (match,),
        ).fetchall()
        return [int(r[0]) for r in rows]

    def visible_ids(self, feed_id: str | None = None) -> list[int]:
        """Return the ids of every visible item (of one feed, where given) in the order the
        items were first stored (what analysing a whole store again goes through, as its
        syncs brought them)."""
        rows = self._conn.execute(
            "SELECT id FROM feedback WHERE withdrawn = 0 AND (? IS NULL OR feed_id = ?)"
            " ORDER BY id",
            (feed_id, feed_id),
        ).fetchall()
        return [int(r[0]) for r in rows]

    def unanalysed_ids(self, limit: int = 10_000) -> list[int]:
        """Return ids of visible items that have no mentions yet (for a catch-up pass)."""
        rows = self._conn.execute(
            "SELECT f.id FROM feedback f WHERE f.withdrawn = 0 AND NOT EXISTS"
            " (SELECT 1 FROM mention m WHERE m.feedback_id = f.id) LIMIT ?",
            (limit,),
        ).fetchall()
        return [r[0] for r in rows]


def _match_words(query: str) -> str:
    """Return an FTS5 query for the plain words of ``query``, each quoted so that FTS
    operators and quotes a customer typed cannot make it fail ("" for no words)."""
    words = [w.replace('"', '""') for w in query.split() if w.strip('"')]
    return " ".join(f'"{w}"' for w in words)
