"""What a person is looking at: a window of days, the slices they chose, the word they opened.

One value, the same for the cloud, the header, the drill-down and the export, and a short
string that opens the same view again anywhere (``voc-kiosk --view "days=90&kind=complaint"``,
a chat message, a bookmark). Qt-free.

The string is a URL query: ``days=90`` (or ``from=2026-09-01&to=2026-11-30``), then any of
``feed``, ``channel``, ``segment``, ``language``, ``kind`` (values joined by ``,``),
``answered=yes|no``, and ``open=<term>``. Unknown keys and bad values are reported, never fatal.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from urllib.parse import parse_qsl, quote, urlencode

from kiosk.model import Kind
from kiosk.values import DayRange, Slice, day_of
from kiosk.wording import language_name

__all__ = ["WINDOW_CHOICES", "ViewError", "ViewState", "parse_view", "slice_text"]

WINDOW_CHOICES = (7, 30, 90, 365)
_LISTS = ("feed", "channel", "segment", "language")
_EPOCH = date(1970, 1, 1)


class ViewError(ValueError):
    """Part of a view string that could not be read, and why (``str()`` says it)."""


@dataclass(frozen=True, slots=True)
class ViewState:
    """A window (the last ``days`` days, or ``first``..``last`` inclusive), slices, a word."""

    days: int = 30
    first: date | None = None
    last: date | None = None
    part: Slice = field(default_factory=Slice)
    open_term: str | None = None

    # the window

    def window(self, now: datetime | None = None) -> DayRange:
        """Return the window as days since the epoch."""
        if self.first is not None and self.last is not None:
            return DayRange((self.first - _EPOCH).days, (self.last - _EPOCH).days)
        today = day_of(now or datetime.now(UTC))
        return DayRange(today - self.days + 1, today)

    @property
    def window_label(self) -> str:
        """How the header says the window: "Last 30 days", "1 Sep – 30 Nov 2026"."""
        if self.first is not None and self.last is not None:
            same_year = self.first.year == self.last.year
            first = f"{self.first:%-d %b}" if same_year else f"{self.first:%-d %b %Y}"
            return f"{first} – {self.last:%-d %b %Y}"
        return f"Last {self.days} day{'s' if self.days != 1 else ''}"

    @property
    def window_days(self) -> int:
        """How many days the window covers."""
        return self.window().days

    def with_days(self, days: int) -> ViewState:
        """Return the view over the last ``days`` days."""
        return replace(self, days=days, first=None, last=None)

    def with_range(self, first: date, last: date) -> ViewState:
        """Return the view over a custom range of days."""
        if last < first:
            first, last = last, first
        return replace(self, first=first, last=last)

    # slices

    @property
    def chips(self) -> list[tuple[str, str]]:
        """The slices as (key, shown text) pairs, one per chosen value, for removable chips."""
        return _chips(self.part)

    def with_slice(self, key: str, value: str | bool | Kind) -> ViewState:
        """Return the view with one more value in a slice (``answered`` takes a bool)."""
        part = self.part
        if key == "answered":
            return replace(self, part=replace(part, answered=bool(value)))
        if key == "kind":
            kind = value if isinstance(value, Kind) else Kind(str(value))
            return replace(self, part=replace(part, kinds=part.kinds | {kind}))
        values: frozenset[str] = getattr(part, f"{key}s")
        return replace(self, part=_with_values(part, key, values | {str(value)}))

    def without(self, chip: str) -> ViewState:
        """Return the view without one chip (as named in :attr:`chips`)."""
        part = self.part
        if chip == "answered":
            return replace(self, part=replace(part, answered=None))
        key, _, value = chip.partition("=")
        if key == "kind":
            return replace(self, part=replace(part, kinds=part.kinds - {Kind(value)}))
        values: frozenset[str] = getattr(part, f"{key}s")
        return replace(self, part=_with_values(part, key, values - {value}))

    # the string

    def to_string(self) -> str:
        """Return the short string that opens this view again."""
        pairs: list[tuple[str, str]] = []
        if self.first is not None and self.last is not None:
            pairs += [("from", self.first.isoformat()), ("to", self.last.isoformat())]
        else:
            pairs.append(("days", str(self.days)))
        part = self.part
        for key in _LISTS:
            values: frozenset[str] = getattr(part, f"{key}s")
            if values:
                pairs.append((key, ",".join(sorted(values))))
        if part.kinds:
            pairs.append(
                ("kind", ",".join(k.value for k in sorted(part.kinds, key=list(Kind).index)))
            )
        if part.answered is not None:
            pairs.append(("answered", "yes" if part.answered else "no"))
        if self.open_term:
            pairs.append(("open", self.open_term))
        return urlencode(pairs, quote_via=quote, safe=",")


def _chips(part: Slice) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for key, values in (
        ("feed", part.feeds),
        ("channel", part.channels),
        ("segment", part.segments),
        ("language", part.languages),
    ):
        shown = language_name if key == "language" else (lambda v: v or "(none)")
        found += [(f"{key}={v}", f"{key}: {shown(v)}") for v in sorted(values)]
    found += [(f"kind={k.value}", k.plural) for k in sorted(part.kinds, key=list(Kind).index)]
    if part.answered is not None:
        found.append(("answered", "answered" if part.answered else "not answered yet"))
    return found


def slice_text(part: Slice) -> str:
    """Return a slice in words ("channel: email, complaints"), or "" for all feedback."""
    return ", ".join(text for _key, text in _chips(part))


def _with_values(part: Slice, key: str, values: frozenset[str]) -> Slice:
    match key:
        case "feed":
            return replace(part, feeds=values)
        case "channel":
            return replace(part, channels=values)
        case "segment":
            return replace(part, segments=values)
        case "language":
            return replace(part, languages=values)
    raise ViewError(f"{key!r} is not a slice")


def parse_view(text: str) -> tuple[ViewState, list[ViewError]]:
    """Read a view string; return the view and what could not be read (used as the default).

    Accepts the string itself or anything ending in it after a "?" (a pasted link).
    """
    text = text.strip()
    if "?" in text:
        text = text.split("?", 1)[1]
    view = ViewState()
    problems: list[ViewError] = []
    first = last = None
    for key, value in parse_qsl(text, keep_blank_values=True):
        value = value.strip()
        try:
            if key == "days":
                days = int(value)
                if not 1 <= days <= 3650:
                    raise ViewError(f"days {value!r} is not 1 to 3650")
                view = view.with_days(days)
            elif key in ("from", "to"):
                day = date.fromisoformat(value)
                first, last = (day, last) if key == "from" else (first, day)
            elif key in _LISTS:
                for item in value.split(","):
                    view = view.with_slice(key, item.strip())
            elif key == "kind":
                for item in value.split(","):
                    view = view.with_slice("kind", Kind(item.strip().lower()))
            elif key == "answered":
                if value.lower() not in ("yes", "no"):
                    raise ViewError(f"answered {value!r} is not yes or no")
                view = view.with_slice("answered", value.lower() == "yes")
            elif key == "open":
                view = replace(view, open_term=value or None)
            else:
                raise ViewError(f"{key!r} is not part of a view")
        except ViewError as exc:
            problems.append(exc)
        except ValueError:
            problems.append(ViewError(f"{key} {value!r} cannot be read"))
    if first is not None and last is not None:
        view = view.with_range(first, last)
    elif first is not None or last is not None:
        problems.append(ViewError("a custom range needs both from and to"))
    return view, problems
