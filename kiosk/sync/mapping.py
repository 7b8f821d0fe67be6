"""Turn a source's raw records into :class:`~kiosk.model.Feedback`, or say why not.

A mapping names, for each Feedback field, where its value sits in a record: a dotted path
(``"user.name"``, ``"tags.0"``) or, for ``text``, a list of paths whose values are joined with a
blank line (a title and a description). Fields:

``external_id``, ``text``, ``created_at`` (required in every record) and ``updated_at``,
``kind``, ``customer_id``, ``customer_name``, ``customer_email``, ``customer_segment``,
``customer_value``, ``channel``, ``votes``, ``status``, ``response_text``, ``response_at``,
``response_by``, ``url``, ``language``, ``rating`` (a score on the feed's ``rating_scale``:
stars, stars10, nps, thumbs or percent; where the source gives no kind, the score decides it).

Dates may be ISO 8601 (``2026-03-05T10:15:00Z``; naive ones are UTC), epoch seconds or epoch
milliseconds (numbers, or digit strings; anything above 10^11 is taken as milliseconds), match
one of the feed's ``date_formats`` (``strptime`` patterns), or name their month in English as
Twitter (``Tue Oct 18 21:53:25 +0000 2011``) and RFC 2822 (``Tue, 18 Oct 2011 21:53:25 +0000``)
write it. Day-first and month-first numbers ("01/12/2026") are never guessed. A record without
an id, text or a creation date, or with an impossible date, is skipped and counted; the first
reasons are logged. Without a customer id the e-mail is the id, else the item is its own
customer, so anonymous feedback never merges into one giant "customer".
"""

from __future__ import annotations

import email.utils
import html
import logging
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from kiosk.model import (
    MAPPABLE_FIELDS,
    MAX_COUNT,
    MAX_ID_CHARS,
    Customer,
    Feedback,
    InvalidFeedbackError,
    Kind,
    KindSource,
    Rating,
    RatingScale,
    Response,
    Status,
    parse_kind,
    parse_status,
)

__all__ = [
    "FIELDS",
    "RATING_SCALES",
    "REQUIRED_FIELDS",
    "MappedPage",
    "NoTextError",
    "RecordError",
    "RecordMapper",
    "SkipLog",
    "field_paths",
    "find_records",
    "get_path",
    "guess_scale",
    "parse_date",
    "shown_fields",
    "suggest_mapping",
]

log = logging.getLogger("kiosk.sync")

FIELDS = MAPPABLE_FIELDS
REQUIRED_FIELDS = ("external_id", "text", "created_at")
_MS_THRESHOLD = 1e11
# Earliest plausible feedback, and how far ahead of our clock a source's clock may run.
_EARLIEST = datetime(1990, 1, 1, tzinfo=UTC)
_CLOCK_SKEW = timedelta(days=2)


class RecordError(ValueError):
    """A record that cannot become a Feedback item; the message says which field and why."""


class NoTextError(RecordError):
    """A record whose text field is there but empty or null: an answer left blank."""


Path = tuple[str, ...]


def compile_path(dotted: str) -> Path:
    """Split a dotted path; an empty path means the record (or document) itself."""
    return tuple(p for p in dotted.split(".") if p) if dotted else ()


def get_path(value: Any, path: Path | str) -> Any:
    """Return the value at a dotted path, or None where the path leads nowhere."""
    if isinstance(path, str):
        path = compile_path(path)
    for part in path:
        if isinstance(value, Mapping):
            value = value.get(part)
        elif isinstance(value, list) and part.lstrip("-").isdigit():
            index = int(part)
            value = value[index] if -len(value) <= index < len(value) else None
        else:
            return None
        if value is None:
            return None
    return value


def field_paths(records: Iterable[Any], depth: int = 3) -> tuple[str, ...]:
    """Return the dotted paths of the values the records hold, in first-seen order.

    ``[{"id": 1, "user": {"name": "A"}}]`` gives ``("id", "user.name")``; lists give their
    first element's paths (``tags.0.slug``), so a person can map a field by picking it.
    """
    found: dict[str, None] = {}

    def walk(value: Any, prefix: str, level: int) -> None:
        if isinstance(value, Mapping) and level < depth:
            for key, inner in value.items():
                walk(inner, f"{prefix}{key}.", level + 1)
        elif isinstance(value, list) and value and level < depth:
            walk(value[0], f"{prefix}0.", level + 1)
        elif prefix:
            found.setdefault(prefix[:-1], None)

    for record in records:
        if isinstance(record, Mapping):
            walk(record, "", 0)
    return tuple(found)


