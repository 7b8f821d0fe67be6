"""The delivery worker: takes queued deliveries from the store and sends them, one at a time.

Each delivery is claimed (``sending``) in a transaction, handed to its feed's channel, and
ends ``sent``, ``failed`` (with the reason; retried with exponential backoff and jitter when
trying again may help, at most ``max_attempts`` times) or ``unconfirmed`` (handed over, fate
unknown: a person decides). A cause that concerns a whole channel (a rejected login, a server
that is down) holds or fails that channel's other deliveries too, so 500 customers do not
mean 500 failed logins.

Crash safety: only one worker per store runs at a time (``DeliveryLock``), and the worker
notes in the store, in a transaction of its own, the moment just before a message leaves the
machine. A process killed at any moment therefore leaves each delivery queued, sent, failed,
unconfirmed, or ``sending`` -- and the next worker, holding the lock, knows that a ``sending``
row is a dead worker's: queued again if it was never handed over, unconfirmed if it was
(see ``OutboxStore.recover_deliveries``). Nothing is lost and nothing is sent twice.
"""

from __future__ import annotations

import logging
import random
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from kiosk.delivery.channel import Channel, SecretLookup, make_channel
from kiosk.delivery.errors import DeliveryError, Outcome
from kiosk.delivery.lock import DeliveryLock
from kiosk.outbox.routes import FeedLike, NoRoute, RecordRoute, Route, routes_of
from kiosk.outbox.values import DeliveryJob, DeliveryState
from kiosk.store import Store, StoreError
from kiosk.sync.credentials import require_secret
from kiosk.sync.service import next_delay

__all__ = ["DeliveryReport", "DeliveryWorker", "Listener"]

log = logging.getLogger("kiosk.outbox")

# Called on the worker's thread after each delivery ends: (recipient id, its new state).
Listener = Callable[[int, DeliveryState], None]


@dataclass(frozen=True, slots=True)
class DeliveryReport:
    """What one pass of the worker did."""

    sent: int = 0
    failed: int = 0
    retrying: int = 0
    unconfirmed: int = 0
    requeued_after_crash: int = 0
    unconfirmed_after_crash: int = 0
    busy: bool = False  # another process was delivering this store's outbox
    waiting: int = 0  # deliveries still to go after the pass (a retry's wait, a held channel)
    # Why the first delivery of the pass that did not go did not (the person at the command
    # line must not have to list the outbox to learn the server refused).
    problem: str | None = None
    next_in: float | None = None  # seconds until the next of them may be tried

    @property
    def ok(self) -> bool:
        """Whether the pass went as it should: nothing failed, and deliveries that were due
        went (a pass that only found deliveries not due yet is fine)."""
        return not self.busy and not self.failed and not (self.retrying and not self.sent)

    def __str__(self) -> str:
        if self.busy:
            return "another voc-kiosk is delivering this outbox; nothing done here"
        parts = [f"{self.sent} sent"]
        if self.retrying:
            parts.append(f"{self.retrying} to try again later")
        if self.failed:
            parts.append(f"{self.failed} failed")
        if self.unconfirmed:
            parts.append(f"{self.unconfirmed} waiting for a person to confirm")
        # The ones this pass will try again are among those waiting: said once.
        others = self.waiting - self.retrying
        if others > 0:
            parts.append(f"{others} more waiting")
        if self.waiting and self.next_in is not None:
            parts[-1] += f"; the next try {_in(self.next_in)}"
        if self.requeued_after_crash or self.unconfirmed_after_crash:
            parts.append(
                f"after an interrupted run: {self.requeued_after_crash} queued again,"
                f" {self.unconfirmed_after_crash} waiting for a person"
            )
        said = ", ".join(parts)
        if self.problem and (self.failed or self.retrying):
            said += f". The first that did not go: {self.problem}"
        return said


def _in(seconds: float) -> str:
    """Return a wait as people say it: "in 27 s", "in 4 min", "in 2 h"."""
    if seconds < 90:
        return f"in {max(0, round(seconds))} s"
    if seconds < 90 * 60:
        return f"in {round(seconds / 60)} min"
    return f"in {round(seconds / 3600)} h"


