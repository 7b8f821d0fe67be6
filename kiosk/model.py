"""Domain model: the feedback a customer gave, and what the company answered.

Every value is frozen and validated on construction, so nonsense (empty text, an unknown kind,
a date that is not a date) is rejected where it enters, with a message that says what was wrong.
"""

from __future__ import annotations

import enum
import math
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

__all__ = [
    "FIELD_LABELS",
    "KINDS_BY_URGENCY",
    "MAPPABLE_FIELDS",
    "MAX_COUNT",
    "MAX_ID_CHARS",
    "Customer",
    "Feedback",
    "InvalidFeedbackError",
    "Kind",
    "KindSource",
    "Rating",
    "RatingScale",
    "Response",
    "Status",
    "parse_kind",
    "parse_status",
    "to_utc",
]


class InvalidFeedbackError(ValueError):
    """A value that cannot be part of a feedback item; the message says which and why."""


# The fields of an item a source's record can carry (a feed's ``mapping`` names where).
MAPPABLE_FIELDS = (
    "external_id",
    "text",
    "created_at",
    "updated_at",
    "kind",
    "customer_id",
    "customer_name",
    "customer_email",
    "customer_segment",
    "customer_value",
    "channel",
    "votes",
    "status",
    "response_text",
    "response_at",
    "response_by",
    "url",
    "language",
    "rating",
)

# What each mappable field is called where a person picks it (the settings dialog, a test's
# findings): the words an admin knows, not the settings file's keys.
FIELD_LABELS: dict[str, str] = {
    "external_id": "id",
    "text": "text",
    "created_at": "date",
    "updated_at": "date changed",
    "kind": "kind",
    "customer_id": "customer id",
    "customer_name": "customer name",
    "customer_email": "customer e-mail",
    "customer_segment": "customer segment",
    "customer_value": "customer value",
    "channel": "channel",
    "votes": "votes",
    "status": "status",
    "response_text": "company's answer",
    "response_at": "answered at",
    "response_by": "answered by",
    "url": "link",
    "language": "language",
    "rating": "rating",
}

# An id is a key, not a text: anything longer is a record that put the wrong field there.
MAX_ID_CHARS = 1000
# The largest whole number the store can hold (SQLite's 64-bit integer).
MAX_COUNT = 2**63 - 1


def _check_unicode(value: str, what: str) -> None:
    """Refuse text that cannot be stored: a lone surrogate (half of a UTF-16 pair) is no
    character, and SQLite (like any UTF-8 consumer) cannot hold it."""
    if value.isascii():
        # A flag CPython keeps on every string: most ids and much text need no encoding.
        return
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        bad = exc.object[exc.start]
        raise InvalidFeedbackError(
            f"{what} holds U+{ord(bad):04X} at position {exc.start}, half of a UTF-16 pair"
            " (a lone surrogate), which is not text"
        ) from None


class Kind(enum.StrEnum):
    """What a customer's feedback is: praise, a suggestion, a problem, or not yet known."""

    COMPLIMENT = "compliment"
    IDEA = "idea"
    COMPLAINT = "complaint"
    UNCLASSIFIED = "unclassified"

    @property
    def plural(self) -> str:
        """The kind as a plural noun ("complaints"; "unclassified" stays as it is)."""
        return self.value if self is Kind.UNCLASSIFIED else f"{self.value}s"

    def counted(self, n: int) -> str:
        """Return "1 complaint", "3 complaints", with thousands separated."""
        return f"{n:,} {self.value if n == 1 else self.plural}"


# The order kinds are listed in: the one the company must act on first.
KINDS_BY_URGENCY = (Kind.COMPLAINT, Kind.IDEA, Kind.COMPLIMENT, Kind.UNCLASSIFIED)


class KindSource(enum.StrEnum):
    """Where an item's kind came from, in order of trust: a person, the source, the source's
    rating, the classifier."""

    CORRECTED = "corrected"
    GIVEN = "given"
    RATING = "rating"
    INFERRED = "inferred"

    @property
    def labelled(self) -> bool:
        """Whether a kind from here is a label (a fact to learn from), not our inference."""
        return self is not KindSource.INFERRED