def find_records(doc: Any, depth: int = 3) -> tuple[str, list[Any]] | None:
    """Return where a response keeps its list of records, and the list, or None.

    The response itself when it is a list; else the list of objects nearest the top (the
    longest of those at the same depth: ``{"data": [...], "errors": []}`` gives ``data``).
    For a connection test, when the admin has not said where the records are.
    """
    if isinstance(doc, list):
        return "", doc
    level: list[tuple[str, Any]] = [("", doc)]
    for _ in range(depth):
        found: list[tuple[str, list[Any]]] = []
        deeper: list[tuple[str, Any]] = []
        for prefix, value in level:
            if not isinstance(value, Mapping):
                continue
            for key, inner in value.items():
                path = f"{prefix}{key}"
                if isinstance(inner, list) and inner and isinstance(inner[0], Mapping):
                    found.append((path, inner))
                elif isinstance(inner, Mapping):
                    deeper.append((f"{path}.", inner))
        if found:
            return max(found, key=lambda pair: len(pair[1]))
        level = deeper
    return None


def _plain(name: str) -> str:
    return "".join(c for c in name.lower() if c.isalnum())


# Field names that say plainly what they hold (compared without case, "_" or "-"); a
# suggestion also needs the values to fit, and one candidate only.
_NAMES: dict[str, tuple[str, ...]] = {
    "external_id": ("id", "uuid", "ref", "reference", "externalid", "ticketid", "feedbackid",
                    "responseid", "reviewid", "commentid"),
    "text": ("text", "body", "message", "comment", "comments", "feedback", "content",
             "review", "verbatim", "description"),
    "created_at": ("createdat", "created", "createdon", "date", "timestamp", "submittedat",
                   "submitted", "postedat", "time"),
    "rating": ("rating", "score", "stars", "nps", "csat"),
    "customer_email": ("email", "emailaddress", "mail"),
}  # fmt: skip


def _fits(name: str, values: list[Any]) -> bool:
    """Whether every value a field sent fits the item field it would fill."""
    present = [v for v in values if v is not None and v != ""]
    if not present or len(present) < len(values) / 2:
        return False
    if name == "external_id":
        ids = [v for v in present if isinstance(v, str | int) and not isinstance(v, bool)]
        return len(ids) == len(values) and len({str(v) for v in ids}) == len(ids)
    if name == "text":
        return all(isinstance(v, str) for v in present)
    if name == "created_at":
        try:
            for v in present:
                parse_date(v, name)
        except RecordError:
            return False
        return True
    if name == "rating":
        return all(_score(v, RatingScale.STARS) is not None for v in present)
    if name == "customer_email":
        return all(isinstance(v, str) and "@" in v for v in present)
    return False


def suggest_mapping(
    records: Sequence[Any], fields: Sequence[str], wanted: Iterable[str]
) -> dict[str, str]:
    """Return the fields whose name and values make plain which item field they fill.

    A suggestion is made only where one field fits: named for it (``body``, ``created``)
    and with every value of the right kind (unique ids, dates that parse, text); where a
    name fits at several depths, the shallowest one alone. The admin confirms them.

    Args:
        records: the records of a page.
        fields: their dotted paths (``field_paths``).
        wanted: the item fields to suggest a path for.
    """
    sample = [r for r in records[:50] if isinstance(r, Mapping)]
    if not sample:
        return {}
    taken: set[str] = set()
    chosen: dict[str, str] = {}
    for name in wanted:
        names = _NAMES.get(name, ())
        candidates = [f for f in fields if f not in taken and _plain(f.rsplit(".", 1)[-1]) in names]
        if not candidates:
            continue
        shallowest = min(f.count(".") for f in candidates)
        candidates = [f for f in candidates if f.count(".") == shallowest]
        fitting = [f for f in candidates if _fits(name, [get_path(r, f) for r in sample])]
        if len(fitting) == 1:
            chosen[name] = fitting[0]
            taken.add(fitting[0])
    return chosen


def shown_fields(fields: Iterable[str]) -> tuple[str, ...]:
    """Return the fields worth offering a person: no internal ones (a part starting with
    "_", which the kiosk adds itself) and no path that a longer one already details
    (``tags`` beside ``tags.0.slug``)."""
    public = [f for f in fields if not any(part.startswith("_") for part in f.split("."))]
    return tuple(f for f in public if not any(o.startswith(f + ".") for o in public))


