"""One definition of every number: distinct customers, by the kind we show, for any window.

"Customers" means distinct customers in the window, on every screen: a word's size, its hover
card, the drill-down's headline and its split by kind, the trend against the previous window,
and the header's counts. A customer counts once per word, under the kind of their latest
mention of it in the window (their latest word on it is what they think now; on the same day
the most urgent kind, a complaint before an idea before a compliment), so the split adds up to
the headline; the header counts each customer once, under the kind of their latest item.

Distinct counts do not add up across days, so they cannot come from daily rollups: this index
keeps every visible mention and item as numpy columns in memory (about 30 bytes a mention: a
year of a million items is some 60 MB), sorted by (term, customer, day), and answers a window in
a few vectorised passes. It follows the store through its change log (``Store.changed_since``):
only the items that changed are loaded again.

Not thread-safe: one worker owns it (the dashboard's).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from kiosk.model import KINDS_BY_URGENCY, Kind
from kiosk.store import Store
from kiosk.store.columns import KIND_CODES, ItemColumns, MentionColumns
from kiosk.values import DayRange, Slice

__all__ = [
    "EVERYTHING",
    "CustomerIndex",
    "DayRange",
    "Slice",
    "TermCount",
    "TermCounts",
    "TermTrend",
]

log = logging.getLogger("kiosk.counts")

KINDS: tuple[Kind, ...] = tuple(KIND_CODES)
_NK = len(KINDS)
# The sort key of a mention: term (22 bits) | customer (23) | day (16) | kind rank (2). The
# rank orders the kinds of one day so that the most urgent comes last, the one "latest" picks.
_RANK_BITS = 2
_DAY_SHIFT = _RANK_BITS
_CUSTOMER_SHIFT = _DAY_SHIFT + 16
_TERM_SHIFT = _CUSTOMER_SHIFT + 23
_DAY_MASK = (1 << 16) - 1
_CUSTOMER_MASK = (1 << (_TERM_SHIFT - _CUSTOMER_SHIFT)) - 1
_RANK_MASK = (1 << _RANK_BITS) - 1
# kind code -> rank, and back
_RANK_OF_CODE = np.zeros(_NK, dtype=np.int64)
for _rank, _kind in enumerate(reversed(KINDS_BY_URGENCY)):
    _RANK_OF_CODE[KIND_CODES[_kind]] = _rank
_CODE_OF_RANK = np.argsort(_RANK_OF_CODE)

Ints = npt.NDArray[np.int64]


EVERYTHING = Slice()


@dataclass(frozen=True, slots=True)
class TermCount:
    """A term's customers in a window, split by the kind of each one's latest mention."""

    term_id: int
    customers: int
    by_kind: dict[Kind, int]
    mentions: int
    previous: int = 0
    items: int = 0
    previous_by_kind: dict[Kind, int] = field(default_factory=dict)
    # Customers whose latest mention's item had no answer (by kind), now and in the previous
    # window as it stood then (see ``CustomerIndex.terms``).
    unanswered_by_kind: dict[Kind, int] = field(default_factory=dict)
    previous_unanswered: int = 0


@dataclass(frozen=True, slots=True)
class TermTrend:
    """A term's customers per bucket of days, by kind (each customer once per bucket)."""

    bucket_days: int
    starts: tuple[int, ...]
    by_kind: tuple[dict[Kind, int], ...] = field(default=())


@dataclass(frozen=True, slots=True)
class _Layout:
    """Columns derived from the sort keys, worked out once after each change."""

    day: Ints
    kind: Ints  # kind codes
    term: Ints
    customer: Ints
    starts: Ints  # where each (term, customer) run of mentions starts
    group_of: npt.NDArray[np.int32]  # each mention's (term, customer) run
    group_term: Ints  # the term of each run
    group_customer: Ints  # the customer of each run
    term_starts: Ints  # where each term's runs start, in ``starts``
    position: Ints
    item_pos: Ints  # each mention's item, as a position in the item columns
    item_day: Ints
    item_kind: Ints
    item_starts: Ints  # where each customer's items start
    item_position: Ints


