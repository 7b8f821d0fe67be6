"""What every source gives the sync service: pages of items, each with the cursor to commit."""

from __future__ import annotations

import bisect
import hashlib
import json
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from kiosk.model import Feedback
from kiosk.options import answers_a_question
from kiosk.settings import FeedConfig
from kiosk.sync.credentials import require_secret
from kiosk.sync.errors import SyncCancelled
from kiosk.sync.mapping import SkipLog

__all__ = ["IdSet", "Page", "Source", "SourceContext", "dump_cursor", "load_cursor"]


@dataclass(frozen=True, slots=True)
class SourceContext:
    """What a source needs from outside its own options."""

    max_response_mb: float = 50.0
    cancelled: Callable[[], bool] = field(default=lambda: False)
    # A secret typed into the settings dialog and not saved yet (its connection test).
    secret: str | None = None


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
        seen_ids: ids the source still has but that are not in ``items`` (records skipped
            as invalid, rows a resumed read had stored before): a snapshot keeps them.
    """

    items: list[Feedback]
    cursor: str | None
    records: int = 0
    duplicates: int = 0
    final: bool = False
    not_modified: bool = False
    seen_ids: Sequence[str] = ()


def _skip_log(feed: FeedConfig) -> SkipLog:
    """A pass's skip counter; a feed whose texts answer a question counts blank ones apart
    (``options.answers_a_question``)."""
    return SkipLog(feed.name, answers_a_question=answers_a_question(feed.options))


class Source:
    """A feed's source. Subclasses implement :meth:`pages`.

    Attributes:
        snapshot: True when one complete pass lists every item the source has, so items
            missing from a complete pass are withdrawn.
        notes: things a person should know about the last pass (an encoding detected).
        skips: records skipped in the last pass, with the first reasons.
    """

    snapshot = False
    # Seconds one pass may take (the feed's pass_timeout; None: no limit).
    pass_timeout: float | None = None

    def __init__(self, feed: FeedConfig, context: SourceContext) -> None:
        self.feed = feed
        self.context = context
        self.notes: list[str] = []
        self.skips = _skip_log(feed)
        # The raw records of the latest page, and their field names (a connection test
        # shows them, so an admin maps fields by picking from what the source sent).
        self.last_records: list[Any] = []
        self.last_fields: tuple[str, ...] = ()

    def secret(self, what: str) -> str:
        """Return the feed's secret: the one being tested, else the keyring's or the
        environment's.

        Raises:
            MissingSecretError: there is none; the message says where to put it.
        """
        if self.context.secret:
            return self.context.secret
        return require_secret(self.feed.name, what)

    def begin_pass(self, deadline: float | None = None) -> None:
        """Reset the per-pass counters; ``deadline`` (``time.monotonic``) ends the pass's
        requests by then."""
        self.notes = []
        self.skips = _skip_log(self.feed)

    def check_cancelled(self) -> None:
        """Stop between pages when the service is shutting down."""
        if self.context.cancelled():
            raise SyncCancelled()

    def pages(self, cursor: str | None) -> Iterator[Page]:
        """Yield the pages of one pass, starting from the saved cursor."""
        raise NotImplementedError

    def close(self) -> None:
        """Release connections and files."""

    def abort(self) -> None:
        """End a request in flight at once, from any thread (the kiosk is stopping)."""


class IdSet:
    """The ids a snapshot pass saw, kept as 64-bit hashes: 8 bytes an id, so a file of ten
    million rows needs 80 MB at most instead of the gigabyte a set of strings would take.

    A collision between two of 2**64 hashes would keep one withdrawn item visible; nothing
    is ever lost by it.
    """

    def __init__(self) -> None:
        self._hashes = array("q")
        self._sorted: array[int] | None = None

    @staticmethod
    def _hash(external_id: str) -> int:
        digest = hashlib.blake2b(external_id.encode("utf-8", "surrogatepass"), digest_size=8)
        return int.from_bytes(digest.digest(), "little", signed=True)

    def update(self, external_ids: Iterable[str]) -> None:
        """Remember ids."""
        self._hashes.extend(self._hash(e) for e in external_ids)
        self._sorted = None

    def __len__(self) -> int:
        return len(self._hashes)

    def __contains__(self, external_id: object) -> bool:
        if not isinstance(external_id, str):
            return False
        if self._sorted is None:
            # numpy only here, at a snapshot's end: its import (140 ms) is not every sync's.
            import numpy as np

            ordered = np.sort(np.frombuffer(self._hashes, dtype=np.int64))
            self._sorted = array("q", ordered.tobytes())
        wanted = self._hash(external_id)
        at = bisect.bisect_left(self._sorted, wanted)
        return at < len(self._sorted) and self._sorted[at] == wanted


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