def shown(value: Any, limit: int = 60) -> str:
    """Return a value as a reason quotes it: its repr, cut to ``limit`` characters, so that a
    900,000-character cell costs a line on screen and in the log, not megabytes."""
    if isinstance(value, str) and len(value) > limit:
        value = value[:limit]
    try:
        text = repr(value)
    except ValueError:  # an int past Python's digit limit
        text = f"<a {type(value).__name__}>"
    return text if len(text) <= limit else text[: limit - 1] + "…"


def parse_date(
    value: Any, what: str, formats: Sequence[str] = (), now: datetime | None = None
) -> datetime:
    """Return an aware UTC datetime from ISO 8601, epoch seconds/milliseconds or a format.

    Raises:
        RecordError: the value is not a date, or an impossible one (before 1990, or in the
            future beyond a little clock skew).
    """
    when: datetime | None = None
    if isinstance(value, bool):
        raise RecordError(f"{what} {shown(value)} is not a date")
    if isinstance(value, int | float) or (
        isinstance(value, str) and value.strip().replace(".", "", 1).isdigit()
    ):
        try:
            number = float(value)
            if number > _MS_THRESHOLD:
                number /= 1000.0
            when = datetime.fromtimestamp(number, UTC)
        except (OverflowError, OSError, ValueError) as exc:
            raise RecordError(f"{what} {shown(value)} is not a possible date") from exc
    elif isinstance(value, str):
        text = value.strip()
        try:
            when = datetime.fromisoformat(text)
        except ValueError:
            for fmt in formats:
                try:
                    when = datetime.strptime(text, fmt)
                    break
                except ValueError:
                    continue
        if when is None:
            when = _named_month_date(text)
        if when is None:
            raise RecordError(f"{what} {shown(value)} is not a date{_formats_hint(text)}")
        try:
            when = when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)
        except OverflowError as exc:  # year 9999 or 1 with an offset past the year's end
            raise RecordError(f"{what} {shown(value)} is not a possible date") from exc
    else:
        raise RecordError(f"{what} {shown(value)} is not a date")
    latest = (now or datetime.now(UTC)) + _CLOCK_SKEW
    if not _EARLIEST <= when <= latest:
        raise RecordError(f"{what} {shown(value)} is not a possible date for feedback")
    return when


# Twitter's own export: "Tue Oct 18 21:53:25 +0000 2011".
_TWITTER = re.compile(
    r"([A-Za-z]{3}) ([A-Za-z]{3}) (\d{1,2}) (\d{1,2}:\d{2}:\d{2}) ([+-]\d{4}) (\d{4})"
)
# A date with its month's name (RFC 2822, as mail and RSS write it): "18 Oct 2011 21:53:25
# +0000", with or without the weekday in front. A name cannot be read day-first or month-first.
_RFC_2822 = re.compile(r"(?:[A-Za-z]{3}, *)?\d{1,2} [A-Za-z]{3} \d{4} \d{1,2}:\d{2}.*")
# "01/12/2026" is the 1st of December or the 12th of January: only the feed can say which.
_NUMERIC_DATE = re.compile(r"\d{1,2}([/.-])\d{1,2}\1\d{2,4}\b")


def _named_month_date(text: str) -> datetime | None:
    """Return a date written with its month's English name (Twitter's, RFC 2822), or None.

    Read without ``strptime``, whose month and day names are the process locale's (Qt sets
    it to the user's): "Oct" is not a month in German.
    """
    twitter = _TWITTER.fullmatch(text)
    if twitter:
        day_name, month, day, clock, offset, year = twitter.groups()
        text = f"{day_name}, {day} {month} {year} {clock} {offset}"
    elif not _RFC_2822.fullmatch(text):
        return None
    try:
        return email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, OverflowError):
        return None


def _formats_hint(text: str) -> str:
    """Return what to set for a date in a shape the feed does not read."""
    numeric = _NUMERIC_DATE.match(text)
    if numeric:
        sep = numeric.group(1)
        return (
            f'; add its pattern to the feed\'s date_formats: "%d{sep}%m{sep}%Y" if the day'
            f' comes first, "%m{sep}%d{sep}%Y" if the month does'
        )
    return '; add its strptime pattern (such as "%d %B %Y %H:%M") to the feed\'s date_formats'


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        if "\x00" in value:
            # As the CSV source does: a NUL is padding from an exporter, never a character.
            value = value.replace("\x00", "")
        return value.strip() or None
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int | float):
        return str(value)
    return None


