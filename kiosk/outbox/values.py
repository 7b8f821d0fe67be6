"""The outbox's plain values: a draft, its recipients, their delivery states, the answers given.

No SQL, no network, no Qt: the store hands these out, the compose form and the outbox list
read them, the delivery worker acts on them.
"""

from __future__ import annotations

import enum
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from kiosk.model import Kind
from kiosk.values import FeedbackRow

__all__ = [
    "FIDER_STATUSES",
    "STATES_PERSON_FIRST",
    "Announced",
    "Answer",
    "AnswerOrigin",
    "Audience",
    "Candidate",
    "Composition",
    "DeliveryJob",
    "DeliveryState",
    "Draft",
    "ItemDelivery",
    "JobItem",
    "MessageKind",
    "Operation",
    "OutboxMessage",
    "OutboxRecipient",
    "Plan",
    "PlannedRecipient",
    "ReplyChannel",
    "Unreachable",
    "Unreached",
]

# The statuses a reply may give an idea on Fider. Fider's "duplicate" also needs the number of
# the original post, which an answer to customers does not have; "open" is no answer.
FIDER_STATUSES = ("planned", "started", "completed", "declined")


class MessageKind(enum.StrEnum):
    """A reply to one customer, or an announcement to everyone behind a word."""

    REPLY = "reply"
    ANNOUNCEMENT = "announcement"


class ReplyChannel(enum.StrEnum):
    """How a feed's customers are answered (the feed's ``reply`` option)."""

    FIDER = "fider"
    EMAIL = "email"
    WEBHOOK = "webhook"
    RECORD = "record"

    @property
    def label(self) -> str:
        """The channel in words, for the preview ("by e-mail")."""
        return _CHANNEL_LABELS[self]


_CHANNEL_LABELS = {
    ReplyChannel.FIDER: "on Fider",
    ReplyChannel.EMAIL: "by e-mail",
    ReplyChannel.WEBHOOK: "through the webhook",
    ReplyChannel.RECORD: "recorded only (answered elsewhere)",
}


class Operation(enum.StrEnum):
    """What delivering one recipient's message does."""

    COMMENT = "comment"  # a comment on the customer's Fider post
    STATUS = "status"  # a Fider idea's status and response (Fider tells its voters)
    EMAIL = "email"
    WEBHOOK = "webhook"
    RECORD = "record"


class DeliveryState(enum.StrEnum):
    """Where one recipient's message is.

    ``queued`` waits for the worker; ``sending`` is in the worker's hands; ``sent`` is final
    (never sent again); ``failed`` carries the reason and, while the worker will try again by
    itself, when; ``cancelled`` was stopped by a person; ``unconfirmed`` was handed to the
    channel but whether it went out is unknown, so it waits for a person to confirm or retry.
    """

    QUEUED = "queued"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    CANCELLED = "cancelled"
    UNCONFIRMED = "unconfirmed"

    @property
    def label(self) -> str:
        """The state in words."""
        return _STATE_LABELS[self]


_STATE_LABELS = {
    DeliveryState.QUEUED: "queued",
    DeliveryState.SENDING: "sending",
    DeliveryState.SENT: "sent",
    DeliveryState.FAILED: "failed",
    DeliveryState.CANCELLED: "cancelled",
    DeliveryState.UNCONFIRMED: "waiting for a person to confirm",
}


# The order a message's deliveries are told in: those a person may have to act on first.
STATES_PERSON_FIRST = (
    DeliveryState.UNCONFIRMED,
    DeliveryState.FAILED,
    DeliveryState.SENDING,
    DeliveryState.QUEUED,
    DeliveryState.SENT,
    DeliveryState.CANCELLED,
)


@dataclass(frozen=True, slots=True)
class Draft:
    """What a person wrote: the message template and what fills it.

    ``subject`` and ``body`` hold placeholders such as ``{first_name}`` and ``{term}`` (see
    ``kiosk.outbox.template.PLACEHOLDERS``); ``fider_status``, when set, answers an idea on
    Fider with that status and the message as its response instead of a comment.
    """

    kind: MessageKind
    sender: str
    subject: str
    body: str
    term_key: str | None = None
    term_label: str | None = None
    what_we_do: str = ""
    when_expected: str = ""
    fider_status: str | None = None
    no_name: str = "there"


