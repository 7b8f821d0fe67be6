"""The SQLite store: the single source of truth for feedback, customers, mentions and rollups.

Every SQL string of the application lives here. One connection per thread (WAL lets readers go
on while a sync writes); a batch and its sync cursor commit in one transaction, so a crash at
any moment loses nothing committed and duplicates nothing.

Times are stored as integer microseconds since the Unix epoch (exact round trips, cheap range
queries); ``day`` columns are whole days since the epoch in UTC, the unit of the rollups.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
import threading
from collections.abc import Callable, Container, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, cast

from kiosk.model import Customer, Feedback, Kind, KindSource, Response, Status

__all__ = [
    "SCHEMA_VERSION",
    "CustomerStats",
    "FeedbackRow",
    "MentionRecord",
    "Store",
    "StoreError",
    "TermDay",
    "TermMention",
    "TermStat",
    "UpsertResult",
    "day_of",
]

log = logging.getLogger("kiosk.store")

STORE_FILENAME = "voc-kiosk.sqlite3"
_US = 1_000_000
_DAY_US = 86_400 * _US


class StoreError(RuntimeError):
    """The store cannot be used; the message names the file and what to do."""


# What one item can raise when it is bound into a statement: an integer SQLite cannot hold, a
# string that is not UTF-8 (a lone surrogate). Model validation refuses both; this is the net
# under it.
_ITEM_ERRORS = (OverflowError, UnicodeEncodeError, sqlite3.InterfaceError, sqlite3.DataError)


def _us(dt: datetime) -> int:
    delta = dt.astimezone(UTC) - datetime(1970, 1, 1, tzinfo=UTC)
    return (delta.days * 86_400 + delta.seconds) * _US + delta.microseconds


def _dt(us: int) -> datetime:
    return datetime(1970, 1, 1, tzinfo=UTC) + timedelta(microseconds=us)


def day_of(dt: datetime) -> int:
    """Return the UTC day number (days since 1970-01-01) of a datetime."""
    return _us(dt) // _DAY_US


# --- schema -------------------------------------------------------------------------------------

# Each entry upgrades the schema from version i to i + 1. Never edit a released step: add one.
_MIGRATIONS: list[str] = [
    # 0 -> 1: feedback, customers, full-text search, sync cursors.
    """
    CREATE TABLE customer (
        id          INTEGER PRIMARY KEY,
        key         TEXT NOT NULL UNIQUE,
        name        TEXT,
        email       TEXT,
        segment     TEXT,
        value       REAL
    );
    CREATE TABLE feedback (
        id              INTEGER PRIMARY KEY,
        feed_id         TEXT NOT NULL,
        external_id     TEXT NOT NULL,
        customer_id     INTEGER NOT NULL REFERENCES customer(id),
        text            TEXT NOT NULL,
        kind            TEXT NOT NULL,
        kind_source     TEXT NOT NULL,
        kind_confidence REAL NOT NULL,
        created_us      INTEGER NOT NULL,
        updated_us      INTEGER NOT NULL,
        channel         TEXT,
        votes           INTEGER NOT NULL DEFAULT 0,
        status          TEXT NOT NULL,
        response_text   TEXT,
        response_us     INTEGER,
        response_by     TEXT,
        url             TEXT,
        language        TEXT,
        withdrawn       INTEGER NOT NULL DEFAULT 0,
        digest          BLOB NOT NULL,
        UNIQUE (feed_id, external_id)
    );
    CREATE INDEX feedback_window ON feedback (created_us, kind) WHERE withdrawn = 0;
    CREATE INDEX feedback_customer ON feedback (customer_id, created_us);
    CREATE VIRTUAL TABLE feedback_fts USING fts5 (
        text, content='feedback', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
    );
    CREATE TRIGGER feedback_fts_insert AFTER INSERT ON feedback BEGIN
        INSERT INTO feedback_fts (rowid, text) VALUES (new.id, new.text);
    END;
    CREATE TRIGGER feedback_fts_delete AFTER DELETE ON feedback BEGIN
        INSERT INTO feedback_fts (feedback_fts, rowid, text) VALUES ('delete', old.id, old.text);
    END;
    CREATE TRIGGER feedback_fts_update AFTER UPDATE OF text ON feedback BEGIN
        INSERT INTO feedback_fts (feedback_fts, rowid, text) VALUES ('delete', old.id, old.text);
        INSERT INTO feedback_fts (rowid, text) VALUES (new.id, new.text);
    END;
    CREATE TABLE sync_cursor (
        feed_id     TEXT PRIMARY KEY,
        cursor      TEXT,
        updated_us  INTEGER NOT NULL
    );
    """,
    # 1 -> 2: terms, their mentions (with the span in the text) and daily rollups.
    """
    CREATE TABLE term (
        id      INTEGER PRIMARY KEY,
        key     TEXT NOT NULL UNIQUE,
        label   TEXT NOT NULL
    );
    CREATE TABLE mention (
        feedback_id INTEGER NOT NULL REFERENCES feedback(id) ON DELETE CASCADE,
        term_id     INTEGER NOT NULL REFERENCES term(id),
        kind        TEXT NOT NULL,
        confidence  REAL NOT NULL,
        start       INTEGER NOT NULL,
        "end"       INTEGER NOT NULL,
        day         INTEGER NOT NULL,
        customer_id INTEGER NOT NULL
    );
    CREATE INDEX mention_feedback ON mention (feedback_id);
    CREATE INDEX mention_term_day ON mention (term_id, day, customer_id);
    CREATE TABLE rollup_day (
        term_id     INTEGER NOT NULL,
        day         INTEGER NOT NULL,
        kind        TEXT NOT NULL,
        mentions    INTEGER NOT NULL,
        customers   INTEGER NOT NULL,
        PRIMARY KEY (day, term_id, kind)
    ) WITHOUT ROWID;
    CREATE TABLE meta (
        key     TEXT PRIMARY KEY,
        value   TEXT NOT NULL
    );
    """,
    # 2 -> 3: a covering index, so a drill-down counts a term's customers and items by kind,
    # and walks its newest mentions, without touching the mention rows themselves.
    """
    DROP INDEX mention_term_day;
    CREATE INDEX mention_term_day ON mention (term_id, day, kind, customer_id, feedback_id);
    """,
    # 3 -> 4: rollups per 30-day span beside the daily ones, so "the last 365 days" sums a
    # dozen spans and a few edge days per term instead of 365 daily rows; and daily rollups
    # by term, for one term's trend and the previous window of the top terms.
    """
    CREATE INDEX rollup_term_day ON rollup_day (term_id, day);
    CREATE TABLE rollup_span (
        term_id     INTEGER NOT NULL,
        span        INTEGER NOT NULL,
        kind        TEXT NOT NULL,
        mentions    INTEGER NOT NULL,
        customers   INTEGER NOT NULL,
        PRIMARY KEY (span, term_id, kind)
    ) WITHOUT ROWID;
    INSERT INTO rollup_span (term_id, span, kind, mentions, customers)
        SELECT term_id, day / 30, kind, SUM(mentions), SUM(customers) FROM rollup_day
        GROUP BY term_id, day / 30, kind;
    """,
]
SPAN_DAYS = 30

SCHEMA_VERSION = len(_MIGRATIONS)


# --- value types ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class UpsertResult:
    """What a batch did to the store: ids of new and changed rows, and how many were unchanged."""

    new_ids: tuple[int, ...] = ()
    changed_ids: tuple[int, ...] = ()
    unchanged: int = 0
    # Items the store could not hold, with the reason: (feed_id, external_id, reason).
    rejected: tuple[tuple[str, str, str], ...] = ()

    @property
    def new(self) -> int:
        """Number of items that were not in the store before."""
        return len(self.new_ids)

    @property
    def changed(self) -> int:
        """Number of items whose text, status, response or other fields changed."""
        return len(self.changed_ids)


@dataclass(frozen=True, slots=True)
class FeedbackRow:
    """A stored feedback item with its row id and whether its source withdrew it."""

    id: int
    feedback: Feedback
    withdrawn: bool = False


@dataclass(frozen=True, slots=True)
class MentionRecord:
    """One use of a term in one feedback item, with its kind and character span."""

    term_key: str
    term_label: str
    kind: Kind
    confidence: float
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class TermStat:
    """A term's weight in a window: customers and mentions by kind, and the previous window."""

    key: str
    label: str
    customers: int
    mentions: int
    customers_by_kind: dict[Kind, int] = field(default_factory=dict)
    previous_customers: int = 0


