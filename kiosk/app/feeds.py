"""The feeds: the demo as a feed like any other, the sync service started once the analysis is
warm, and every screen following what a sync brought."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from kiosk.app.parts import Parts
from kiosk.demo import DEMO_FEED_ID
from kiosk.screens import NO_FEED_CAN_RUN, Severity
from kiosk.settings import FeedConfig, Settings
from kiosk.sync import FeedReport, SyncService, run_once
from kiosk.sync.qt_adapter import QtSync

LIVE_DEMO_SECONDS = 5
# A static demo only moves on with the calendar: once an hour is plenty to notice a new day.
STATIC_DEMO_SECONDS = 3600


def feeds_for(settings: Settings, demo: str | None) -> tuple[str | None, Settings]:
    """Return the demo mode and the settings whose feeds the sync runs.

    The demo is a feed like any other (one road into the store for every item): asked for on
    the command line, or when no feed is configured. Feeds asked for that cannot run (a type
    misspelt) are not "no feed": the demo's made-up customers would stand on the wall as if
    they were the company's.
    """
    mode = demo or ("static" if not settings.feeds and not settings.unusable_feeds else None)
    if mode is None:
        return None, settings
    live = mode == "live"
    demo_feed = FeedConfig(
        DEMO_FEED_ID,
        "demo",
        True,
        LIVE_DEMO_SECONDS if live else STATIC_DEMO_SECONDS,
        {"trickle": 2 if live else 0},
    )
    return mode, settings.replace(feeds=(demo_feed,))


class Syncing:
    """Runs the feeds' sync service of one kiosk and lets every screen follow it.

    Args:
        parts: the kiosk's shared parts (``demo_mode`` and ``feeds`` already chosen with
            ``feeds_for``).
        refresh: recompute every screen (after new or changed feedback).
        demo: the demo asked for on the command line, or None.
    """

    def __init__(self, parts: Parts, refresh: Callable[[], None], demo: str | None) -> None:
        self.parts = parts
        self._refresh = refresh
        self._asked_demo = demo
        self.sync: QtSync | None = None
        self._waiting_for_feeds = False
        if parts.demo_mode:
            parts.model.set_connection("demo")

    def start(self, *, sync: bool) -> None:
        """Fill the store from the demo at once, and start the sync service when ``sync``
        (a snapshot shows the store as it is, and the demo after one pass of its feed)."""
        parts = self.parts
        if parts.demo_mode:
            # The demo's first pass runs at once, so the screen fills without waiting for the
            # service's first, jittered turn; later passes (the trickle, a new day) are its.
            def seed() -> list[FeedReport]:
                return run_once(parts.feeds, parts.store, after=parts.analyze().analyze_into)

            def seeded(_reports: list[FeedReport]) -> None:
                parts.last_update = datetime.now(UTC)
                parts.reading = False
                self._refresh()
                if sync:
                    self._start_service()

            parts.tasks.submit("seed", seed, seeded)
        elif sync:
            self._warm_up_then_start()

    def _warm_up_then_start(self) -> None:
        # The analysis is built (phrases warmed up) before the first sync needs it, so the
        # first pass does not load dictionaries while the UI waits on the GIL.
        self.parts.tasks.submit(
            "warm-up", self.parts.analyze, lambda _analysis: self._start_service()
        )

    def _start_service(self) -> None:
        parts = self.parts
        if not parts.feeds.feeds and parts.feeds.unusable_feeds:
            # Nothing to run: the header and the empty screen say why, not "live". Settings
            # that bring a feed that can run start the service then (``_restart``).
            parts.model.set_connection(NO_FEED_CAN_RUN)
            self._waiting_for_feeds = True
            return
        self._waiting_for_feeds = False
        parts.reading = parts.last_update is None and any(f.enabled for f in parts.feeds.feeds)
        service = SyncService(parts.feeds, parts.store, after=parts.analyze().analyze_into)
        self.sync = QtSync(service, parts.window)
        self.sync.status_changed.connect(self._on_sync_status_changed)
        self.sync.sync_finished.connect(self._on_sync_finished)
        self.sync.sync_failed.connect(self._on_sync_failed)
        self.sync.start()

    def _on_sync_status_changed(self, line: str, _statuses: object) -> None:
        self.parts.model.set_connection(line)

    def _on_sync_finished(self, report: FeedReport) -> None:
        self.parts.last_update = datetime.now(UTC)
        self.parts.reading = False
        if report.new or report.changed:
            self._refresh()

    def _on_sync_failed(self, report: FeedReport) -> None:
        self.parts.reading = False
        self.parts.model.notify(str(report), Severity.WARNING)

    def apply_settings(self, settings: Settings) -> bool:
        """Sync the feeds of new settings from now on; return whether the feeds changed."""
        mode, feeds = feeds_for(settings, self._asked_demo)
        if feeds.feeds == self.parts.feeds.feeds:
            return False
        self._restart(mode, feeds)
        return True

    def _restart(self, mode: str | None, feeds: Settings) -> None:
        parts = self.parts
        was_demo = parts.demo_mode is not None
        parts.demo_mode, parts.feeds = mode, feeds
        if self.sync is None:
            if self._waiting_for_feeds:
                parts.model.set_connection("connecting")
                self._warm_up_then_start()
            return
        if was_demo != (mode is not None):
            # From the demo to real feeds or back: a fresh service for the new set.
            self.sync.stop()
            self.sync = None
            parts.model.set_connection("connecting")
            self._warm_up_then_start()
        else:
            self.sync.service.update_settings(feeds)
            self.sync.service.sync_now()

    def stop(self) -> None:
        """Stop the sync service."""
        if self.sync is not None:
            self.sync.stop()