@dataclass(frozen=True, slots=True)
class Audience:
    """Who of a word's customers an announcement is for; an empty set means no narrowing."""

    kinds: frozenset[Kind] = frozenset()
    since: datetime | None = None
    until: datetime | None = None
    channels: frozenset[str] = frozenset()  # where the feedback came from (Feedback.channel)
    segments: frozenset[str] = frozenset()
    unanswered_only: bool = False


@dataclass(frozen=True, slots=True)
class Candidate:
    """An item that a message may answer, with what it says about the word and whether (and
    when) it was answered already."""

    row: FeedbackRow
    kinds: frozenset[Kind]
    answered_at: datetime | None = None


class Unreachable(enum.StrEnum):
    """Why a customer cannot be reached."""

    DO_NOT_CONTACT = "do_not_contact"
    NO_ROUTE = "no_route"
    NO_EMAIL = "no_email"
    BAD_EMAIL = "bad_email"
    NO_POST = "no_post"
    TOO_LONG = "too_long"

    @property
    def label(self) -> str:
        """The reason in a few words, for a count ("no e-mail address: 12")."""
        return _UNREACHABLE_LABELS[self]


_UNREACHABLE_LABELS = {
    Unreachable.DO_NOT_CONTACT: "asked not to be contacted",
    Unreachable.NO_ROUTE: "their feed has no reply route",
    Unreachable.NO_EMAIL: "no e-mail address",
    Unreachable.BAD_EMAIL: "e-mail address not valid",
    Unreachable.NO_POST: "their Fider post is unknown",
    Unreachable.TOO_LONG: "the message is too long for the channel",
}


@dataclass(frozen=True, slots=True)
class Unreached:
    """A customer the message cannot reach, and why in plain words."""

    customer_key: str
    customer_name: str | None
    reason: Unreachable
    detail: str
    feedback_ids: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class PlannedRecipient:
    """One customer's message, rendered as it will be delivered.

    ``target`` is the e-mail address, the Fider post number, or empty (webhook, record only);
    ``items`` are the (row id, feed id, external id) of every item the message answers.
    """

    customer_key: str
    customer_name: str | None
    feed_id: str
    channel: ReplyChannel
    operation: Operation
    target: str
    subject: str
    body: str
    items: tuple[tuple[int, str, str], ...]


@dataclass(frozen=True, slots=True)
class Plan:
    """A draft worked out for its audience: who gets what, and who cannot be reached."""

    draft: Draft
    recipients: tuple[PlannedRecipient, ...]
    unreachable: tuple[Unreached, ...] = ()
    already_answered: int = 0  # customers left out because they had an answer
    audience: Audience | None = None
    test: bool = False

    @property
    def by_channel(self) -> dict[ReplyChannel, int]:
        """How many recipients each channel reaches."""
        return dict(Counter(r.channel for r in self.recipients))

    @property
    def unreachable_by_reason(self) -> dict[Unreachable, int]:
        """How many customers cannot be reached, by reason."""
        return dict(Counter(u.reason for u in self.unreachable))

    def sample(self, n: int = 5) -> tuple[PlannedRecipient, ...]:
        """Return a few recipients to show, one per channel first."""
        first: dict[ReplyChannel, PlannedRecipient] = {}
        for r in self.recipients:
            first.setdefault(r.channel, r)
        picked = list(first.values())[:n]
        for r in self.recipients:
            if len(picked) >= n:
                break
            if r not in picked:
                picked.append(r)
        return tuple(picked)


@dataclass(frozen=True, slots=True)
class OutboxMessage:
    """A stored message with how many of its recipients are in each state."""

    id: int
    kind: MessageKind
    sender: str
    created_at: datetime
    subject: str
    body: str
    term_key: str | None
    term_label: str | None
    what_we_do: str
    when_expected: str
    fider_status: str | None
    test: bool
    unreachable: dict[str, int] = field(default_factory=dict)
    counts: dict[DeliveryState, int] = field(default_factory=dict)
    # Of the failed ones, those the worker will try again by itself.
    retrying: int = 0

    def counts_person_first(self) -> list[tuple[DeliveryState, int]]:
        """Return the deliveries by state, those a person may have to act on first."""
        return [(s, self.counts[s]) for s in STATES_PERSON_FIRST if self.counts.get(s)]

    @property
    def waiting_for_a_person(self) -> int:
        """Deliveries only a person can move on: failed for good, or not known to have gone."""
        failed = self.counts.get(DeliveryState.FAILED, 0) - self.retrying
        return failed + self.counts.get(DeliveryState.UNCONFIRMED, 0)

    @property
    def recipients(self) -> int:
        """Every recipient the message was queued for."""
        return sum(self.counts.values())

    @property
    def reached(self) -> int:
        """Recipients whose message went out (sent or confirmed)."""
        return self.counts.get(DeliveryState.SENT, 0)


