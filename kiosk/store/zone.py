"""Stored days follow the machine's time zone: recomputed when the store opens under another.

A mention keeps the local day of its item (``mention.day``, what the drill-down and the
announcements select by; the counting index reads it too). Days depend on the zone's rules,
so the store records which rules its days were computed with (``meta['days.zone']``, from
``kiosk.days.zone_rules``, the same all year) and, opened under other rules, computes every
mention's day again from its item's time, in one transaction: a crash leaves the old days
and the old record, and the next opening does it again.
"""

from __future__ import annotations

import logging
import sqlite3
import time

from kiosk.days import days_of_us, zone_rules

__all__ = ["ZONE_KEY", "follow_zone", "follow_zone_in"]

log = logging.getLogger("kiosk.store")

ZONE_KEY = "days.zone"


def _recorded(conn: sqlite3.Connection) -> str | None:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (ZONE_KEY,)).fetchone()
    return None if row is None else str(row[0])


def follow_zone(conn: sqlite3.Connection) -> bool:
    """Recompute the stored days when they were computed under other zone rules; return
    whether they were. ``conn`` must be outside a transaction."""
    rules = zone_rules()
    if _recorded(conn) == rules:
        return False
    started = time.perf_counter()
    conn.execute("BEGIN IMMEDIATE")
    try:
        # Another process may have done it while this one waited for the write lock.
        before = _recorded(conn)
        if before == rules:
            conn.execute("COMMIT")
            return False
        changed = _restamp_as(conn, rules)
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    log.info(
        "days recomputed for the zone %s (were %s): %d mentions moved day, %.2f s",
        rules,
        before,
        changed,
        time.perf_counter() - started,
    )
    return True


def follow_zone_in(conn: sqlite3.Connection) -> bool:
    """Inside a write transaction about to store mentions: when another process recorded
    other zone rules since this one opened the store (a `sync --once` run under another TZ),
    restamp the days to this process's rules first, so that no mention is written by one
    zone's rules into a store recorded under another's. Return whether it did."""
    rules = zone_rules()
    if _recorded(conn) == rules:
        return False
    changed = _restamp_as(conn, rules)
    log.info("days recomputed for the zone %s before writing: %d mentions moved", rules, changed)
    return True


def _restamp_as(conn: sqlite3.Connection, rules: str) -> int:
    """Restamp every mention's day, record the rules, and make every reader's counting index
    load everything again (its days are stale); return how many mentions moved day."""
    changed = _restamp(conn)
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?, ?)"
        " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (ZONE_KEY, rules),
    )
    if changed:
        # A log that no longer reaches back to where a reader stands tells it to reload all
        # (``changed_since``): the rebuild is no change of any one item.
        newest = conn.execute("SELECT COALESCE(MAX(seq), 0) FROM change_log").fetchone()[0]
        conn.execute("DELETE FROM change_log")
        conn.execute("INSERT INTO change_log (seq, feedback_id) VALUES (?, 0)", (int(newest) + 2,))
    return changed


def _restamp(conn: sqlite3.Connection) -> int:
    """Give every mention its item's local day; return how many mentions changed day."""
    import numpy as np

    rows = conn.execute("SELECT id, created_us FROM feedback").fetchall()
    if not rows:
        return 0
    numbers = np.array(rows, dtype=np.int64)
    days = days_of_us(numbers[:, 1])
    # One statement over the mentions, reading each item's new day from a table by id: a
    # third of the time of an UPDATE per item, and only the rows that change are written
    # (each also moves in the index by (term, day)). A correlated subquery rather than
    # UPDATE ... FROM, which SQLite before 3.33 lacks.
    conn.execute("CREATE TEMP TABLE item_day (id INTEGER PRIMARY KEY, day INTEGER NOT NULL)")
    try:
        conn.executemany(
            "INSERT INTO item_day (id, day) VALUES (?, ?)",
            zip(numbers[:, 0].tolist(), days.tolist(), strict=True),
        )
        new_day = "(SELECT d.day FROM item_day d WHERE d.id = mention.feedback_id)"
        changed = conn.execute(
            f"UPDATE mention SET day = {new_day} WHERE day != {new_day}"
        ).rowcount
    finally:
        conn.execute("DROP TABLE temp.item_day")
    return int(changed)