@dataclass(frozen=True, slots=True)
class TermDay:
    """Mentions of a term on one day, by kind."""

    day: int
    kind: Kind
    mentions: int
    customers: int


@dataclass(frozen=True, slots=True)
class TermMention:
    """One row of a drill-down: a feedback item that mentions a term, with its customer.

    Plain values (no validation on the way out), because a drill-down may list 20,000 of them.
    ``start``/``end`` locate the first mention of the term in ``text``.
    """

    feedback_id: int
    feed_id: str
    external_id: str
    kind: Kind
    start: int
    end: int
    created_at: datetime
    text: str
    channel: str | None
    votes: int
    status: Status
    response_at: datetime | None
    url: str | None
    customer_id: str
    customer_name: str | None
    customer_email: str | None
    segment: str | None
    value: float | None


@dataclass(frozen=True, slots=True)
class CustomerStats:
    """Counts by kind in a window."""

    compliments: int = 0
    ideas: int = 0
    complaints: int = 0
    unclassified: int = 0

    @property
    def total(self) -> int:
        """All items in the window."""
        return self.compliments + self.ideas + self.complaints + self.unclassified


# --- the store ------------------------------------------------------------------------------------

_FEEDBACK_COLUMNS = (
    "f.id, f.feed_id, f.external_id, f.text, f.kind, f.kind_source, f.kind_confidence,"
    " f.created_us, f.updated_us, f.channel, f.votes, f.status, f.response_text,"
    " f.response_us, f.response_by, f.url, f.language, f.withdrawn,"
    " c.key, c.name, c.email, c.segment, c.value"
)