@dataclass(frozen=True, slots=True)
class OutboxRecipient:
    """One recipient's delivery: what is sent, where, and how far it got."""

    id: int
    message_id: int
    customer_key: str
    customer_name: str | None
    feed_id: str
    channel: ReplyChannel
    operation: Operation
    target: str
    subject: str
    body: str
    state: DeliveryState
    attempts: int
    reason: str | None
    next_try_at: datetime | None
    external_ref: str | None
    updated_at: datetime
    sent_at: datetime | None
    confirmed_by: str | None
    items: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class JobItem:
    """An item a delivery answers, as the channel describes it (the webhook's payload)."""

    feed_id: str
    external_id: str
    url: str | None
    kind: Kind | None
    created_at: datetime | None


@dataclass(frozen=True, slots=True)
class DeliveryJob:
    """What the worker needs to deliver one recipient's message.

    ``delivery_id`` is unique across kiosks (the store's own id and the recipient's row id):
    the webhook sends it so a receiver can tell a message it has seen from a new one.
    """

    recipient: OutboxRecipient
    kind: MessageKind
    sender: str
    created_at: datetime
    term_label: str | None
    fider_status: str | None
    test: bool
    delivery_id: str
    items: tuple[JobItem, ...]


class AnswerOrigin(enum.StrEnum):
    """Where an answer was recorded: by this outbox, or by the source itself."""

    OUTBOX = "outbox"
    SOURCE = "source"


@dataclass(frozen=True, slots=True)
class Answer:
    """An answer an item received: when, from whom, how."""

    at: datetime
    by: str | None
    origin: AnswerOrigin
    channel: ReplyChannel | None = None
    message_id: int | None = None
    text: str | None = None


@dataclass(frozen=True, slots=True)
class Composition:
    """What the compose form asks to be worked out: a draft, and to whom.

    A reply names the items it answers (``feedback_ids``); an announcement names its word in
    the draft and narrows its audience.
    """

    draft: Draft
    feedback_ids: tuple[int, ...] = ()
    audience: Audience | None = None


@dataclass(frozen=True, slots=True)
class ItemDelivery:
    """Where the newest message answering an item is: its delivery state, and why.

    Tests are left out: a test answers nothing.
    """

    state: DeliveryState
    channel: ReplyChannel
    kind: MessageKind
    sender: str
    message_id: int
    recipient_id: int
    updated_at: datetime
    sent_at: datetime | None = None
    reason: str | None = None

    @property
    def text(self) -> str:
        """The state in a few words, for a table cell: "sent 30 Jun by e-mail", "queued on
        Fider", "failed: the server refused...", "to confirm: ...", "answered 30 Jun"."""
        state = self.state
        if state is DeliveryState.SENT:
            day = f"{(self.sent_at or self.updated_at).astimezone():%-d %b}"
            if self.channel is ReplyChannel.RECORD:
                return f"answered {day}"
            return f"sent {day} {self.channel.label}"
        if state is DeliveryState.FAILED:
            return f"failed: {self.reason}" if self.reason else "failed"
        if state is DeliveryState.UNCONFIRMED:
            return f"to confirm: {self.reason}" if self.reason else "to confirm"
        if state is DeliveryState.CANCELLED:
            return self.reason or "cancelled"
        return f"{state.label} {self.channel.label}"

    @property
    def detail(self) -> str:
        """Everything about it in a sentence: which message, from whom, how, where it is."""
        when = f"{self.updated_at.astimezone():%Y-%m-%d %H:%M}"
        line = (
            f"Our {self.kind.value} (#{self.message_id}, from {self.sender}),"
            f" {self.channel.label}: {self.state.label} ({when})"
        )
        return f"{line}: {self.reason}" if self.reason else line


@dataclass(frozen=True, slots=True)
class Announced:
    """A recent announcement as the wall shows it ("You said … / We are doing …"): the word,
    what the company does and when, how many customers it reached. Never a name."""

    message_id: int
    term_label: str
    what_we_do: str
    when_expected: str
    at: datetime
    reached: int
    recipients: int