class TermCounts(dict[int, TermCount]):
    """Every term's counts in one window (term id -> count), and who the customers were."""

    def __init__(
        self, counts: dict[int, TermCount], index: CustomerIndex, present: npt.NDArray[np.bool_]
    ) -> None:
        super().__init__(counts)
        self._index = index
        self._present = present

    def customers(self, term_id: int) -> Ints:
        """Return the (dense) customers of a term in this window, sorted."""
        return self._index._customers_present(term_id, self._present)


class _Codes:
    """Text values as small numbers, growing as new values appear."""

    def __init__(self) -> None:
        self.names: list[str] = []
        self._codes: dict[str, int] = {}

    def encode(self, values: Sequence[str]) -> npt.NDArray[np.int32]:
        codes = self._codes
        for value in sorted(set(values) - codes.keys()):
            codes[value] = len(self.names)
            self.names.append(value)
        return np.fromiter((codes[v] for v in values), dtype=np.int32, count=len(values))

    def matching(self, wanted: Iterable[str]) -> npt.NDArray[np.int32]:
        return np.array([self._codes[w] for w in wanted if w in self._codes], dtype=np.int32)


class _Dense:
    """Store ids (customer, term) as dense numbers, so they pack into one sort key."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.ids = np.zeros(0, dtype=np.int64)  # dense number -> store id
        self._map: dict[int, int] = {}

    def encode(self, ids: Ints) -> Ints:
        if not len(ids):
            return np.zeros(0, dtype=np.int64)
        unique, inverse = np.unique(ids, return_inverse=True)
        known = self._map
        fresh = [int(u) for u in unique if int(u) not in known]
        if fresh:
            start = len(self.ids)
            if start + len(fresh) > self.limit:
                raise OverflowError("the counting index is full; it is rebuilt")
            for offset, value in enumerate(fresh):
                known[value] = start + offset
            self.ids = np.concatenate([self.ids, np.array(fresh, dtype=np.int64)])
        dense = np.array([known[int(u)] for u in unique], dtype=np.int64)
        return dense[inverse]

    def get(self, store_id: int) -> int | None:
        return self._map.get(store_id)


def _check_days(days: Ints) -> None:
    if len(days) and (days.min() < 0 or days.max() > _DAY_MASK):
        raise OverflowError("a day outside 1970-2149")


def _among(
    codes: npt.NDArray[np.integer], wanted: Sequence[int] | npt.NDArray[np.int32], size: int
) -> npt.NDArray[np.bool_]:
    """Return which small non-negative codes are among ``wanted`` (a table lookup: np.isin
    sorts, and a slice's filter runs over every mention on each change of view)."""
    table = np.zeros(max(size, 1), dtype=bool)
    table[np.asarray(wanted, dtype=np.int64)] = True
    return table[codes]


def _starts_flag(length: int, starts: Ints) -> npt.NDArray[np.int8]:
    """Return 1 at each run's start and 0 elsewhere (its running sum numbers the runs)."""
    flag = np.zeros(length, dtype=np.int8)
    flag[starts] = 1
    return flag


def _runs(values: Ints) -> Ints:
    """Return where each run of equal values starts in a sorted array."""
    if not len(values):
        return np.zeros(0, dtype=np.int64)
    return np.concatenate([[0], np.flatnonzero(np.diff(values)) + 1]).astype(np.int64)


class CustomerIndex:
    """Every visible mention and item in memory, for exact distinct-customer counts.

    Call :meth:`sync` before asking (it loads what changed since the last call), then ask
    :meth:`terms`, :meth:`term`, :meth:`trend` and :meth:`kinds` for any window and slice.
    """

    def __init__(self) -> None:
        self._reset()

    def _reset(self) -> None:
        self.seq = -1
        self._customers = _Dense(1 << (_TERM_SHIFT - _CUSTOMER_SHIFT))
        self._terms = _Dense(1 << (63 - _TERM_SHIFT))
        self._feeds = _Codes()
        self._channels = _Codes()
        self._segments = _Codes()
        self._languages = _Codes()
        z = np.zeros(0, dtype=np.int64)
        # items, sorted by key = customer | day | kind rank (as mentions, without the term)
        self._i_key = z
        self._item_ids = z
        self._item_attrs = np.zeros((0, 4), dtype=np.int32)  # feed, channel, segment, language
        self._item_answered = np.zeros(0, dtype=bool)
        self._item_answered_day = z  # the day of the first answer, -1 for none
        # mentions, sorted by key = term | customer | day | kind rank
        self._key = z
        self._m_item = z
        self._derived: _Layout | None = None

    # following the store

    def sync(self, store: Store) -> bool:
        """Bring the index up to date with the store; return whether anything changed."""
        if self.seq < 0:
            self._load(store)
            return True
        newest, changed = store.changed_since(self.seq)
        if changed is None:
            self._reset()
            self._load(store)
            return True
        if not changed:
            self.seq = newest
            return False
        try:
            self._apply(store, changed)
        except OverflowError:
            self._reset()
            self._load(store)
            return True
        self.seq = newest
        return True

    def _load(self, store: Store) -> None:
        seq = store.change_seq()
        self._add_items(store.item_columns())
        self._add_mentions(store.mention_columns())
        self.seq = seq
        log.info("counting index: %d items, %d mentions", len(self._item_ids), len(self._key))

    def _apply(self, store: Store, changed: list[int]) -> None:
        gone = np.array(sorted(changed), dtype=np.int64)
        keep = ~np.isin(self._item_ids, gone)
        if not keep.all():
            self._i_key = self._i_key[keep]
            self._item_ids = self._item_ids[keep]
            self._item_attrs = self._item_attrs[keep]
            self._item_answered = self._item_answered[keep]
            self._item_answered_day = self._item_answered_day[keep]
        keep = ~np.isin(self._m_item, gone)
        if not keep.all():
            self._key = self._key[keep]
            self._m_item = self._m_item[keep]
        self._add_items(store.item_columns(changed))
        self._add_mentions(store.mention_columns(changed))

    def _add_items(self, cols: ItemColumns) -> None:
        if not len(cols.ids):
            self._derived = None
            return
        attrs = np.stack(
            [
                self._feeds.encode(cols.feeds),
                self._channels.encode(cols.channels),
                self._segments.encode(cols.segments),
                self._languages.encode(cols.languages),
            ],
            axis=1,
        )
        _check_days(cols.days)
        key = (
            (self._customers.encode(cols.customers) << _CUSTOMER_SHIFT)
            | (cols.days << _DAY_SHIFT)
            | _RANK_OF_CODE[cols.kinds]
        )
        order = np.argsort(key, kind="stable")
        at = np.searchsorted(self._i_key, key[order], side="right")
        self._i_key = np.insert(self._i_key, at, key[order])
        self._item_ids = np.insert(self._item_ids, at, cols.ids[order])
        self._item_attrs = np.insert(self._item_attrs, at, attrs[order], axis=0)
        self._item_answered = np.insert(self._item_answered, at, cols.answered[order])
        self._item_answered_day = np.insert(
            self._item_answered_day, at, cols.answered_days[order].astype(np.int64)
        )
        self._derived = None

    def _add_mentions(self, cols: MentionColumns) -> None:
        if not len(cols.terms):
            self._derived = None
            return
        _check_days(cols.days)
        key = (
            (self._terms.encode(cols.terms) << _TERM_SHIFT)
            | (self._customers.encode(cols.customers) << _CUSTOMER_SHIFT)
            | (cols.days << _DAY_SHIFT)
            | _RANK_OF_CODE[cols.kinds]
        )
        order = np.argsort(key, kind="stable")
        key, items = key[order], cols.items[order]
        at = np.searchsorted(self._key, key, side="right")
        self._key = np.insert(self._key, at, key)
        self._m_item = np.insert(self._m_item, at, items)
        self._derived = None

    # derived columns, worked out once after each change

    def _columns(self) -> _Layout:
        derived = self._derived
        if derived is None:
            key = self._key
            pair = key >> _CUSTOMER_SHIFT
            starts = _runs(pair)
            group_term = key[starts] >> _TERM_SHIFT
            by_id = np.argsort(self._item_ids)
            found = np.searchsorted(self._item_ids[by_id], self._m_item)
            item_pos = by_id[np.minimum(found, max(len(by_id) - 1, 0))] if len(by_id) else found
            i_key = self._i_key
            derived = self._derived = _Layout(
                day=(key >> _DAY_SHIFT) & _DAY_MASK,
                kind=_CODE_OF_RANK[key & _RANK_MASK],
                term=key >> _TERM_SHIFT,
                customer=pair & _CUSTOMER_MASK,
                starts=starts,
                group_of=(np.cumsum(_starts_flag(len(key), starts), dtype=np.int64) - 1).astype(
                    np.int32
                ),
                group_term=group_term,
                group_customer=pair[starts] & _CUSTOMER_MASK,
                term_starts=_runs(group_term),
                position=np.arange(len(key), dtype=np.int64),
                item_pos=item_pos.astype(np.int64),
                item_day=(i_key >> _DAY_SHIFT) & _DAY_MASK,
                item_kind=_CODE_OF_RANK[i_key & _RANK_MASK],
                item_starts=_runs(i_key >> _CUSTOMER_SHIFT),
                item_position=np.arange(len(i_key), dtype=np.int64),
            )
        return derived

    def _item_mask(self, part: Slice) -> npt.NDArray[np.bool_] | None:
        """Return which items a slice keeps (None: all of them)."""
        if part.everything:
            return None
        mask = np.ones(len(self._item_ids), dtype=bool)
        for column, codes, wanted in (
            (0, self._feeds, part.feeds),
            (1, self._channels, part.channels),
            (2, self._segments, part.segments),
            (3, self._languages, part.languages),
        ):
            if wanted:
                mask &= _among(
                    self._item_attrs[:, column], codes.matching(wanted), len(codes.names)
                )
        if part.answered is not None:
            mask &= self._item_answered == part.answered
        return mask

    def _waiting(self, items: Ints, as_of: int | None) -> npt.NDArray[np.bool_]:
        """Return which items (positions) had no answer by the end of day ``as_of`` (None:
        no answer at all so far)."""
        day = self._item_answered_day[items]
        if as_of is None:
            return day < 0
        return (day < 0) | (day > as_of)

    def _unanswered(
        self, terms: Ints, positions: Ints, as_of: int | None, nterms: int
    ) -> npt.NDArray[np.int64]:
        """Count, per term and kind, the runs whose latest mention (``positions``) is on an
        item still waiting for an answer."""
        c = self._columns()
        waiting = self._waiting(c.item_pos[positions], as_of)
        return np.bincount(
            terms[waiting] * _NK + c.kind[positions][waiting], minlength=nterms * _NK
        ).reshape(nterms, _NK)

    def _mention_mask(
        self, window: DayRange, part: Slice, rows: slice = slice(None)
    ) -> npt.NDArray[np.bool_]:
        """Return which mentions (of ``rows``) fall in the window and the slice."""
        c = self._columns()
        day = c.day[rows]
        mask = (day >= window.first) & (day <= window.last)
        items = self._item_mask(part)
        if items is not None:
            mask &= items[c.item_pos[rows]]
        if part.kinds:
            mask &= _among(c.kind[rows], [KIND_CODES[k] for k in part.kinds], _NK)
        return mask

    # questions

    @property
    def size(self) -> tuple[int, int]:
        """(items, mentions) held."""
        return len(self._item_ids), len(self._key)

    def terms(
        self,
        window: DayRange,
        part: Slice = EVERYTHING,
        *,
        previous: bool = True,
        as_of: int | None = None,
    ) -> TermCounts:
        """Return every term used in the window with its counts.

        Args:
            as_of: the day up to which answers count for the unanswered customers (None:
                every answer so far); the previous window is judged the same time after its
                own end (``as_of - window.days``, or its last day when ``as_of`` is None).
        """
        c = self._columns()
        nterms = len(self._terms.ids)
        if not len(self._key):
            return TermCounts({}, self, np.zeros(0, dtype=bool))
        mask = self._mention_mask(window, part)
        group, latest = self._latest_per_group(mask)
        present = np.zeros(len(c.starts), dtype=bool)
        present[group] = True
        by_kind = np.bincount(
            c.group_term[group] * _NK + c.kind[latest], minlength=nterms * _NK
        ).reshape(nterms, _NK)
        mentions = np.bincount(c.term[mask], minlength=nterms)
        waiting = self._unanswered(c.group_term[group], latest, as_of, nterms)
        before = np.zeros((nterms, _NK), dtype=np.int64)
        waited = np.zeros(nterms, dtype=np.int64)
        if previous:
            had, then = self._latest_per_group(self._mention_mask(window.previous(), part))
            before = np.bincount(
                c.group_term[had] * _NK + c.kind[then], minlength=nterms * _NK
            ).reshape(nterms, _NK)
            judged = (window.last if as_of is None else as_of) - window.days
            waited = self._unanswered(c.group_term[had], then, judged, nterms).sum(axis=1)
        customers = by_kind.sum(axis=1)
        before_total = before.sum(axis=1)
        result: dict[int, TermCount] = {}
        for dense in np.flatnonzero(customers):
            row = by_kind[dense]
            term_id = int(self._terms.ids[dense])
            was = before[dense]
            wait = waiting[dense]
            result[term_id] = TermCount(
                term_id,
                int(customers[dense]),
                {KINDS[k]: int(row[k]) for k in range(_NK) if row[k]},
                int(mentions[dense]),
                int(before_total[dense]),
                previous_by_kind={KINDS[k]: int(was[k]) for k in range(_NK) if was[k]},
                unanswered_by_kind={KINDS[k]: int(wait[k]) for k in range(_NK) if wait[k]},
                previous_unanswered=int(waited[dense]),
            )
        return TermCounts(result, self, present)

    def _latest_per_group(self, mask: npt.NDArray[np.bool_]) -> tuple[Ints, Ints]:
        """Return the (term, customer) runs with a mention in the mask, and the position of
        each one's latest such mention (the sort puts it last in its run).

        Works on the masked mentions only: a month is a twelfth of a year's.
        """
        picked = np.flatnonzero(mask)
        group = self._columns().group_of[picked]
        last = np.ones(len(picked), dtype=bool)
        last[:-1] = group[1:] != group[:-1]
        return group[last].astype(np.int64), picked[last]

    def facets(self) -> dict[str, list[str]]:
        """Return the values each slice can take (feeds, channels, segments, languages)."""
        c = self._item_attrs
        found: dict[str, list[str]] = {}
        for column, (name, codes) in enumerate(
            (
                ("feed", self._feeds),
                ("channel", self._channels),
                ("segment", self._segments),
                ("language", self._languages),
            )
        ):
            present = np.unique(c[:, column]) if len(c) else np.zeros(0, dtype=np.int32)
            found[name] = sorted(codes.names[int(i)] for i in present)
        return found

    def _customers_present(self, term_id: int, present: npt.NDArray[np.bool_]) -> Ints:
        """Return the (dense) customers of a term whose run is marked present, sorted."""
        dense = self._terms.get(term_id)
        if dense is None:
            return np.zeros(0, dtype=np.int64)
        c = self._columns()
        at = int(np.searchsorted(c.group_term, dense, side="left"))
        end = int(np.searchsorted(c.group_term, dense, side="right"))
        return c.group_customer[at:end][present[at:end]]

    def _term_rows(self, term_id: int) -> slice:
        dense = self._terms.get(term_id)
        if dense is None:
            return slice(0, 0)
        lo = int(np.searchsorted(self._key, dense << _TERM_SHIFT, side="left"))
        hi = int(np.searchsorted(self._key, (dense + 1) << _TERM_SHIFT, side="left"))
        return slice(lo, hi)

    def term(
        self,
        term_id: int,
        window: DayRange,
        part: Slice = EVERYTHING,
        *,
        as_of: int | None = None,
    ) -> TermCount:
        """Return one term's counts in a window, with the previous window's customers (and
        the unanswered ones, judged as :meth:`terms` does with ``as_of``)."""
        rows = self._term_rows(term_id)
        empty = TermCount(term_id, 0, {}, 0)
        if rows.stop <= rows.start:
            return empty
        c = self._columns()
        mask = self._mention_mask(window, part, rows)
        customer = c.customer[rows]
        position = np.arange(rows.stop - rows.start)
        boundaries = np.concatenate([[0], np.flatnonzero(np.diff(customer)) + 1])
        latest = np.maximum.reduceat(np.where(mask, position, -1), boundaries)
        present = latest >= 0
        kinds = c.kind[rows][latest[present]]
        counts = np.bincount(kinds, minlength=_NK)
        items_of = c.item_pos[rows]
        waiting = self._waiting(items_of[latest[present]], as_of)
        unanswered = np.bincount(kinds[waiting], minlength=_NK)
        earlier = self._mention_mask(window.previous(), part, rows)
        then = np.maximum.reduceat(np.where(earlier, position, -1), boundaries)
        had = then >= 0
        judged = (window.last if as_of is None else as_of) - window.days
        items = len(np.unique(self._m_item[rows][mask]))
        return TermCount(
            term_id,
            int(present.sum()),
            {KINDS[k]: int(counts[k]) for k in range(_NK) if counts[k]},
            int(mask.sum()),
            int(had.sum()),
            items,
            unanswered_by_kind={KINDS[k]: int(unanswered[k]) for k in range(_NK) if unanswered[k]},
            previous_unanswered=int(self._waiting(items_of[then[had]], judged).sum()),
        )

    def trend(
        self, term_id: int, window: DayRange, bucket_days: int, part: Slice = EVERYTHING
    ) -> TermTrend:
        """Return a term's customers per bucket of days (from the window's first day), each
        customer once per bucket under the kind of their latest mention in it."""
        starts = tuple(range(window.first, window.last + 1, bucket_days))
        buckets = len(starts)
        rows = self._term_rows(term_id)
        grid = np.zeros((buckets, _NK), dtype=np.int64)
        if rows.stop > rows.start:
            c = self._columns()
            mask = self._mention_mask(window, part, rows)
            if mask.any():
                customer = c.customer[rows][mask]
                bucket = (c.day[rows][mask] - window.first) // bucket_days
                kinds = c.kind[rows][mask]
                # Rows stay in (customer, day) order: the last of each (customer, bucket) run
                # is that customer's latest mention in the bucket.
                pair = customer * buckets + bucket
                last = np.flatnonzero(np.append(np.diff(pair) != 0, True))
                np.add.at(grid, (bucket[last], kinds[last]), 1)
        return TermTrend(
            bucket_days,
            starts,
            tuple({KINDS[k]: int(row[k]) for k in range(_NK) if row[k]} for row in grid),
        )

    def kinds(
        self, window: DayRange, part: Slice = EVERYTHING, *, unanswered: bool = False
    ) -> dict[Kind, int]:
        """Return the customers who wrote in the window, each once under the kind of their
        latest item (the header's counts); with ``unanswered``, only those whose latest item
        has no answer yet (of the header's complaints, those still waiting)."""
        if not len(self._i_key):
            return {}
        c = self._columns()
        mask = self._items_in(window, part)
        latest = np.maximum.reduceat(np.where(mask, c.item_position, -1), c.item_starts)
        latest = latest[latest >= 0]
        if unanswered:
            latest = latest[~self._item_answered[latest]]
        counts = np.bincount(c.item_kind[latest], minlength=_NK)
        return {KINDS[k]: int(counts[k]) for k in range(_NK) if counts[k]}

    def items(self, window: DayRange, part: Slice = EVERYTHING) -> int:
        """Return how many items were written in the window and the slice (its kinds too):
        items, not customers; a customer with three ideas gives three."""
        if not len(self._i_key):
            return 0
        return int(np.count_nonzero(self._items_in(window, part)))

    def _items_in(self, window: DayRange, part: Slice) -> npt.NDArray[np.bool_]:
        """Return which items (positions) fall in the window and the slice, kinds included."""
        c = self._columns()
        mask = (c.item_day >= window.first) & (c.item_day <= window.last)
        items = self._item_mask(part)
        if items is not None:
            mask &= items
        if part.kinds:
            mask &= _among(c.item_kind, [KIND_CODES[k] for k in part.kinds], _NK)
        return mask

    def customers_of(self, term_id: int, window: DayRange, part: Slice = EVERYTHING) -> Ints:
        """Return the (dense) customers who used a term in the window, sorted."""
        c = self._columns()
        rows = self._term_rows(term_id)
        if rows.stop <= rows.start:
            return np.zeros(0, dtype=np.int64)
        mask = self._mention_mask(window, part, rows)
        runs = _runs(c.customer[rows])
        return c.customer[rows][runs][np.logical_or.reduceat(mask, runs)]
