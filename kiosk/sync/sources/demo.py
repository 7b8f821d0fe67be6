"""The bundled demo feed (:mod:`kiosk.demo`) as a source like the others.

Options (``type = "demo"``):

``seed`` (default 2026), ``count`` (default 5000), ``days`` (default 120)
    What the first pass writes: ``count`` items over the ``days`` before today.
``trickle`` (default 3, 0 to stop)
    How many new items each later pass adds, so a floor screen visibly moves.
``follow_calendar`` (default true)
    On a new day the corpus moves on with the calendar (the same items, dated anew), so the
    demo's window never empties on a screen that runs for weeks.

The corpus is anchored to the start of the day (UTC): a restart within a day finds it stored
and does nothing.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import UTC, datetime

from kiosk.demo import DemoLive, day_anchor, iter_demo
from kiosk.model import Feedback
from kiosk.settings import FeedConfig
from kiosk.sync.feedoptions import FeedOptions
from kiosk.sync.sources.base import Page, Source, SourceContext, dump_cursor, load_cursor

__all__ = ["DemoSource"]

_PAGE = 1000
_LIVE_START = 10_000_000


class DemoSource(Source):
    """Seeds the demo corpus once, then trickles a few new items every pass."""

    def __init__(self, feed: FeedConfig, context: SourceContext) -> None:
        super().__init__(feed, context)
        opts = FeedOptions(feed)
        self.seed = opts["seed"]
        self.count = opts["count"]
        self.days = opts["days"]
        self.trickle = opts["trickle"]
        self.follow_calendar = opts["follow_calendar"]
        opts.finish()
        # Kept between passes: building its customers costs more than a pass itself, and
        # a fresh one would draw the same first items again every pass.
        self._live: DemoLive | None = None

    def _own(self, fb: Feedback) -> Feedback:
        if fb.feed_id == self.feed.name:
            return fb
        return dataclasses.replace(fb, feed_id=self.feed.name)

    def pages(self, cursor: str | None) -> Iterator[Page]:
        """Yield the seed corpus on the first pass, a trickle of new items afterwards."""
        state = load_cursor(cursor)
        now = datetime.now(UTC)
        today = day_anchor(now)
        seeded = state.get("seeded_at")
        if seeded is not None and self.follow_calendar and seeded < today.isoformat():
            # A new day: the same items, dated anew, keep the demo's window full.
            state = {"live": state.get("live", _LIVE_START)}
        if "seeded_at" not in state:
            # Seeding is resumable: the cursor counts the items committed so far, and the
            # generator is deterministic for a fixed seed and end time.
            end = datetime.fromisoformat(state["end"]) if "end" in state else today
            done = int(state.get("done", 0))
            batch: list[Feedback] = []
            index = 0
            for fb in iter_demo(seed=self.seed, now=end, count=self.count, days=self.days):
                index += 1
                if index <= done:
                    continue
                batch.append(self._own(fb))
                if len(batch) >= _PAGE and index < self.count:
                    self.check_cancelled()
                    cur = {"end": end.isoformat(), "done": index}
                    yield Page(batch, dump_cursor(cur), len(batch))
                    batch = []
            final = {"seeded_at": end.isoformat(), "live": state.get("live", _LIVE_START)}
            yield Page(batch, dump_cursor(final), len(batch), final=True)
            return
        live_index = int(state.get("live", _LIVE_START))
        if not self.trickle:
            yield Page([], None, final=True, not_modified=True)
            return
        live = self._live
        if live is None or live.index != live_index:
            live = self._live = DemoLive(seed=self.seed, start_index=live_index)
        items = [self._own(fb) for fb in live.next_items(now, self.trickle)]
        state["live"] = live_index + len(items)
        yield Page(items, dump_cursor(state), len(items), final=True)