def _words(value: Any) -> str | None:
    """Return a text field as ``_text`` does, its HTML character references decoded: APIs and
    exports that escape for a web page send "doesn&#39;t work" and "Settings -&gt; Privacy"
    (tweets as Twitter's API gave them, help-desk exports). Stored as sent, the analysis read
    "doesn" and "39" (no "doesn't": praise for "work"), and the drill-down drew "&#39;". Only a
    reference ended by ";" is decoded: "AT&T" and "R&D" stay as typed."""
    text = _text(value)
    if text is None or "&" not in text or ";" not in text:
        return text
    return _REFERENCE.sub(lambda found: html.unescape(found.group()), text).strip() or None


# A named or numbered character reference, with its semicolon ("&amp;", "&#39;", "&#x27;").
_REFERENCE = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});")


def _finite(value: float) -> float | None:
    """Return a JSON number as a finite float, or None: NaN, infinities, and integers past
    a float's range (JSON has no limit: 1 followed by 400 zeros is a valid number)."""
    try:
        number = float(value)
    except OverflowError:
        return None
    return number if math.isfinite(number) else None


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        try:
            return float(value)
        except OverflowError:  # an integer past a float's range: as big as it gets
            return math.inf if value > 0 else -math.inf
    if isinstance(value, str):
        try:
            return float(value.strip().replace(",", ""))
        except ValueError:
            return None
    return None


def _getter(paths: tuple[Path, ...]) -> Callable[[Mapping[str, Any]], Any]:
    """Return a function reading one mapped field from a record."""
    if len(paths) == 1:
        path = paths[0]
        if len(path) == 1:
            key = path[0]
            return lambda record: record.get(key)
        return lambda record: get_path(record, path)

    def joined(record: Mapping[str, Any]) -> Any:
        parts = [_text(get_path(record, p)) for p in paths]
        return "\n\n".join(p for p in parts if p) or None

    return joined


_THUMBS = {
    "up": 1.0, "yes": 1.0, "true": 1.0, "\U0001f44d": 1.0, "+1": 1.0, "positive": 1.0,
    "down": 0.0, "no": 0.0, "false": 0.0, "\U0001f44e": 0.0, "-1": 0.0, "negative": 0.0,
}  # fmt: skip


RATING_SCALES = ("auto", *(s.value for s in RatingScale))
# A field named for stars is read as stars whatever its first values are.
_NAMES_STARS = re.compile(r"star|csat|satisf", re.IGNORECASE)


def guess_scale(field_name: str) -> RatingScale:
    """Return the scale a rating field's name suggests ("NPS", "How likely are you to
    recommend..." -> nps; "thumbs" -> thumbs; "percent" -> percent), else stars."""
    name = field_name.lower()
    if "nps" in name or "recommend" in name:
        return RatingScale.NPS
    if "thumb" in name or "helpful" in name:
        return RatingScale.THUMBS
    if "percent" in name or "%" in name:
        return RatingScale.PERCENT
    if "/10" in name or "out of 10" in name:
        return RatingScale.STARS10
    return RatingScale.STARS


def _score(value: Any, scale: RatingScale) -> float | None:
    """Return a score as a number: 4, "4", "4/5", "★★★★", "80%", and up/down for thumbs."""
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, int | float):
        return _finite(value)
    if not isinstance(value, str):
        return None
    text = value.strip().lower()
    if scale is RatingScale.THUMBS and text in _THUMBS:
        return _THUMBS[text]
    if text and set(text) <= {"★", "☆"}:
        return float(text.count("★"))
    text = text.split("/", 1)[0].rstrip("%").strip().replace(",", ".")
    try:
        number = float(text)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


