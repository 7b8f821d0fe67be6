"""The store's foundation: one SQLite connection per thread, write transactions, errors in words.

WAL lets readers go on while a sync writes; every write runs in ``transaction()``, which holds
an in-process lock and SQLite's write lock for the whole batch.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Self

from kiosk.store.schema import SCHEMA_VERSION, migrate
from kiosk.store.zone import follow_zone

__all__ = [
    "ANSWERED_SQL",
    "DAY_US",
    "SHOWN_KIND_SQL",
    "StoreBase",
    "StoreError",
    "dt_of",
    "select_in",
    "us_of",
]

log = logging.getLogger("kiosk.store")

# The sqlite3 module binds int, float and str directly, but looks for an adapter for every other
# value, None and bytes included, by raising and clearing two AttributeErrors (about 1 us each).
# An item has about ten empty columns, and a big file has hundreds of thousands of items. Telling
# the module that None and bytes are bound as they are keeps them NULL and BLOB, at a tenth of the
# cost: ``{}.get(None)`` is None, ``bytes(b)`` is ``b``, and both are C calls.
_NOTHING: dict[None, None] = {}
sqlite3.register_adapter(type(None), _NOTHING.get)
sqlite3.register_adapter(bytes, bytes)

_US = 1_000_000
# A length, not a boundary: days are local (kiosk.days), and a day starts at day_start_us.
DAY_US = 86_400 * _US
# The kind shown for an item ``f`` (with its correction ``k`` joined), in order of trust: a
# person's correction, the source's (or its rating's, unless the words ask for something:
# ``FeedbackRow.kind_and_source``), the classifier's.
SHOWN_KIND_SQL = (
    "COALESCE(k.kind, CASE WHEN f.kind = 'unclassified' THEN NULL"
    " WHEN f.kind_source = 'given' THEN f.kind"
    " WHEN f.kind_source = 'rating' AND COALESCE(f.inferred_kind, '') != 'idea' THEN f.kind"
    " END, f.inferred_kind, 'unclassified')"
)
# Whether the item ``f`` has an answer, the source's or ours (the outbox's).
ANSWERED_SQL = (
    "(f.response_text IS NOT NULL OR EXISTS (SELECT 1 FROM answer a"
    " WHERE a.feed_id = f.feed_id AND a.external_id = f.external_id))"
)
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# SQLite allows 999 parameters in a statement on old builds; an IN list stays well below.
_IN_CHUNK = 500


class StoreError(RuntimeError):
    """The store cannot be used; the message names the file and what to do."""


def us_of(dt: datetime) -> int:
    """Return a datetime as integer microseconds since the Unix epoch (exact round trips)."""
    if dt.tzinfo is not UTC:
        dt = dt.astimezone(UTC)
    delta = dt - _EPOCH
    return (delta.days * 86_400 + delta.seconds) * _US + delta.microseconds


def dt_of(us: int) -> datetime:
    """Return the UTC datetime of integer microseconds since the Unix epoch."""
    return _EPOCH + timedelta(microseconds=us)


def select_in(
    conn: sqlite3.Connection,
    sql: str,
    values: Sequence[Any],
    before: Sequence[Any] = (),
    after: Sequence[Any] = (),
) -> list[Any]:
    """Run ``sql`` once per chunk of ``values`` and return every row.

    ``sql`` holds ``{marks}`` where the ``IN (...)`` list goes; ``before`` and ``after`` are
    the parameters around it. A statement without rows (DELETE) returns an empty list.
    """
    rows: list[Any] = []
    for i in range(0, len(values), _IN_CHUNK):
        chunk = list(values[i : i + _IN_CHUNK])
        marks = ",".join("?" * len(chunk))
        rows.extend(conn.execute(sql.format(marks=marks), (*before, *chunk, *after)))
    return rows


class StoreBase:
    """The feedback store in one SQLite file: connections, transactions and bookkeeping.

    Args:
        path: the database file; ``":memory:"`` is refused because every thread needs its
            own connection to the same data.
        follow_zone: restamp the stored days when they follow another zone's rules.

    Raises:
        StoreError: the file is corrupt, unreadable, not writable, or from a newer version.
    """

    def __init__(self, path: Path, *, follow_zone: bool = True) -> None:
        self.path = Path(path)
        # Whether opening restamps the stored days to this process's zone (see ``zone``): the
        # app and the sync do; a command that shows no days (``outbox``) must not rewrite a
        # running wall's days because its shell has another TZ.
        self._follow_zone = follow_zone
        self._local = threading.local()
        self._write_lock = threading.RLock()
        # Each connection with the thread that opened it: a sync pass runs on a thread of
        # its own, and its connection (two file descriptors and a page cache) must not
        # outlive it, or a wall runs out of descriptors within the hour.
        self._connections: list[tuple[threading.Thread, sqlite3.Connection]] = []
        self._connections_lock = threading.Lock()
        self._open_and_migrate()

    def _connect(self) -> sqlite3.Connection:
        try:
            conn = sqlite3.connect(
                self.path, timeout=30, isolation_level=None, check_same_thread=False
            )
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("PRAGMA busy_timeout = 30000")
            conn.execute("PRAGMA cache_size = -65536")
            # Fold the log into the file every 64 MB rather than SQLite's 4 MB: a batch of items
            # touches index pages all over the file, each commit logs them whole, and a
            # checkpoint after every few batches copied (and synced) the same pages again and
            # again, a third of a big file's sync (at 32 MB still a tenth of a 1.5M-row file
            # whose dates jump about; 128 MB gained nothing more). The log keeps its largest
            # size on disk. A killed process loses nothing either way.
            # With synchronous = NORMAL the log is synced at checkpoints, so a power cut can
            # undo more recent commits: items and their cursor go back together and are
            # fetched again; the outbox, which must not send twice, syncs every commit
            # (``sync_every_commit``).
            conn.execute("PRAGMA wal_autocheckpoint = 16000")
        except sqlite3.Error as exc:
            raise self._error(exc) from exc
        with self._connections_lock:
            alive = []
            for thread, old in self._connections:
                if thread.is_alive():
                    alive.append((thread, old))
                else:
                    old.close()
            alive.append((threading.current_thread(), conn))
            self._connections = alive
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
            for _thread, conn in self._connections:
                conn.close()
            self._connections.clear()
        self._local = threading.local()

    def __enter__(self) -> Self:
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
            migrate(conn, SCHEMA_VERSION)
            if self._follow_zone:
                follow_zone(conn)
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

    @contextmanager
    def reading(self) -> Iterator[sqlite3.Connection]:
        """Run the block's queries on one snapshot of the store, so that a commit between two
        of them (a sync's next page) cannot show an item in both or in neither.

        Inside a transaction already, the block joins it.
        """
        conn = self._conn
        if conn.in_transaction:
            yield conn
            return
        try:
            conn.execute("BEGIN")
        except sqlite3.Error as exc:
            raise self._error(exc) from exc
        try:
            yield conn
        finally:
            if conn.in_transaction:
                conn.execute("COMMIT")

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

    @contextmanager
    def cache_limited(self, megabytes: int) -> Iterator[None]:
        """Give this thread's connection a page cache of at most ``megabytes`` in the block.

        For a sync pass: its writes need less than the desk's queries over a big store, and
        a big file's sync must stay under 200 MB in all (issue 9). The cache is given back
        its size after, since a thread may run desk work too. A store that cannot be reached
        is left as it is: the block's own work says what is wrong.
        """
        try:
            conn = self._conn
            (before,) = conn.execute("PRAGMA cache_size").fetchone()
            conn.execute(f"PRAGMA cache_size = -{int(megabytes) * 1024}")
        except (sqlite3.Error, StoreError):
            yield
            return
        try:
            yield
        finally:
            with contextlib.suppress(sqlite3.Error):
                conn.execute(f"PRAGMA cache_size = {int(before)}")

    def sync_every_commit(self) -> None:
        """Make this thread's commits survive a power cut, each synced to disk as it commits.

        For the outbox's worker: a delivery handed over and then undone by a power cut would
        be sent again. Other writers keep ``synchronous = NORMAL``.
        """
        try:
            self._conn.execute("PRAGMA synchronous = FULL")
        except sqlite3.Error as exc:
            raise self._error(exc) from exc

    def checkpoint(self) -> None:
        """Fold the write-ahead log into the database file (after a bulk load)."""
        self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    @property
    def schema_version(self) -> int:
        """The schema version of the open file."""
        return int(self._conn.execute("PRAGMA user_version").fetchone()[0])

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

    def delete_meta(self, key: str) -> None:
        """Forget a bookkeeping value (nothing happens when there is none)."""
        with self.transaction() as conn:
            conn.execute("DELETE FROM meta WHERE key = ?", (key,))
