"""The questions the screens ask, answered off the UI thread. Core code, no Qt.

Every number comes from one place, the counting index (``kiosk.counts``): a word's size, its
card, its drill-down headline and split, the trend against the previous window and the header
all count distinct customers in the window, by the kind we show. Each answer is one frozen
value (``kiosk.values``, ``kiosk.insight``) that a view shows as it is.

A :class:`Dashboard` is owned by one worker thread (its index is not thread-safe).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection
from dataclasses import dataclass, replace
from datetime import UTC, datetime

import numpy as np

from kiosk.analysis.pipeline import merged_into, stored_forms
from kiosk.analysis.text import normalize_token
from kiosk.analysis.vocabulary import term_forms
from kiosk.counts import EVERYTHING, CustomerIndex, DayRange, Slice, TermCount, TermCounts
from kiosk.insight import FoundWord, Headline, Mover, Movers, TermDetail, TrendPoint
from kiosk.model import KINDS_BY_URGENCY, Kind
from kiosk.outbox.values import Announced
from kiosk.store import Store
from kiosk.values import AnswerGap, CustomerStats, Idea, IdeaCounts, TermStat, day_of

__all__ = ["MOVER_RULE", "Dashboard", "answer_gap", "term_detail", "window_ending"]

# A word gives way to a phrase holding it when at least this share of the word's customers
# also used the phrase: "Leeds" beside "Leeds store" says nothing more.
PHRASE_COVERS = 0.8
# Windows longer than this are charted by week.
_WEEKLY_AFTER_DAYS = 90

# What moved: a word is tested for a kind when at least this many customers changed, and is
# called a mover when the change stays clear after allowing for testing every word at once.
MOVER_MIN_CHANGE = 3
MOVER_FALSE_SHARE = 0.05
MOVERS_SHOWN = 12
MOVER_RULE = (
    "A word moved when its customers of a kind changed by at least"
    f" {MOVER_MIN_CHANGE} and by more than chance explains: if the word had only followed"
    " all feedback up or down, a change this big would come up in fewer than"
    f" {MOVER_FALSE_SHARE:.0%} of the words called movers (an exact binomial test per word,"
    " Benjamini–Hochberg across words). So 1 → 3 customers is never news; 10 → 40 is."
)
# At most this share of the words shown carries the rising mark.
RISING_SHARE = 0.08
# Above this many customers the binomial is read from its normal approximation.
_EXACT_UP_TO = 200


def window_ending(now: datetime | None, days: int) -> DayRange:
    """Return the window of ``days`` whole days ending today (today included)."""
    today = day_of(now or datetime.now(UTC))
    return DayRange(today - days + 1, today)


@dataclass(frozen=True, slots=True)
class _Candidate:
    term_id: int
    count: TermCount


class Dashboard:
    """The screens' questions over one store.

    Args:
        store: the store; read on the calling (worker) thread.
    """

    def __init__(self, store: Store) -> None:
        self.store = store
        self.index = CustomerIndex()
        # The language words are shown in (display.language): a card lists the others.
        self.display_language = "en"
        # The last view's counts, for "find a word" as a person types (its rank).
        self._counts: tuple[DayRange, Slice, int, TermCounts] | None = None
        self._facets: dict[str, tuple[str, ...]] | None = None
        # Customers by kind per (window, slice): the header, the rising mark and what moved
        # each ask for this period's and the previous one's.
        self._kinds: dict[tuple[DayRange, Slice], dict[Kind, int]] = {}

    def refresh(self) -> bool:
        """Follow the store's changes; return whether the numbers may have changed."""
        changed = self.index.sync(self.store)
        if changed:
            self.forget_answers()
        return changed

    def forget_answers(self) -> None:
        """Drop the answers kept for the last views (benchmarks time the questions cold)."""
        self._counts = None
        self._facets = None
        self._kinds.clear()

    def _kinds_of(self, window: DayRange, part: Slice) -> dict[Kind, int]:
        found = self._kinds.get((window, part))
        if found is None:
            if len(self._kinds) > 32:
                self._kinds.clear()
            found = self._kinds[(window, part)] = self.index.kinds(window, part)
        return found

    def facets(self) -> dict[str, tuple[str, ...]]:
        """Return the values each slice can take (feed, channel, segment, language)."""
        self.refresh()
        if self._facets is None:
            self._facets = {k: tuple(v) for k, v in self.index.facets().items()}
        return self._facets

    def _terms(self, window: DayRange, part: Slice) -> TermCounts:
        as_of = _as_of(window)
        cached = self._counts
        if cached is not None and cached[:3] == (window, part, as_of):
            return cached[3]
        counts = self.index.terms(window, part, as_of=as_of)
        self._counts = (window, part, as_of, counts)
        return counts

    def header_counts(self, window: DayRange, part: Slice = EVERYTHING) -> CustomerStats:
        """Return the customers who wrote in the window, each once by their latest item's kind."""
        self.refresh()
        counts = self._kinds_of(window, part)
        return CustomerStats(
            compliments=counts.get(Kind.COMPLIMENT, 0),
            ideas=counts.get(Kind.IDEA, 0),
            complaints=counts.get(Kind.COMPLAINT, 0),
            unclassified=counts.get(Kind.UNCLASSIFIED, 0),
        )

    def top_terms(self, window: DayRange, limit: int, part: Slice = EVERYTHING) -> list[TermStat]:
        """Return the ``limit`` terms most customers used in the window, biggest first.

        A word whose customers nearly all also used a phrase holding it gives way to the
        phrase (see ``PHRASE_COVERS``).
        """
        self.refresh()
        counts = self._terms(window, part)
        ranked = _ranked(counts)
        # Some words will give way: look a little further down the list.
        pool = [_Candidate(c.term_id, c) for c in ranked[: limit + limit // 3 + 10]]
        names = self.store.term_names([c.term_id for c in pool])
        kept = self._without_repeated_words(pool, names, counts)[:limit]
        rising = self._rising([c.count for c in kept], window, part, limit)
        gathered = stored_forms(self.store)
        return [
            TermStat(
                key=names[c.term_id][0],
                label=names[c.term_id][1],
                customers=c.count.customers,
                mentions=c.count.mentions,
                customers_by_kind=dict(c.count.by_kind),
                previous_customers=c.count.previous,
                rising=c.term_id in rising,
                forms=_other_forms(gathered.get(names[c.term_id][0], {}), self.display_language),
                gap=answer_gap(c.count),
            )
            for c in kept
        ]

    def _rising(
        self, shown: list[TermCount], window: DayRange, part: Slice, limit: int
    ) -> set[int]:
        """Return the shown words that rose clearly (``MOVER_RULE``, all kinds together), at
        most one in ``RISING_SHARE`` of them, the biggest rises first.

        A wall that ran for hours on a live feed marked every word: a mark on most words says
        nothing. With no previous period to compare with, nothing rises.
        """
        now_total = sum(self._kinds_of(window, part).values())
        before_total = sum(self._kinds_of(window.previous(), part).values())
        if not now_total or not before_total:
            return set()
        share = now_total / (now_total + before_total)
        tested = [
            (c, _binomial_p(c.customers, c.customers + c.previous, share))
            for c in shown
            if c.customers - c.previous >= MOVER_MIN_CHANGE
        ]
        clear = _benjamini_hochberg([p for _c, p in tested], MOVER_FALSE_SHARE)
        risen = [c for (c, p), keep in zip(tested, clear, strict=True) if keep and p < 1]
        risen = [c for c in risen if c.customers > (c.customers + c.previous) * share]
        risen.sort(key=lambda c: (-(c.customers - c.previous), c.term_id))
        return {c.term_id for c in risen[: max(1, round(limit * RISING_SHARE))]}

    @staticmethod
    def _without_repeated_words(
        pool: list[_Candidate], names: dict[int, tuple[str, str]], counts: TermCounts
    ) -> list[_Candidate]:
        phrases: dict[str, list[int]] = {}
        for c in pool:
            words = names[c.term_id][0].split()
            if len(words) > 1:
                for word in words:
                    phrases.setdefault(word, []).append(c.term_id)
        if not phrases:
            return pool
        dropped: set[int] = set()
        for c in pool:
            key = names[c.term_id][0]
            holders = phrases.get(key)
            if not holders or " " in key:
                continue
            mine = counts.customers(c.term_id)
            for phrase in holders:
                shared = np.intersect1d(mine, counts.customers(phrase), assume_unique=True)
                if len(mine) and len(shared) >= PHRASE_COVERS * len(mine):
                    dropped.add(c.term_id)
                    break
        return [c for c in pool if c.term_id not in dropped]

    def term_detail(
        self,
        term_key: str,
        window: DayRange,
        *,
        row_limit: int | None = None,
        part: Slice = EVERYTHING,
        window_label: str = "",
    ) -> TermDetail:
        """Return the drill-down of a term in a window and a slice of the feedback.

        Args:
            row_limit: the most rows to return (newest first); None returns every one. The
                counts are always over every item.
            window_label: how the screens name the window ("Last 30 days").
        """
        self.refresh()
        bucket = 7 if window.days > _WEEKLY_AFTER_DAYS else 1
        term_key = merged_into(self.store, term_key)
        term_id = self.store.term_id(term_key)
        if term_id is None:
            count = TermCount(-1, 0, {}, 0)
            points: tuple[TrendPoint, ...] = tuple(
                TrendPoint(d, {}) for d in range(window.first, window.last + 1, bucket)
            )
        else:
            count = self.index.term(term_id, window, part, as_of=_as_of(window))
            trend = self.index.trend(term_id, window, bucket, part)
            points = tuple(
                TrendPoint(start, by_kind, partial=start + bucket > window.last)
                for start, by_kind in zip(trend.starts, trend.by_kind, strict=True)
            )
        rows = self.store.term_mentions(term_key, window.first, window.last, row_limit, part)
        return TermDetail(
            key=term_key,
            label=self.store.term_label(term_key) or term_key,
            window_days=window.days,
            mentions=count.mentions,
            customers=count.customers,
            customers_by_kind=dict(count.by_kind),
            previous_customers=count.previous,
            bucket_days=bucket,
            trend=points,
            rows=tuple(rows),
            items=count.items,
            since_day=window.first,
            until_day=window.last,
            window_label=window_label or f"last {window.days} days",
            part=part,
            gap=answer_gap(count),
        )

    # what moved

    def movers(self, window: DayRange, part: Slice = EVERYTHING) -> Movers:
        """Return the words whose customers rose or fell clearly against the previous period
        of the same length, by kind (see ``MOVER_RULE`` for what "clearly" means).

        The overall trend is allowed for: when all feedback doubles, a word that doubles with
        it did not move.
        """
        self.refresh()
        counts = self._terms(window, part)
        now_total = sum(self._kinds_of(window, part).values())
        before_total = sum(self._kinds_of(window.previous(), part).values())
        empty: dict[Kind, tuple[Mover, ...]] = {k: () for k in _MOVER_KINDS}
        if not now_total or not before_total:
            return Movers(window, window.previous(), now_total, before_total, empty, empty)
        share = now_total / (now_total + before_total)
        tested: list[tuple[int, Kind, int, int, float]] = []
        for count in counts.values():
            for kind in _MOVER_KINDS:
                now = count.by_kind.get(kind, 0)
                before = count.previous_by_kind.get(kind, 0)
                if abs(now - before) >= MOVER_MIN_CHANGE:
                    tested.append(
                        (count.term_id, kind, now, before, _binomial_p(now, now + before, share))
                    )
        # Words that left the window entirely are movers too (a complaint that stopped).
        tested += self._gone(counts, window, part, share)
        clear = _benjamini_hochberg([t[4] for t in tested], MOVER_FALSE_SHARE)
        chosen = [t for t, keep in zip(tested, clear, strict=True) if keep]
        names = self.store.term_names(sorted({t[0] for t in chosen}))
        movers = [
            Mover(names[t][0], names[t][1], kind, now, before, p, (now + before) * share)
            for t, kind, now, before, p in chosen
        ]
        rising = {
            k: tuple(
                sorted((m for m in movers if m.kind is k and m.rising), key=_by_change)[
                    :MOVERS_SHOWN
                ]
            )
            for k in _MOVER_KINDS
        }
        falling = {
            k: tuple(
                sorted((m for m in movers if m.kind is k and not m.rising), key=_by_change)[
                    :MOVERS_SHOWN
                ]
            )
            for k in _MOVER_KINDS
        }
        return Movers(
            window, window.previous(), now_total, before_total, rising, falling, len(tested)
        )

    def _gone(
        self, counts: TermCounts, window: DayRange, part: Slice, share: float
    ) -> list[tuple[int, Kind, int, int, float]]:
        """Return the tests of words used in the previous period and not at all in this one."""
        earlier = self.index.terms(window.previous(), part, previous=False)
        found: list[tuple[int, Kind, int, int, float]] = []
        for term_id, count in earlier.items():
            if term_id in counts:
                continue
            for kind, before in count.by_kind.items():
                if kind in _MOVER_KINDS and before >= MOVER_MIN_CHANGE:
                    found.append((term_id, kind, 0, before, _binomial_p(0, before, share)))
        return found

    def headline(
        self, window: DayRange, part: Slice = EVERYTHING, today: int | None = None
    ) -> Headline:
        """Return the wall's headline for a window (``today``: the day number of today)."""
        self.refresh()
        day = window.last if today is None else today
        now = self._kinds_of(DayRange(day, day), part)
        risers = self.movers(window, part).rising.get(Kind.COMPLAINT, ())
        # The header's complaints (customers whose latest item is one), and of them those
        # whose complaint has no answer yet: one meaning of "complaints" on one screen.
        waiting = self.index.kinds(window, part, unanswered=True)
        return Headline(
            today=sum(now.values()),
            today_complaints=now.get(Kind.COMPLAINT, 0),
            rising_complaint=risers[0] if risers else None,
            complaining=self._kinds_of(window, part).get(Kind.COMPLAINT, 0),
            unanswered=waiting.get(Kind.COMPLAINT, 0),
        )

    # the loop: who waits for an answer, ideas and announcements

    def term_gap(
        self, term_key: str, window: DayRange, part: Slice = EVERYTHING
    ) -> AnswerGap | None:
        """Return how many of a term's customers wait for an answer (as ``term_detail``
        says it), or None for a term nobody used."""
        self.refresh()
        term_id = self.store.term_id(term_key)
        if term_id is None:
            return None
        return answer_gap(self.index.term(term_id, window, part, as_of=_as_of(window)))

    def ideas(self, window: DayRange, part: Slice = EVERYTHING, limit: int = 300) -> list[Idea]:
        """Return the ideas given up to the window's end (items whose kind is idea), most
        votes first, with their status and its last change (the slice applies, not its
        kinds: these are ideas)."""
        return self.store.ideas(window.last, part, limit)

    def idea_counts(self, window: DayRange, part: Slice = EVERYTHING) -> IdeaCounts:
        """Return how many items are ideas and how many customers gave them, up to the
        window's end and in the window (the slice applies, not its kinds: these are ideas).

        The customers in the window are the header's under an idea filter; beside them, the
        header's "ideas" for ``part`` itself, which counts a customer only when their latest
        item is an idea.
        """
        self.refresh()
        ideas = replace(part, kinds=frozenset({Kind.IDEA}))
        ever = DayRange(0, window.last)
        shown = not part.kinds or Kind.IDEA in part.kinds
        return IdeaCounts(
            items=self.index.items(ever, ideas),
            customers=self._kinds_of(ever, ideas).get(Kind.IDEA, 0),
            items_in_window=self.index.items(window, ideas),
            customers_in_window=self._kinds_of(window, ideas).get(Kind.IDEA, 0),
            header_ideas=self._kinds_of(window, part).get(Kind.IDEA, 0) if shown else None,
        )

    def announcements(self, limit: int = 3) -> list[Announced]:
        """Return the newest announcements that reached customers: the word, what is being
        done and when, and how many customers were told (never a name)."""
        return self.store.recent_announcements(limit)

    # find a word

    def find(
        self,
        text: str,
        window: DayRange,
        part: Slice = EVERYTHING,
        *,
        shown: Collection[str] = (),
        limit: int = 150,
        why_not: Callable[[str], str | None] | None = None,
    ) -> FoundWord:
        """Find the term a person typed, in any form or language it gathers, and say where it
        stands in the view: in the cloud, or why not.

        Args:
            shown: the keys the cloud shows now (a word may not fit on a small screen).
            limit: the most words the cloud shows.
            why_not: why a word never becomes a term (a stop word, the admin's block list).
        """
        query = " ".join(text.split())
        if not query:
            return FoundWord(text, None, "")
        self.refresh()
        counts = self._terms(window, part)
        candidates = self._candidates(query)
        if not candidates:
            reason = why_not(query) if why_not is not None else None
            return FoundWord(
                query, None, query, reason=reason or f"No customer has written “{query}” yet."
            )
        # The best match: one on the cloud, else the one most customers used in the view.
        best = max(
            candidates,
            key=lambda c: (
                c[1] in shown,
                counts[c[0]].customers if c[0] in counts else -1,
                -len(c[1]),
            ),
        )
        term_id, key, label = best
        others = tuple((k, lbl) for i, k, lbl in candidates if i != term_id)[:8]
        if term_id not in counts:
            reason = self._absent_reason(term_id, label, window, part)
            return FoundWord(query, key, label, reason=reason, others=others)
        count = counts[term_id]
        ranked = _ranked(counts)
        rank = next(i for i, c in enumerate(ranked, 1) if c.term_id == term_id)
        in_cloud = key in shown
        reason = None
        if not in_cloud:
            reason = self._cut_reason(term_id, label, rank, limit, counts, ranked)
        return FoundWord(query, key, label, count.customers, rank, in_cloud, reason, others)

    def _candidates(self, query: str) -> list[tuple[int, str, str]]:
        """Return the terms a typed word or phrase may mean: its own forms and the concept
        it names in every language first, then terms that start with it."""
        exact: list[tuple[int, str, str]] = []
        for key in sorted(term_forms(query)):
            term_id = self.store.term_id(key)
            if term_id is not None:
                exact.append((term_id, key, self.store.term_label(key) or key))
        # A word as the cloud shows it: "Windows Phone" is the term "window phone".
        exact.extend(self.store.terms_labelled(query))
        # A form customers wrote that the dictionaries do not know ("Rückerstattungen").
        folded = query.casefold()
        for key, languages in stored_forms(self.store).items():
            if any(f.casefold() == folded for forms in languages.values() for f in forms):
                term_id = self.store.term_id(key)
                if term_id is not None:
                    exact.append((term_id, key, self.store.term_label(key) or key))
        words = [normalize_token(w) for w in query.split()]
        prefix = self.store.find_terms(" ".join(w for w in words if w), limit=30)
        seen: set[int] = set()
        unique = []
        for candidate in exact + prefix:
            if candidate[0] not in seen:
                seen.add(candidate[0])
                unique.append(candidate)
        return unique

    def _absent_reason(self, term_id: int, label: str, window: DayRange, part: Slice) -> str:
        ever = self.index.term(term_id, DayRange(0, window.last), part)
        where = " in this slice" if not part.everything else ""
        if ever.customers:
            return f"Nobody used “{label}” in this period{where}; it was used before it."
        if not part.everything and self.index.term(term_id, window).customers:
            return f"Nobody in this slice used “{label}”; others did in this period."
        return f"Nobody used “{label}” in this period{where}."

    def _cut_reason(
        self,
        term_id: int,
        label: str,
        rank: int,
        limit: int,
        counts: TermCounts,
        ranked: list[TermCount],
    ) -> str:
        customers = counts[term_id].customers
        who = f"{customers:,} customer{'s' if customers != 1 else ''}"
        if rank > limit:
            return f"“{label}” ranks {_ordinal(rank)} ({who}); the cloud shows the top {limit}."
        pool = [_Candidate(c.term_id, c) for c in ranked[: limit + limit // 3 + 10]]
        names = self.store.term_names([c.term_id for c in pool])
        kept = {c.term_id for c in self._without_repeated_words(pool, names, counts)}
        if term_id not in kept:
            return (
                f"“{label}” ({who}) gives way to a phrase holding it: most of its customers"
                " used the phrase, which the cloud shows."
            )
        return f"“{label}” ({who}) did not fit on this screen; a bigger window shows it."


_MOVER_KINDS: tuple[Kind, ...] = tuple(k for k in KINDS_BY_URGENCY if k is not Kind.UNCLASSIFIED)


def _other_forms(languages: dict[str, list[str]], shown_in: str) -> tuple[tuple[str, str], ...]:
    """Return a word's most written form in each language but the one it is shown in."""
    return tuple(
        (language, forms[0])
        for language, forms in sorted(languages.items())
        if language != shown_in and forms
    )


def _as_of(window: DayRange) -> int:
    """Return the day up to which answers count for a window's unanswered customers: today
    (an answer given now to a customer of an older period counts too)."""
    return max(window.last, day_of(datetime.now(UTC)))


def answer_gap(count: TermCount) -> AnswerGap:
    """Return a term's customers still waiting for an answer, from its counts."""
    return AnswerGap(
        count.customers,
        dict(count.unanswered_by_kind),
        count.previous,
        count.previous_unanswered,
    )


def _ranked(counts: TermCounts) -> list[TermCount]:
    return sorted(counts.values(), key=lambda c: (-c.customers, -c.mentions, c.term_id))


def _by_change(mover: Mover) -> tuple[int, float]:
    return (-abs(mover.change), mover.p_value)


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n:,}{suffix}"


def _binomial_p(k: int, n: int, p: float) -> float:
    """Return the two-sided p-value of ``k`` successes in ``n`` tries at chance ``p``.

    Exact (twice the smaller tail) up to ``_EXACT_UP_TO`` tries; beyond, the normal
    approximation with a continuity correction, which is close there for any p we meet.
    """
    if n == 0:
        return 1.0
    if n <= _EXACT_UP_TO:
        i = np.arange(n + 1)
        log_pmf = (
            np.array([math.lgamma(n + 1) - math.lgamma(j + 1) - math.lgamma(n - j + 1) for j in i])
            + i * math.log(p)
            + (n - i) * math.log1p(-p)
        )
        pmf = np.exp(log_pmf)
        lower = float(pmf[: k + 1].sum())
        upper = float(pmf[k:].sum())
        return min(1.0, 2 * min(lower, upper))
    mean = n * p
    sd = math.sqrt(n * p * (1 - p))
    z = max(0.0, abs(k - mean) - 0.5) / sd
    return min(1.0, math.erfc(z / math.sqrt(2)))


def _benjamini_hochberg(p_values: list[float], q: float) -> list[bool]:
    """Return which tests are discoveries when at most a share ``q`` of them may be false."""
    m = len(p_values)
    if not m:
        return []
    order = sorted(range(m), key=p_values.__getitem__)
    cut = -1
    for rank, i in enumerate(order, 1):
        if p_values[i] <= q * rank / m:
            cut = rank
    chosen = set(order[:cut]) if cut > 0 else set()
    return [i in chosen for i in range(m)]


def term_detail(
    store: Store,
    term_key: str,
    window_days: int,
    now: datetime | None = None,
    *,
    row_limit: int | None = None,
) -> TermDetail:
    """Return a term's drill-down over the last ``window_days`` days from a store, with an
    index built for this one question (tests, benchmarks and one-off tools; the app keeps a
    :class:`Dashboard`)."""
    window = window_ending(now, window_days)
    return Dashboard(store).term_detail(term_key, window, row_limit=row_limit)
