"""Run the feeds: one pass headless (``run_once``), or forever on a worker thread
(``SyncService``) with jittered polling, exponential backoff and ``Retry-After``.

Each page and its cursor commit in one store transaction, so a process killed at any moment
keeps every committed page and resumes after it; upserts by key make a repeated page harmless.
A snapshot source's vanished items are withdrawn only after its complete read, in the same
transaction as its last page.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from kiosk.days import day_of, day_start_us
from kiosk.options import option
from kiosk.settings import FeedConfig, Settings
from kiosk.store import Store, StoreError
from kiosk.sync.errors import SyncCancelled, SyncError
from kiosk.sync.sources import Source, SourceContext, make_source
from kiosk.sync.sources.base import IdSet, Page
from kiosk.sync.status import (
    FeedReport,
    FeedState,
    SyncStatus,
    counted,
    remember_pass,
    stored_status,
    summary,
)
from kiosk.values import UpsertResult, Withdrawal

__all__ = ["AfterHook", "SyncService", "keep_from", "next_delay", "run_feed", "run_once"]

log = logging.getLogger("kiosk.sync")
# Set on the log record of a pass's report (``logging`` extra).
FEED_REPORT = "feed_report"

# A pass's connection caches this much of the store: the other 48 MB of the desk's cache saved
# about a tenth of a 370,000-row file's store time (without the analysis, which dominates a
# real sync), and cost a quarter of the 200 MB a sync may use.
_PASS_CACHE_MB = 16
# What the hook returns is ignored (the analysis returns how many items it analysed).
AfterHook = Callable[[UpsertResult], object]
Listener = Callable[[FeedReport | None, dict[str, SyncStatus], str], None]


def _context(settings: Settings, cancelled: Callable[[], bool] | None = None) -> SourceContext:
    return SourceContext(
        max_response_mb=float(settings["sync.max_response_mb"]),
        cancelled=cancelled or (lambda: False),
    )


def keep_from(keep_days: int, now: datetime | None = None) -> datetime:
    """Return the first instant the store keeps with ``store.keep_days``: the start of a
    local day, as the store's ``prune`` counts whole days."""
    before = (now or datetime.now(UTC)) - timedelta(days=keep_days)
    return datetime.fromtimestamp(day_start_us(day_of(before)) / 1_000_000, UTC)