class RatingScale(enum.StrEnum):
    """The kinds of score a source gives, each with its own reading of good and bad.

    ``stars`` (and CSAT): 1 to 5; ``stars10``: 1 to 10; ``nps``: 0 to 10 (a detractor is 0-6, a
    passive 7-8, a promoter 9-10); ``thumbs``: 1 up, 0 down; ``percent``: 0 to 100.
    """

    STARS = "stars"
    STARS10 = "stars10"
    NPS = "nps"
    THUMBS = "thumbs"
    PERCENT = "percent"

    @property
    def bounds(self) -> tuple[float, float]:
        """The lowest and highest score on this scale."""
        return _SCALE_BOUNDS[self]

    def kind_of(self, value: float) -> Kind:
        """Return what a score says: a compliment, a complaint, or nothing clear (the middle)."""
        low, high = _SCALE_VERDICT[self]
        if value <= low:
            return Kind.COMPLAINT
        if value >= high:
            return Kind.COMPLIMENT
        return Kind.UNCLASSIFIED


_SCALE_BOUNDS = {
    RatingScale.STARS: (1.0, 5.0),
    RatingScale.STARS10: (1.0, 10.0),
    RatingScale.NPS: (0.0, 10.0),
    RatingScale.THUMBS: (0.0, 1.0),
    RatingScale.PERCENT: (0.0, 100.0),
}
# (at most this is a complaint, at least this is a compliment)
_SCALE_VERDICT = {
    RatingScale.STARS: (2.0, 4.0),
    RatingScale.STARS10: (4.0, 8.0),
    RatingScale.NPS: (6.0, 9.0),
    RatingScale.THUMBS: (0.0, 1.0),
    RatingScale.PERCENT: (40.0, 70.0),
}


@dataclass(frozen=True, slots=True)
class Rating:
    """A score the customer gave with their words (stars, NPS, CSAT, thumbs)."""

    value: float
    scale: RatingScale

    def __post_init__(self) -> None:
        object.__setattr__(self, "scale", RatingScale(self.scale))
        value = self.value
        if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
            raise InvalidFeedbackError(f"rating must be a number, got {value!r}")
        low, high = self.scale.bounds
        if not low <= value <= high:
            raise InvalidFeedbackError(
                f"rating {value:g} is outside the {self.scale.value} scale ({low:g} to {high:g})"
            )
        object.__setattr__(self, "value", float(value))

    @property
    def kind(self) -> Kind:
        """What the score says about the item."""
        return self.scale.kind_of(self.value)

    def __str__(self) -> str:
        if self.scale is RatingScale.THUMBS:
            return "thumbs up" if self.value >= 1 else "thumbs down"
        if self.scale is RatingScale.NPS:
            return f"NPS {self.value:g}"
        if self.scale is RatingScale.PERCENT:
            return f"{self.value:g}%"
        top = 10 if self.scale is RatingScale.STARS10 else 5
        return f"{self.value:g} of {top} stars"


class Status(enum.StrEnum):
    """Where the company is with an item."""

    NEW = "new"
    ACKNOWLEDGED = "acknowledged"
    IN_PROGRESS = "in_progress"
    RESOLVED = "resolved"
    DECLINED = "declined"


# Words sources use for the same things; matched case-insensitively after trimming.
_KIND_ALIASES: dict[str, Kind] = {
    "compliment": Kind.COMPLIMENT,
    "praise": Kind.COMPLIMENT,
    "kudos": Kind.COMPLIMENT,
    "positive": Kind.COMPLIMENT,
    "idea": Kind.IDEA,
    "suggestion": Kind.IDEA,
    "feature request": Kind.IDEA,
    "feature": Kind.IDEA,
    "request": Kind.IDEA,
    "complaint": Kind.COMPLAINT,
    "problem": Kind.COMPLAINT,
    "issue": Kind.COMPLAINT,
    "negative": Kind.COMPLAINT,
    "bug": Kind.COMPLAINT,
    "unclassified": Kind.UNCLASSIFIED,
    "": Kind.UNCLASSIFIED,
    "other": Kind.UNCLASSIFIED,
    "neutral": Kind.UNCLASSIFIED,
}