class DeliveryWorker:
    """Sends the store's queued deliveries, on its own thread or in one pass.

    Args:
        store: the store holding the outbox.
        feeds: the configured feeds (their reply routes say how to deliver).
        max_attempts: a delivery that failed this many times for a passing reason fails for
            good (a person may retry it).
        backoff_base: seconds before the first retry; doubles per attempt, with jitter.
        backoff_cap: the longest wait between two attempts (a ``Retry-After`` may ask more).
        rng: the randomness of the jitter (seed it in tests).
        now: the clock (tests move it forward instead of waiting).
        secret: where secrets come from (the keyring, or its environment variable).
        idle_seconds: how long the thread sleeps when nothing is due (``wake`` ends it early).
        lock_poll: how often a worker whose store another process delivers checks again.
    """

    def __init__(
        self,
        store: Store,
        feeds: Iterable[FeedLike],
        *,
        max_attempts: int = 8,
        backoff_base: float = 30.0,
        backoff_cap: float = 3600.0,
        rng: random.Random | None = None,
        now: Callable[[], datetime] | None = None,
        secret: SecretLookup = require_secret,
        idle_seconds: float = 60.0,
        lock_poll: float = 5.0,
    ) -> None:
        self._store = store
        self._max_attempts = max(1, max_attempts)
        self._base = backoff_base
        self._cap = backoff_cap
        self._rng = rng or random.Random()
        self._now = now or (lambda: datetime.now(UTC))
        self._secret = secret
        self._idle = idle_seconds
        self._lock_poll = lock_poll
        self._lock = DeliveryLock(store.path)
        self._routes: dict[str, Route] = routes_of(feeds)
        self._channels: dict[str, tuple[Route, Channel]] = {}
        self._held: dict[str, datetime] = {}
        self._listeners: list[Listener] = []
        self._guard = threading.Lock()
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None
        self._tally: dict[str, int] = {}
        self._problem: str | None = None

    # public API (any thread)

    def add_listener(self, listener: Listener) -> None:
        """Call ``listener(recipient_id, state)`` after each delivery ends (on the worker)."""
        self._listeners.append(listener)

    def update_feeds(self, feeds: Iterable[FeedLike]) -> None:
        """Take new feed settings; channels whose route changed are rebuilt."""
        routes = routes_of(feeds)
        with self._guard:
            self._routes = routes
        self.wake()

    def update_policy(self, max_attempts: int, backoff_base: float) -> None:
        """Take new retry settings; deliveries already waiting keep the time they were given."""
        with self._guard:
            self._max_attempts = max(1, max_attempts)
            self._base = backoff_base

    def wake(self) -> None:
        """Look for due deliveries now (after queueing a message)."""
        self._wake.set()

    def start(self) -> None:
        """Start the worker thread (once)."""
        if self._thread is not None:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="kiosk-outbox", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 15.0) -> bool:
        """Stop: let the delivery in hand finish (until ``timeout``), then cut it off.

        A delivery cut off after it was handed over becomes unconfirmed, never sent twice.
        Returns whether the thread ended.
        """
        self._stop.set()
        self._wake.set()
        thread = self._thread
        if thread is None:
            return True
        thread.join(timeout)
        if thread.is_alive():
            for channel in self._open_channels():
                channel.abort()
            thread.join(5.0)
        if thread.is_alive():
            log.warning("the outbox worker did not stop within %.0f s", timeout)
            return False
        self._thread = None
        return True

    @property
    def running(self) -> bool:
        """Whether the worker thread is alive."""
        return self._thread is not None and self._thread.is_alive()

    def run_pending(self) -> DeliveryReport:
        """Deliver everything due now, in the calling thread, and report.

        Deliveries waiting for a retry later are left for a later pass. Do not call it while
        this worker's thread runs (the thread holds the store's delivery lock).
        """
        if not self._lock.acquire():
            return DeliveryReport(busy=True)
        self._tally = {}
        self._problem = None
        try:
            requeued, unconfirmed = self._recover()
            self._deliver_due()
        finally:
            self._close_channels()
            self._lock.release()
        t = self._tally
        now = self._now()
        waiting, first = self._store.waiting_deliveries(now)
        # Deliveries through a channel that failed as a whole wait for its hold to end.
        later = [t for t in (first, *self._held.values()) if t is not None and t > now]
        return DeliveryReport(
            sent=t.get("sent", 0),
            failed=t.get("failed", 0),
            retrying=t.get("retrying", 0),
            unconfirmed=t.get("unconfirmed", 0),
            requeued_after_crash=requeued,
            unconfirmed_after_crash=unconfirmed,
            waiting=waiting,
            problem=self._problem,
            next_in=min(later).timestamp() - now.timestamp() if later else None,
        )

    # the thread

    def _run(self) -> None:
        log.info("outbox worker started")
        try:
            self._store.sync_every_commit()
        except StoreError as exc:
            log.warning("the outbox's commits are synced only at checkpoints: %s", exc)
        while not self._stop.is_set():
            if not self._lock.acquire():
                # Another process delivers this store; take over when it is gone.
                self._wake.wait(self._lock_poll)
                self._wake.clear()
                continue
            try:
                self._recover()
                while not self._stop.is_set():
                    self._deliver_due()
                    self._close_channels()
                    self._wake.wait(self._seconds_to_next())
                    self._wake.clear()
            except Exception:
                # The store failing (a full disk) or a bug must not end deliveries for good:
                # everything is in the store, so the next round starts over from there.
                log.exception("the outbox worker failed; trying again shortly")
                self._wake.wait(self._lock_poll)
                self._wake.clear()
            finally:
                self._close_channels()
                self._lock.release()
        log.info("outbox worker stopped")

    def _seconds_to_next(self) -> float:
        due = self._store.next_delivery_due(self._held_feeds())
        held = [until for until in self._held.values() if until > self._now()]
        soonest = min([d for d in (due, *held) if d is not None], default=None)
        if soonest is None:
            return self._idle
        return min(self._idle, max(0.0, (soonest - self._now()).total_seconds()))

    # delivering

    def _recover(self) -> tuple[int, int]:
        requeued, unconfirmed = self._store.recover_deliveries(self._now())
        if requeued or unconfirmed:
            log.warning(
                "outbox after an interrupted run: %d deliveries queued again, %d waiting for a"
                " person to confirm",
                requeued,
                unconfirmed,
            )
        return requeued, unconfirmed

    def _held_feeds(self) -> list[str]:
        now = self._now()
        return [feed for feed, until in self._held.items() if until > now]

    def _deliver_due(self) -> None:
        while not self._stop.is_set():
            job = self._store.claim_delivery(self._now(), self._held_feeds())
            if job is None:
                return
            self._deliver(job)

    def _deliver(self, job: DeliveryJob) -> None:
        recipient = job.recipient
        rid = recipient.id
        with self._guard:
            route = self._routes.get(recipient.feed_id)
        handed = False

        def handing_over(ref: str | None) -> None:
            nonlocal handed
            self._store.mark_handed_over(rid, ref, self._now())
            handed = True

        try:
            if route is None or isinstance(route, NoRoute):
                why = route.reason if route is not None else "it is not configured any more"
                raise DeliveryError(
                    f"feed {recipient.feed_id!r} cannot deliver: {why}", Outcome.FAILED
                )
            if isinstance(route, RecordRoute):
                ref = None
            else:
                ref = self._channel(route).deliver(job, handing_over)
        except DeliveryError as err:
            self._settle(job, err)
        except Exception as exc:  # a bug: the delivery's fate must still be recorded
            log.exception("delivering %d failed unexpectedly", rid)
            text = f"an unexpected error ({type(exc).__name__}: {exc}); see the log"
            outcome = Outcome.UNCONFIRMED if handed else Outcome.FAILED
            self._settle(job, DeliveryError(text, outcome))
        else:
            self._store.mark_sent(rid, ref, self._now())
            self._count("sent")
            log.info("delivered %d %s to %s", rid, route.channel, recipient.customer_key)
            self._notify(rid, DeliveryState.SENT)

    def _settle(self, job: DeliveryJob, err: DeliveryError) -> None:
        recipient = job.recipient
        rid = recipient.id
        now = self._now()
        if self._problem is None:
            self._problem = err.message
        if err.outcome is Outcome.UNCONFIRMED:
            self._store.mark_unconfirmed(rid, err.message, now)
            self._count("unconfirmed")
            log.warning("delivery %d unconfirmed: %s", rid, err.message)
            self._notify(rid, DeliveryState.UNCONFIRMED)
            return
        if err.outcome is Outcome.RETRY and recipient.attempts < self._max_attempts:
            delay = next_delay(
                recipient.attempts, 0.0, err.retry_after, self._base, self._cap, self._rng
            )
            retry_at = now + timedelta(seconds=delay)
            self._store.mark_failed(rid, err.message, retry_at, now)
            if err.whole_channel:
                self._held[recipient.feed_id] = retry_at
            self._count("retrying")
            log.info("delivery %d will be tried again in %.0f s: %s", rid, delay, err.message)
        else:
            reason = err.message
            if err.outcome is Outcome.RETRY:
                reason = f"{reason} (gave up after {recipient.attempts} attempts)"
            self._store.mark_failed(rid, reason, None, now)
            self._count("failed")
            if err.whole_channel:
                others = self._store.fail_channel(recipient.feed_id, recipient.channel, reason, now)
                self._tally["failed"] = self._tally.get("failed", 0) + others
            log.warning("delivery %d failed: %s", rid, reason)
        self._notify(rid, DeliveryState.FAILED)

    def _count(self, what: str) -> None:
        self._tally[what] = self._tally.get(what, 0) + 1

    def _notify(self, rid: int, state: DeliveryState) -> None:
        for listener in list(self._listeners):
            try:
                listener(rid, state)
            except Exception:
                log.exception("an outbox listener failed")

    # channels

    def _channel(self, route: Route) -> Channel:
        with self._guard:
            cached = self._channels.get(route.feed)
            if cached is not None and cached[0] == route:
                return cached[1]
        if cached is not None:
            cached[1].close()
        channel = make_channel(route, self._secret)
        if channel is None:  # the routes that need no channel never get here
            raise DeliveryError(f"feed {route.feed!r} has no channel to deliver", Outcome.FAILED)
        with self._guard:
            self._channels[route.feed] = (route, channel)
        return channel

    def _open_channels(self) -> list[Channel]:
        with self._guard:
            return [channel for _route, channel in self._channels.values()]

    def _close_channels(self) -> None:
        with self._guard:
            channels = [channel for _route, channel in self._channels.values()]
            self._channels.clear()
        for channel in channels:
            try:
                channel.close()
            except Exception:
                log.exception("closing an outbox channel failed")
