"""Mentions and their rollups: what the analysis found in each item, counted per day and span."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime

from kiosk.model import Kind
from kiosk.store.base import DAY_US, StoreBase, select_in, us_of
from kiosk.store.schema import SPAN_DAYS
from kiosk.values import MentionRecord

__all__ = ["MentionStore"]


class MentionStore(StoreBase):
    """Mentions per item (written by ``kiosk.analysis``) and the daily and 30-day rollups."""

    def replace_mentions(
        self,
        mentions: dict[int, Sequence[MentionRecord]],
        item_kinds: Mapping[int, tuple[Kind, float]] | None = None,
        languages: Mapping[int, str] | None = None,
    ) -> None:
        """Replace the mentions of these feedback ids, and bring the rollups up to date.

        Args:
            mentions: every mention of each item (an empty list removes its mentions).
            item_kinds: the classifier's kind of each item with its confidence, kept beside
                the source's kind (the shown kind follows the order of trust).
            languages: the language detected in items whose source gave none.

        A mention of an item whose kind a person corrected takes the corrected kind: the
        person judged the whole item, and re-analysis must not undo it.
        """
        with self.transaction() as conn:
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
        touched: set[tuple[int, int]] = set(
            select_in(
                conn,
                "SELECT DISTINCT term_id, day FROM mention WHERE feedback_id IN ({marks})",
                ids,
            )
        )
        select_in(conn, "DELETE FROM mention WHERE feedback_id IN ({marks})", ids)
        meta = {
            rid: (created_us // DAY_US, customer_id)
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
                touched.add((tid, day))
        conn.executemany(
            'INSERT INTO mention (feedback_id, term_id, kind, confidence, start, "end", day,'
            " customer_id) VALUES (?,?,?,?,?,?,?,?)",
            rows,
        )
        self._refresh_rollups(conn, touched)

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
                touched = set(
                    conn.execute(
                        "SELECT DISTINCT term_id, day FROM mention WHERE feedback_id = ?",
                        (feedback_id,),
                    ).fetchall()
                )
                conn.execute(
                    "UPDATE mention SET kind = ? WHERE feedback_id = ?", (kind.value, feedback_id)
                )
                self._refresh_rollups(conn, touched)
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

    @staticmethod
    def _prune_rollups(conn: sqlite3.Connection, day: int) -> None:
        """Drop the rollups before ``day``; the span the cut falls in keeps its remaining days."""
        conn.execute("DELETE FROM rollup_day WHERE day < ?", (day,))
        conn.execute("DELETE FROM rollup_span WHERE span <= ?", (day // SPAN_DAYS,))
        conn.execute(
            "INSERT INTO rollup_span (term_id, span, kind, mentions, customers)"
            " SELECT term_id, day / 30, kind, SUM(mentions), SUM(customers)"
            " FROM rollup_day WHERE day >= ? AND day < ?"
            " GROUP BY term_id, day / 30, kind",
            (day, (day // SPAN_DAYS + 1) * SPAN_DAYS),
        )
