"""The store's schema: one migration per version, applied in order, never edited once released."""

from __future__ import annotations

import logging
import sqlite3

__all__ = ["SCHEMA_VERSION", "migrate"]

log = logging.getLogger("kiosk.store")

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
    # 4 -> 5: an item's kind from every source of it, in order of trust (a person's correction,
    # kept by key so it survives re-syncs, re-analysis and pruning; the source; its rating;
    # the classifier), and a log of changed items for the in-memory counting index.
    """
    ALTER TABLE feedback ADD COLUMN rating REAL;
    ALTER TABLE feedback ADD COLUMN rating_scale TEXT;
    ALTER TABLE feedback ADD COLUMN inferred_kind TEXT;
    ALTER TABLE feedback ADD COLUMN inferred_confidence REAL;
    CREATE TABLE kind_correction (
        feed_id     TEXT NOT NULL,
        external_id TEXT NOT NULL,
        kind        TEXT NOT NULL,
        by          TEXT,
        at_us       INTEGER NOT NULL,
        PRIMARY KEY (feed_id, external_id)
    ) WITHOUT ROWID;
    CREATE TABLE change_log (
        seq         INTEGER PRIMARY KEY AUTOINCREMENT,
        feedback_id INTEGER NOT NULL
    );
    """,
    # 5 -> 6: the outbox (a message, one row per recipient with its delivery state, the items
    # each answers), answers kept by item key (they survive re-syncs and pruning), customers
    # flagged not to be contacted (by key, across feeds), and this store's own id for
    # delivery ids. A sent delivery is final: the trigger refuses to move it anywhere else.
    """
    CREATE TABLE outbox_message (
        id              INTEGER PRIMARY KEY,
        kind            TEXT NOT NULL CHECK (kind IN ('reply', 'announcement')),
        sender          TEXT NOT NULL,
        created_us      INTEGER NOT NULL,
        subject         TEXT NOT NULL,
        body            TEXT NOT NULL,
        term_key        TEXT,
        term_label      TEXT,
        what_we_do      TEXT NOT NULL DEFAULT '',
        when_expected   TEXT NOT NULL DEFAULT '',
        fider_status    TEXT,
        audience        TEXT,
        unreachable     TEXT,
        test            INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX outbox_message_created ON outbox_message (created_us);
    CREATE TABLE outbox_recipient (
        id              INTEGER PRIMARY KEY,
        message_id      INTEGER NOT NULL REFERENCES outbox_message(id),
        customer_key    TEXT NOT NULL,
        customer_name   TEXT,
        feed_id         TEXT NOT NULL,
        channel         TEXT NOT NULL,
        operation       TEXT NOT NULL,
        target          TEXT NOT NULL,
        subject         TEXT NOT NULL,
        body            TEXT NOT NULL,
        state           TEXT NOT NULL CHECK (state IN
                            ('queued', 'sending', 'sent', 'failed', 'cancelled', 'unconfirmed')),
        attempts        INTEGER NOT NULL DEFAULT 0,
        reason          TEXT,
        next_try_us     INTEGER,
        handed_over_us  INTEGER,
        external_ref    TEXT,
        updated_us      INTEGER NOT NULL,
        sent_us         INTEGER,
        confirmed_by    TEXT,
        UNIQUE (message_id, customer_key)
    );
    CREATE INDEX outbox_recipient_due ON outbox_recipient (state, next_try_us);
    CREATE TRIGGER outbox_sent_is_final BEFORE UPDATE OF state ON outbox_recipient
        WHEN old.state = 'sent' AND new.state != 'sent'
    BEGIN
        SELECT RAISE(ABORT, 'a delivery confirmed sent is never sent again');
    END;
    CREATE TABLE outbox_item (
        recipient_id    INTEGER NOT NULL REFERENCES outbox_recipient(id),
        feed_id         TEXT NOT NULL,
        external_id     TEXT NOT NULL,
        PRIMARY KEY (recipient_id, feed_id, external_id)
    ) WITHOUT ROWID;
    CREATE INDEX outbox_item_key ON outbox_item (feed_id, external_id);
    CREATE TABLE answer (
        feed_id         TEXT NOT NULL,
        external_id     TEXT NOT NULL,
        recipient_id    INTEGER NOT NULL REFERENCES outbox_recipient(id),
        at_us           INTEGER NOT NULL,
        by              TEXT,
        PRIMARY KEY (feed_id, external_id, recipient_id)
    ) WITHOUT ROWID;
    CREATE TABLE contact_preference (
        customer_key    TEXT PRIMARY KEY,
        do_not_contact  INTEGER NOT NULL,
        reason          TEXT,
        by              TEXT,
        at_us           INTEGER NOT NULL
    ) WITHOUT ROWID;
    INSERT INTO meta (key, value) VALUES ('outbox.instance', lower(hex(randomblob(8))))
        ON CONFLICT (key) DO NOTHING;
    """,
    # 6 -> 7: what became of each item: every status change a sync brings (an idea planned,
    # then started), kept by the item's key like answers, for the ideas view. The time is the
    # company's response when it came with the change, else when the kiosk learned it. The
    # ideas view lists by votes: an index in that order stops the walk at the page's end.
    """
    CREATE INDEX feedback_votes ON feedback (votes, created_us) WHERE withdrawn = 0;
    CREATE TABLE status_change (
        feed_id         TEXT NOT NULL,
        external_id     TEXT NOT NULL,
        at_us           INTEGER NOT NULL,
        old_status      TEXT NOT NULL,
        new_status      TEXT NOT NULL
    );
    CREATE INDEX status_change_key ON status_change (feed_id, external_id, at_us);
    CREATE TRIGGER feedback_status_changed AFTER UPDATE OF status ON feedback
        WHEN old.status IS NOT new.status
    BEGIN
        INSERT INTO status_change (feed_id, external_id, at_us, old_status, new_status)
        VALUES (
            new.feed_id,
            new.external_id,
            CASE WHEN new.response_us IS NOT NULL AND new.response_us IS NOT old.response_us
                THEN new.response_us
                ELSE CAST((julianday('now') - 2440587.5) * 86400000000 AS INTEGER) END,
            old.status,
            new.status
        );
    END;
    """,
    # 7 -> 8: no more rollups. Daily sums of distinct customers are no distinct count over a
    # window, so every number comes from the counting index (kiosk/counts.py) over the
    # mentions; keeping the rollups up to date cost every mention write a third of its time.
    # New items enter the full-text index a batch at a time (``FeedbackStore._upsert``):
    # one statement per batch costs a sixth of one per row, which a trigger must use.
    """
    DROP TABLE rollup_span;
    DROP TABLE rollup_day;
    DROP TRIGGER feedback_fts_insert;
    """,
    # 8 -> 9: the votes index holds the voted items only. Over every item it cost a quarter of
    # storing a big file (each batch's zero-vote rows land all over it, by date); the ideas
    # view takes the unvoted ideas newest first from feedback_window instead.
    """
    DROP INDEX feedback_votes;
    CREATE INDEX feedback_voted ON feedback (votes, created_us) WHERE withdrawn = 0 AND votes > 0;
    """,
    # 9 -> 10: days are the local calendar's (kiosk.days). The days stored so far are UTC
    # days: say so, and opening the store recomputes them for the machine's zone
    # (kiosk.store.zone), as it does whenever the zone's rules differ from the stored ones.
    """
    INSERT INTO meta (key, value) VALUES ('days.zone', 'UTC') ON CONFLICT (key) DO NOTHING;
    """,
]


SCHEMA_VERSION = len(_MIGRATIONS)


def migrate(conn: sqlite3.Connection, target: int = SCHEMA_VERSION) -> None:
    """Bring a database from its ``PRAGMA user_version`` up to ``target``, a step per
    transaction, so a crash between steps leaves a consistent older version."""
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
