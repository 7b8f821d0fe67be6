"""What the screens show, as frozen snapshots: the model publishes them, views never query.

Qt-free and store-free, so both the dashboard queries (core) and the views can use them.
"""

from __future__ import annotations

import enum
import json
from dataclasses import dataclass, field
from datetime import datetime

from kiosk.model import Kind
from kiosk.values import CustomerStats, TermStat

# How a connection line that says the data is not live begins (``kiosk.sync.status``).
STALE_PREFIXES = ("offline", "not live", "failing", "error")
# The connection line when the settings ask for feeds and none of them can run.
NO_FEED_CAN_RUN = "not live — no feed in the settings can run"


class Severity(enum.IntEnum):
    """How much a notice matters: info fades by itself, errors stay until dismissed."""

    INFO = 0
    WARNING = 1
    ERROR = 2


@dataclass(frozen=True, slots=True)
class Notice:
    """One message for the banner."""

    text: str
    severity: Severity = Severity.INFO


@dataclass(frozen=True, slots=True)
class HeaderState:
    """What the header shows: the window, customers by kind, where the data comes from, and
    how fresh it is. ``counts`` are distinct customers in the window, each once under the kind
    of their latest feedback (the same definition as every word's customers)."""

    window_days: int = 30
    window_label: str = ""
    slice_label: str = ""
    # The kinds a slice keeps (empty: all); the header shows only those.
    kinds: frozenset[Kind] = frozenset()
    counts: CustomerStats = field(default_factory=CustomerStats)
    source: str = "Demo data (no feeds configured)"
    last_update: datetime | None = None
    connection: str = "connecting"
    demo: bool = True


@dataclass(frozen=True, slots=True)
class DashboardSnapshot:
    """Everything one refresh of the dashboard produced, tagged with its revision."""

    revision: int
    header: HeaderState
    terms: tuple[TermStat, ...] = ()
    # The values each slice can take, for the filter menus: feed, channel, segment, language.
    facets: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # The wall's headline, in pieces (see kiosk.insight.Headline); empty on the desk.
    headline: tuple[str, ...] = ()
    # The word the wall's spotlight scene shows: the biggest rising complaint, else the
    # biggest rising word, else none.
    spotlight: str | None = None


@dataclass(frozen=True, slots=True)
class ItemPreview:
    """One record as the kiosk would store it, for a feed's connection test."""

    external_id: str
    created: str
    customer: str
    kind: str
    rating: str
    text: str


@dataclass(frozen=True, slots=True)
class ConnectionTest:
    """What a feed's first page gave: what answered, the records, how they map, what was
    skipped and why, and the fields the source sent (to map them by picking).

    ``message`` is the plain sentence the sync would show (a failure, or a summary).
    """

    ok: bool
    message: str
    status: int | None = None
    content_type: str = ""
    seconds: float = 0.0
    records: int = 0
    fields: tuple[str, ...] = ()
    items: tuple[ItemPreview, ...] = ()
    skipped: tuple[str, ...] = ()
    # Where the records were found when the feed does not say ("data.items"; "" for a
    # response that is the list itself); None when the feed says, or nothing was found.
    records_at: str | None = None
    # Required fields the mapping does not pick yet (``external_id``...): the source
    # answered, but nothing can be read until the admin picks them.
    to_pick: tuple[str, ...] = ()
    # Fields whose name and values make the match plain (``("text", "body.message")``),
    # offered to the admin to confirm.
    suggested: tuple[tuple[str, str], ...] = ()


# --- the last screen, kept to show at once at the next start -----------------------------------

_SAVED_VERSION = 1


def saved_screen(snapshot: DashboardSnapshot, view: str) -> str:
    """Return what a snapshot's cloud and header need, as JSON, for the next start.

    ``view`` is the view string it was made for: a start that shows another view must not
    show it.
    """
    header = snapshot.header
    doc = {
        "version": _SAVED_VERSION,
        "view": view,
        "window_days": header.window_days,
        "window_label": header.window_label,
        "slice_label": header.slice_label,
        "kinds": sorted(k.value for k in header.kinds),
        "counts": [
            header.counts.compliments,
            header.counts.ideas,
            header.counts.complaints,
            header.counts.unclassified,
        ],
        "source": header.source,
        "last_update": header.last_update.isoformat() if header.last_update else None,
        "demo": header.demo,
        "headline": list(snapshot.headline),
        "terms": [
            [
                t.key,
                t.label,
                t.customers,
                t.mentions,
                {k.value: n for k, n in t.customers_by_kind.items()},
                t.previous_customers,
                t.rising,
            ]
            for t in snapshot.terms
        ],
    }
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":"))


def restored_screen(text: str | None, view: str) -> DashboardSnapshot | None:
    """Return the snapshot saved for ``view`` (revision 0), or None when there is none or it
    cannot be read (an older version, another view, a damaged value)."""
    if not text:
        return None
    try:
        doc = json.loads(text)
        if doc.get("version") != _SAVED_VERSION or doc.get("view") != view:
            return None
        counts = CustomerStats(*(int(n) for n in doc["counts"]))
        last = doc.get("last_update")
        header = HeaderState(
            window_days=int(doc["window_days"]),
            window_label=str(doc["window_label"]),
            slice_label=str(doc["slice_label"]),
            kinds=frozenset(Kind(k) for k in doc["kinds"]),
            counts=counts,
            source=str(doc["source"]),
            last_update=datetime.fromisoformat(last) if last else None,
            connection="starting",
            demo=bool(doc["demo"]),
        )
        terms = tuple(
            TermStat(
                str(key),
                str(label),
                int(customers),
                int(mentions),
                {Kind(k): int(n) for k, n in by_kind.items()},
                int(previous),
                bool(rising),
            )
            for key, label, customers, mentions, by_kind, previous, rising in doc["terms"]
        )
    except (ValueError, KeyError, TypeError, AttributeError):
        return None
    return DashboardSnapshot(0, header, terms, headline=tuple(str(p) for p in doc["headline"]))
