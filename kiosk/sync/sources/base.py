"""What every source gives the sync service: pages of items, each with the cursor to commit."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from kiosk.model import Feedback
from kiosk.settings import FeedConfig
from kiosk.sync.errors import SyncCancelled
from kiosk.sync.mapping import SkipLog

__all__ = ["Page", "Source", "SourceContext", "dump_cursor", "load_cursor"]


@dataclass(frozen=True, slots=True)
class SourceContext:
    """What a source needs from outside its own options."""

    max_response_mb: float = 50.0
    cancelled: Callable[[], bool] = field(default=lambda: False)


@dataclass(frozen=True, slots=True)
class Page:
    """One batch of items and the cursor that commits with it.

    Attributes:
        items: mapped items, repeated ids already removed.
        cursor: the feed's cursor after this page (None: leave the saved one as it is).
        records: how many raw records the page had (items + skipped + duplicates).
        duplicates: records dropped because their id repeated within the page.
        final: the last page of the pass; for a snapshot source, the read was complete.
        not_modified: the source said nothing changed (304, same file); nothing to write.
    """

    items: list[Feedback]
    cursor: str | None
    records: int = 0
    duplicates: int = 0
    final: bool = False
    not_modified: bool = False


class Source:
    """A feed's source. Subclasses implement :meth:`pages`.

    Attributes:
        snapshot: True when one complete pass lists every item the source has, so items
            missing from a complete pass are withdrawn.
        notes: things a person should know about the last pass (an encoding detected).
        skips: records skipped in the last pass, with the first reasons.
    """

    snapshot = False

    def __init__(self, feed: FeedConfig, context: SourceContext) -> None:
        self.feed = feed
        self.context = context
        self.notes: list[str] = []
        self.skips = SkipLog(feed.name)

    def begin_pass(self) -> None:
        """Reset the per-pass counters."""
        self.notes = []
        self.skips = SkipLog(self.feed.name)

    def check_cancelled(self) -> None:
        """Stop between pages when the service is shutting down."""
        if self.context.cancelled():
            raise SyncCancelled()

    def pages(self, cursor: str | None) -> Iterator[Page]:
        """Yield the pages of one pass, starting from the saved cursor."""
        raise NotImplementedError

    def close(self) -> None:
        """Release connections and files."""


def load_cursor(cursor: str | None) -> dict[str, Any]:
    """Decode a cursor we wrote; anything unreadable starts afresh (upserts keep it safe)."""
    if not cursor:
        return {}
    try:
        value = json.loads(cursor)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def dump_cursor(state: dict[str, Any]) -> str:
    """Encode a cursor compactly and deterministically."""
    return json.dumps({k: v for k, v in state.items() if v is not None}, sort_keys=True)