_STATUS_ALIASES: dict[str, Status] = {
    "new": Status.NEW,
    "open": Status.NEW,
    "acknowledged": Status.ACKNOWLEDGED,
    "planned": Status.ACKNOWLEDGED,
    "in progress": Status.IN_PROGRESS,
    "in_progress": Status.IN_PROGRESS,
    "started": Status.IN_PROGRESS,
    "resolved": Status.RESOLVED,
    "completed": Status.RESOLVED,
    "closed": Status.RESOLVED,
    "done": Status.RESOLVED,
    "declined": Status.DECLINED,
    "rejected": Status.DECLINED,
    "duplicate": Status.DECLINED,
    "wontfix": Status.DECLINED,
}


def parse_kind(value: object) -> Kind:
    """Return the Kind a source's word stands for.

    Raises:
        InvalidFeedbackError: the word is not a kind we know.
    """
    if isinstance(value, Kind):
        return value
    if value is None:
        return Kind.UNCLASSIFIED
    key = str(value).strip().lower().replace("-", " ").replace("_", " ")
    kind = _KIND_ALIASES.get(key)
    if kind is None:
        raise InvalidFeedbackError(
            f"unknown kind {value!r}: expected one of compliment, idea, complaint, unclassified"
        )
    return kind


def parse_status(value: object) -> Status:
    """Return the Status a source's word stands for.

    Raises:
        InvalidFeedbackError: the word is not a status we know.
    """
    if isinstance(value, Status):
        return value
    if value is None:
        return Status.NEW
    key = str(value).strip().lower().replace("-", " ")
    status = _STATUS_ALIASES.get(key) or _STATUS_ALIASES.get(key.replace(" ", "_"))
    if status is None:
        raise InvalidFeedbackError(
            f"unknown status {value!r}: expected one of " + ", ".join(s.value for s in Status)
        )
    return status


def to_utc(value: object, what: str = "date") -> datetime:
    """Return an aware UTC datetime; naive datetimes are taken as UTC.

    Raises:
        InvalidFeedbackError: the value is not a datetime.
    """
    if type(value) is datetime and value.tzinfo is UTC:
        # What every source and the store already hand over; astimezone would return it too.
        return value
    if not isinstance(value, datetime):
        raise InvalidFeedbackError(f"{what} must be a date and time, got {type(value).__name__}")
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def _optional_text(value: object, what: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidFeedbackError(f"{what} must be text, got {type(value).__name__}")
    value = value.strip()
    _check_unicode(value, what)
    return value or None


def _key_text(value: object, what: str) -> str:
    """Return one half of an item's key, trimmed; refuse what cannot be a key."""
    if not isinstance(value, str) or not value.strip():
        raise InvalidFeedbackError(f"{what} must be non-empty text")
    value = value.strip()
    _check_unicode(value, what)
    if len(value) > MAX_ID_CHARS:
        raise InvalidFeedbackError(
            f"{what} is {len(value):,} characters long (at most {MAX_ID_CHARS})"
        )
    return value


@dataclass(frozen=True, slots=True)
class Customer:
    """The person (or account) behind a feedback item. Only the id is required."""

    id: str
    name: str | None = None
    email: str | None = None
    segment: str | None = None
    value: float | None = None

    def __post_init__(self) -> None:
        setattr_ = object.__setattr__
        setattr_(self, "id", _key_text(self.id, "customer id"))
        # An absent field stays None; every item of a big file has a customer.
        if self.name is not None:
            setattr_(self, "name", _optional_text(self.name, "customer name"))
        if self.email is not None:
            setattr_(self, "email", _optional_text(self.email, "customer email"))
        if self.segment is not None:
            setattr_(self, "segment", _optional_text(self.segment, "customer segment"))
        if self.value is not None:
            if isinstance(self.value, bool) or not isinstance(self.value, int | float):
                raise InvalidFeedbackError(
                    f"customer value must be a number, got {type(self.value).__name__}"
                )
            if not math.isfinite(self.value):
                raise InvalidFeedbackError("customer value must be a finite number")
            object.__setattr__(self, "value", float(self.value))


@dataclass(frozen=True, slots=True)
class Response:
    """What the company answered: the text, when, and who signed it."""

    text: str
    at: datetime
    by: str | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.text, str) or not self.text.strip():
            raise InvalidFeedbackError("response text must not be empty")
        _check_unicode(self.text, "response text")
        object.__setattr__(self, "at", to_utc(self.at, "response date"))
        object.__setattr__(self, "by", _optional_text(self.by, "response author"))


