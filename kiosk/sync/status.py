"""What the screen says about the feeds: a status per feed and one summary line."""

from __future__ import annotations

import enum
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Protocol

from kiosk.wording import counted

__all__ = [
    "FeedReport",
    "FeedState",
    "SyncStatus",
    "counted",
    "format_clock",
    "move_passes",
    "remember_pass",
    "stored_status",
    "summary",
]


def format_clock(when: datetime, now: datetime | None = None) -> str:
    """Return a local time as "14:02", or "24 Nov 14:02" when it is not today."""
    local = when.astimezone()
    today = (now or datetime.now(UTC)).astimezone().date()
    return local.strftime("%H:%M") if local.date() == today else local.strftime("%d %b %H:%M")


@dataclass(frozen=True, slots=True)
class FeedReport:
    """What one pass over one feed did, printable in plain words.

    A failed pass keeps the counts of the pages it committed before the failure.
    """

    feed: str
    ok: bool
    started: datetime
    seconds: float = 0.0
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    skipped: int = 0
    # Answers left blank, in a feed whose texts answer a question (``SkipLog.blank``).
    blank: int = 0
    duplicates: int = 0
    withdrawn: int = 0
    pages: int = 0
    records: int = 0
    not_modified: bool = False
    error: str | None = None
    retry_after: float | None = None
    transient: bool = True
    notes: tuple[str, ...] = ()
    skip_reasons: tuple[str, ...] = ()
    # Items older than the store keeps (``store.keep_days``), not stored.
    too_old: int = 0

    def __str__(self) -> str:
        counts = f"{self.new:,} new, {self.changed:,} changed, {self.unchanged:,} unchanged"
        extra = []
        if self.skipped:
            first = f" (first: {self.skip_reasons[0]})" if self.skip_reasons else ""
            extra.append(f"{self.skipped:,} skipped{first}")
        if self.blank:
            extra.append(f"{self.blank:,} left blank")
        if self.duplicates:
            extra.append(f"{counted(self.duplicates, 'repeated id')}")
        if self.withdrawn:
            extra.append(f"{self.withdrawn:,} withdrawn")
        extra.extend(self.notes)
        tail = ("; " + "; ".join(extra)) if extra else ""
        took = f" in {self.seconds:.1f} s"
        if not self.ok:
            stored = self.new or self.changed or self.unchanged or self.withdrawn
            done = f" (before that: {counts}{tail})" if self.pages and stored else ""
            return f"{self.feed}: failed — {self.error}{done}"
        if self.not_modified:
            return f"{self.feed}: unchanged since the last sync{took}"
        return f"{self.feed}: {counts}{tail}{took}"


class FeedState(enum.StrEnum):
    """Where a feed is."""

    PENDING = "pending"
    OK = "ok"
    FAILING = "failing"


@dataclass(frozen=True, slots=True)
class SyncStatus:
    """A feed's status for the UI: healthy or failing since when, with its last error."""

    feed: str
    state: FeedState = FeedState.PENDING
    last_success: datetime | None = None
    failing_since: datetime | None = None
    last_attempt: datetime | None = None
    next_attempt: datetime | None = None
    new: int = 0
    changed: int = 0
    failures: int = 0
    last_error: str | None = None
    running: bool = False
    notes: tuple[str, ...] = field(default=())
    # How many of the feed's items the store holds after its last pass (None: not counted).
    items: int | None = None
    # Whether the last failure may pass by itself (no answer, a timeout, a 500) rather than
    # need someone (a rejected key, a wrong setting, an export nothing can be read from).
    transient: bool = True

    def describe(self, now: datetime | None = None) -> str:
        """Return one line for the feed's row in a status panel."""
        held = f"; {counted(self.items, 'item')} stored" if self.items else ""
        if self.state is FeedState.PENDING and (self.last_attempt or self.last_success):
            # Known from the store only: this run has not read the feed yet.
            if self.last_error:
                at = format_clock(self.last_attempt, now) if self.last_attempt else "?"
                ok = (
                    f"; last synced at {format_clock(self.last_success, now)}"
                    if self.last_success
                    else ""
                )
                return f"{self.feed}: the last sync failed at {at} — {self.last_error}{ok}{held}"
            assert self.last_success is not None
            return (
                f"{self.feed}: last synced at {format_clock(self.last_success, now)},"
                f" {self.new:,} new, {self.changed:,} changed{held}; not read since the start"
            )
        if self.state is FeedState.FAILING:
            since = format_clock(self.failing_since, now) if self.failing_since else "?"
            nxt = (
                f"; next try at {format_clock(self.next_attempt, now)}" if self.next_attempt else ""
            )
            return f"{self.feed}: failing since {since} — {self.last_error}{nxt}{held}"
        if self.state is FeedState.OK and self.last_success:
            return (
                f"{self.feed}: ok — synced at {format_clock(self.last_success, now)},"
                f" {self.new:,} new, {self.changed:,} changed{held}"
            )
        return f"{self.feed}: waiting for its first sync"


