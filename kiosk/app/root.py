"""The composition root: wires settings, store, background work and views into one kiosk."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QApplication

from kiosk.adminpin import PinGate
from kiosk.analysis import StoreAnalysis
from kiosk.app.drill import Drilldown
from kiosk.app.explore import Exploring
from kiosk.app.feeds import Syncing, feeds_for
from kiosk.app.ideas import Ideas
from kiosk.app.loop import Answering
from kiosk.app.parts import Parts, kind_colors
from kiosk.app.screen import Screen
from kiosk.app.settings import Configuring, settings_view
from kiosk.app.startup import STARTUP_PROBE, probe_startup
from kiosk.app.wall import Wall
from kiosk.dashboard import Dashboard
from kiosk.delivery.worker import DeliveryWorker
from kiosk.inhibit import ScreenAwake
from kiosk.outbox.values import Announced
from kiosk.screens import DashboardSnapshot, Severity
from kiosk.settings import Problem, Settings
from kiosk.store import Store
from kiosk.sync.qt_adapter import QtSync
from kiosk.views.announcements_view import AnnouncementsView
from kiosk.views.cloud_view import CloudView
from kiosk.views.compose_dialog import ComposeDialog, ComposeTarget
from kiosk.views.dashboard_model import DashboardModel
from kiosk.views.empty_view import EmptyView
from kiosk.views.explore_bar import ExploreBar
from kiosk.views.fonts import use_bundled_font
from kiosk.views.ideas_view import IdeasView
from kiosk.views.main_window import MainWindow
from kiosk.views.movers_view import MoversView
from kiosk.views.outbox_view import OutboxDialog
from kiosk.views.scenes import SceneCycler
from kiosk.views.tasks import Executor, TaskRunner
from kiosk.views.theme import theme_named
from kiosk.views.wall_ideas import WallIdeasView
from kiosk.views.wall_pointer import WallPointer
from kiosk.viewstate import ViewState

if TYPE_CHECKING:
    # Loaded on first use: the trend chart's pyqtgraph alone is half a second of start-up,
    # and the first cloud must not wait for a panel nobody opened yet.
    from kiosk.views.drilldown import DrilldownPanel
    from kiosk.views.settings_dialog import SettingsDialog
    from kiosk.views.wall_detail import WallDetail

log = logging.getLogger("kiosk.app")


class Kiosk:
    """One running kiosk: the model, the window, and the work that keeps them current.

    Args:
        settings: checked settings.
        store: the open store.
        problems: what was wrong with the settings file, shown as notices at start.
        demo: "static" or "live" to show the demo feed; None shows the configured feeds, or
            the demo when there are none.
        executor: where background jobs and cloud layouts run (tests and snapshots pass
            ``synchronous``); by default worker threads.
    """

    def __init__(
        self,
        settings: Settings,
        store: Store,
        *,
        problems: list[Problem] | None = None,
        demo: str | None = None,
        executor: Executor | None = None,
        settings_path: Path | None = None,
        view: ViewState | None = None,
    ) -> None:
        self.store = store
        demo_mode, feeds = feeds_for(settings, demo)
        self.model = DashboardModel()
        # Used on the task worker only: its counting index is not thread-safe.
        self.dashboard = Dashboard(store)
        self.dashboard.display_language = str(settings["display.language"])
        self.tasks = TaskRunner(executor)
        self.tasks.task_failed.connect(self._on_tasks_task_failed)
        family = use_bundled_font()
        self.cloud = CloudView(executor=executor, font_family=family)
        self.cloud.apply_settings(settings)
        self.window = MainWindow(
            self.model,
            theme=theme_named(settings["display.theme"]),
            kind_colors=kind_colors(settings),
            wall=settings.wall,
            cloud=self.cloud,
        )
        self.model.terms_changed.connect(self.cloud.set_terms)
        # What is looked at: the desk explores; the wall shows its settings' view.
        view_problems: list[Problem] = []
        self.parts = Parts(
            settings,
            settings_path,
            store,
            executor,
            self.model,
            self.dashboard,
            self.tasks,
            self.window,
            self.cloud,
            view or settings_view(settings, settings_path, view_problems),
            demo_mode,
            feeds,
        )
        self.screen = Screen(self.parts, published=self._on_screen_published)
        self.drill = Drilldown(
            self.parts,
            refresh=self.refresh,
            reply=self.open_reply,
            announce=self.open_announcement,
        )
        self.answering = Answering(self.parts, self.drill, self.refresh)
        self.cloud.term_activated.connect(self.open_drilldown)
        if os.environ.get(STARTUP_PROBE):
            probe_startup(self.cloud, self.model)
        self.ideas = Ideas(self.parts)
        self.wall = Wall(self.parts, self.ideas)
        self.exploring = Exploring(
            self.parts,
            self.drill,
            self.ideas,
            refresh=self.refresh,
            open_term=self.open_drilldown,
            open_outbox=self.answering.open_outbox,
        )
        if not settings.wall:
            self.exploring.build_bar()
        self.syncing = Syncing(self.parts, self.refresh, demo)
        self.configuring = Configuring(
            self.parts,
            wall=self.wall,
            ideas=self.ideas,
            syncing=self.syncing,
            answering=self.answering,
            drill=self.drill,
            set_view=self.exploring.set_view,
            refresh=self.refresh,
        )
        self.window.settings_requested.connect(self.configuring.open)
        for problem in [*(problems or []), *view_problems]:
            self.model.notify(str(problem), Severity.WARNING)

    @property
    def settings(self) -> Settings:
        """The settings in force."""
        return self.parts.settings

    @settings.setter
    def settings(self, settings: Settings) -> None:
        self.parts.settings = settings

    @property
    def settings_path(self) -> Path | None:
        """The settings file, or None."""
        return self.parts.settings_path

    @property
    def view(self) -> ViewState:
        """What is looked at."""
        return self.parts.view

    @view.setter
    def view(self, view: ViewState) -> None:
        self.parts.view = view

    @property
    def demo_mode(self) -> str | None:
        """ "static" or "live" while the demo is the feed, else None."""
        return self.parts.demo_mode

    @property
    def feeds(self) -> Settings:
        """The settings whose feeds the sync runs."""
        return self.parts.feeds

    @property
    def sync(self) -> QtSync | None:
        """The feeds' sync service, once started."""
        return self.syncing.sync

    @property
    def analysis(self) -> StoreAnalysis | None:
        """The store's analysis, once the first job built it."""
        return self.parts.analysis

    @property
    def empty_view(self) -> EmptyView | None:
        """What stands in the cloud's place when it has no word."""
        return self.screen.empty_view

    @property
    def drilldown(self) -> DrilldownPanel | None:
        """The desk's drill-down panel, once a word was opened."""
        return self.drill.panel

    @property
    def delivery(self) -> DeliveryWorker:
        """The outbox's delivery worker."""
        return self.answering.delivery

    @property
    def compose_dialog(self) -> ComposeDialog | None:
        """The compose form, while open."""
        return self.answering.compose_dialog

    @property
    def outbox_dialog(self) -> OutboxDialog | None:
        """The outbox, while open."""
        return self.answering.outbox_dialog

    def sender_name(self) -> str:
        """Return the name messages are signed with: the setting, else the login name."""
        return self.answering.sender_name()

    def open_reply(self, target: ComposeTarget) -> ComposeDialog | None:
        """Open the compose form for a reply to one customer (the desk only)."""
        return self.answering.open_reply(target)

    def open_announcement(self, term_key: str) -> ComposeDialog | None:
        """Open the compose form for an announcement to everyone behind a word (the desk
        only), narrowed at first to the view's period and kinds."""
        return self.answering.open_announcement(term_key)

    def open_outbox(self) -> OutboxDialog | None:
        """Open the outbox: messages, their deliveries, retry, cancel, confirm (the desk)."""
        return self.answering.open_outbox()

    def remember_test_address(self, address: str) -> None:
        """Keep where tests go in the settings file, so the next test is one click."""
        self.answering.remember_test_address(address)

    @property
    def ideas_view(self) -> IdeasView | WallIdeasView | None:
        """The ideas by votes, once shown: the desk's table, or the wall's scene."""
        return self.ideas.wall_view if self.settings.wall else self.ideas.view

    @property
    def admin(self) -> PinGate:
        """The admin PIN's gate (the wall's settings and closing)."""
        return self.wall.admin

    @property
    def scenes(self) -> SceneCycler | None:
        """The wall's scenes, once started."""
        return self.wall.scenes

    @property
    def wall_detail(self) -> WallDetail | None:
        """The wall's reading of a word, once one was opened."""
        return self.wall.detail

    @property
    def announcements_view(self) -> AnnouncementsView | None:
        """The wall's "You said … / We are doing …", once shown."""
        return self.wall.announcements_view

    @property
    def awake(self) -> ScreenAwake | None:
        """What keeps the wall's screen on, while held."""
        return self.wall.awake

    @property
    def pointer(self) -> WallPointer | None:
        """The wall's pointer watch, once shown."""
        return self.wall.pointer

    @property
    def explore(self) -> ExploreBar | None:
        """The desk's explore bar (None on the wall)."""
        return self.exploring.bar

    @property
    def movers_view(self) -> MoversView | None:
        """What moved, once shown."""
        return self.exploring.movers_view

    def refresh(self) -> None:
        """Recompute the dashboard off the UI thread and publish it when ready."""
        self.screen.refresh()
        self.exploring.refresh()
        if self.settings.wall:
            self.wall.load_scene_data()

    def _on_screen_published(self, snapshot: DashboardSnapshot) -> None:
        self.exploring.show_facets(snapshot.facets)

    # exploring (the desk's explore bar)

    def set_view(self, view: ViewState) -> None:
        """Show another window or slice: the cloud, the header, what moved and an open
        drill-down follow together."""
        self.exploring.set_view(view)

    def open_view(self, text: str) -> bool:
        """Open a view someone shared (its string); say what could not be read."""
        return self.exploring.open_view(text)

    def view_string(self) -> str:
        """Return the string that opens what is on screen now (with the open word)."""
        return self.exploring.view_string()

    def copy_view(self) -> str:
        """Copy the view string to the clipboard and say how to open it."""
        return self.exploring.copy_view()

    def save_png(self, path: Path | None = None) -> Path | None:
        """Save the window as it is on screen to a PNG (asks where on the desk)."""
        return self.exploring.save_png(path)

    def show_movers(self, shown: bool = True) -> None:
        """Show what moved in place of the cloud (or the cloud again)."""
        self.exploring.show_movers(shown)

    def show_ideas(self, shown: bool = True) -> None:
        """Show the ideas by votes in place of the cloud (or the cloud again); on the wall,
        its ideas scene."""
        if shown and self.settings.wall:
            self.wall.show_ideas_scene()
            return
        self.exploring.show_ideas(shown)

    def find_word(self, text: str) -> None:
        """Look for a word as a person types: highlight it in the cloud, or say why not."""
        self.exploring.find_word(text)

    def open_found(self, text: str) -> None:
        """Open the word found for what was typed (Enter in the find box)."""
        self.exploring.open_found(text)

    # lifecycle

    def start(self, *, sync: bool = True, deliver: bool | None = None) -> None:
        """Fill the screen from the store, start syncing the feeds, and start the timers.

        Args:
            sync: start the feeds' sync service (a snapshot shows the store as it is, and the
                demo after one pass of its feed).
            deliver: start the outbox's delivery worker (by default when syncing: a snapshot
                sends nothing).
        """
        # Known before anything is shown: an empty screen then says the feeds are being read.
        feeds = self.parts.feeds.feeds
        self.parts.reading = self.parts.demo_mode is not None or (
            sync and any(f.enabled for f in feeds)
        )
        self.screen.show_restored()
        self.screen.say_why_empty()
        # The store's own counts first: they need neither the feeds nor the analysis.
        self.refresh()
        # Word lists edited while the kiosk was off reach the stored items next, before the
        # first sync; the cloud just asked for shows meanwhile.
        self.configuring.catch_up_vocabulary()
        self.screen.prune()
        if deliver is None:
            deliver = sync
        if deliver:
            self.delivery.start()
        self.syncing.start(sync=sync)
        self.screen.keep_current(self.refresh)
        if self.settings.wall:
            self.wall.start_scenes()

    def stop(self) -> None:
        """Stop timers and background work; the store stays open for the caller to close."""
        # Stopped on purpose (a signal, the admin, a test): the wall's window may close now.
        self.window.allow_close()
        self.screen.stop()
        self.drill.stop()
        self.syncing.stop()
        self.answering.stop()
        self.wall.stop()
        self.cloud.shutdown()
        self.tasks.shutdown()

    # drill-down

    def open_drilldown(self, term: str, *, select: int | None = None) -> None:
        """Show the customers behind a word (the cloud's ``term_activated``).

        Args:
            term: the term key.
            select: the feedback id whose row to select when the rows arrive.
        """
        if self.settings.wall:
            # Read standing up, metres away: the word, its customers, a few quotes.
            self.wall.open_detail(term)
            return
        self.drill.open(term, select=select)

    def _on_tasks_task_failed(self, channel: str, exc: BaseException) -> None:
        self.model.notify(f"Background work failed ({channel}): {exc}", Severity.ERROR)

    def load_announcements(self, done: Callable[[list[Announced]], None], limit: int = 3) -> None:
        """Fetch the newest announcements that reached customers and hand them to ``done``
        on the UI thread (what the wall's "You said … / We are doing …" shows)."""
        self.ideas.load_announcements(done, limit)

    # settings

    @property
    def settings_dialog(self) -> SettingsDialog | None:
        """The settings dialog, while open."""
        return self.configuring.dialog

    def open_settings(self, page: str = "feeds") -> SettingsDialog | None:
        """Open the settings dialog (one at a time); on the wall, only after the admin PIN."""
        return self.configuring.open(page)

    def apply_settings(self, settings: Settings) -> None:
        """Take new settings at once: the cloud, the feeds, the words, the privacy rules."""
        self.configuring.apply(settings)

    # showing

    def show(self, fullscreen: bool | None = None) -> None:
        """Show the window: full screen on the wall unless told otherwise."""
        if fullscreen is None:
            fullscreen = self.settings.wall
        if self.settings.wall:
            self.wall.show()
        if fullscreen:
            self.window.show_full_screen()
        else:
            self.window.resize(1280, 760)
            self.window.show()

    def keep_screen_on(self) -> list[str]:
        """Hold the screensaver and display power saving off until ``stop``; return how."""
        return self.wall.keep_screen_on()

    def snapshot(self, path: Path, size: QSize) -> None:
        """Render the window offscreen to a PNG of exactly ``size``."""
        # The first render settles the geometry of a window that was never shown (docks are
        # sized on it); the cloud then lays out for the room it really has.
        self.window.render_image(size)
        QApplication.sendEvent(self.cloud, QResizeEvent(self.cloud.size(), self.cloud.size()))
        self.cloud.flush()
        self.cloud.finish_animations()
        image = self.window.render_image(size)
        # The stubs want bytes for the format; PySide6 6.12 accepts only str at run time.
        if not image.save(str(path), "PNG"):  # type: ignore[call-overload]
            raise OSError(f"could not write the image {path}")