def run_feed(
    store: Store,
    source: Source,
    after: AfterHook | None = None,
    keep_days: int | None = None,
) -> FeedReport:
    """Run one pass of one source into the store and report what it did.

    Never raises for a feed's failure (that is in the report); raises only
    :class:`~kiosk.sync.errors.SyncCancelled` when the service is stopping.

    Args:
        keep_days: ``store.keep_days``; items created before the store's window are not
            stored (the next start would prune them), and the report counts them.
    """
    feed = source.feed.name
    started = datetime.now(UTC)
    t0 = time.perf_counter()
    counts = {"new": 0, "changed": 0, "unchanged": 0, "duplicates": 0, "withdrawn": 0}
    # Stored, items older than the window showed "5113 new" and an empty screen after the
    # next start pruned them all.
    kept_from = None if keep_days is None else keep_from(keep_days, started)
    too_old = 0
    newest_old: datetime | None = None  # the newest of them: would a longer window hold it?
    pages = records = 0
    not_modified = False
    present = IdSet()
    error: SyncError | None = None
    limit = source.pass_timeout
    deadline = None if limit is None else time.monotonic() + limit
    source.begin_pass(deadline)
    with store.cache_limited(_PASS_CACHE_MB):
        try:
            stored_by = store.last_id() if source.snapshot else None
            cursor = store.cursor(feed)
            for page in source.pages(cursor):
                pages += 1
                records += page.records
                counts["duplicates"] += page.duplicates
                if page.not_modified:
                    not_modified = True
                    if page.cursor is not None:
                        store.save_cursor(feed, page.cursor)
                    if source.snapshot:
                        # Unchanged since the read before a held loss: the loss is undone.
                        store.forget_held_withdrawal(feed)
                    break
                if source.snapshot:
                    # Old items too: the source still has them, nothing is withdrawn for it.
                    present.update(fb.external_id for fb in page.items)
                    present.update(page.seen_ids)
                page, old, newest = _within(page, kept_from)
                too_old += old
                newest_old = max((t for t in (newest_old, newest) if t is not None), default=None)
                if source.snapshot and page.final:
                    unidentified = source.skips.unidentified
                    gone = Withdrawal([])
                    with store.transaction():
                        result = store.upsert(page.items, after=after)
                        if unidentified:
                            source.notes.append(_kept_note(unidentified))
                        else:
                            gone = store.withdraw_vanished(feed, present, stored_by=stored_by)
                            counts["withdrawn"] += len(gone.withdrawn)
                            if gone.held:
                                source.notes.append(_held_note(gone.held, gone.stored))
                        if gone.held:
                            # As if this read had not happened: the next pass reads the source
                            # again in full, even unchanged, to confirm or undo the loss.
                            store.save_cursor(feed, cursor)
                        elif page.cursor is not None:
                            store.save_cursor(feed, page.cursor)
                else:
                    cur = (feed, page.cursor) if page.cursor is not None else None
                    result = store.upsert(page.items, cursor=cur, after=after)
                for _feed, external_id, reason in result.rejected:
                    source.skips.add(f"id {external_id[:80]!r}", reason, identified=True)
                counts["new"] += result.new
                counts["changed"] += result.changed
                counts["unchanged"] += result.unchanged
                if deadline is not None and not page.final and time.monotonic() >= deadline:
                    # Whatever the source does (an endless run of slow pages), the pass ends
                    # here; each page committed with its resume point, so nothing is lost.
                    error = SyncError(
                        f"the pass stopped at its time limit ({limit:g} s, pass_timeout) with"
                        " more to read; every page stored so far is kept and the next pass"
                        " resumes where this one stopped"
                    )
                    break
        except SyncCancelled:
            raise
        except SyncError as exc:
            error = exc
        except StoreError as exc:
            error = SyncError(str(exc), transient=False)
        except Exception as exc:  # a bug must not stop the other feeds or the screen
            log.exception("feed %r failed unexpectedly", feed)
            error = SyncError(f"an unexpected error ({type(exc).__name__}: {exc}); see the log")
    used = counts["new"] + counts["changed"] + counts["unchanged"]
    if too_old:
        error = _judge_too_old(
            store, source, cursor, error, too_old, keep_days or 0, used, newest_old, started
        )
    if (
        error is None
        and source.snapshot
        and not used
        and records > 1
        and source.skips.skipped >= records
    ):
        # A complete read of which nothing is usable is a source the screen no longer hears
        # (an export whose dates changed format): a failing feed, said in the header, not
        # "live" over old data. One odd record alone stays a skip, and so do the skipped
        # records of an incremental read, which may all be rightly skipped (ratings with no
        # comment) while the feed is well.
        first = source.skips.reasons[0] if source.skips.reasons else "no reason given"
        # Read again next pass (not "unchanged since the last sync"), until it is fixed; then
        # those records are stored after all.
        store.save_cursor(feed, cursor)
        shown = (
            "what is on screen is from earlier passes"
            if store.count_feed(feed)
            else "nothing of this feed is on screen yet"
        )
        error = SyncError(
            f"none of the {records:,} records read could be used (first: {first}); {shown}."
            " Check the feed's fields in the settings",
            transient=False,
        )
    report = FeedReport(
        feed=feed,
        ok=error is None,
        started=started,
        seconds=time.perf_counter() - t0,
        pages=pages,
        records=records,
        not_modified=not_modified,
        skipped=source.skips.skipped,
        blank=source.skips.blank,
        error=None if error is None else error.message,
        retry_after=None if error is None else error.retry_after,
        transient=True if error is None else error.transient,
        notes=tuple(source.notes),
        skip_reasons=tuple(source.skips.reasons),
        too_old=too_old,
        **counts,
    )
    # Marked, so that a command that prints the report itself does not echo it twice.
    if error is None:
        log.info("%s", report, extra={FEED_REPORT: True})
    else:
        log.warning("%s", report, extra={FEED_REPORT: True})
    return report


