"""Exploring on the desk: the period and slices looked at, a view shared as a string or a PNG,
what moved, a word found as it is typed (or why it is never one), and the ideas by votes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from PySide6.QtWidgets import QApplication, QToolButton

from kiosk.analysis.lexicon import LANGUAGES
from kiosk.app.drill import Drilldown
from kiosk.app.ideas import Ideas
from kiosk.app.parts import Parts, kind_colors
from kiosk.dashboard import MOVER_RULE
from kiosk.insight import FoundWord, Movers
from kiosk.screens import Severity
from kiosk.views.explore_bar import ExploreBar
from kiosk.views.movers_view import MoversView
from kiosk.viewstate import ViewState, parse_view, slice_text
from kiosk.wording import language_name


class Exploring:
    """Changes what is looked at and shows what the desk's explore bar asks for.

    Args:
        parts: the kiosk's shared parts.
        drill: the desk's drill-down (an open word follows the view).
        ideas: the ideas view.
        refresh: recompute every screen for the view now looked at.
        open_term: open a word (the drill-down on the desk, the wall's reading on the wall).
        open_outbox: open the outbox (the explore bar's button).
    """

    def __init__(
        self,
        parts: Parts,
        drill: Drilldown,
        ideas: Ideas,
        *,
        refresh: Callable[[], None],
        open_term: Callable[[str], None],
        open_outbox: Callable[[], object],
    ) -> None:
        self.parts = parts
        self._drill = drill
        self._ideas = ideas
        self._refresh = refresh
        self._open_term = open_term
        self._open_outbox = open_outbox
        self.bar: ExploreBar | None = None
        self.movers_view: MoversView | None = None
        self._found: FoundWord | None = None

    def build_bar(self) -> None:
        """Put the explore bar on the desk's window and answer what it asks."""
        parts = self.parts
        bar = ExploreBar(parts.window)
        bar.show_view(parts.view)
        bar.window_chosen.connect(lambda days: self.set_view(parts.view.with_days(days)))
        bar.range_chosen.connect(
            lambda first, last: self.set_view(parts.view.with_range(first, last))
        )
        bar.slice_added.connect(self._on_bar_slice_added)
        bar.chip_removed.connect(lambda chip: self.set_view(parts.view.without(chip)))
        bar.find_changed.connect(self.find_word)
        bar.find_activated.connect(self.open_found)
        bar.movers_toggled.connect(self.show_movers)
        bar.copy_requested.connect(self.copy_view)
        bar.open_requested.connect(self.open_view)
        bar.save_requested.connect(self.save_png)
        bar.ideas_toggled.connect(self.show_ideas)
        bar.outbox_requested.connect(self._open_outbox)
        parts.window.set_explore_bar(bar)
        parts.window.header.set_window_clickable(True)
        parts.window.header.window_clicked.connect(bar.open_window_menu)
        self.bar = bar

    def _on_bar_slice_added(self, key: str, value: str) -> None:
        view = self.parts.view
        if key == "answered":
            self.set_view(view.with_slice("answered", value == "yes"))
        else:
            self.set_view(view.with_slice(key, value))

    def show_facets(self, facets: dict[str, tuple[str, ...]]) -> None:
        """Offer the values each slice can take, as the last snapshot counted them."""
        if self.bar is not None:
            self.bar.set_facets(facets)

    def refresh(self) -> None:
        """Fetch again what is shown in the cloud's place (what moved, the desk's ideas)."""
        if self.movers_view is not None and self.movers_view.isVisible():
            self._load_movers()
        ideas = self._ideas.view
        if ideas is not None and ideas.isVisible() and not self.parts.settings.wall:
            self._ideas.load()

    # the view (what is looked at)

    def set_view(self, view: ViewState) -> None:
        """Show another window or slice: the cloud, the header, what moved and an open
        drill-down follow together."""
        parts = self.parts
        if view == parts.view:
            return
        opened = self._drill.open_term()
        parts.view = view
        if self.bar is not None:
            self.bar.show_view(view)
        self._refresh()
        if opened is not None:
            self._open_term(opened)
        if self.bar is not None and self.bar.find_edit.text().strip():
            self.find_word(self.bar.find_edit.text())

    def open_view(self, text: str) -> bool:
        """Open a view someone shared (its string); say what could not be read."""
        view, errors = parse_view(text)
        for error in errors:
            self.parts.model.notify(f"In the view shared: {error}", Severity.WARNING)
        self.set_view(replace(view, open_term=None))
        term = view.open_term
        if term:
            parts = self.parts
            store = parts.store

            def known(term_id: int | None) -> None:
                if term_id is not None:
                    self._open_term(term)
                    return
                # An empty panel saying "0 customers", with Announce on, would stay in every
                # view copied after it: say the word is unknown instead.
                parts.model.notify(
                    f"In the view shared: no customer ever used “{term[:60]}”; nothing to open.",
                    Severity.WARNING,
                )

            parts.tasks.submit("view-term", lambda: store.term_id(term), known)
        return not errors

    def view_string(self) -> str:
        """Return the string that opens what is on screen now (with the open word)."""
        return replace(self.parts.view, open_term=self._drill.open_term()).to_string()

    def copy_view(self) -> str:
        """Copy the view string to the clipboard and say how to open it."""
        text = self.view_string()
        clipboard = QApplication.clipboard()
        if clipboard is not None:
            clipboard.setText(text)
        self.parts.model.notify(
            f'Copied this view: {text} — open it with voc-kiosk --view "{text}"'
            " or Share ▸ Open a view…"
        )
        return text

    def save_png(self, path: Path | None = None) -> Path | None:
        """Save the window as it is on screen to a PNG (asks where on the desk)."""
        window, model = self.parts.window, self.parts.model
        if path is None:
            from PySide6.QtWidgets import QFileDialog

            name = f"voc-kiosk-{datetime.now().astimezone():%Y-%m-%d-%H%M}.png"
            chosen, _filter = QFileDialog.getSaveFileName(
                window, "Save as PNG", str(Path.home() / name), "PNG images (*.png)"
            )
            if not chosen:
                return None
            path = Path(chosen)
        if path.suffix.lower() != ".png":
            path = path.with_suffix(".png")
        image = window.grab().toImage()
        # The stubs want bytes for the format; PySide6 accepts only str at run time.
        if not image.save(str(path), "PNG"):  # type: ignore[call-overload]
            model.notify(f"Could not write {path}", Severity.WARNING)
            return None
        model.notify(f"Saved {path}")
        return path

    # in the cloud's place

    def show_movers(self, shown: bool = True) -> None:
        """Show what moved in place of the cloud (or the cloud again)."""
        parts = self.parts
        if not shown:
            parts.window.show_in_place_of_cloud(None)
            return
        if self.movers_view is None:
            view = MoversView(kind_colors(parts.settings), MOVER_RULE, parts.window)
            view.term_activated.connect(self._open_term)
            self.movers_view = view
        if self.bar is not None:
            _set_checked(self.bar.ideas_button, False)
        parts.window.show_in_place_of_cloud(self.movers_view)
        if self.bar is not None and not self.bar.movers_button.isChecked():
            self.bar.movers_button.setChecked(True)
        self._load_movers()

    def _load_movers(self) -> None:
        parts = self.parts
        view = parts.view
        window = view.window()

        def shown(movers: Movers) -> None:
            if self.movers_view is not None and view == parts.view:
                self.movers_view.show_movers(movers, view.window_label, slice_text(view.part))

        parts.tasks.submit("movers", lambda: parts.dashboard.movers(window, view.part), shown)

    def show_ideas(self, shown: bool = True) -> None:
        """Show the ideas by votes in place of the cloud (or the cloud again)."""
        parts = self.parts
        if not shown:
            parts.window.show_in_place_of_cloud(None)
            return
        settings = parts.settings
        shown_view = self._ideas.built_view(
            private=settings.wall and bool(settings["privacy.mask_on_wall"]), links=True
        )
        if self.bar is not None:
            _set_checked(self.bar.movers_button, False)
            _set_checked(self.bar.ideas_button, True)
        parts.window.show_in_place_of_cloud(shown_view)
        self._ideas.load()

    # find a word

    def find_word(self, text: str) -> None:
        """Look for a word as a person types: highlight it in the cloud, or say why not."""
        parts = self.parts
        cloud = parts.cloud
        if not text.strip():
            cloud.set_highlight(None)
            return
        view = parts.view
        shown = frozenset(cloud.placements) - set(cloud.dropped)
        limit = int(parts.settings["display.max_words"])
        why_not = self._why_not

        def job() -> FoundWord:
            return parts.dashboard.find(
                text, view.window(), view.part, shown=shown, limit=limit, why_not=why_not
            )

        parts.tasks.submit("find", job, self._on_word_found)

    def _why_not(self, word: str) -> str | None:
        """Why a typed word that no term holds is never one, or None when nothing rules it
        out (then nobody wrote it). Asked only once the store has no term for it, so the
        first language that rules it out (English first) is the likely reason."""
        analyzer = self.parts.analyze().analyzer
        for language in LANGUAGES:
            reason = analyzer.why_not(word, language)
            if reason is not None:
                return (
                    f"“{word}” is never a word of the cloud in {language_name(language)}: {reason}."
                )
        return None

    @property
    def found(self) -> FoundWord | None:
        """What the last "find a word" found, or None before any."""
        return self._found

    def _on_word_found(self, found: FoundWord) -> None:
        self._found = found
        self.parts.cloud.set_highlight(found.key if found.in_cloud else None)
        if self.bar is not None:
            self.bar.show_found(found)

    def open_found(self, text: str) -> None:
        """Open the word found for what was typed (Enter in the find box)."""
        found = self._found
        if found is not None and found.query == " ".join(text.split()) and found.key:
            self._open_term(found.key)
            return
        parts = self.parts
        view = parts.view
        limit = int(parts.settings["display.max_words"])

        def job() -> FoundWord:
            return parts.dashboard.find(text, view.window(), view.part, limit=limit)

        def done(found: FoundWord) -> None:
            self._on_word_found(found)
            if found.key:
                self._open_term(found.key)

        parts.tasks.submit("find", job, done)


def _set_checked(button: QToolButton, checked: bool) -> None:
    """Check or uncheck a toggle without it announcing the change (the caller acts)."""
    button.blockSignals(True)
    button.setChecked(checked)
    button.blockSignals(False)
