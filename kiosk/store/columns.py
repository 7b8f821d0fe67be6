"""The store as columns: what the in-memory counting index (``kiosk.counts``) loads and follows.

Every item and every mention, as numpy arrays of plain numbers and codes, and the change log
that says which items to load again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kiosk.days import days_of_us
from kiosk.model import Kind
from kiosk.store.base import SHOWN_KIND_SQL, StoreBase, select_in

if TYPE_CHECKING:
    # numpy loads only when columns are read (the counting index): a headless sync or
    # the analysis alone never pays its import.
    import numpy as np
    import numpy.typing as npt

__all__ = ["KIND_CODES", "ColumnQueries", "ItemColumns", "MentionColumns"]

# A kind as a small number, in the order of Kind: 0 compliment, 1 idea, 2 complaint, 3 none.
KIND_CODES: dict[Kind, int] = {kind: code for code, kind in enumerate(Kind)}
_KIND_SQL = "CASE {col} " + " ".join(f"WHEN '{k.value}' THEN {c}" for k, c in KIND_CODES.items())
_KIND_SQL += f" ELSE {KIND_CODES[Kind.UNCLASSIFIED]} END"
_SHOWN_KIND = _KIND_SQL.format(col=SHOWN_KIND_SQL)
# When an item got its first answer (the source's response, or a message of ours), or
# _NEVER: answered exactly when ``ANSWERED_SQL`` says so, in one look-up of the answers instead of
# two. A response without a date counts from the item's own time.
_NEVER = 2**62
_FIRST_ANSWER = (
    f"MIN(CASE WHEN f.response_text IS NOT NULL THEN COALESCE(f.response_us, f.created_us)"
    f" ELSE {_NEVER} END, COALESCE((SELECT MIN(a.at_us) FROM answer a"
    f" WHERE a.feed_id = f.feed_id AND a.external_id = f.external_id), {_NEVER}))"
)
_ITEM_SELECT = (
    f"SELECT f.id, f.customer_id, f.created_us, {_SHOWN_KIND}, f.feed_id,"
    " COALESCE(f.channel, ''), COALESCE(c.segment, ''), COALESCE(f.language, ''),"
    f" {_FIRST_ANSWER}"
    " FROM feedback f JOIN customer c ON c.id = f.customer_id"
    " LEFT JOIN kind_correction k ON k.feed_id = f.feed_id AND k.external_id = f.external_id"
    " WHERE f.withdrawn = 0"
)
_MENTION_SELECT = (
    f"SELECT m.term_id, m.feedback_id, m.customer_id, m.day, {_KIND_SQL.format(col='m.kind')}"
    " FROM mention m"
)
# The change log is trimmed to this many entries; a reader further behind loads everything.
CHANGE_LOG_KEEP = 200_000


@dataclass(frozen=True, slots=True)
class ItemColumns:
    """Visible items as columns; text fields are codes into their ``names`` lists."""

    ids: npt.NDArray[np.int64]
    customers: npt.NDArray[np.int64]
    days: npt.NDArray[np.int64]
    kinds: npt.NDArray[np.int64]
    answered: npt.NDArray[np.bool_]
    answered_days: npt.NDArray[np.int64]  # the day of the first answer, -1 for none
    feeds: list[str]
    channels: list[str]
    segments: list[str]
    languages: list[str]


@dataclass(frozen=True, slots=True)
class MentionColumns:
    """Mentions of visible items as columns."""

    terms: npt.NDArray[np.int64]
    items: npt.NDArray[np.int64]
    customers: npt.NDArray[np.int64]
    days: npt.NDArray[np.int64]
    kinds: npt.NDArray[np.int64]


def _ints(rows: Sequence[tuple[object, ...]], width: int) -> npt.NDArray[np.int64]:
    import numpy as np

    if not rows:
        return np.zeros((0, width), dtype=np.int64)
    return np.array(rows, dtype=np.int64).reshape(-1, width)


class ColumnQueries(StoreBase):
    """Items and mentions as columns, and what changed since a point in the change log."""

    def change_seq(self) -> int:
        """Return the newest change-log position (0 for a store nothing was written to)."""
        row = self._conn.execute("SELECT MAX(seq) FROM change_log").fetchone()
        return int(row[0] or 0)

    def changed_since(self, seq: int) -> tuple[int, list[int] | None]:
        """Return the newest position and the items changed after ``seq``; None for the items
        when the log no longer reaches back that far (load everything again)."""
        conn = self._conn
        newest = self.change_seq()
        if newest <= seq:
            return newest, []
        oldest = conn.execute("SELECT MIN(seq) FROM change_log").fetchone()[0]
        if oldest is None or oldest > seq + 1:
            return newest, None
        rows = conn.execute(
            "SELECT DISTINCT feedback_id FROM change_log WHERE seq > ? AND seq <= ?",
            (seq, newest),
        ).fetchall()
        return newest, [r[0] for r in rows]

    def trim_change_log(self, keep: int = CHANGE_LOG_KEEP) -> None:
        """Forget all but the newest ``keep`` changes."""
        with self.transaction() as conn:
            conn.execute(
                "DELETE FROM change_log WHERE seq <= (SELECT MAX(seq) FROM change_log) - ?",
                (keep,),
            )

    def item_columns(self, ids: Sequence[int] | None = None) -> ItemColumns:
        """Return visible items (all, or those of ``ids`` still visible) as columns."""
        if ids is None:
            rows = self._conn.execute(_ITEM_SELECT).fetchall()
        else:
            rows = select_in(self._conn, _ITEM_SELECT + " AND f.id IN ({marks})", list(ids))
        import numpy as np

        numbers = _ints([(r[0], r[1], r[2], r[3], r[8]) for r in rows], 5)
        first = numbers[:, 4]
        answered = first < _NEVER
        # Days are local calendar days, which SQL cannot tell (kiosk.days): the same days
        # as the stored mentions', from the same function.
        answered_days = np.full(len(first), -1, dtype=np.int64)
        answered_days[answered] = days_of_us(first[answered])
        return ItemColumns(
            ids=numbers[:, 0],
            customers=numbers[:, 1],
            days=days_of_us(numbers[:, 2]),
            kinds=numbers[:, 3],
            answered=answered,
            answered_days=answered_days,
            feeds=[r[4] for r in rows],
            channels=[r[5] for r in rows],
            segments=[r[6] for r in rows],
            languages=[r[7] for r in rows],
        )

    def mention_columns(self, ids: Sequence[int] | None = None) -> MentionColumns:
        """Return the mentions (of all items, or of ``ids``) as columns."""
        if ids is None:
            rows = self._conn.execute(_MENTION_SELECT).fetchall()
        else:
            rows = select_in(
                self._conn, _MENTION_SELECT + " WHERE m.feedback_id IN ({marks})", list(ids)
            )
        numbers = _ints(rows, 5)
        return MentionColumns(
            terms=numbers[:, 0],
            items=numbers[:, 1],
            customers=numbers[:, 2],
            days=numbers[:, 3],
            kinds=numbers[:, 4],
        )

    def term_names(self, term_ids: Sequence[int]) -> dict[int, tuple[str, str]]:
        """Return (key, label) of each term id."""
        rows = select_in(
            self._conn, "SELECT id, key, label FROM term WHERE id IN ({marks})", term_ids
        )
        return {int(i): (str(k), str(lbl)) for i, k, lbl in rows}

    def term_id(self, key: str) -> int | None:
        """Return the id of a term key, or None when no item ever used it."""
        row = self._conn.execute("SELECT id FROM term WHERE key = ?", (key,)).fetchone()
        return None if row is None else int(row[0])
