"""Start-up: the store opened (or why not, on the screen), the last screen shown at once, and
the probe a benchmark reads."""

from __future__ import annotations

import logging
import sys
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from kiosk.screens import restored_screen
from kiosk.snapshots import META_SCREEN
from kiosk.store import Store, StoreError
from kiosk.views.cloud_view import CloudView
from kiosk.views.dashboard_model import DashboardModel
from kiosk.views.main_window import cover_screen
from kiosk.views.store_problem import StoreProblemView
from kiosk.views.theme import Theme

log = logging.getLogger("kiosk.app")

# Set, the app says on stderr when its first cloud and its first counts reach the screen.
STARTUP_PROBE = "VOC_KIOSK_STARTUP_PROBE"
# A store that cannot be opened (damaged, locked, on a share not mounted yet) is tried again
# this often, with the reason on the screen meanwhile.
STORE_RETRY_SECONDS = 30


def probe_startup(cloud: CloudView, model: DashboardModel) -> None:
    """Say on stderr when the first cloud reaches the screen and when the latest counts
    do (``benchmarks/bench_startup.py`` times a start by these lines)."""
    said: set[str] = set()

    def say(what: str) -> None:
        if what not in said:
            said.add(what)
            print(f"voc-kiosk startup: {what}", file=sys.stderr, flush=True)

    cloud.layout_applied.connect(lambda: say("first cloud painted") if cloud.placements else None)
    model.header_changed.connect(
        lambda _h: say("counts loaded") if model.snapshot.revision > 0 else None
    )


class StoreOpener(QObject):
    """Opens the store; while it cannot, says why on the screen and tries again.

    A wall has nobody reading its standard error: a damaged, locked or unreachable store
    is said on the screen (where it is, what to do), tried again every ``retry_seconds``,
    and the kiosk starts as soon as it opens.

    Args:
        path: the store file.
        theme: colours of the message screen.
        wall: the unattended profile (full screen, no pointer, no closing by a passer-by).
        fullscreen: cover the screen (None: as the profile says).
        retry_seconds: the pause between tries.

    Signals:
        opened(object): the ``Store``, once it opened after a failed try.
    """

    opened = Signal(object)

    def __init__(
        self,
        path: Path,
        theme: Theme,
        *,
        wall: bool,
        fullscreen: bool | None = None,
        retry_seconds: int = STORE_RETRY_SECONDS,
    ) -> None:
        super().__init__()
        self.path = path
        self.problem: str | None = None
        self._theme = theme
        self._wall = wall
        self._fullscreen = wall if fullscreen is None else fullscreen
        self._retry_seconds = retry_seconds
        self.screen: StoreProblemView | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(retry_seconds * 1000)
        self._timer.timeout.connect(self._on_timer_timeout)

    def try_open(self) -> Store | None:
        """Open the store now; on failure show why (the first time) and keep trying."""
        try:
            store = Store(self.path)
        except StoreError as exc:
            if str(exc) != self.problem:
                log.warning("cannot open the store: %s", exc)
            self.problem = str(exc)
            self._show_problem()
            return None
        self.problem = None
        self.stop()
        return store

    def _show_problem(self) -> None:
        if self.screen is None:
            self.screen = StoreProblemView(self._theme, self._retry_seconds, wall=self._wall)
            if self._fullscreen:
                cover_screen(self.screen)
            else:
                self.screen.resize(1280, 760)
                self.screen.show()
        self.screen.show_problem(self.problem or "", datetime.now().astimezone())
        if not self._timer.isActive():
            self._timer.start()

    def _on_timer_timeout(self) -> None:
        store = self.try_open()
        if store is not None:
            log.info("the store %s opened", self.path)
            self.opened.emit(store)

    def stop(self) -> None:
        """Stop trying and take the message screen away."""
        self._timer.stop()
        if self.screen is not None:
            self.screen.dismiss()
            self.screen = None


def show_restored(store: Store, model: DashboardModel, profile: str, view: str) -> bool:
    """Show the last screen the store kept for this view, until the counts are loaded;
    return whether there was one.

    Loading the counting index of a large store takes seconds; the screen it gave last
    time is a row in the store, and a wall must not show an empty cloud meanwhile.
    """
    try:
        text = store.get_meta(META_SCREEN.format(profile=profile))
    except StoreError:
        return False
    restored = restored_screen(text, view)
    if restored is None:
        return False
    when = restored.header.last_update
    since = f" of {when.astimezone():%d %b %H:%M}" if when else ""
    loading = f"showing the last cloud{since} while the latest counts load"
    model.publish(replace(restored, header=replace(restored.header, connection=loading)))
    return True