class PassStore(Protocol):
    """What remembering a feed's last pass needs from the store."""

    def get_meta(self, key: str) -> str | None: ...

    def set_meta(self, key: str, value: str) -> None: ...

    def delete_meta(self, key: str) -> None: ...

    def count_feed(self, feed_id: str) -> int: ...

    def last_synced(self, feed_id: str | None = None) -> datetime | None: ...


_PASS_KEY = "feed_pass:"


def _when(value: object) -> datetime | None:
    try:
        return datetime.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def remember_pass(store: PassStore, report: FeedReport) -> int:
    """Keep a pass's outcome in the store, so a restarted kiosk (and its settings dialog)
    tells the last sync, the items held and the last error before its own first pass.

    Returns:
        how many of the feed's items the store holds.
    """
    before = stored_status(store, report.feed)
    items = store.count_feed(report.feed)
    last_success = report.started if report.ok else (before.last_success if before else None)
    failing_since = None
    if not report.ok:
        failing_since = (before.failing_since if before else None) or report.started
    record = {
        "at": report.started.isoformat(),
        "last_success": last_success.isoformat() if last_success else None,
        "failing_since": failing_since.isoformat() if failing_since else None,
        "new": report.new,
        "changed": report.changed,
        "error": report.error,
        "items": items,
    }
    store.set_meta(_PASS_KEY + report.feed, json.dumps(record))
    return items


def move_passes(store: PassStore, renamed: Mapping[str, str], removed: Iterable[str] = ()) -> None:
    """Carry renamed feeds' last passes to their new names, and forget removed feeds' (a
    feed added later under that name starts with no history of its own)."""
    kept = {new: store.get_meta(_PASS_KEY + old) for old, new in renamed.items()}
    # All read before any is written: a swap (a <-> b) moves each to the other's name.
    for name in (*renamed, *removed):
        store.delete_meta(_PASS_KEY + name)
    for new, record in kept.items():
        if record is not None:
            store.set_meta(_PASS_KEY + new, record)


def stored_status(store: PassStore, feed: str) -> SyncStatus | None:
    """Return what the store knows of a feed's last pass, as a status still pending (this run
    has not read it), or None when the feed was never synced."""
    raw = store.get_meta(_PASS_KEY + feed)
    try:
        record = json.loads(raw) if raw else None
    except ValueError:
        record = None
    if not isinstance(record, dict):
        synced = store.last_synced(feed)
        return SyncStatus(feed, last_success=synced) if synced is not None else None
    items = record.get("items")
    return SyncStatus(
        feed,
        last_success=_when(record.get("last_success")),
        failing_since=_when(record.get("failing_since")),
        last_attempt=_when(record.get("at")),
        new=int(record.get("new") or 0),
        changed=int(record.get("changed") or 0),
        last_error=str(record["error"]) if record.get("error") else None,
        items=int(items) if isinstance(items, int) else None,
    )


def summary(
    statuses: Mapping[str, SyncStatus] | Iterable[SyncStatus],
    last_data: datetime | None,
    now: datetime | None = None,
) -> str:
    """Return the header's line: "live", or "offline — showing data from 14:02".

    "offline" only when every feed fails in a way that may pass by itself (a source that does
    not answer); a source that answers with something unusable, or refuses our key, is "not
    live": the people on the floor see the data is old, and the admin is not sent to look
    for a network fault.

    Args:
        statuses: the enabled feeds' statuses.
        last_data: when data last arrived (any feed), to say how old the screen is.
    """
    values = list(statuses.values() if isinstance(statuses, Mapping) else statuses)
    failing = [s for s in values if s.state is FeedState.FAILING]
    ok = [s for s in values if s.state is FeedState.OK]
    if not failing:
        return "live" if ok or not values else "connecting"
    if ok:
        return f"live — {len(failing)} of {len(values)} feeds failing"
    state = "offline" if all(s.transient for s in failing) else "not live"
    if last_data is None:
        return f"{state} — no data yet"
    return f"{state} — showing data from {format_clock(last_data, now)}"