def _within(page: Page, kept_from: datetime | None) -> tuple[Page, int, datetime | None]:
    """Return the page without its items created before ``kept_from``, how many those were,
    and when the newest of them was written."""
    if kept_from is None:
        return page, 0, None
    young = [fb for fb in page.items if fb.created_at >= kept_from]
    old = [fb.created_at for fb in page.items if fb.created_at < kept_from]
    return replace(page, items=young), len(old), max(old, default=None)


def _judge_too_old(
    store: Store,
    source: Source,
    cursor: str | None,
    error: SyncError | None,
    too_old: int,
    keep_days: int,
    used: int,
    newest_old: datetime | None = None,
    started: datetime | None = None,
) -> SyncError | None:
    """Return the pass's error once items older than the store keeps were left out: a
    complete read that had nothing else fails; otherwise a note says how many."""
    if error is None and source.snapshot and not used:
        # Nothing of the feed is on screen: a feed the screen does not hear, said in the
        # header; read again next pass, so that a longer window stores them.
        store.save_cursor(source.feed.name, cursor)
        longest = int(option("store.keep_days").maximum or keep_days)
        # Only when the longest window would hold some (helper-49: 2011 tweets were told to
        # raise it to 3,650 days, which holds none of them).
        reachable = (
            newest_old is None or started is None or newest_old >= keep_from(longest, started)
        )
        remedy = (
            f"raise store.keep_days (up to {longest:,}) to show older feedback"
            if keep_days < longest and reachable
            else f"the kiosk shows no feedback older than {longest:,} days"
        )
        return SyncError(
            f"{counted(too_old, 'record')} read {'is' if too_old == 1 else 'are'} older than"
            f" the {keep_days:,} days the store keeps (store.keep_days), so none was stored;"
            f" {remedy}",
            transient=False,
        )
    source.notes.append(
        f"{counted(too_old, 'item')} older than the {keep_days:,} days the store keeps"
        " (store.keep_days) not stored"
    )
    return error


def _kept_note(unidentified: int) -> str:
    """Why a complete read withdrew nothing: records it skipped had no id to go by."""
    records = "record" if unidentified == 1 else "records"
    return (
        f"{unidentified:,} skipped {records} had no id that could be read; nothing was"
        " withdrawn, as any of them may be an item already stored"
    )


def _held_note(held: int, stored: int) -> str:
    """Why a complete read that lost most of the feed withdrew nothing yet."""
    return (
        f"this read no longer has {held:,} of the {stored:,} items stored from it; a"
        " half-written export or an outage reads like that, so they stay until the next"
        " complete read says the same"
    )


def _select(settings: Settings, feed: str | None) -> list[FeedConfig]:
    if feed is None:
        return [f for f in settings.feeds if f.enabled]
    for f in settings.feeds:
        if f.name == feed:
            return [f]
    names = ", ".join(f.name for f in settings.feeds) or "none configured"
    raise SyncError(f"there is no feed named {feed!r} (feeds: {names})", transient=False)


def run_once(
    settings: Settings, store: Store, feed: str | None = None, after: AfterHook | None = None
) -> list[FeedReport]:
    """Run one pass over every enabled feed (or just the named one, even if disabled).

    This is ``voc-kiosk sync --once [--feed NAME]``: print each report with ``str()``; exit
    non-zero when any report is not ``ok``.

    Raises:
        SyncError: ``feed`` names no configured feed.
    """
    reports = []
    context = _context(settings)
    for config in _select(settings, feed):
        try:
            source = make_source(config, context)
        except SyncError as exc:
            reports.append(
                FeedReport(
                    config.name, False, datetime.now(UTC), error=exc.message, transient=False
                )
            )
            log.warning("%s: %s", config.name, exc.message)
            _remember(store, reports[-1])
            continue
        try:
            reports.append(run_feed(store, source, after, int(settings["store.keep_days"])))
        finally:
            source.close()
        _remember(store, reports[-1])
    return reports


