"""Plain values the store hands out and the views read: no SQL, no Qt, no validation cost.

They live in the core, beside the model, so a view that shows a term's statistics depends on
what the numbers are, not on where they are kept.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Final

# Day numbers are the local calendar's (kiosk.days); offered here beside DayRange.
from kiosk.days import day_of
from kiosk.model import Feedback, Kind, KindSource, Rating, Status

__all__ = [
    "AnswerGap",
    "Correction",
    "CustomerStats",
    "DayRange",
    "FeedbackRow",
    "Idea",
    "IdeaCounts",
    "MentionRecord",
    "Slice",
    "TermDay",
    "TermMention",
    "TermStat",
    "UpsertResult",
    "Withdrawal",
    "day_of",
]


@dataclass(frozen=True, slots=True)
class DayRange:
    """Whole local days since the epoch (see ``kiosk.days``), both ends included."""

    first: int
    last: int

    @property
    def days(self) -> int:
        """How many days the range covers."""
        return self.last - self.first + 1

    def previous(self) -> DayRange:
        """The range of the same length just before this one."""
        return DayRange(self.first - self.days, self.first - 1)


@dataclass(frozen=True, slots=True)
class Slice:
    """A part of the feedback: empty sets mean every value (no filter)."""

    feeds: frozenset[str] = frozenset()
    channels: frozenset[str] = frozenset()
    segments: frozenset[str] = frozenset()
    languages: frozenset[str] = frozenset()
    kinds: frozenset[Kind] = frozenset()
    answered: bool | None = None

    @property
    def everything(self) -> bool:
        """Whether the slice filters nothing."""
        return not (
            self.feeds or self.channels or self.segments or self.languages or self.kinds
        ) and (self.answered is None)


@dataclass(frozen=True, slots=True)
class UpsertResult:
    """What a batch did to the store: ids of new and changed rows, and how many were unchanged."""

    new_ids: tuple[int, ...] = ()
    changed_ids: tuple[int, ...] = ()
    unchanged: int = 0
    # Items the store could not hold, with the reason: (feed_id, external_id, reason).
    rejected: tuple[tuple[str, str, str], ...] = ()

    @property
    def new(self) -> int:
        """Number of items that were not in the store before."""
        return len(self.new_ids)

    @property
    def changed(self) -> int:
        """Number of items whose text, status, response or other fields changed."""
        return len(self.changed_ids)


@dataclass(frozen=True, slots=True)
class Withdrawal:
    """What a complete read of a snapshot feed withdrew: the ids of the items it hid, how many
    it held back (a loss of more than half the feed, seen once; see
    ``FeedbackStore.withdraw_vanished``), and how many live items the feed had before."""

    withdrawn: list[int]
    held: int = 0
    stored: int = 0


@dataclass(frozen=True, slots=True)
class Correction:
    """A person's judgement of an item's kind: it wins over every other source of one."""

    kind: Kind
    by: str | None
    at: datetime


@dataclass(frozen=True, slots=True)
class FeedbackRow:
    """A stored item with its row id, whether its source withdrew it, and every opinion on its
    kind: the source's (in ``feedback``), the classifier's, and a person's correction."""

    id: int
    feedback: Feedback
    withdrawn: bool = False
    inferred_kind: Kind = Kind.UNCLASSIFIED
    inferred_confidence: float = 0.0
    correction: Correction | None = None

    @property
    def kind(self) -> Kind:
        """The kind shown everywhere: the most trusted opinion there is."""
        return self.kind_and_source[0]

    @property
    def kind_and_source(self) -> tuple[Kind, KindSource]:
        """The kind shown, and where it came from."""
        if self.correction is not None:
            return self.correction.kind, KindSource.CORRECTED
        fb = self.feedback
        # A rating says how pleased the customer is, not whether they ask for something: where
        # the words ask ("4 stars, would be 5 if it had a widget"), the item is an idea.
        # ``SHOWN_KIND_SQL`` says the same.
        asks = fb.kind_source is KindSource.RATING and self.inferred_kind is Kind.IDEA
        if fb.kind is not Kind.UNCLASSIFIED and fb.kind_source.labelled and not asks:
            return fb.kind, fb.kind_source
        return self.inferred_kind, KindSource.INFERRED


class MentionRecord:
    """One use of a term in one feedback item, with its kind and character span.

    Read-only (``Final``). A plain class rather than a frozen dataclass: the analysis makes
    one per term of every item and the store one per mention it reads, and a frozen
    dataclass's ``__init__`` sets each field through ``object.__setattr__``, four times the
    cost of plain assignments.
    """

    __slots__ = ("confidence", "end", "kind", "start", "term_key", "term_label")

    def __init__(
        self, term_key: str, term_label: str, kind: Kind, confidence: float, start: int, end: int
    ) -> None:
        self.term_key: Final = term_key
        self.term_label: Final = term_label
        self.kind: Final = kind
        self.confidence: Final = confidence
        self.start: Final = start
        self.end: Final = end

    def __eq__(self, other: object) -> bool:
        return isinstance(other, MentionRecord) and self._fields() == other._fields()

    def __hash__(self) -> int:
        return hash(self._fields())

    def __repr__(self) -> str:
        return (
            f"MentionRecord(term_key={self.term_key!r}, term_label={self.term_label!r},"
            f" kind={self.kind!r}, confidence={self.confidence!r}, start={self.start!r},"
            f" end={self.end!r})"
        )

    def _fields(self) -> tuple[str, str, Kind, float, int, int]:
        return (self.term_key, self.term_label, self.kind, self.confidence, self.start, self.end)