@dataclass(frozen=True, slots=True)
class Feedback:
    """One thing one customer told us, where and when, and where the company is with it.

    (feed_id, external_id) is the key: the same item fetched twice is the same item.
    """

    feed_id: str
    external_id: str
    text: str
    created_at: datetime
    customer: Customer
    kind: Kind = Kind.UNCLASSIFIED
    kind_source: KindSource = KindSource.GIVEN
    kind_confidence: float = 1.0
    updated_at: datetime | None = None
    channel: str | None = None
    votes: int = 0
    status: Status = Status.NEW
    response: Response | None = None
    url: str | None = None
    language: str | None = None
    rating: Rating | None = None
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def __post_init__(self) -> None:
        # Every item of every feed passes here (a big file, hundreds of thousands a pass), so
        # values already in their final form are kept as they are rather than made again.
        setattr_ = object.__setattr__
        setattr_(self, "feed_id", _key_text(self.feed_id, "feed_id"))
        setattr_(self, "external_id", _key_text(self.external_id, "external_id"))
        text = self.text
        if not isinstance(text, str):
            raise InvalidFeedbackError(f"text must be text, got {type(text).__name__}")
        if not text or text.isspace():
            raise InvalidFeedbackError("text is empty")
        _check_unicode(text, "text")
        if not isinstance(self.customer, Customer):
            raise InvalidFeedbackError("customer must be a Customer")
        if type(self.kind) is not Kind:
            setattr_(self, "kind", parse_kind(self.kind))
        if type(self.kind_source) is not KindSource:
            setattr_(self, "kind_source", KindSource(self.kind_source))
        if type(self.status) is not Status:
            setattr_(self, "status", parse_status(self.status))
        created = to_utc(self.created_at, "created_at")
        setattr_(self, "created_at", created)
        updated = to_utc(self.updated_at, "updated_at") if self.updated_at else created
        setattr_(self, "updated_at", updated)
        conf = self.kind_confidence
        if isinstance(conf, bool) or not isinstance(conf, int | float) or not 0 <= conf <= 1:
            raise InvalidFeedbackError(f"kind_confidence must be between 0 and 1, got {conf!r}")
        if type(conf) is not float:
            setattr_(self, "kind_confidence", float(conf))
        if (
            isinstance(self.votes, bool)
            or not isinstance(self.votes, int)
            or not 0 <= self.votes <= MAX_COUNT
        ):
            raise InvalidFeedbackError(
                f"votes must be a whole number from 0 to {MAX_COUNT:,}, got {self.votes!r}"[:200]
            )
        if self.response is not None and not isinstance(self.response, Response):
            raise InvalidFeedbackError("response must be a Response")
        if self.rating is not None and not isinstance(self.rating, Rating):
            raise InvalidFeedbackError("rating must be a Rating")
        if self.channel is not None:
            setattr_(self, "channel", _optional_text(self.channel, "channel"))
        if self.url is not None:
            setattr_(self, "url", _optional_text(self.url, "url"))
        if self.language is not None:
            setattr_(self, "language", _optional_text(self.language, "language"))

    @property
    def key(self) -> tuple[str, str]:
        """Return the (feed_id, external_id) pair that identifies the item."""
        return (self.feed_id, self.external_id)

    @property
    def answered(self) -> bool:
        """Whether the company has responded to this customer."""
        return self.response is not None
