"""The parts of one running kiosk that every job reads: settings, store, model, window, work."""

from __future__ import annotations

import getpass
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtGui import QColor

from kiosk.analysis import StoreAnalysis, Vocabulary
from kiosk.dashboard import Dashboard
from kiosk.insight import TermDetail
from kiosk.model import Kind
from kiosk.settings import Settings
from kiosk.store import Store
from kiosk.views.cloud_view import CloudView
from kiosk.views.dashboard_model import DashboardModel
from kiosk.views.main_window import MainWindow
from kiosk.views.tasks import Executor, TaskRunner
from kiosk.views.theme import kind_color_names
from kiosk.viewstate import ViewState


class Parts:
    """What the kiosk's jobs share, built once by ``Kiosk``; the changing state lives here
    too (the settings, the view on screen, the feeds synced), so every job sees the same.

    Args:
        settings: the settings in force (replaced when the dialog saves).
        settings_path: the file they came from, or None.
        store: the open store.
        executor: where background jobs run (None: worker threads).
        model: the dashboard model the views subscribe to.
        dashboard: the screens' questions (used on the task worker only).
        tasks: the background work queue.
        window: the main window.
        cloud: the word cloud.
        view: what is looked at.
        demo_mode: "static" or "live" while the demo is the feed, else None.
        feeds: the settings whose feeds the sync runs.
    """

    def __init__(
        self,
        settings: Settings,
        settings_path: Path | None,
        store: Store,
        executor: Executor | None,
        model: DashboardModel,
        dashboard: Dashboard,
        tasks: TaskRunner,
        window: MainWindow,
        cloud: CloudView,
        view: ViewState,
        demo_mode: str | None,
        feeds: Settings,
    ) -> None:
        self.settings = settings
        self.settings_path = settings_path
        self.store = store
        self.executor = executor
        self.model = model
        self.dashboard = dashboard
        self.tasks = tasks
        self.window = window
        self.cloud = cloud
        self.view = view
        self.demo_mode = demo_mode
        self.feeds = feeds
        # Built on the worker by the first job: warming up phrase statistics reads the store.
        self.analysis: StoreAnalysis | None = None
        self.last_update: datetime | None = None
        # A first read of the feeds is under way (the demo's seeding, the service's first
        # pass): an empty store then means "not read yet", not "nothing arrived".
        self.reading = False
        # The values each slice can take, as the last snapshot counted them.
        self.facets: dict[str, tuple[str, ...]] = {}

    def analyze(self) -> StoreAnalysis:
        """Return the store's analysis, built the first time (on the worker thread)."""
        if self.analysis is None:
            self.analysis = StoreAnalysis(self.store, Vocabulary.from_settings(self.settings))
        return self.analysis

    def term_detail_job(self, term: str, row_limit: int) -> Callable[[], TermDetail]:
        """Return the job that reads a word's detail for the view on screen now (its first
        ``row_limit`` rows), to run on the worker thread."""
        dashboard, view = self.dashboard, self.view

        def job() -> TermDetail:
            return dashboard.term_detail(
                term,
                view.window(),
                row_limit=row_limit,
                part=view.part,
                window_label=view.window_label,
            )

        return job


def kind_colors(settings: Settings) -> dict[Kind, QColor]:
    """Return the kind colours for the configured theme and palette."""
    names = kind_color_names(settings["display.theme"], settings["display.palette"])
    return {Kind(k): QColor(v) for k, v in names.items()}


def person() -> str | None:
    """Return who is at this desk (the login name), to sign what they change."""
    try:
        return getpass.getuser() or None
    except (OSError, KeyError):
        return None
