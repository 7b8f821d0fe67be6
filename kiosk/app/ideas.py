"""The ideas customers vote for, in the cloud's place (the desk's toggle and the wall's scene
share one view), and the announcements that reached customers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices

from kiosk.app.parts import Parts
from kiosk.outbox.values import Announced
from kiosk.values import Idea, IdeaCounts, Slice
from kiosk.views.ideas_view import IdeasView
from kiosk.views.theme import Theme, theme_named
from kiosk.views.wall_ideas import WallIdeasView
from kiosk.viewstate import slice_text

IDEAS_SHOWN = 300


def ideas_slice_text(part: Slice) -> str:
    """Return the part of the feedback the ideas come from, in words: the view's slice but
    its kinds, which the ideas do not follow ("only complaints" over a list of ideas)."""
    return slice_text(replace(part, kinds=frozenset()))


class Ideas:
    """Holds the ideas view and fetches what it and the announcements show.

    Args:
        parts: the kiosk's shared parts.
    """

    def __init__(self, parts: Parts) -> None:
        self.parts = parts
        self.view: IdeasView | None = None
        # The wall's scene: the same ideas as rows read from across the room, not a table.
        self.wall_view: WallIdeasView | None = None

    def built_view(self, *, private: bool, links: bool) -> IdeasView:
        """Return the ideas view, built the first time (names masked when ``private``)."""
        if self.view is None:
            view = IdeasView(
                theme_named(self.parts.settings["display.theme"]),
                private=private,
                parent=self.parts.window,
            )
            if links:
                view.link_activated.connect(lambda url: QDesktopServices.openUrl(QUrl(url)))
            self.view = view
        return self.view

    def apply_theme(self, theme: Theme) -> None:
        """Repaint the ideas views already built in a theme's colours."""
        for view in (self.view, self.wall_view):
            if view is not None:
                view.apply_theme(theme)

    def built_wall_view(self, *, private: bool) -> WallIdeasView:
        """Return the wall's ideas scene, built the first time (masked when ``private``)."""
        if self.wall_view is None:
            self.wall_view = WallIdeasView(
                theme_named(self.parts.settings["display.theme"]),
                private=private,
                parent=self.parts.window,
            )
        return self.wall_view

    def load(self) -> None:
        """Fetch the ideas by votes for the view on screen and show them when they come."""
        parts = self.parts
        view = parts.view
        window = view.window()

        def job() -> tuple[list[Idea], IdeaCounts]:
            dashboard = parts.dashboard
            return (
                dashboard.ideas(window, view.part, IDEAS_SHOWN),
                dashboard.idea_counts(window, view.part),
            )

        def shown(found: tuple[list[Idea], IdeaCounts]) -> None:
            ideas, counts = found
            if self.view is not None and view == parts.view:
                self.view.show_ideas(
                    ideas,
                    window,
                    view.window_label,
                    ideas_slice_text(view.part),
                    IDEAS_SHOWN,
                    counts=counts,
                )

        parts.tasks.submit("ideas", job, shown)

    def load_announcements(self, done: Callable[[list[Announced]], None], limit: int = 3) -> None:
        """Fetch the newest announcements that reached customers (off the UI thread) and
        hand them to ``done`` on the UI thread: what the wall's "You said … / We are doing
        …" shows (``kiosk.views.announcements_view``)."""
        dashboard = self.parts.dashboard
        self.parts.tasks.submit("announcements", lambda: dashboard.announcements(limit), done)
