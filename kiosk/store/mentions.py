"""Mentions: what the analysis found in each item, where, and of what kind."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime

from kiosk.days import day_of_us
from kiosk.model import Kind
from kiosk.store.base import StoreBase, select_in, us_of
from kiosk.store.zone import follow_zone_in
from kiosk.values import MentionRecord

__all__ = ["MentionStore"]


class MentionStore(StoreBase):
    """Mentions per item (written by ``kiosk.analysis``) and people's corrections of kinds."""

    def replace_mentions(
        self,
        mentions: dict[int, Sequence[MentionRecord]],
        item_kinds: Mapping[int, tuple[Kind, float]] | None = None,
        languages: Mapping[int, str] | None = None,
    ) -> None:
        """Replace the mentions of these feedback ids.

        Args:
            mentions: every mention of each item (an empty list removes its mentions).
            item_kinds: the classifier's kind of each item with its confidence, kept beside
                the source's kind (the shown kind follows the order of trust).
            languages: the language detected in items whose source gave none.

        A mention of an item whose kind a person corrected takes the corrected kind: the
        person judged the whole item, and re-analysis must not undo it.
        """
        with self.transaction() as conn:
            follow_zone_in(conn)
            self._replace_mentions(conn, mentions, item_kinds)
            if languages:
                # Only where the source said nothing: a source's own language stands, and the
                # item's digest (what tells a changed item) is the source's alone.
                conn.executemany(
                    "UPDATE feedback SET language = ? WHERE id = ? AND language IS NULL",
                    [(lang, fid) for fid, lang in languages.items()],
                )

    def _replace_mentions(
        self,
        conn: sqlite3.Connection,
        mentions: dict[int, Sequence[MentionRecord]],
        item_kinds: Mapping[int, tuple[Kind, float]] | None = None,
    ) -> None:
        if not mentions and not item_kinds:
            return
        if item_kinds:
            conn.executemany(
                "UPDATE feedback SET inferred_kind = ?, inferred_confidence = ? WHERE id = ?",
                [(k.value, round(c, 4), fid) for fid, (k, c) in item_kinds.items()],
            )
            self._log_changes(conn, [i for i in item_kinds if i not in mentions])
        if not mentions:
            return
        ids = list(mentions)
        self._log_changes(conn, ids)
        corrected = dict(
            select_in(
                conn,
                "SELECT f.id, k.kind FROM feedback f JOIN kind_correction k"
                " ON k.feed_id = f.feed_id AND k.external_id = f.external_id"
                " WHERE f.id IN ({marks})",
                ids,
            )
        )
        select_in(conn, "DELETE FROM mention WHERE feedback_id IN ({marks})", ids)
        meta = {
            rid: (day_of_us(created_us), customer_id)
            for rid, created_us, customer_id in select_in(
                conn,
                "SELECT id, created_us, customer_id FROM feedback"
                " WHERE id IN ({marks}) AND withdrawn = 0",
                ids,
            )
        }
        term_ids = self._term_ids(
            conn, {m.term_key: m.term_label for ms in mentions.values() for m in ms}
        )
        rows: list[tuple[object, ...]] = []
        for fid, ms in mentions.items():
            if fid not in meta:
                continue
            day, customer_id = meta[fid]
            override = corrected.get(fid)
            for m in ms:
                tid = term_ids[m.term_key]
                kind = override or m.kind.value
                rows.append((fid, tid, kind, m.confidence, m.start, m.end, day, customer_id))
        conn.executemany(
            'INSERT INTO mention (feedback_id, term_id, kind, confidence, start, "end", day,'
            " customer_id) VALUES (?,?,?,?,?,?,?,?)",
            rows,
        )

    def merge_terms(self, merged: Mapping[str, str], labels: Mapping[str, str]) -> None:
        """Move the mentions of terms to the terms they were merged into.

        Args:
            merged: the key of each merged term -> the key of the term it went into.
            labels: the label of each term kept (every key ``merged`` maps to); a kept term
                the store has already keeps its label where none is given.
        """
        with self.transaction() as conn:
            kept = self._term_ids(
                conn, {key: labels[key] for key in merged.values() if key in labels}
            )
            unnamed = [key for key in dict.fromkeys(merged.values()) if key not in kept]
            if unnamed:
                kept.update(
                    select_in(conn, "SELECT key, id FROM term WHERE key IN ({marks})", unnamed)
                )
            for key, into in merged.items():
                row = conn.execute("SELECT id FROM term WHERE key = ?", (key,)).fetchone()
                if row is None or into not in kept:
                    continue
                items = [
                    r[0]
                    for r in conn.execute(
                        "SELECT DISTINCT feedback_id FROM mention WHERE term_id = ?", row
                    )
                ]
                if items:
                    conn.execute(
                        "UPDATE mention SET term_id = ? WHERE term_id = ?", (kept[into], row[0])
                    )
                    self._log_changes(conn, items)

    @staticmethod
    def _log_changes(conn: sqlite3.Connection, feedback_ids: Sequence[int]) -> None:
        """Note changed items, for readers that keep their own copy (the counting index)."""
        conn.executemany(
            "INSERT INTO change_log (feedback_id) VALUES (?)", [(i,) for i in feedback_ids]
        )

    def correct_kind(self, feedback_id: int, kind: Kind | None, by: str | None = None) -> None:
        """Record a person's kind for an item (None takes the correction back).

        The correction is kept by the item's key, so it survives the item being synced again,
        re-analysed, withdrawn and restored, or pruned and fetched again. Its mentions take the
        corrected kind at once, and with them every number on every screen; taking a correction
        back leaves the mentions as they are until the item is analysed again (the caller's
        analysis does that).
        """
        with self.transaction() as conn:
            row = conn.execute(
                "SELECT feed_id, external_id FROM feedback WHERE id = ?", (feedback_id,)
            ).fetchone()
            if row is None:
                raise KeyError(f"no feedback item with id {feedback_id}")
            if kind is None:
                conn.execute(
                    "DELETE FROM kind_correction WHERE feed_id = ? AND external_id = ?", row
                )
            else:
                conn.execute(
                    "INSERT INTO kind_correction (feed_id, external_id, kind, by, at_us)"
                    " VALUES (?,?,?,?,?) ON CONFLICT (feed_id, external_id) DO UPDATE SET"
                    " kind = excluded.kind, by = excluded.by, at_us = excluded.at_us",
                    (*row, kind.value, by, us_of(datetime.now(UTC))),
                )
                conn.execute(
                    "UPDATE mention SET kind = ? WHERE feedback_id = ?", (kind.value, feedback_id)
                )
            self._log_changes(conn, [feedback_id])

    @staticmethod
    def _term_ids(conn: sqlite3.Connection, labels: dict[str, str]) -> dict[str, int]:
        if not labels:
            return {}
        conn.executemany(
            "INSERT INTO term (key, label) VALUES (?, ?)"
            " ON CONFLICT (key) DO UPDATE SET label = excluded.label",
            list(labels.items()),
        )
        return dict(
            select_in(conn, "SELECT key, id FROM term WHERE key IN ({marks})", list(labels))
        )

    def mentions_of(self, feedback_id: int) -> list[MentionRecord]:
        """Return the mentions found in one feedback item, in text order."""
        rows = self._conn.execute(
            'SELECT t.key, t.label, m.kind, m.confidence, m.start, m."end" FROM mention m'
            " JOIN term t ON t.id = m.term_id WHERE m.feedback_id = ? ORDER BY m.start",
            (feedback_id,),
        ).fetchall()
        return [MentionRecord(k, lbl, Kind(kd), c, s, e) for k, lbl, kd, c, s, e in rows]

    def mention_kinds(self, feedback_ids: Sequence[int]) -> dict[int, set[Kind]]:
        """Return the kinds the analysis found in each item (items without mentions left out)."""
        found: dict[int, set[Kind]] = {}
        for fid, kind in select_in(
            self._conn,
            "SELECT DISTINCT feedback_id, kind FROM mention WHERE feedback_id IN ({marks})",
            list(feedback_ids),
        ):
            found.setdefault(fid, set()).add(Kind(kind))
        return found