@dataclass(frozen=True, slots=True)
class TermStat:
    """A term's weight in a window: customers and mentions by kind, and the previous window."""

    key: str
    label: str
    customers: int
    mentions: int
    customers_by_kind: dict[Kind, int] = field(default_factory=dict)
    previous_customers: int = 0
    # Rose clearly against the previous period, beyond all feedback's own trend (the same
    # test as "what moved"); few words at a time, so the mark keeps its meaning.
    rising: bool = False
    # What else the word gathers: its most written form in each other language, as
    # (language code, form) pairs ("livraison" in French for delivery).
    forms: tuple[tuple[str, str], ...] = ()
    # How many of its customers still wait for an answer (see AnswerGap).
    gap: AnswerGap | None = None


@dataclass(frozen=True, slots=True)
class TermDay:
    """Mentions of a term on one day, by kind."""

    day: int
    kind: Kind
    mentions: int
    customers: int


@dataclass(frozen=True, slots=True)
class TermMention:
    """One row of a drill-down: a feedback item that mentions a term, with its customer.

    Plain values (no validation on the way out), because a drill-down may list 20,000 of them.
    ``start``/``end`` locate the first mention of the term in ``text``.
    """

    feedback_id: int
    feed_id: str
    external_id: str
    kind: Kind
    start: int
    end: int
    created_at: datetime
    text: str
    channel: str | None
    votes: int
    status: Status
    response_at: datetime | None
    url: str | None
    customer_id: str
    customer_name: str | None
    customer_email: str | None
    segment: str | None
    value: float | None
    rating: Rating | None = None
    corrected: bool = False  # a person set the item's kind; ``kind`` is theirs
    corrected_by: str | None = None


@dataclass(frozen=True, slots=True)
class CustomerStats:
    """Counts by kind in a window."""

    compliments: int = 0
    ideas: int = 0
    complaints: int = 0
    unclassified: int = 0

    @property
    def total(self) -> int:
        """The customers who wrote in the window, each once (the kinds add up to it)."""
        return self.compliments + self.ideas + self.complaints + self.unclassified


@dataclass(frozen=True, slots=True)
class AnswerGap:
    """How many of a word's customers still wait for an answer, and how that compares.

    Customers are counted as everywhere (distinct in the window, each under the kind of their
    latest mention of the word); one waits when the item of that latest mention has no answer
    (neither the source's response nor a message of ours that went out). The previous period
    is judged as it stood the same time after its end (its last day, when the window ends
    today), so an old period does not look better answered only because it is older.
    """

    customers: int
    unanswered_by_kind: dict[Kind, int] = field(default_factory=dict)
    previous_customers: int = 0
    previous_unanswered: int = 0

    @property
    def unanswered(self) -> int:
        """Customers still waiting for an answer."""
        return sum(self.unanswered_by_kind.values())

    @property
    def share(self) -> float | None:
        """The share of the customers still waiting, or None without customers."""
        return self.unanswered / self.customers if self.customers else None

    @property
    def previous_share(self) -> float | None:
        """The same share in the previous period, or None when it had no customers."""
        if not self.previous_customers:
            return None
        return self.previous_unanswered / self.previous_customers


@dataclass(frozen=True, slots=True)
class Idea:
    """A customer's idea with its votes, where the company is with it, and the last change.

    No customer name: the list may be shown on the floor. ``previous_status`` and
    ``status_changed_at`` come from the status changes the kiosk saw (a sync that found a new
    status); ``status_changed_at`` falls back on the company's response, when there is one.
    """

    feedback_id: int
    feed_id: str
    external_id: str
    text: str
    votes: int
    status: Status
    created_at: datetime
    url: str | None = None
    previous_status: Status | None = None
    status_changed_at: datetime | None = None
    answered: bool = False


@dataclass(frozen=True, slots=True)
class IdeaCounts:
    """How many ideas the ideas list stands for, as items and as customers.

    Items are counted as items (a customer with three ideas gives three); customers as
    everywhere, each once. ``customers_in_window`` is the header's count of customers with
    ideas under an idea filter; ``header_ideas`` is what the header shows beside "ideas" for
    the view as it is (each customer once, under their latest item's kind), or None when the
    header shows no ideas (a filter to other kinds).
    """

    items: int  # up to the window's end
    customers: int
    items_in_window: int
    customers_in_window: int
    header_ideas: int | None = None
