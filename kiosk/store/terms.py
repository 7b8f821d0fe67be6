"""Questions about terms: their items, their label, and finding them by a typed word.

The numbers (customers per word, window, kind, trend) are the counting index's alone
(``kiosk.counts``, through ``kiosk.dashboard.Dashboard``): one definition of "customers".
"""

from __future__ import annotations

from kiosk.model import Kind, Rating, RatingScale, Status
from kiosk.store.base import ANSWERED_SQL, StoreBase, dt_of
from kiosk.values import Slice, TermMention

__all__ = ["TermQueries", "slice_sql"]


class TermQueries(StoreBase):
    """Read-only term queries, answered from the covering mention index."""

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

    def mentioned_labels(self) -> list[tuple[str, str]]:
        """Return (key, label) of every term some item mentions, the oldest term first."""
        rows = self._conn.execute(
            "SELECT t.key, t.label FROM term t"
            " WHERE EXISTS (SELECT 1 FROM mention m WHERE m.term_id = t.id) ORDER BY t.id"
        ).fetchall()
        return [(str(k), str(lbl)) for k, lbl in rows]

    def terms_labelled(self, label: str, limit: int = 8) -> list[tuple[int, str, str]]:
        """Return (id, key, label) of terms shown as ``label``, in any case ("Windows Phone"
        for the key "window phone")."""
        rows = self._conn.execute(
            "SELECT id, key, label FROM term WHERE label = ? COLLATE NOCASE LIMIT ?",
            (label, limit),
        ).fetchall()
        return [(int(i), str(k), str(lbl)) for i, k, lbl in rows]

    def find_terms(self, key: str, limit: int = 30) -> list[tuple[int, str, str]]:
        """Return (id, key, label) of terms whose key starts with ``key`` (a normalised word),
        then of phrases holding a word that starts with it, the shortest keys first."""
        if not key:
            return []
        # A range on the unique key index, not LIKE: "%" and "_" in a typed word are literal.
        found = self._conn.execute(
            "SELECT id, key, label FROM term WHERE key >= ? AND key < ?"
            " ORDER BY length(key), key LIMIT ?",
            (key, key + "\U0010ffff", limit),
        ).fetchall()
        if len(found) < limit:
            escaped = key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            found += self._conn.execute(
                "SELECT id, key, label FROM term WHERE key LIKE ? ESCAPE '\\'"
                " ORDER BY length(key), key LIMIT ?",
                (f"% {escaped}%", limit - len(found)),
            ).fetchall()
        return [(int(i), str(k), str(lbl)) for i, k, lbl in found]

    def term_mentions(
        self,
        term_key: str,
        since_day: int,
        until_day: int,
        limit: int | None = None,
        part: Slice | None = None,
    ) -> list[TermMention]:
        """Return the visible items that mention a term in [since_day, until_day], newest
        first, one row per item (its first mention of the term), at most ``limit`` of them.

        The mentions are walked newest day first along the index and the walk stops once
        ``limit`` items (and the rest of that day) are in, so the newest page of a word that
        a hundred thousand customers used comes back as fast as that of a rare one. ``part``
        keeps only the items of a slice (the view's filters).
        """
        sliced, args = slice_sql(part)
        cur = self._conn.execute(
            'SELECT m.feedback_id, m.kind, m.start, m."end", m.day, f.feed_id, f.external_id,'
            " f.created_us, f.text, f.channel, f.votes, f.status, f.response_us, f.url,"
            " c.key, c.name, c.email, c.segment, c.value, f.rating, f.rating_scale, k.kind, k.by"
            " FROM term t JOIN mention m ON m.term_id = t.id"
            " JOIN feedback f ON f.id = m.feedback_id JOIN customer c ON c.id = m.customer_id"
            " LEFT JOIN kind_correction k"
            " ON k.feed_id = f.feed_id AND k.external_id = f.external_id"
            f" WHERE t.key = ? AND m.day >= ? AND m.day <= ?{sliced} ORDER BY m.day DESC",
            (term_key, since_day, until_day, *args),
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
                dt_of(created),
                text,
                channel,
                votes,
                statuses[status],
                None if resp is None else dt_of(resp),
                url,
                customer_id=row[14],
                customer_name=row[15],
                customer_email=row[16],
                segment=row[17],
                value=row[18],
                rating=None if row[19] is None else Rating(float(row[19]), RatingScale(row[20])),
                corrected=row[21] is not None,
                corrected_by=row[22],
            )
        cur.close()
        result = sorted(found.values(), key=lambda m: (m.created_at, m.feedback_id), reverse=True)
        return result if limit is None else result[:limit]


def slice_sql(part: Slice | None) -> tuple[str, list[object]]:
    """Return the WHERE conditions (with their parameters) that keep a slice's items."""
    if part is None or part.everything:
        return "", []
    conditions: list[str] = []
    args: list[object] = []
    for column, values in (
        ("f.feed_id", part.feeds),
        ("COALESCE(f.channel, '')", part.channels),
        ("COALESCE(c.segment, '')", part.segments),
        ("COALESCE(f.language, '')", part.languages),
        ("m.kind", {k.value for k in part.kinds}),
    ):
        if values:
            conditions.append(f"{column} IN ({','.join('?' * len(values))})")
            args.extend(sorted(values))
    if part.answered is not None:
        conditions.append(ANSWERED_SQL if part.answered else f"NOT {ANSWERED_SQL}")
    return "".join(f" AND {c}" for c in conditions), args