def _remember(store: Store, report: FeedReport) -> int | None:
    """Keep a pass's outcome in the store; a store that refuses loses only the note."""
    try:
        return remember_pass(store, report)
    except StoreError as exc:
        log.warning("feed %r: its last pass could not be noted in the store: %s", report.feed, exc)
        return None


def next_delay(
    failures: int,
    poll: float,
    retry_after: float | None,
    base: float,
    cap: float,
    rng: random.Random,
) -> float:
    """Return the seconds until a feed's next pass.

    A healthy feed polls every ``poll`` seconds ±10 %; a failing one waits between half and all
    of ``base * 2**(failures - 1)``, at most ``cap`` ("equal jitter": it really slows down, and
    screens that failed together spread out), and never less than a ``Retry-After``.
    """
    if failures == 0:
        return poll * rng.uniform(0.9, 1.1)
    ceiling = min(cap, base * 2 ** min(failures - 1, 30))
    delay = ceiling / 2 + rng.uniform(0, ceiling / 2)
    if retry_after is not None:
        delay = max(delay, retry_after)
    return delay


class SyncService:
    """Runs the enabled feeds on worker threads, each on its own jittered schedule.

    A scheduler thread starts each due feed's pass on a thread of its own (at most
    ``max_parallel`` at once), so one slow or hanging source never delays the others; every
    request of a pass ends at its ``total_timeout`` whatever the server does. Store writes
    (and the analysis inside them) take the store's write lock one batch at a time.

    Args:
        settings: the feeds and ``sync.max_response_mb``.
        store: the store (it gives each worker thread its own connection).
        after: called inside each batch's transaction with its result (the analysis hook).
        backoff_base: seconds before the first retry of a failing feed; doubles per failure.
        backoff_cap: the longest wait between retries (a ``Retry-After`` may ask for more).
        first_delay: the first passes start within this many seconds, spread out so many
            screens started together do not hit a source at once.
        rng: the randomness of the jitter (seed it in tests).
        max_parallel: how many feeds may be read at the same time.

    Listeners (``add_listener``) are called on a worker thread after every pass, and when
    the service starts, with the report (or None), every status and the summary line.
    """

    def __init__(
        self,
        settings: Settings,
        store: Store,
        *,
        after: AfterHook | None = None,
        backoff_base: float = 30.0,
        backoff_cap: float = 3600.0,
        first_delay: float = 2.0,
        rng: random.Random | None = None,
        max_parallel: int = 4,
    ) -> None:
        self._store = store
        self._after = after
        self._base = backoff_base
        self._cap = backoff_cap
        self._first_delay = first_delay
        self._rng = rng or random.Random()
        self._max_parallel = max(1, max_parallel)
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._passes: dict[str, threading.Thread] = {}
        self._listeners: list[Listener] = []
        self._sources: dict[str, Source] = {}
        # The configuration each source was built from (a Fider source rewrites its own).
        self._built_from: dict[str, FeedConfig] = {}
        self._pending_settings: Settings | None = None
        self._last_data = store.last_synced()
        self._settings = settings
        self._feeds: dict[str, FeedConfig] = {}
        self._due: dict[str, float] = {}
        self._status: dict[str, SyncStatus] = {}
        self._apply(settings, initial=True)

    # public API (any thread)

    def add_listener(self, listener: Listener) -> None:
        """Call ``listener(report, statuses, summary)`` after every pass (on a worker)."""
        self._listeners.append(listener)

    def start(self) -> None:
        """Start the scheduler thread (once)."""
        if self._thread is not None:
            return
        self._thread = threading.Thread(target=self._run, name="kiosk-sync", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 15.0) -> bool:
        """Stop: end every request in flight, wait for the workers; return whether they ended."""
        self._stop.set()
        self._wake.set()
        with self._lock:
            running = [self._sources[n] for n in self._passes if n in self._sources]
        for source in running:
            source.abort()
        deadline = time.monotonic() + timeout
        threads = [t for t in (self._thread, *self._passes.values()) if t is not None]
        for thread in threads:
            thread.join(max(0.0, deadline - time.monotonic()))
        alive = [t.name for t in threads if t.is_alive()]
        if alive:
            log.warning("sync workers did not stop within %.0f s: %s", timeout, ", ".join(alive))
            return False
        self._thread = None
        with self._lock:
            sources = list(self._sources.values())
            self._sources.clear()
            self._passes.clear()
        for source in sources:
            source.close()
        return True

    @property
    def running(self) -> bool:
        """Whether the scheduler thread is alive."""
        return self._thread is not None and self._thread.is_alive()

    def sync_now(self, feed: str | None = None) -> None:
        """Read a feed (or every feed) as soon as possible, e.g. after its settings changed."""
        with self._lock:
            now = time.monotonic()
            for name in self._due:
                if feed is None or name == feed:
                    self._due[name] = now
        self._wake.set()

    def update_settings(self, settings: Settings) -> None:
        """Take new feed settings; a feed being read finishes its pass with the old ones."""
        with self._lock:
            self._pending_settings = settings
        self._wake.set()

    def reading(self, feed: str) -> bool:
        """Whether a pass of this feed is under way (it ends with the settings it began with)."""
        with self._lock:
            return feed in self._passes

    def statuses(self) -> dict[str, SyncStatus]:
        """Return every enabled feed's status (a copy, safe to keep)."""
        with self._lock:
            return dict(self._status)

    def reread_statuses(self, names: Iterable[str]) -> None:
        """Take the stored status of feeds not read yet in this run (a renamed feed, whose last
        pass the store now keeps under its new name), and tell the listeners."""
        with self._lock:
            for name in names:
                current = self._status.get(name)
                if current is not None and current.last_attempt is None and not current.running:
                    self._status[name] = self._stored(name)
        self._notify(None)

    def summary(self, now: datetime | None = None) -> str:
        """Return the header's line: "live", or "offline — showing data from 14:02"."""
        with self._lock:
            return summary(self._status, self._last_data, now)

    # the scheduler

    def _apply(self, settings: Settings, initial: bool = False) -> None:
        feeds = {f.name: f for f in settings.feeds if f.enabled}
        now = time.monotonic()
        stale: list[Source] = []
        with self._lock:
            for name in list(self._sources):
                changed = name not in feeds or feeds[name] != self._built_from.get(name)
                # A source in the middle of a pass is closed by that pass when it ends.
                if changed and name not in self._passes:
                    stale.append(self._sources.pop(name))
            self._due = {
                name: self._due.get(name, now + self._rng.uniform(0, self._first_delay))
                if not initial
                else now + self._rng.uniform(0, self._first_delay)
                for name in feeds
            }
            self._status = {name: self._status.get(name) or self._stored(name) for name in feeds}
            self._feeds = feeds
            self._settings = settings
        for source in stale:
            source.close()

    def _stored(self, name: str) -> SyncStatus:
        """A feed's status before this run reads it: its last pass as the store keeps it."""
        try:
            return stored_status(self._store, name) or SyncStatus(name)
        except StoreError:
            return SyncStatus(name)

    def _notify(self, report: FeedReport | None) -> None:
        statuses = self.statuses()
        line = self.summary()
        for listener in list(self._listeners):
            try:
                listener(report, statuses, line)
            except Exception:
                log.exception("a sync listener failed")

    def _run(self) -> None:
        log.info("sync worker started with %d feeds", len(self._feeds))
        self._notify(None)
        try:
            while not self._stop.is_set():
                with self._lock:
                    pending, self._pending_settings = self._pending_settings, None
                if pending is not None:
                    self._apply(pending)
                    self._notify(None)
                self._wake.wait(self._start_due())
                self._wake.clear()
        finally:
            log.info("sync worker stopped")

    def _start_due(self) -> float:
        """Start every due feed that is not being read yet; return the seconds to wait."""
        now = time.monotonic()
        with self._lock:
            waiting = sorted(
                (when, name) for name, when in self._due.items() if name not in self._passes
            )
            for when, name in waiting:
                if when > now or len(self._passes) >= self._max_parallel:
                    break
                thread = threading.Thread(
                    target=self._pass, args=(name,), name=f"kiosk-sync-{name}", daemon=True
                )
                self._passes[name] = thread
                thread.start()
            later = [w for w, n in waiting if n not in self._passes]
        if not later or len(self._passes) >= self._max_parallel:
            return 3600.0  # a pass that ends wakes the scheduler
        return max(0.0, later[0] - now)

    # a pass, on its own thread

    def _source(self, name: str) -> Source:
        with self._lock:
            source = self._sources.get(name)
            config = self._feeds.get(name)
            settings = self._settings
        if source is None:
            if config is None:
                raise SyncError(f"feed {name!r} is no longer configured", transient=False)
            source = make_source(config, _context(settings, self._stop.is_set))
            with self._lock:
                self._sources[name] = source
                self._built_from[name] = config
        return source

    def _pass(self, name: str) -> None:
        source: Source | None = None
        try:
            with self._lock:
                if name in self._status:
                    self._status[name] = replace(self._status[name], running=True)
                keep_days = int(self._settings["store.keep_days"])
            try:
                source = self._source(name)
            except SyncError as exc:
                report = FeedReport(
                    name, False, datetime.now(UTC), error=exc.message, transient=False
                )
            else:
                if self._stop.is_set():
                    return
                report = run_feed(self._store, source, self._after, keep_days)
            self._record(name, report)
            self._notify(report)
        except SyncCancelled:
            pass
        except Exception:  # a bug in one pass must not stop the scheduler or other feeds
            log.exception("the pass of feed %r failed unexpectedly", name)
        finally:
            retire: Source | None = None
            with self._lock:
                self._passes.pop(name, None)
                config = self._feeds.get(name)
                if source is not None and (config is None or config != self._built_from.get(name)):
                    # The settings changed during the pass: the next one builds a new source.
                    if self._sources.get(name) is source:
                        del self._sources[name]
                    retire = source
            if retire is not None:
                retire.close()
            self._wake.set()

    def _delay(self, failures: int, poll: float, retry_after: float | None) -> float:
        return next_delay(failures, poll, retry_after, self._base, self._cap, self._rng)

    def _record(self, name: str, report: FeedReport) -> None:
        items = _remember(self._store, report)
        now = datetime.now(UTC)
        with self._lock:
            old = self._status.get(name, SyncStatus(name))
            config = self._feeds.get(name)
            poll = float(config.poll_seconds) if config else 300.0
            if report.ok:
                failures = 0
                status = replace(
                    old,
                    state=FeedState.OK,
                    last_success=now,
                    failing_since=None,
                    last_attempt=now,
                    new=report.new,
                    changed=report.changed,
                    failures=0,
                    last_error=None,
                    running=False,
                    notes=report.notes,
                    transient=True,
                )
                self._last_data = now
            else:
                failures = old.failures + 1
                status = replace(
                    old,
                    state=FeedState.FAILING,
                    failing_since=old.failing_since or now,
                    last_attempt=now,
                    failures=failures,
                    last_error=report.error,
                    running=False,
                    notes=report.notes,
                    transient=report.transient,
                )
                if report.pages and (report.new or report.changed):
                    self._last_data = now
            delay = self._delay(failures, poll, report.retry_after)
            status = replace(status, next_attempt=now + timedelta(seconds=delay), items=items)
            if name in self._due:
                self._due[name] = time.monotonic() + delay
                self._status[name] = status