def _digest(fb: Feedback) -> bytes:
    """Return a hash of everything a source can change, to tell changed items from unchanged."""
    resp = fb.response
    parts = (
        fb.text,
        fb.kind.value,
        fb.kind_source.value,
        round(fb.kind_confidence, 6),
        _us(fb.created_at),
        _us(fb.updated_at) if fb.updated_at else None,
        fb.channel,
        fb.votes,
        fb.status.value,
        (resp.text, _us(resp.at), resp.by) if resp else None,
        fb.url,
        fb.language,
        fb.customer.id,
        fb.customer.name,
        fb.customer.email,
        fb.customer.segment,
        fb.customer.value,
    )
    return hashlib.blake2b(json.dumps(parts, ensure_ascii=False).encode(), digest_size=16).digest()


def _row_to_feedback(row: Any) -> FeedbackRow:
    (
        rid, feed_id, external_id, text, kind, kind_source, conf, created_us, updated_us,
        channel, votes, status, resp_text, resp_us, resp_by, url, language, withdrawn,
        ckey, cname, cemail, csegment, cvalue,
    ) = row  # fmt: skip
    response = None
    if resp_text is not None and resp_us is not None:
        response = Response(str(resp_text), _dt(int(resp_us)), resp_by)
    fb = Feedback(
        feed_id=str(feed_id),
        external_id=str(external_id),
        text=str(text),
        created_at=_dt(int(created_us)),
        updated_at=_dt(int(updated_us)),
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
    )
    return FeedbackRow(int(rid), fb, bool(withdrawn))


