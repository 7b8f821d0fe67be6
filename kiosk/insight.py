"""What is behind one word: its customers, their words, and the trend, as plain values.

``kiosk.dashboard.term_detail`` fills a :class:`TermDetail` from the store; views show it as
it is, so a view never waits on SQL and tests need no widgets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kiosk.model import Kind
from kiosk.values import AnswerGap, DayRange, Slice, TermMention

__all__ = [
    "FoundWord",
    "Headline",
    "Mover",
    "Movers",
    "TermDetail",
    "TrendPoint",
    "sentence_around",
]

# A full stop ends a sentence only before a space, a closing quote or the end (as the
# analysis' clause breaks have it): never inside "v2.1", "4.5 stars", an address or a link.
_SENTENCE_END = re.compile(r"[.!?]+[\"'”’)]*(?=\s|$)\s*|[。！？\n]+\s*")
SNIPPET_CHARS = 240
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class TrendPoint:
    """A term's customers in one bucket (a day, or a week for long windows), by kind; each
    customer once, under the kind of their latest mention in the bucket."""

    day: int
    by_kind: dict[Kind, int]
    partial: bool = False  # the bucket holds today, which is not over yet


@dataclass(frozen=True, slots=True)
class TermDetail:
    """Everything a drill-down shows for one term in one window.

    ``customers`` are distinct customers in the window (the number the cloud sizes the word
    by and its card shows); ``customers_by_kind`` splits them by the kind of each one's latest
    mention, so it adds up to ``customers``.
    """

    key: str
    label: str
    window_days: int
    mentions: int
    customers: int
    customers_by_kind: dict[Kind, int]
    previous_customers: int
    bucket_days: int
    trend: tuple[TrendPoint, ...]
    rows: tuple[TermMention, ...] = field(default=())
    items: int = 0
    since_day: int = 0
    until_day: int = 0
    window_label: str = ""
    part: Slice = field(default_factory=Slice)
    gap: AnswerGap | None = None  # its customers still waiting for an answer

    @property
    def complete(self) -> bool:
        """Whether ``rows`` holds every item (not just the newest page)."""
        return len(self.rows) >= self.items

    @property
    def change(self) -> float | None:
        """Relative change in customers against the previous window of the same length (0.5 =
        half as many again), or None when the previous window had none to compare with."""
        if not self.previous_customers:
            return None
        return self.customers / self.previous_customers - 1


@dataclass(frozen=True, slots=True)
class Mover:
    """A word whose customers of one kind changed clearly against the previous period.

    ``now`` and ``before`` count customers as everywhere (each once, under the kind of their
    latest mention of the word in that period); ``p_value`` is the chance of a change at least
    this far from the overall trend if the word had only followed it (see
    ``kiosk.dashboard.MOVER_RULE``).
    """

    key: str
    label: str
    kind: Kind
    now: int
    before: int
    p_value: float
    expected: float

    @property
    def change(self) -> int:
        """Customers gained (negative: lost) against the previous period."""
        return self.now - self.before

    @property
    def rising(self) -> bool:
        """Whether the word rose."""
        return self.now > self.before


@dataclass(frozen=True, slots=True)
class Movers:
    """What moved between two periods of the same length, by kind, complaints first.

    ``rising`` and ``falling`` hold each kind's clear movers, the biggest change first;
    ``tested`` is how many (word, kind) pairs were big enough to test at all.
    """

    window: DayRange
    previous: DayRange
    customers_now: int
    customers_before: int
    rising: dict[Kind, tuple[Mover, ...]]
    falling: dict[Kind, tuple[Mover, ...]]
    tested: int = 0

    @property
    def empty(self) -> bool:
        """Whether nothing moved clearly."""
        return not any(self.rising.values()) and not any(self.falling.values())


@dataclass(frozen=True, slots=True)
class FoundWord:
    """What "find a word" found: the term, where it stands in the view, and if it is not in
    the cloud, why (below the cut, given way to a phrase, blocked, nobody used it here).

    ``key`` is None when no term matches; ``others`` are further matches, (key, label).
    """

    query: str
    key: str | None
    label: str
    customers: int = 0
    rank: int | None = None
    in_cloud: bool = False
    reason: str | None = None
    others: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Headline:
    """The wall's headline: today, the biggest rising complaint, and who still waits.

    ``today`` counts the customers who wrote today (``today_complaints`` of them by a
    complaint); ``complaining`` is the header's complaints (customers whose latest item in the
    window is a complaint) and ``unanswered`` those of them whose latest item has no answer.
    """

    today: int
    today_complaints: int
    rising_complaint: Mover | None
    complaining: int
    unanswered: int

    @property
    def parts(self) -> list[str]:
        """The headline's pieces, most telling first; empty pieces are left out."""
        found = []
        if self.rising_complaint is not None:
            m = self.rising_complaint
            found.append(f"Rising: “{m.label}” complaints {m.before:,} → {m.now:,}")
        if self.complaining:
            found.append(f"{self.unanswered:,} of {self.complaining:,} complaints not answered yet")
        if self.today:
            who = "customer" if self.today == 1 else "customers"
            found.append(
                f"Today: {self.today:,} {who} wrote"
                + (f", {self.today_complaints:,} with a complaint" if self.today_complaints else "")
            )
        return found


def sentence_around(text: str, start: int, end: int) -> tuple[str, int, int]:
    """Return the sentence holding text[start:end], and the span's place inside it.

    Long sentences are cut to about ``SNIPPET_CHARS`` around the span with an ellipsis, so a
    1 MB verbatim never reaches a table cell whole.
    """
    start = max(0, min(start, len(text)))
    end = max(start, min(end, len(text)))
    lo = 0
    for match in _SENTENCE_END.finditer(text, 0, start):
        lo = match.end()
    hit = _SENTENCE_END.search(text, end)
    hi = hit.start() + len(hit.group(0).rstrip()) if hit else len(text)
    prefix = suffix = ""
    if hi - lo > SNIPPET_CHARS:
        half = max(20, (SNIPPET_CHARS - (end - start)) // 2)
        new_lo, new_hi = max(lo, start - half), min(hi, end + half)
        # The cut falls between words, never inside one: half an address ("…ample.com") is
        # no longer an address, and masking on the wall would not find it.
        if new_lo > lo and not text[new_lo - 1].isspace():
            space = _SPACE.search(text, new_lo, start)
            new_lo = space.end() if space else start
        if new_hi < hi and not text[new_hi].isspace():
            before = text.rfind(" ", end, new_hi)
            new_hi = before if before >= 0 else end
        prefix = "…" if new_lo > lo else ""
        suffix = "…" if new_hi < hi else ""
        lo, hi = new_lo, new_hi
    snippet = prefix + text[lo:hi] + suffix
    # Drop the leading white space but keep the span where it is.
    stripped = snippet.lstrip()
    shift = len(snippet) - len(stripped)
    offset = len(prefix) - lo - shift
    return stripped.rstrip(), start + offset, end + offset