@dataclass(slots=True)
class SkipLog:
    """Counts the records a pass skipped, logging only the first few reasons."""

    feed: str
    limit: int = 5
    skipped: int = 0
    reasons: list[str] = field(default_factory=list)
    # Skipped records whose id could not be read: any of them may be an item already stored.
    unidentified: int = 0
    # The feed's texts answer a question (its ``answers`` option): a record whose text is
    # blank is a respondent who left it unanswered, counted in ``blank``, not a skip. Most
    # respondents leave "What went wrong?" blank: as skips, they filled the log every pass and
    # a page with no answer yet made the feed fail ("none of the records could be used").
    answers_a_question: bool = False
    blank: int = 0

    def add(self, where: str, reason: str, *, identified: bool = False) -> None:
        """Count one skipped record; log and keep its reason if it is among the first.

        ``identified``: the record's id was read (the source still has that item).
        """
        self.skipped += 1
        if not identified:
            self.unidentified += 1
        if len(self.reasons) < self.limit:
            text = f"{where}: {reason}"
            self.reasons.append(text)
            log.warning("feed %r skipped a record (%s)", self.feed, text)
        elif self.skipped == self.limit + 1:
            log.warning(
                "feed %r skipped more records; only the first reasons are logged", self.feed
            )


@dataclass(frozen=True, slots=True)
class MappedPage:
    """The items one page of records became, with duplicates in that page removed.

    ``skipped_ids`` are the ids of records that were skipped but had an id: the item is still
    at the source, so a snapshot must not withdraw what the store has of it.
    """

    items: list[Feedback]
    records: int
    duplicates: int
    skipped_ids: list[str] = field(default_factory=list)
    # The first id that repeated in the page (None: none did), for a message.
    repeated: str | None = None
    # Repeats that are other items, not later versions of one: another date of writing (a
    # ticket's status rows share theirs; tweets under one spreadsheet-mangled id do not).
    others: int = 0


