"""The desk's drill-down: the customers behind a word, their history, where our answers are,
and a person's correction of a kind (learned from once they pause)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, QUrl
from PySide6.QtGui import QDesktopServices

from kiosk.app.parts import Parts, person
from kiosk.insight import TermDetail
from kiosk.model import Kind
from kiosk.options import feed_questions
from kiosk.outbox.values import Answer, ItemDelivery
from kiosk.rows import DrilldownOptions
from kiosk.values import AnswerGap, FeedbackRow, TermMention
from kiosk.views.compose_dialog import ComposeTarget
from kiosk.views.palette import cloud_palette
from kiosk.views.theme import theme_named

if TYPE_CHECKING:
    # Loaded on first use: the trend chart's pyqtgraph alone is half a second of start-up,
    # and the first cloud must not wait for a panel nobody opened yet.
    from kiosk.views.drilldown import DrilldownPanel

# A drill-down shows its first screen at once and the rest when loaded; past MAX it shows the
# newest (a list of 50,000 customers is for export, not for reading).
DRILLDOWN_FIRST_ROWS = 200
DRILLDOWN_MAX_ROWS = 50_000
# Corrections are learned from once the person has made none for this long.
LEARN_AFTER_SECONDS = 20

# A customer's history for the drill-down: rows, the kinds found, answers, deliveries.
_History = tuple[
    str,
    list[FeedbackRow],
    dict[int, set[Kind]],
    dict[int, list[Answer]],
    dict[int, ItemDelivery],
]


class Drilldown:
    """Opens the drill-down panel on a word and keeps what it shows current.

    Args:
        parts: the kiosk's shared parts.
        refresh: recompute every screen (after a correction).
        reply: open the compose form for a reply to one customer.
        announce: open the compose form for an announcement to everyone behind a word.
    """

    def __init__(
        self,
        parts: Parts,
        *,
        refresh: Callable[[], None],
        reply: Callable[[ComposeTarget], object],
        announce: Callable[[str], object],
    ) -> None:
        self.parts = parts
        self.panel: DrilldownPanel | None = None
        self._refresh = refresh
        self._reply = reply
        self._announce = announce
        self.learning = QTimer(parts.window)
        self.learning.setSingleShot(True)
        self.learning.setInterval(LEARN_AFTER_SECONDS * 1000)
        self.learning.timeout.connect(self.learn)
        # Built while the app is idle after its first cloud, not on the first click.
        parts.window.panels_prepared.connect(self._on_window_panels_prepared)

    def _on_window_panels_prepared(self) -> None:
        if not self.parts.settings.wall and self.panel is None:
            self.parts.window.prepare_view(self._built_panel())

    def _built_panel(self) -> DrilldownPanel:
        if self.panel is None:
            from kiosk.views.drilldown import DrilldownPanel

            settings = self.parts.settings
            palette = cloud_palette(settings["display.palette"], settings["display.theme"])
            templates = {
                f.name: str(f.options["crm_url"])
                for f in settings.feeds
                if isinstance(f.options.get("crm_url"), str)
            }
            options = DrilldownOptions(
                wall=settings.wall,
                mask_on_wall=bool(settings["privacy.mask_on_wall"]),
                min_customers=int(settings["privacy.min_customers"]),
                idle_close_seconds=int(settings["privacy.idle_close_seconds"]),
                link_templates=templates,
                questions=feed_questions(settings.feeds),
            )
            theme = theme_named(settings["display.theme"])
            panel = DrilldownPanel(
                {k: v for k, v in palette.kinds.items()},
                options,
                accent=theme.accent,
                chart_background=palette.panel,
                chart_foreground=palette.text,
            )
            panel.history_requested.connect(self._on_panel_history_requested)
            panel.kind_corrected.connect(self.correct_kind)
            panel.link_activated.connect(lambda url: QDesktopServices.openUrl(QUrl(url)))
            panel.closed.connect(self.parts.window.hide_drilldown)
            panel.reply_requested.connect(self._reply)
            panel.announce_requested.connect(self._announce)
            panel.watch_for_activity()
            self.panel = panel
        return self.panel

    def open_term(self) -> str | None:
        """Return the word the drill-down has open, or None."""
        panel = self.panel
        # isHidden, not isVisible: a window never shown (a snapshot) still has its word open.
        if panel is None or panel.isHidden() or panel.detail is None:
            return None
        return panel.detail.key

    def open(self, term: str, *, select: int | None = None) -> None:
        """Show the customers behind a word (``select``: the feedback whose row to select)."""
        parts = self.parts
        panel = self._built_panel()
        if select is None:
            panel.show_loading(term)
        parts.window.show_drilldown(panel)
        parts.tasks.submit(
            "drilldown",
            parts.term_detail_job(term, DRILLDOWN_FIRST_ROWS),
            lambda detail: self._on_term_detail_loaded(detail, select),
        )

    def _on_term_detail_loaded(self, detail: TermDetail, select: int | None = None) -> None:
        panel = self.panel
        if panel is None:
            return
        panel.show_detail(detail)
        if select is not None:
            panel.select_feedback(select)
        self.load_deliveries(detail.key, [r.feedback_id for r in detail.rows])
        if not detail.complete:

            def shown(rows: list[TermMention]) -> None:
                if panel is not self.panel:
                    return  # built again meanwhile (a new theme): the old one is gone
                panel.show_all_rows(detail.key, rows)
                self.load_deliveries(detail.key, [r.feedback_id for r in rows])

            store = self.parts.store
            self.parts.tasks.submit(
                "drilldown-rows",
                lambda: store.term_mentions(
                    detail.key, detail.since_day, detail.until_day, DRILLDOWN_MAX_ROWS, detail.part
                ),
                shown,
            )

    def _on_panel_history_requested(self, customer_id: str) -> None:
        # The answers kept with each item are the desk's: the wall shows the source's only.
        desk = not self.parts.settings.wall
        store = self.parts.store

        def job() -> _History:
            rows = store.customer_history(customer_id, limit=500)
            ids = [r.id for r in rows]
            return (
                customer_id,
                rows,
                store.mention_kinds(ids),
                store.answers_of(ids) if desk else {},
                store.delivery_states(ids) if desk else {},
            )

        def done(result: _History) -> None:
            if self.panel is not None:
                self.panel.show_history(*result)

        self.parts.tasks.submit("history", job, done)

    def load_deliveries(self, term_key: str, feedback_ids: Sequence[int]) -> None:
        """Show where our messages answering a drill-down's rows are (the desk's)."""
        panel = self.panel
        if panel is None or self.parts.settings.wall or not feedback_ids:
            return
        ids = list(feedback_ids)
        store = self.parts.store

        def shown(found: dict[int, ItemDelivery]) -> None:
            if panel is self.panel:
                panel.show_deliveries(term_key, found)

        self.parts.tasks.submit("drilldown-deliveries", lambda: store.delivery_states(ids), shown)

    def follow_deliveries(self) -> None:
        """Show the open word's delivery states, selected item and answer gap again."""
        panel = self.panel
        if panel is None or panel.detail is None or panel.isHidden():
            return
        parts = self.parts
        key = panel.detail.key
        ids = [row.mention.feedback_id for row in panel.model.rows.all]
        self.load_deliveries(key, ids)
        if not parts.settings.wall:
            panel.reload_selected()
        view = parts.view

        def shown(found: AnswerGap | None) -> None:
            if panel is self.panel:
                panel.show_gap(key, found)

        parts.tasks.submit(
            "drilldown-gap", lambda: parts.dashboard.term_gap(key, view.window(), view.part), shown
        )

    def forget_hidden_panel(self) -> None:
        """Drop a panel not on screen, to be built again with the settings now in force."""
        if self.panel is not None and not self.panel.isVisible():
            self.panel.deleteLater()
            self.panel = None

    def rebuild_panel(self) -> None:
        """Build the panel again with the settings now in force (a new theme or palette), the
        same word open in it if one was."""
        term = self.open_term()
        if self.panel is not None:
            self.parts.window.hide_drilldown()
            self.panel.deleteLater()
            self.panel = None
        if term is not None:
            self.open(term)

    def correct_kind(self, feedback_id: int, kind: Kind | None) -> None:
        """Record a person's kind for an item; every number and the panel follow at once."""
        parts = self.parts
        panel = self.panel
        term = panel.detail.key if panel is not None and panel.detail is not None else None
        by = person()

        def job() -> None:
            parts.store.correct_kind(feedback_id, kind, by)
            if kind is None:
                # Back to the analysis's own reading of each clause.
                parts.analyze().analyze_into([feedback_id])

        def done(_result: None) -> None:
            self._refresh()
            if term is not None:
                self.open(term, select=feedback_id)
            # A few corrections in a row are learned from together, once the person pauses.
            self.learning.start()

        parts.tasks.submit("correct-kind", job, done)

    def learn(self) -> None:
        """Fit the local kind model again from the labelled and corrected items, and read the
        items whose kind was inferred again with it (on the worker; seconds on a big store)."""
        parts = self.parts

        def job() -> tuple[bool, int]:
            analysis = parts.analyze()
            if not analysis.learn_kinds():
                return False, 0
            return True, analysis.reanalyze_kinds()

        def done(result: tuple[bool, int]) -> None:
            learned, count = result
            if learned:
                parts.model.notify(
                    f"Learned from the corrections: {count:,} items were read again with them."
                )
                self._refresh()

        parts.tasks.submit("learn-kinds", job, done)

    def stop(self) -> None:
        """Stop waiting to learn from corrections."""
        self.learning.stop()