class Store:
    """The feedback store in one SQLite file.

    Args:
        path: the database file; ``":memory:"`` is refused because every thread needs its
            own connection to the same data.

    Raises:
        StoreError: the file is corrupt, unreadable, not writable, or from a newer version.
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._local = threading.local()
        self._write_lock = threading.RLock()
        self._connections: list[sqlite3.Connection] = []
        self._connections_lock = threading.Lock()
        self._open_and_migrate()

    # connection handling

    def _connect(self) -> sqlite3.Connection:
        try:
            conn = sqlite3.connect(
                self.path, timeout=30, isolation_level=None, check_same_thread=False
            )
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("PRAGMA busy_timeout = 30000")
            conn.execute("PRAGMA cache_size = -65536")
        except sqlite3.Error as exc:
            raise self._error(exc) from exc
        with self._connections_lock:
            self._connections.append(conn)
        return conn

    @property
    def _conn(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._connect()
            self._local.conn = conn
        return conn

    def close(self) -> None:
        """Close every connection this store opened, in any thread."""
        with self._connections_lock:
            for conn in self._connections:
                conn.close()
            self._connections.clear()
        self._local = threading.local()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _error(self, exc: BaseException) -> StoreError:
        text = str(exc)
        if "disk is full" in text or "disk I/O error" in text:
            return StoreError(
                f"The disk holding the store {self.path} is full or failing ({text}). Free some"
                " space there; nothing stored so far is lost, the screen keeps the last good"
                " data, and the feeds try again."
            )
        if "not a database" in text or "malformed" in text:
            return StoreError(
                f"The store {self.path} is damaged ({text}). Move it aside to start afresh"
                " (the feeds will fill a new one), or pass --data-dir to use another folder."
            )
        if "readonly" in text or "unable to open" in text or "permission" in text.lower():
            return StoreError(
                f"The store {self.path} cannot be written ({text}). Make its folder writable"
                " or pass --data-dir with a folder you can write to."
            )
        return StoreError(f"The store {self.path} failed: {text}")

    def _open_and_migrate(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(
                f"Cannot create the data folder {self.path.parent} ({exc.strerror})."
                " Pass --data-dir with a folder you can write to."
            ) from exc
        if self.path.exists():
            # Look before touching: switching to WAL or migrating would modify a file that a
            # newer version wrote, and that file must stay exactly as it is.
            version = self._read_version()
            if version > SCHEMA_VERSION:
                raise StoreError(
                    f"The store {self.path} was written by a newer voc-kiosk (schema {version},"
                    f" this one knows up to {SCHEMA_VERSION}). It was left untouched: upgrade"
                    " voc-kiosk, or pass --data-dir to use another folder."
                )
        conn = self._conn
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            self._migrate(conn, SCHEMA_VERSION)
            conn.execute("PRAGMA quick_check(1)")
        except sqlite3.Error as exc:
            self.close()
            raise self._error(exc) from exc

    def _read_version(self) -> int:
        try:
            conn = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True)
            try:
                row = conn.execute("PRAGMA user_version").fetchone()
                conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            finally:
                conn.close()
        except sqlite3.Error as exc:
            raise self._error(exc) from exc
        return int(row[0])

    @staticmethod
    def _migrate(conn: sqlite3.Connection, target: int) -> None:
        current = int(conn.execute("PRAGMA user_version").fetchone()[0])
        for version in range(current, target):
            log.info("migrating store schema %d -> %d", version, version + 1)
            conn.execute("BEGIN IMMEDIATE")
            try:
                for statement in _split_sql(_MIGRATIONS[version]):
                    conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {version + 1}")
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise

    @classmethod
    def create_at_version(cls, path: Path, version: int) -> None:
        """Create an empty store at an older schema version (for migration tests and tools)."""
        conn = sqlite3.connect(path, isolation_level=None)
        try:
            cls._migrate(conn, version)
        finally:
            conn.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """Run the block as one write transaction; roll back everything if it raises.

        Nested use joins the outer transaction, so helpers called from inside an upsert commit
        with it.
        """
        conn = self._conn
        if conn.in_transaction:
            yield conn
            return
        with self._write_lock:
            try:
                conn.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as exc:
                raise self._error(exc) from exc
            try:
                yield conn
                conn.execute("COMMIT")
            except BaseException as exc:
                # Also when COMMIT itself failed (disk full): a connection left inside a
                # transaction would make every later write join it and never commit.
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                if isinstance(exc, sqlite3.OperationalError | sqlite3.DatabaseError) and not (
                    isinstance(exc, sqlite3.IntegrityError)
                ):
                    raise self._error(exc) from exc
                raise

    def checkpoint(self) -> None:
        """Fold the write-ahead log into the database file (after a bulk load)."""
        self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    @property
    def schema_version(self) -> int:
        """The schema version of the open file."""
        return int(self._conn.execute("PRAGMA user_version").fetchone()[0])

    # writing feedback

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
            for chunk in _chunks(ext_ids, 500):
                marks = ",".join("?" * len(chunk))
                for rid, ext, digest, withdrawn in conn.execute(
                    "SELECT id, external_id, digest, withdrawn FROM feedback"
                    f" WHERE feed_id = ? AND external_id IN ({marks})",
                    (feed_id, *chunk),
                ):
                    existing[(feed_id, ext)] = (rid, digest, withdrawn)
        inserts: list[tuple[object, ...]] = []
        updates: list[tuple[object, ...]] = []
        changed_ids: list[int] = []
        unchanged = 0
        for fb in items:
            digest = _digest(fb)
            values = self._values(fb, customer_ids[fb.customer.id], digest)
            old = existing.get(fb.key)
            if old is None:
                inserts.append(values)
            elif old[1] != digest or old[2]:
                updates.append((*values[2:], old[0]))
                changed_ids.append(old[0])
            else:
                unchanged += 1
        new_ids: list[int] = []
        if inserts:
            conn.executemany(
                "INSERT INTO feedback (feed_id, external_id, customer_id, text, kind,"
                " kind_source, kind_confidence, created_us, updated_us, channel, votes, status,"
                " response_text, response_us, response_by, url, language, digest)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                inserts,
            )
            # One statement for the batch, then its ids by key: a RETURNING per row costs a
            # round trip through the interpreter for every item of a big file.
            new_ids = self._ids_of(conn, [(str(v[0]), str(v[1])) for v in inserts])
        if updates:
            conn.executemany(
                "UPDATE feedback SET customer_id=?, text=?, kind=?, kind_source=?,"
                " kind_confidence=?, created_us=?, updated_us=?, channel=?, votes=?, status=?,"
                " response_text=?, response_us=?, response_by=?, url=?, language=?, digest=?,"
                " withdrawn=0 WHERE id=?",
                updates,
            )
        return UpsertResult(tuple(new_ids), tuple(changed_ids), unchanged)

    @staticmethod
    def _ids_of(conn: sqlite3.Connection, keys: list[tuple[str, str]]) -> list[int]:
        """Return the row ids of (feed_id, external_id) keys, in the keys' order."""
        found: dict[tuple[str, str], int] = {}
        by_feed: dict[str, list[str]] = {}
        for feed_id, ext in keys:
            by_feed.setdefault(feed_id, []).append(ext)
        for feed_id, ext_ids in by_feed.items():
            for chunk in _chunks(ext_ids, 500):
                marks = ",".join("?" * len(chunk))
                for rid, ext in conn.execute(
                    f"SELECT id, external_id FROM feedback WHERE feed_id = ?"
                    f" AND external_id IN ({marks})",
                    (feed_id, *chunk),
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
    def _values(fb: Feedback, customer_id: int, digest: bytes) -> tuple[object, ...]:
        resp = fb.response
        return (
            fb.feed_id,
            fb.external_id,
            customer_id,
            fb.text,
            fb.kind.value,
            fb.kind_source.value,
            fb.kind_confidence,
            _us(fb.created_at),
            _us(fb.updated_at or fb.created_at),
            fb.channel,
            fb.votes,
            fb.status.value,
            resp.text if resp else None,
            _us(resp.at) if resp else None,
            resp.by if resp else None,
            fb.url,
            fb.language,
            digest,
        )

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
        ids: dict[str, int] = {}
        keys = list(dict.fromkeys(c.id for c in unique))
        for chunk in _chunks(keys, 500):
            marks = ",".join("?" * len(chunk))
            for rid, key in conn.execute(
                f"SELECT id, key FROM customer WHERE key IN ({marks})", chunk
            ):
                ids[key] = rid
        return ids

    def mark_withdrawn(
        self, feed_id: str, present_external_ids: Iterable[str] | Container[str]
    ) -> list[int]:
        """Hide the feed's items that a complete snapshot no longer has; return their ids.

        Only call this after a complete, successful read of the snapshot: a partial read would
        hide items that are still there.

        Args:
            feed_id: the feed.
            present_external_ids: the ids the snapshot has; any container answering ``in``
                (a compact set of hashes for a big file), or an iterable of ids.
        """
        present: Container[str]
        if isinstance(present_external_ids, Container) and not isinstance(
            present_external_ids, list | tuple
        ):
            present = present_external_ids
        else:
            present = set(cast(Iterable[str], present_external_ids))
        with self.transaction() as conn:
            return self._mark_withdrawn(conn, feed_id, present)

    def _mark_withdrawn(
        self, conn: sqlite3.Connection, feed_id: str, present: Container[str]
    ) -> list[int]:
        gone = [
            rid
            for rid, ext in conn.execute(
                "SELECT id, external_id FROM feedback WHERE feed_id = ? AND withdrawn = 0",
                (feed_id,),
            )
            if ext not in present
        ]
        if gone:
            conn.executemany("UPDATE feedback SET withdrawn = 1 WHERE id = ?", [(i,) for i in gone])
            self._replace_mentions(conn, {i: [] for i in gone})
        return gone

    def prune(self, before: datetime) -> int:
        """Remove feedback created before ``before`` with its mentions and rollups, and the
        customers left with nothing; return how many items went.

        The kiosk keeps a rolling window; the source of truth keeps everything, and an item
        that comes back in a later sync is simply stored again.
        """
        # Whole days only, so the rollups of the days kept stay exact.
        cutoff = _us(before) // _DAY_US * _DAY_US
        with self.transaction() as conn:
            gone = conn.execute(
                "DELETE FROM feedback WHERE created_us < ?", (cutoff,)
            ).rowcount  # mentions go with them (ON DELETE CASCADE)
            if gone:
                day = cutoff // _DAY_US
                conn.execute("DELETE FROM rollup_day WHERE day < ?", (day,))
                # The span the cut falls in keeps its remaining days.
                conn.execute("DELETE FROM rollup_span WHERE span <= ?", (day // SPAN_DAYS,))
                conn.execute(
                    "INSERT INTO rollup_span (term_id, span, kind, mentions, customers)"
                    " SELECT term_id, day / 30, kind, SUM(mentions), SUM(customers)"
                    " FROM rollup_day WHERE day >= ? AND day < ?"
                    " GROUP BY term_id, day / 30, kind",
                    (day, (day // SPAN_DAYS + 1) * SPAN_DAYS),
                )
                conn.execute(
                    "DELETE FROM customer WHERE NOT EXISTS"
                    " (SELECT 1 FROM feedback f WHERE f.customer_id = customer.id)"
                )
        if gone:
            log.info("pruned %d items created before %s", gone, before.date())
        return int(gone)

    # cursors

    @staticmethod
    def _save_cursor(conn: sqlite3.Connection, feed_id: str, cursor: str | None) -> None:
        conn.execute(
            "INSERT INTO sync_cursor (feed_id, cursor, updated_us) VALUES (?,?,?)"
            " ON CONFLICT (feed_id) DO UPDATE SET cursor = excluded.cursor,"
            " updated_us = excluded.updated_us",
            (feed_id, cursor, _us(datetime.now(UTC))),
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
        return None if row is None or row[0] is None else _dt(int(row[0]))

    # reading feedback

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
        return None if row[0] is None else _dt(int(row[0]))

    def get(self, feed_id: str, external_id: str) -> FeedbackRow | None:
        """Return one item by its key, withdrawn or not."""
        row = self._conn.execute(
            f"SELECT {_FEEDBACK_COLUMNS} FROM feedback f JOIN customer c ON c.id = f.customer_id"
            " WHERE f.feed_id = ? AND f.external_id = ?",
            (feed_id, external_id),
        ).fetchone()
        return None if row is None else _row_to_feedback(row)

    def feedback_by_ids(self, ids: Sequence[int]) -> list[FeedbackRow]:
        """Return the items with these row ids, in the order asked for (missing ids skipped)."""
        found: dict[int, FeedbackRow] = {}
        for chunk in _chunks(list(ids), 500):
            marks = ",".join("?" * len(chunk))
            for row in self._conn.execute(
                f"SELECT {_FEEDBACK_COLUMNS} FROM feedback f"
                f" JOIN customer c ON c.id = f.customer_id WHERE f.id IN ({marks})",
                chunk,
            ):
                fr = _row_to_feedback(row)
                found[fr.id] = fr
        return [found[i] for i in ids if i in found]

    def feedback_between(
        self, since: datetime | None = None, until: datetime | None = None
    ) -> Iterator[FeedbackRow]:
        """Yield visible items created in [since, until), oldest first."""
        lo = _us(since) if since else -(2**62)
        hi = _us(until) if until else 2**62
        cur = self._conn.execute(
            f"SELECT {_FEEDBACK_COLUMNS} FROM feedback f JOIN customer c ON c.id = f.customer_id"
            " WHERE f.withdrawn = 0 AND f.created_us >= ? AND f.created_us < ?"
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
            " WHERE c.key = ? AND f.withdrawn = 0 ORDER BY f.created_us DESC LIMIT ?",
            (customer_id, limit),
        ).fetchall()
        return [_row_to_feedback(r) for r in rows]

    def counts_by_kind(self, since: datetime, until: datetime | None = None) -> CustomerStats:
        """Count visible items by their item kind, created in [since, until)."""
        hi = _us(until) if until else 2**62
        counts = dict(
            self._conn.execute(
                "SELECT kind, COUNT(*) FROM feedback WHERE withdrawn = 0"
                " AND created_us >= ? AND created_us < ? GROUP BY kind",
                (_us(since), hi),
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
        words = [w.replace('"', '""') for w in query.split() if w.strip('"')]
        if not words:
            return []
        match = " ".join(f'"{w}"' for w in words)
        rows = self._conn.execute(
            f"SELECT {_FEEDBACK_COLUMNS} FROM feedback_fts"
            " JOIN feedback f ON f.id = feedback_fts.rowid"
            " JOIN customer c ON c.id = f.customer_id"
            " WHERE feedback_fts MATCH ? AND f.withdrawn = 0 ORDER BY rank LIMIT ?",
            (match, limit),
        ).fetchall()
        return [_row_to_feedback(r) for r in rows]

    # mentions and rollups (filled by kiosk.analysis)

    def replace_mentions(self, mentions: dict[int, Sequence[MentionRecord]]) -> None:
        """Replace the mentions of these feedback ids, and bring the rollups up to date."""
        with self.transaction() as conn:
            self._replace_mentions(conn, mentions)

    def _replace_mentions(
        self, conn: sqlite3.Connection, mentions: dict[int, Sequence[MentionRecord]]
    ) -> None:
        if not mentions:
            return
        ids = list(mentions)
        touched: set[tuple[int, int]] = set()
        for chunk in _chunks(ids, 500):
            marks = ",".join("?" * len(chunk))
            touched.update(
                conn.execute(
                    f"SELECT DISTINCT term_id, day FROM mention WHERE feedback_id IN ({marks})",
                    chunk,
                ).fetchall()
            )
            conn.execute(f"DELETE FROM mention WHERE feedback_id IN ({marks})", chunk)
        meta: dict[int, tuple[int, int]] = {}
        for chunk in _chunks(ids, 500):
            marks = ",".join("?" * len(chunk))
            for rid, created_us, customer_id in conn.execute(
                f"SELECT id, created_us, customer_id FROM feedback"
                f" WHERE id IN ({marks}) AND withdrawn = 0",
                chunk,
            ):
                meta[rid] = (created_us // _DAY_US, customer_id)
        term_ids = self._term_ids(
            conn, {m.term_key: m.term_label for ms in mentions.values() for m in ms}
        )
        rows: list[tuple[object, ...]] = []
        for fid, ms in mentions.items():
            if fid not in meta:
                continue
            day, customer_id = meta[fid]
            for m in ms:
                tid = term_ids[m.term_key]
                rows.append(
                    (fid, tid, m.kind.value, m.confidence, m.start, m.end, day, customer_id)
                )
                touched.add((tid, day))
        conn.executemany(
            'INSERT INTO mention (feedback_id, term_id, kind, confidence, start, "end", day,'
            " customer_id) VALUES (?,?,?,?,?,?,?,?)",
            rows,
        )
        self._refresh_rollups(conn, touched)

    @staticmethod
    def _term_ids(conn: sqlite3.Connection, labels: dict[str, str]) -> dict[str, int]:
        if not labels:
            return {}
        conn.executemany(
            "INSERT INTO term (key, label) VALUES (?, ?)"
            " ON CONFLICT (key) DO UPDATE SET label = excluded.label",
            list(labels.items()),
        )
        ids: dict[str, int] = {}
        for chunk in _chunks(list(labels), 500):
            marks = ",".join("?" * len(chunk))
            ids.update(conn.execute(f"SELECT key, id FROM term WHERE key IN ({marks})", chunk))
        return ids

    @staticmethod
    def _refresh_rollups(conn: sqlite3.Connection, touched: set[tuple[int, int]]) -> None:
        if not touched:
            return
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS touched (term_id INTEGER, day INTEGER)")
        conn.execute("DELETE FROM temp.touched")
        conn.executemany("INSERT INTO temp.touched VALUES (?, ?)", list(touched))
        conn.execute(
            "DELETE FROM rollup_day WHERE (day, term_id) IN (SELECT day, term_id FROM temp.touched)"
        )
        conn.execute(
            "INSERT INTO rollup_day (term_id, day, kind, mentions, customers)"
            " SELECT m.term_id, m.day, m.kind, COUNT(*), COUNT(DISTINCT m.customer_id)"
            " FROM temp.touched t JOIN mention m ON m.term_id = t.term_id AND m.day = t.day"
            " GROUP BY m.term_id, m.day, m.kind"
        )
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS touched_span (term_id INTEGER, span INTEGER)")
        conn.execute("DELETE FROM temp.touched_span")
        conn.execute(
            "INSERT INTO temp.touched_span SELECT DISTINCT term_id, day / 30 FROM temp.touched"
        )
        conn.execute(
            "DELETE FROM rollup_span"
            " WHERE (span, term_id) IN (SELECT span, term_id FROM temp.touched_span)"
        )
        conn.execute(
            "INSERT INTO rollup_span (term_id, span, kind, mentions, customers)"
            " SELECT r.term_id, s.span, r.kind, SUM(r.mentions), SUM(r.customers)"
            " FROM temp.touched_span s JOIN rollup_day r ON r.term_id = s.term_id"
            " AND r.day >= s.span * 30 AND r.day < s.span * 30 + 30"
            " GROUP BY r.term_id, s.span, r.kind"
        )

    def mentions_of(self, feedback_id: int) -> list[MentionRecord]:
        """Return the mentions found in one feedback item, in text order."""
        rows = self._conn.execute(
            'SELECT t.key, t.label, m.kind, m.confidence, m.start, m."end" FROM mention m'
            " JOIN term t ON t.id = m.term_id WHERE m.feedback_id = ? ORDER BY m.start",
            (feedback_id,),
        ).fetchall()
        return [MentionRecord(k, lbl, Kind(kd), c, s, e) for k, lbl, kd, c, s, e in rows]

    @staticmethod
    def _window(lo: int, hi: int) -> tuple[str, tuple[int, ...]]:
        """Return SQL yielding (term_id, kind, customers, mentions) rows for days [lo, hi]:
        whole 30-day spans from ``rollup_span``, the edge days from ``rollup_day``."""
        first = -(-lo // SPAN_DAYS)  # the first span starting on or after lo
        last = (hi + 1) // SPAN_DAYS - 1  # the last span ending on or before hi
        day_sql = (
            "SELECT term_id, kind, customers, mentions FROM rollup_day WHERE day >= ? AND day <= ?"
        )
        if first > last:
            return day_sql, (lo, hi)
        span_sql = (
            "SELECT term_id, kind, customers, mentions FROM rollup_span"
            " WHERE span >= ? AND span <= ?"
        )
        return (
            f"{span_sql} UNION ALL {day_sql} UNION ALL {day_sql}",
            (first, last, lo, first * SPAN_DAYS - 1, (last + 1) * SPAN_DAYS, hi),
        )

    def mention_kinds(self, feedback_ids: Sequence[int]) -> dict[int, set[Kind]]:
        """Return the kinds the analysis found in each item (items without mentions left out)."""
        found: dict[int, set[Kind]] = {}
        for chunk in _chunks(list(feedback_ids), 500):
            marks = ",".join("?" * len(chunk))
            for fid, kind in self._conn.execute(
                f"SELECT DISTINCT feedback_id, kind FROM mention WHERE feedback_id IN ({marks})",
                chunk,
            ):
                found.setdefault(fid, set()).add(Kind(kind))
        return found

    def top_terms(self, days: int, limit: int, now: datetime | None = None) -> list[TermStat]:
        """Return the terms most customers used in the last ``days`` days, with the previous
        window's figure for the trend.

        Customers are counted per day from the rollups (a customer who repeats a term on
        several days counts on each), which keeps the answer fast on a year of data.
        """
        today = day_of(now or datetime.now(UTC))
        lo, prev_lo = today - days + 1, today - 2 * days + 1
        window, args = self._window(lo, today)
        rows = self._conn.execute(
            "WITH cur AS (SELECT term_id, kind, SUM(customers) AS cu, SUM(mentions) AS mn"
            f" FROM ({window}) GROUP BY term_id, kind),"
            " tot AS (SELECT term_id, SUM(cu) AS cu, SUM(mn) AS mn FROM cur GROUP BY term_id"
            " ORDER BY cu DESC, mn DESC LIMIT ?)"
            " SELECT t.key, t.label, tot.cu, tot.mn, cur.kind, cur.cu FROM tot"
            " JOIN term t ON t.id = tot.term_id JOIN cur ON cur.term_id = tot.term_id",
            (*args, limit),
        ).fetchall()
        stats: dict[str, tuple[str, int, int, dict[Kind, int]]] = {}
        for key, label, cu, mn, kind, kcu in rows:
            entry = stats.setdefault(key, (label, int(cu), int(mn), {}))
            entry[3][Kind(kind)] = int(kcu)
        previous: dict[str, int] = {}
        for chunk in _chunks(list(stats), 500):
            marks = ",".join("?" * len(chunk))
            previous.update(
                self._conn.execute(
                    "SELECT t.key, SUM(r.customers) FROM term t JOIN rollup_day r"
                    " ON r.term_id = t.id AND r.day >= ? AND r.day < ?"
                    f" WHERE t.key IN ({marks}) GROUP BY t.key",
                    (prev_lo, lo, *chunk),
                )
            )
        result = [
            TermStat(key, label, cu, mn, by_kind, int(previous.get(key, 0)))
            for key, (label, cu, mn, by_kind) in stats.items()
        ]
        result.sort(key=lambda s: (-s.customers, -s.mentions, s.key))
        return result

    def term_days(self, term_key: str, since_day: int, until_day: int) -> list[TermDay]:
        """Return a term's mentions per day and kind in [since_day, until_day]."""
        rows = self._conn.execute(
            "SELECT r.day, r.kind, r.mentions, r.customers FROM rollup_day r"
            " JOIN term t ON t.id = r.term_id"
            " WHERE t.key = ? AND r.day >= ? AND r.day <= ? ORDER BY r.day",
            (term_key, since_day, until_day),
        ).fetchall()
        return [TermDay(d, Kind(k), m, c) for d, k, m, c in rows]

    def term_feedback_ids(self, term_key: str, since_day: int, until_day: int) -> list[int]:
        """Return the ids of the visible items that mention a term in a window, newest first."""
        rows = self._conn.execute(
            "SELECT DISTINCT m.feedback_id FROM term t JOIN mention m ON m.term_id = t.id"
            " WHERE t.key = ? AND m.day >= ? AND m.day <= ? ORDER BY m.day DESC,"
            " m.feedback_id DESC",
            (term_key, since_day, until_day),
        ).fetchall()
        return [r[0] for r in rows]

    def term_label(self, term_key: str) -> str | None:
        """Return how a term is shown (its most common readable form)."""
        row = self._conn.execute("SELECT label FROM term WHERE key = ?", (term_key,)).fetchone()
        return None if row is None else str(row[0])

    def term_summary(
        self, term_key: str, since_day: int, until_day: int
    ) -> tuple[int, int, dict[Kind, int]]:
        """Count a term's items and distinct customers in [since_day, until_day].

        Returns:
            (items, customers, customers by the kind of their mention)
        """
        args = (term_key, since_day, until_day)
        where = (
            "FROM term t JOIN mention m ON m.term_id = t.id"
            " WHERE t.key = ? AND m.day >= ? AND m.day <= ?"
        )
        items, customers = self._conn.execute(
            f"SELECT COUNT(DISTINCT m.feedback_id), COUNT(DISTINCT m.customer_id) {where}", args
        ).fetchone()
        by_kind = {
            Kind(kind): int(n)
            for kind, n in self._conn.execute(
                f"SELECT m.kind, COUNT(DISTINCT m.customer_id) {where} GROUP BY m.kind", args
            )
        }
        return int(items), int(customers), by_kind

    def term_mentions(
        self, term_key: str, since_day: int, until_day: int, limit: int | None = None
    ) -> list[TermMention]:
        """Return the visible items that mention a term in [since_day, until_day], newest
        first, one row per item (its first mention of the term), at most ``limit`` of them.

        The mentions are walked newest day first along the index and the walk stops once
        ``limit`` items (and the rest of that day) are in, so the newest page of a word that
        a hundred thousand customers used comes back as fast as that of a rare one.
        """
        cur = self._conn.execute(
            'SELECT m.feedback_id, m.kind, m.start, m."end", m.day, f.feed_id, f.external_id,'
            " f.created_us, f.text, f.channel, f.votes, f.status, f.response_us, f.url,"
            " c.key, c.name, c.email, c.segment, c.value"
            " FROM term t JOIN mention m ON m.term_id = t.id"
            " JOIN feedback f ON f.id = m.feedback_id JOIN customer c ON c.id = m.customer_id"
            " WHERE t.key = ? AND m.day >= ? AND m.day <= ? ORDER BY m.day DESC",
            (term_key, since_day, until_day),
        )
        kinds = {k.value: k for k in Kind}
        statuses = {s.value: s for s in Status}
        found: dict[int, TermMention] = {}
        last_day = None
        for row in cur:
            fid, kind, start, end, day = row[:5]
            if limit is not None and len(found) >= limit and day != last_day:
                break
            last_day = day
            seen = found.get(fid)
            if seen is not None and seen.start <= start:
                continue
            feed, ext, created, text, channel, votes, status, resp, url = row[5:14]
            found[fid] = TermMention(
                fid,
                feed,
                ext,
                kinds[kind],
                start,
                end,
                _dt(created),
                text,
                channel,
                votes,
                statuses[status],
                None if resp is None else _dt(resp),
                url,
                *row[14:],
            )
        cur.close()
        result = sorted(found.values(), key=lambda m: (m.created_at, m.feedback_id), reverse=True)
        return result if limit is None else result[:limit]

    def unanalysed_ids(self, limit: int = 10_000) -> list[int]:
        """Return ids of visible items that have no mentions yet (for a catch-up pass)."""
        rows = self._conn.execute(
            "SELECT f.id FROM feedback f WHERE f.withdrawn = 0 AND NOT EXISTS"
            " (SELECT 1 FROM mention m WHERE m.feedback_id = f.id) LIMIT ?",
            (limit,),
        ).fetchall()
        return [r[0] for r in rows]

    def get_meta(self, key: str) -> str | None:
        """Return a stored bookkeeping value."""
        row = self._conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        """Store a bookkeeping value (analysis vocabulary version, for example)."""
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )


def _chunks(items: Sequence[Any], size: int) -> Iterator[list[Any]]:
    for i in range(0, len(items), size):
        yield list(items[i : i + size])


def _split_sql(script: str) -> list[str]:
    """Split a migration script into statements, keeping trigger bodies whole."""
    statements: list[str] = []
    buf: list[str] = []
    for line in script.strip().splitlines():
        buf.append(line)
        text = "\n".join(buf).strip()
        if text.endswith(";") and sqlite3.complete_statement(text):
            statements.append(text)
            buf = []
    if "".join(buf).strip():
        statements.append("\n".join(buf))
    return statements