class RecordMapper:
    """Map records to Feedback with a field mapping, defaults and date formats.

    Args:
        feed_id: the feed the items belong to.
        mapping: field name to a dotted path (or a list of paths for ``text``).
        defaults: values for fields the records do not carry (``kind = "idea"``).
        date_formats: ``strptime`` patterns tried after ISO 8601.
        kind_of: optional function that derives the kind from the whole record (Fider tags).
        flat: paths are plain keys (CSV headers may contain dots), not dotted paths.
        rating_scale: how to read the ``rating`` field; "auto" guesses from its name.

    Raises:
        ValueError: an unknown field name in the mapping or defaults (the message names it).
    """

    def __init__(
        self,
        feed_id: str,
        mapping: Mapping[str, str | Sequence[str]],
        defaults: Mapping[str, Any] | None = None,
        date_formats: Sequence[str] = (),
        kind_of: Any = None,
        flat: bool = False,
        rating_scale: RatingScale | str = "auto",
    ) -> None:
        self.feed_id = feed_id
        self.defaults = dict(defaults or {})
        self.date_formats = tuple(date_formats)
        self.kind_of = kind_of
        unknown = [k for k in [*mapping, *self.defaults] if k not in FIELDS]
        if unknown:
            raise ValueError(f"unknown field {unknown[0]!r} (fields are {', '.join(FIELDS)})")
        self._paths: dict[str, tuple[Path, ...]] = {}
        # Stars guessed for a field whose name says nothing of stars ("label", "score" of a
        # data set) is settled by the values read: a 0 makes it thumbs, a 2 to 5 stars.
        self._scale_unsure = False
        if rating_scale == "auto":
            where = mapping.get("rating")
            name = where if isinstance(where, str) else ""
            rating_scale = guess_scale(name)
            self._scale_unsure = rating_scale is RatingScale.STARS and not _NAMES_STARS.search(name)
        self.rating_scale = RatingScale(rating_scale)
        for name, spec in mapping.items():
            specs = [spec] if isinstance(spec, str) else list(spec)
            self._paths[name] = tuple((s,) if flat else compile_path(s) for s in specs)
        # One getter per mapped field, chosen once: a plain key is a dictionary lookup, which
        # is what a CSV row (flat) and most API fields are; big files pay per field per row.
        self._getters: dict[str, Callable[[Mapping[str, Any]], Any]] = {
            name: _getter(paths) for name, paths in self._paths.items()
        }
        self._getter_items = tuple(self._getters.items())
        self.now = datetime.now(UTC)

    def _text_is_there(self, record: Mapping[str, Any]) -> bool:
        """Whether a record has the text field (one of them), whatever its value."""
        for path in self._paths.get("text", ()):
            if not path:
                continue
            parent = get_path(record, path[:-1]) if len(path) > 1 else record
            if isinstance(parent, Mapping) and path[-1] in parent:
                return True
        return False

    def missing_required(self) -> list[str]:
        """Return the required fields the mapping gives no path for."""
        return [f for f in REQUIRED_FIELDS if f not in self._paths and f not in self.defaults]

    def _value(self, record: Any, name: str) -> Any:
        getter = self._getters.get(name)
        if getter is not None:
            value = getter(record)
            if value is not None and value != "":
                return value
        return self.defaults.get(name)

    def external_id(self, record: Any) -> str | None:
        """Return a record's id as the item would have it, without mapping the rest."""
        if not isinstance(record, Mapping):
            return None
        found = _text(self._value(record, "external_id"))
        return found if found is not None and len(found) <= MAX_ID_CHARS else None

    def map(self, record: Any) -> Feedback:
        """Return the Feedback item for one record.

        Raises:
            RecordError: a required field is missing, or a value is impossible.
        """
        if not isinstance(record, Mapping):
            raise RecordError(f"expected an object, got {type(record).__name__}")
        # Every field read once (the defaults under what the record has), and a field that is
        # absent costs one lookup: a big file pays for each of them on every row.
        raw = dict(self.defaults) if self.defaults else {}
        for name, getter in self._getter_items:
            found = getter(record)
            if found is not None and found != "":
                raw[name] = found
        get = raw.get
        external_id = _text(get("external_id"))
        if external_id is None:
            raise RecordError("no id")
        text = _words(get("text"))
        if text is None:
            reason = f"id {shown(external_id)}: no text"
            # Blank only where the field is there, empty or null (a survey's API sends null
            # for a question left unanswered): a field gone from the records (an API that
            # renamed it) is a skip, which a pass of nothing usable fails on.
            raise NoTextError(reason) if self._text_is_there(record) else RecordError(reason)
        created_raw = get("created_at")
        if created_raw is None:
            raise RecordError(f"id {shown(external_id)}: no creation date")
        try:
            formats, now = self.date_formats, self.now
            created = parse_date(created_raw, "created_at", formats, now)
            updated_raw = get("updated_at")
            updated = (
                parse_date(updated_raw, "updated_at", formats, now)
                if updated_raw is not None
                else None
            )
            if updated is not None and updated < created:
                updated = created
            kind = self._kind(record, get("kind"))
            rating_raw = get("rating")
            rating = None if rating_raw is None else self._rating(rating_raw, external_id)
            kind_source = KindSource.GIVEN
            if kind is Kind.UNCLASSIFIED and rating is not None:
                kind, kind_source = rating.kind, KindSource.RATING
            response = None
            response_raw = get("response_text")
            response_text = None if response_raw is None else _words(response_raw)
            if response_text:
                at_raw = get("response_at")
                at = (
                    parse_date(at_raw, "response_at", formats, now)
                    if at_raw is not None
                    else updated or created
                )
                response = Response(response_text, at, _text(get("response_by")))
            status = Status.NEW
            status_raw = get("status")
            if status_raw is not None:
                try:
                    status = parse_status(_text(status_raw))
                except InvalidFeedbackError:
                    status = Status.NEW
            votes = 0
            votes_given = get("votes")
            if votes_given is not None:
                votes_raw = _number(votes_given)
                if votes_raw is not None and not (
                    math.isfinite(votes_raw) and votes_raw < MAX_COUNT
                ):
                    raise RecordError(f"votes {votes_given!r:.40} is not a possible count")
                votes = int(votes_raw) if votes_raw is not None and votes_raw >= 0 else 0
            email = _text(get("customer_email"))
            customer_id = _text(get("customer_id")) or email or f"{self.feed_id}:{external_id}"
            value = _number(get("customer_value"))
            customer = Customer(
                customer_id,
                _text(get("customer_name")),
                email,
                _text(get("customer_segment")),
                value if value is not None and value == value and abs(value) < 1e300 else None,
            )
            return Feedback(
                feed_id=self.feed_id,
                external_id=external_id,
                text=text,
                created_at=created,
                updated_at=updated,
                customer=customer,
                kind=kind,
                kind_source=kind_source,
                rating=rating,
                channel=_text(get("channel")),
                votes=votes,
                status=status,
                response=response,
                url=_text(get("url")),
                language=_text(get("language")),
            )
        except RecordError as exc:
            raise RecordError(f"id {shown(external_id)}: {exc}") from exc
        except InvalidFeedbackError as exc:
            raise RecordError(f"id {shown(external_id)}: {exc}") from exc

    def _rating(self, value: Any, external_id: str) -> Rating | None:
        """Read a score; one that does not fit the scale is dropped, never the customer's words."""
        if value is None or value == "":
            return None
        number = _score(value, self.rating_scale)
        if self._scale_unsure and number == 1.0:
            # One star or a thumbs up: until the feed's values say which, a 1 says nothing
            # (the item keeps its words, and the analysis reads their kind).
            return None
        if number is None:
            log.info(
                "feed %r: id %r: rating %.40r is not a number", self.feed_id, external_id, value
            )
            return None
        try:
            return Rating(number, self.rating_scale)
        except InvalidFeedbackError as exc:
            log.info(
                "feed %r: id %r: %s; the item is kept without it", self.feed_id, external_id, exc
            )
            return None

    def _kind(self, record: Any, value: Any) -> Kind:
        if self.kind_of is not None:
            derived: Kind = self.kind_of(record)
            return derived
        try:
            return parse_kind(_text(value))
        except InvalidFeedbackError:
            # A source's own category we do not know is not a reason to drop the customer's
            # words; the analysis infers the kind instead.
            return Kind.UNCLASSIFIED

    def _settle_scale(self, records: Sequence[Any]) -> None:
        """Settle a guessed stars scale on the ratings read: a 0 makes it thumbs (a 0/1
        "label" read as stars made every 1, a thumbs up, a one-star complaint, and every 0
        was dropped as off the scale), a 2 to 5 stars; ones alone settle nothing."""
        getter = self._getters.get("rating")
        if getter is None:
            self._scale_unsure = False
            return
        scores: set[float | None] = set()
        for record in records:
            try:
                value = getter(record) if isinstance(record, Mapping) else None
            except Exception:  # a bad record is the mapping's to report, not this guess's
                continue
            if value is None or value == "":
                continue
            scores.add(_score(value, RatingScale.STARS))
        if 0.0 in scores and scores <= {0.0, 1.0}:
            self._scale_unsure = False
            self.rating_scale = RatingScale.THUMBS
            log.info(
                "feed %r: its ratings are only 0 and 1: read as thumbs down and up (set"
                " rating_scale to read them otherwise)",
                self.feed_id,
            )
        elif scores - {0.0, 1.0, None}:
            self._scale_unsure = False

    def map_page(
        self,
        records: Iterable[Any],
        skips: SkipLog,
        where: str,
        lines: Sequence[int] | None = None,
    ) -> MappedPage:
        """Map a page of records, skipping (and counting) bad ones and repeated ids.

        A repeated id in one page keeps its last version, as the store would.

        Args:
            records: the page's records.
            skips: where skipped records are counted, with why.
            where: the page, as a person finds it ("page 3").
            lines: the line each record starts on (a file): a skip names its line then.
        """
        items: dict[str, Feedback] = {}
        skipped_ids: list[str] = []
        count = 0
        duplicates = others = 0
        repeated: str | None = None
        if self._scale_unsure:
            records = list(records)
            self._settle_scale(records)
        for index, record in enumerate(records):
            count += 1
            try:
                fb = self.map(record)
            except Exception as exc:
                if isinstance(exc, NoTextError) and skips.answers_a_question:
                    # No answer, no item: a source read whole (a CSV file) withdraws one stored
                    # before, an answer since erased, as a record gone from it; an incremental
                    # one withdraws nothing, and keeps it.
                    skips.blank += 1
                    continue
                if isinstance(exc, RecordError):
                    reason = str(exc)
                else:  # a case the mapping missed: it costs this record, not the page
                    log.warning(
                        "feed %r: a record could not be mapped", self.feed_id, exc_info=True
                    )
                    reason = f"it could not be read ({type(exc).__name__})"
                ext = self.external_id(record)
                at = f"line {lines[index]:,}" if lines else f"{where} record {index + 1}"
                skips.add(at, reason, identified=ext is not None)
                if ext is not None:
                    skipped_ids.append(ext)
                continue
            earlier = items.get(fb.external_id)
            if earlier is not None:
                duplicates += 1
                if earlier.created_at != fb.created_at:
                    others += 1
                    repeated = repeated or fb.external_id
                del items[fb.external_id]
            items[fb.external_id] = fb
        if duplicates:
            log.info(
                "feed %r: %s in %s; kept the last of each",
                self.feed_id,
                f"{duplicates:,} repeated id{'' if duplicates == 1 else 's'}",
                where,
            )
        return MappedPage(list(items.values()), count, duplicates, skipped_ids, repeated, others)
