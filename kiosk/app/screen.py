"""The dashboard on screen: the numbers for the view asked off the UI thread and published,
the last screen until they come, and a plain sentence when there is no word to show."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from PySide6.QtCore import QTimer

from kiosk.app.parts import Parts
from kiosk.app.startup import show_restored
from kiosk.demo import day_anchor
from kiosk.screens import STALE_PREFIXES, DashboardSnapshot
from kiosk.snapshots import Snapshots
from kiosk.views.empty_view import EmptyView
from kiosk.viewstate import ViewState, slice_text

REFRESH_SECONDS = 60


class Screen:
    """Keeps the model's snapshot current for the view on screen.

    Args:
        parts: the kiosk's shared parts.
        published: called on the UI thread with each snapshot published.
    """

    def __init__(
        self, parts: Parts, published: Callable[[DashboardSnapshot], None] | None = None
    ) -> None:
        self.parts = parts
        self.snapshots = Snapshots(parts.store, parts.dashboard)
        self.empty_view: EmptyView | None = None
        self._published = published
        self._pruned_day = day_anchor()
        self._restored = False
        self._connection_before = "connecting"
        self._timer: QTimer | None = None
        parts.model.terms_changed.connect(lambda _terms: self.say_why_empty())
        parts.model.header_changed.connect(lambda _header: self.say_why_empty())

    def query(self, view: ViewState) -> DashboardSnapshot:
        """Return the snapshot for ``view`` (on the worker thread)."""
        parts = self.parts
        return self.snapshots.take(
            view, parts.settings, demo_mode=parts.demo_mode, last_update=parts.last_update
        )

    def show_restored(self) -> None:
        """Show the last screen kept for this view until the first counts are published."""
        parts = self.parts
        before = parts.model.header.connection
        profile = parts.settings.profile
        if show_restored(parts.store, parts.model, profile, parts.view.to_string()):
            self._connection_before = before
            self._restored = True

    def refresh(self) -> None:
        """Recompute the dashboard off the UI thread and publish it when ready."""
        view = self.parts.view
        self.parts.tasks.submit("dashboard", lambda: self.query(view), self._publish)

    def _publish(self, snapshot: DashboardSnapshot) -> None:
        model = self.parts.model
        # The connection line belongs to the sync service and changes on the UI thread while
        # a query runs: take the current one, not what the worker saw.
        connection = model.header.connection
        if self._restored:
            # The first real counts: the "showing the last cloud" line has done its job.
            self._restored = False
            connection = self._connection_before
        header = replace(snapshot.header, connection=connection)
        model.publish(replace(snapshot, header=header))
        self.parts.facets = dict(snapshot.facets)
        if self._published is not None:
            self._published(snapshot)

    def say_why_empty(self) -> None:
        """Put a plain sentence where the cloud is when it has no word (never a blank)."""
        parts = self.parts
        window = parts.window
        snapshot = parts.model.snapshot
        showing = window.stack.currentWidget()
        if snapshot.terms:
            if showing is self.empty_view:
                window.show_in_place_of_cloud(None)
            return
        if showing is not parts.cloud and showing is not self.empty_view:
            return  # what moved, a detail: they say their own
        if self.empty_view is None:
            self.empty_view = EmptyView(window)
        view = parts.view
        connection = parts.model.header.connection
        if not view.part.everything or snapshot.header.counts.total:
            title = "No words in this view"
            detail = (
                f"Nobody wrote about anything in {view.window_label.lower()}"
                + (f" among {slice_text(view.part)}" if not view.part.everything else "")
                + ": widen the period or remove a filter."
            )
        elif not parts.feeds.feeds and parts.feeds.unusable_feeds:
            title = "No feed can run"
            unusable = "; ".join(parts.feeds.unusable_feeds)
            detail = (
                f"The settings ask for feeds, and none of them can run ({unusable}). Correct"
                " them in the settings file; nothing made up is shown meanwhile."
            )
        elif connection.startswith(STALE_PREFIXES) or "cannot" in connection:
            title = "No feedback to show yet"
            detail = (
                f"The feeds cannot be read now ({connection}). The cloud appears as soon as"
                " feedback arrives; the notices say what went wrong."
            )
        elif parts.reading and parts.last_update is None:
            title = "Reading the feedback…"
            detail = (
                f"The feeds are being read ({connection}). The cloud appears as soon as they"
                " have been."
            )
        else:
            title = "No feedback yet"
            detail = (
                f"Nothing has arrived in {view.window_label.lower()} ({connection}). The cloud"
                " appears as soon as feedback does."
            )
        self.empty_view.say(title, detail)
        window.show_in_place_of_cloud(self.empty_view)

    def prune(self) -> None:
        """Let items older than the store keeps leave it (on the worker)."""
        self._pruned_day = day_anchor()
        keep = timedelta(days=int(self.parts.settings["store.keep_days"]))
        store = self.parts.store
        self.parts.tasks.submit("prune", lambda: store.prune(datetime.now(UTC) - keep), _ignore)

    def keep_current(self, refresh: Callable[[], None]) -> None:
        """Call ``refresh`` every minute, and roll the window on once a day."""

        def tick() -> None:
            # A wall runs for weeks: once a day the window rolls on (old items leave the store).
            if day_anchor() != self._pruned_day:
                self.prune()
            refresh()

        self._timer = QTimer(self.parts.window)
        self._timer.setInterval(REFRESH_SECONDS * 1000)
        self._timer.timeout.connect(tick)
        self._timer.start()

    def stop(self) -> None:
        """Stop the refresh timer."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None


def _ignore(_result: object) -> None:
    """A result nobody needs (the job's effect is in the store)."""
