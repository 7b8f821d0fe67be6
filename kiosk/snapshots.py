"""What the screen shows for a view, as one snapshot, and the last one kept for the next start.

Core code, no Qt: the composition root runs :meth:`Snapshots.take` on the task worker (the
dashboard's counting index belongs to that thread) and publishes the result on the UI thread.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from kiosk.dashboard import Dashboard
from kiosk.screens import DashboardSnapshot, HeaderState, saved_screen
from kiosk.settings import Settings
from kiosk.store import Store
from kiosk.values import DayRange, TermStat, day_of
from kiosk.viewstate import ViewState, slice_text

__all__ = ["META_SCREEN", "Snapshots", "source_label"]

# The last screen shown, kept in the store's meta table for the next start (one per profile:
# the wall's fewer words are not the desk's).
META_SCREEN = "screen.last.{profile}"


def source_label(settings: Settings, demo_mode: str | None) -> str:
    """Return where the header says the data comes from."""
    if demo_mode == "live":
        return "Demo data, live (no feeds configured)" if not settings.feeds else "Demo"
    if demo_mode:
        return "Demo data (no feeds configured)" if not settings.feeds else "Demo data"
    names = [f.name for f in settings.feeds if f.enabled]
    if names:
        return "Feeds: " + ", ".join(names)
    return "No feed can run" if settings.unusable_feeds else "No feeds enabled"


class Snapshots:
    """The screen's numbers for a view, each snapshot with the next revision number.

    Args:
        store: the store, where the last screen is kept.
        dashboard: the screens' questions (owned by the worker thread that calls ``take``).
    """

    def __init__(self, store: Store, dashboard: Dashboard) -> None:
        self.store = store
        self.dashboard = dashboard
        self.revision = 0
        self._remembered: str | None = None

    def take(
        self,
        view: ViewState,
        settings: Settings,
        *,
        demo_mode: str | None,
        last_update: datetime | None,
    ) -> DashboardSnapshot:
        """Return what the screen shows for ``view`` now, and keep it for the next start."""
        window = view.window()
        dashboard = self.dashboard
        header = HeaderState(
            window_days=window.days,
            window_label=view.window_label,
            slice_label=slice_text(view.part),
            kinds=view.part.kinds,
            counts=dashboard.header_counts(window, view.part),
            source=source_label(settings, demo_mode),
            last_update=last_update or self.store.last_synced(),
            demo=demo_mode is not None,
        )
        wall = settings.wall
        limit = int(settings["wall.max_words" if wall else "display.max_words"])
        terms = tuple(dashboard.top_terms(window, limit, view.part))
        if wall:
            # From across a room a word one customer used is noise; a few share a view.
            fewest = int(settings["wall.min_word_customers"])
            terms = tuple(t for t in terms if t.customers >= fewest)
        headline: tuple[str, ...] = ()
        spotlight: str | None = None
        if wall:
            line = dashboard.headline(window, view.part, day_of(datetime.now(UTC)))
            headline = tuple(line.parts)
            risen = [t.key for t in terms if t.rising]
            if line.rising_complaint is not None:
                spotlight = line.rising_complaint.key
                terms = _with_word(terms, spotlight, dashboard, window, view, limit, fewest)
            elif risen:
                spotlight = risen[0]
        self.revision += 1
        snapshot = DashboardSnapshot(
            self.revision, header, terms, dashboard.facets(), headline, spotlight
        )
        self._remember(snapshot, view, settings.profile)
        return snapshot

    def _remember(self, snapshot: DashboardSnapshot, view: ViewState, profile: str) -> None:
        """Keep the screen in the store, to show at once at the next start."""
        if not snapshot.terms:
            return
        text = saved_screen(snapshot, view.to_string())
        if text != self._remembered:
            self.store.set_meta(META_SCREEN.format(profile=profile), text)
            self._remembered = text


def _with_word(
    terms: tuple[TermStat, ...],
    key: str,
    dashboard: Dashboard,
    window: DayRange,
    view: ViewState,
    limit: int,
    fewest: int,
) -> tuple[TermStat, ...]:
    """Return the wall's words with the headline's word among them, marked rising.

    A passer-by who reads "Rising: link" looks for "link": a word below the wall's cut takes
    the smallest word's place rather than be named and missing, and a word already shown
    carries the mark even where the cloud's own test, all kinds together and a few words
    at most, left it off (its complaints rose; its praise may not have).
    """
    if not terms:
        return terms
    if any(t.key == key for t in terms):
        return tuple(replace(t, rising=True) if t.key == key else t for t in terms)
    found = next(
        (t for t in dashboard.top_terms(window, limit * 5, view.part) if t.key == key), None
    )
    if found is None or found.customers < fewest:
        return terms
    kept = [
        *terms[: len(terms) - 1 if len(terms) >= limit else len(terms)],
        replace(found, rising=True),
    ]
    return tuple(sorted(kept, key=lambda t: -t.customers))
