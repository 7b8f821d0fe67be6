"""The wall: its scenes, the headline, a word read standing up, the pointer, the screen kept
awake, and leaving only with the admin PIN."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QTimer

from kiosk.adminpin import PinGate
from kiosk.app.ideas import Ideas, ideas_slice_text
from kiosk.app.parts import Parts
from kiosk.autostart import LEFT_BY_ADMIN
from kiosk.inhibit import ScreenAwake
from kiosk.insight import TermDetail
from kiosk.outbox.values import Announced
from kiosk.rows import DrilldownOptions
from kiosk.screens import Severity
from kiosk.values import Idea
from kiosk.views.announcements_view import AnnouncementsView
from kiosk.views.headline import HeadlineBar
from kiosk.views.palette import cloud_palette
from kiosk.views.pin_dialog import ask_pin
from kiosk.views.scenes import SceneCycler
from kiosk.views.theme import theme_named
from kiosk.views.wall_pointer import WallPointer

if TYPE_CHECKING:
    # Loaded on first use, like the desk's drill-down: its chart is pyqtgraph.
    from kiosk.views.wall_detail import WallDetail

log = logging.getLogger("kiosk.app")

# The wall shows a few quotes of different customers: a page of the newest rows is plenty.
WALL_DETAIL_ROWS = 60
# The wall's ideas scene: the few most voted, in large type (fewer when fewer fit).
WALL_IDEAS = 8


class Wall:
    """What the unattended wall profile adds to the kiosk (the admin PIN guards the desk's
    settings too).

    Args:
        parts: the kiosk's shared parts.
        ideas: the ideas view and the announcements' fetch.
    """

    def __init__(self, parts: Parts, ideas: Ideas) -> None:
        self.parts = parts
        self._ideas = ideas
        self.admin = PinGate(str(parts.settings["wall.admin_pin"]))
        self.detail: WallDetail | None = None
        # Built while the app is idle after its first cloud, not on the first tap.
        parts.window.panels_prepared.connect(self._on_window_panels_prepared)
        self.scenes: SceneCycler | None = None
        # What the wall's ideas and announcements scenes show, fetched with each refresh.
        self.scene_ideas: list[Idea] = []
        self.scene_announced: list[Announced] = []
        self.announcements_view: AnnouncementsView | None = None
        # Held while a wall shows: no screensaver, no display power saving.
        self.awake: ScreenAwake | None = None
        self.pointer: WallPointer | None = None
        self.asking_to_leave = False
        self._heartbeat: QTimer | None = None
        window = parts.window
        if parts.settings.wall:
            window.header.text_scale = 1.4
            window.set_explore_bar(HeadlineBar(parts.model, window))
        window.close_requested.connect(self._on_window_close_requested)

    def start_scenes(self) -> None:
        """Cycle the wall's scenes: the cloud, a spotlight on the biggest mover, the ideas
        customers vote for, and what is being done (those with nothing to show are skipped)."""
        settings = self.parts.settings
        cycler = SceneCycler(
            int(settings["wall.scene_seconds"]),
            int(settings["wall.pause_seconds"]),
            self.parts.window,
        )
        cycler.add("cloud", self._show_cloud_scene)
        cycler.add("spotlight", self._show_spotlight_scene)
        cycler.add("ideas", self.show_ideas_scene)
        cycler.add("announcements", self._show_announcements_scene)
        self.scenes = cycler
        cycler.start()

    def load_scene_data(self) -> None:
        """Fetch what the ideas and announcements scenes show (each refresh, on the wall)."""
        parts = self.parts
        view = parts.view
        window = view.window()

        def ideas_done(ideas: list[Idea]) -> None:
            self.scene_ideas = ideas

        def announced_done(items: list[Announced]) -> None:
            self.scene_announced = items

        parts.tasks.submit(
            "scene-ideas", lambda: parts.dashboard.ideas(window, view.part, WALL_IDEAS), ideas_done
        )
        self._ideas.load_announcements(announced_done)

    def show_ideas_scene(self) -> bool:
        """Show the ideas with most votes in the cloud's place; say whether there were any.

        Ideas nobody voted for are no "ideas customers vote for": a feed without votes (a CSV
        export, tweets) would put its first few ideas, whatever they are, on the wall as the
        ones customers back. The scene is skipped then.
        """
        voted = [idea for idea in self.scene_ideas if idea.votes > 0]
        if not voted:
            return False
        parts = self.parts
        shown = self._ideas.built_wall_view(private=bool(parts.settings["privacy.mask_on_wall"]))
        shown.show_ideas(voted, ideas_slice_text(parts.view.part))
        parts.window.show_in_place_of_cloud(shown)
        return True

    def _show_announcements_scene(self) -> bool:
        if not self.scene_announced:
            return False
        if self.announcements_view is None:
            self.announcements_view = AnnouncementsView(
                theme_named(self.parts.settings["display.theme"]), self.parts.window
            )
        self.announcements_view.show_announcements(self.scene_announced)
        self.parts.window.show_in_place_of_cloud(self.announcements_view)
        return True

    def _show_cloud_scene(self) -> bool:
        self.parts.window.show_in_place_of_cloud(None)
        return True

    def _show_spotlight_scene(self) -> bool:
        key = self.parts.model.snapshot.spotlight
        if key is None:
            return False
        self.open_detail(key)
        return True

    def _on_window_panels_prepared(self) -> None:
        if self.parts.settings.wall and self.detail is None:
            self.parts.window.prepare_view(self._detail_panel(), in_place_of_cloud=True)

    def _detail_panel(self) -> WallDetail:
        if self.detail is None:
            from kiosk.views.wall_detail import WallDetail

            settings = self.parts.settings
            palette = cloud_palette(settings["display.palette"], settings["display.theme"])
            options = DrilldownOptions(
                wall=True,
                mask_on_wall=bool(settings["privacy.mask_on_wall"]),
                min_customers=int(settings["privacy.min_customers"]),
                idle_close_seconds=int(settings["privacy.idle_close_seconds"]),
            )
            panel = WallDetail(
                dict(palette.kinds),
                options,
                chart_background=palette.panel,
                chart_foreground=palette.text,
            )
            panel.closed.connect(self._on_detail_closed)
            panel.watch_for_activity()
            self.detail = panel
        return self.detail

    def _on_detail_closed(self) -> None:
        # Only while the panel is what the wall shows: a scene that took its place (ideas,
        # announcements) keeps its full time.
        window = self.parts.window
        if self.detail is not None and window.stack.currentWidget() is self.detail:
            window.show_in_place_of_cloud(None)

    def open_detail(self, term: str) -> None:
        """Show a word read standing up, metres away: its customers, a few quotes."""
        parts = self.parts
        panel = self._detail_panel()
        panel.show_loading(term)
        # In the cloud's place, not over half of it: no word is cut mid-letter.
        parts.window.show_in_place_of_cloud(panel)

        def done(detail: TermDetail) -> None:
            if self.detail is not None and self.detail.title.text() in (term, detail.label):
                self.detail.show_detail(detail)

        parts.tasks.submit("drilldown", parts.term_detail_job(term, WALL_DETAIL_ROWS), done)

    def show(self) -> None:
        """Keep the screen on, and the pointer hidden until a real mouse moves."""
        self.keep_screen_on()
        # Nobody holds a mouse at a wall: the pointer shows only when a real one moves.
        self.pointer = self.pointer or WallPointer(self.parts.window)
        self.pointer.start()

    def keep_screen_on(self) -> list[str]:
        """Hold the screensaver and display power saving off until ``stop``; return how."""
        if self.awake is None:
            self.awake = ScreenAwake()
            self.awake.start()
            beat = self.awake.heartbeat_seconds
            if beat is not None:
                timer = QTimer(self.parts.window)
                timer.setInterval(round(beat * 1000))
                timer.timeout.connect(self.awake.poke)
                timer.start()
                self._heartbeat = timer
        return self.awake.names

    def admin_unlocked(self, what: str) -> bool:
        """Ask for the admin PIN on the wall; say how to set one when there is none."""
        if not self.admin.has_pin:
            self.parts.model.notify(
                f"To {what} on a wall, an admin PIN is needed: set one with"
                " `voc-kiosk admin set-pin` on this machine.",
                Severity.WARNING,
            )
            return False
        return ask_pin(self.parts.window, self.admin, what)

    def _on_window_close_requested(self) -> None:
        # Asked once the close event has returned: a PIN prompt inside the window manager's
        # request would nest one event loop in another. A second Alt+F4 meanwhile is ignored.
        if not self.asking_to_leave:
            self.asking_to_leave = True
            QTimer.singleShot(0, self._ask_to_leave)

    def _ask_to_leave(self) -> None:
        """On the wall, close only after the admin PIN (with none set, say how to set one)."""
        try:
            if self.admin_unlocked("leave the kiosk"):
                log.info("the wall was closed with the admin PIN")
                # Said first, so that closing the last window cannot end the app with 0: the
                # autostart unit brings back any other exit within seconds.
                QCoreApplication.exit(LEFT_BY_ADMIN)
                self.parts.window.allow_close()
                self.parts.window.close()
        finally:
            self.asking_to_leave = False

    def stop(self) -> None:
        """Stop the scenes, the screen's heartbeat and the pointer's watch."""
        if self.scenes is not None:
            self.scenes.stop()
        if self._heartbeat is not None:
            self._heartbeat.stop()
            self._heartbeat = None
        if self.awake is not None:
            self.awake.release()
            self.awake = None
        if self.pointer is not None:
            self.pointer.stop()
