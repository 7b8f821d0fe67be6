"""Ideas: what customers proposed, by votes, and what became of each (its status and change).

Shows the :class:`~kiosk.values.Idea` values the dashboard hands it, in place of the cloud on
the desk. No customer is named (the list may be shown on the floor); on a private screen the
ideas' words are masked as the drill-down masks them. Customer text is plain text.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from datetime import date, timedelta

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kiosk.model import Status
from kiosk.privacy import mask_personal
from kiosk.safetext import clean_text, isolate, plain_tooltip
from kiosk.values import DayRange, Idea, IdeaCounts, day_of
from kiosk.views.theme import Theme
from kiosk.wording import counted

__all__ = ["NOTE", "STATUS_WORDS", "IdeasView", "change_text_of", "one_line", "status_word"]

# An idea's status in the words idea boards use (Fider's), not the item's generic ones.
STATUS_WORDS = {
    Status.NEW: "open",
    Status.ACKNOWLEDGED: "planned",
    Status.IN_PROGRESS: "started",
    Status.RESOLVED: "done",
    Status.DECLINED: "declined",
}
_URL_ROLE = Qt.ItemDataRole.UserRole
_SHOWN_CHARS = 160
_EPOCH = date(1970, 1, 1)


NOTE = (
    "Every item whose kind is idea (as a person corrected it, as the source gave it: a Fider"
    " post not tagged bug or praise, or as the analysis read it), most votes first; votes"
    " alone make nothing an idea. The status is the source's (Fider tells an idea's voters"
    " when it changes)."
)


# A blank line, however written: where a source joins a title and its description.
_PARAGRAPHS = re.compile(r"(?:\r?\n|\r|\u2028)[ \t]*(?:\r?\n|\r|\u2028)\s*")


def one_line(text: str) -> str:
    """Return an item's words on one line: its lines joined by a space, and its paragraphs by
    a dash after one that ends in a letter or figure (a Fider post's title before its
    description: the source joins them with a blank line), so "Dark mode" and "The white
    screen hurts" do not run into one sentence, where an e-mail wrapped at "when I" reads on
    ("when I open the settings")."""
    joined = ""
    for paragraph in _PARAGRAPHS.split(text):
        words = " ".join(paragraph.split())
        if not words:
            continue
        if joined:
            joined += " — " if joined[-1].isalnum() else " "
        joined += words
    return joined


def status_word(status: Status) -> str:
    """Return an idea's status as an idea board says it."""
    return STATUS_WORDS[status]


def change_text_of(idea: Idea) -> str:
    """Return what last happened to an idea's status: "was planned, started 3 Jun 2026", or
    since when it has its status ("since 3 Jun 2026") when the change was not seen."""
    when = idea.status_changed_at
    day = f"{when.astimezone():%-d %b %Y}" if when is not None else ""
    if idea.previous_status is not None:
        return f"was {status_word(idea.previous_status)}, {status_word(idea.status)} {day}"
    if when is not None and idea.status is not Status.NEW:
        return f"since {day}"
    return ""


def _style(theme: Theme) -> str:
    return f"""
        QWidget#ideas {{ background: {theme.background}; color: {theme.text}; }}
        QWidget#ideas QLabel {{ color: {theme.text}; }}
        QWidget#ideas QLabel[role="muted"] {{ color: {theme.muted}; }}
        QWidget#ideas QTreeWidget {{
            background: {theme.background}; color: {theme.text}; border: none;
            alternate-background-color: {theme.surface};
            selection-background-color: {theme.accent}; selection-color: {theme.background};
        }}
        QWidget#ideas QHeaderView::section {{
            background: {theme.background}; color: {theme.muted}; border: none;
            padding: 4px 16px 4px 4px;
        }}
        QWidget#ideas QTreeView::item {{ padding-right: 16px; }}
    """


class IdeasView(QWidget):
    """Ideas by votes, with their status and its last change.

    Args:
        theme: the surface colours.
        private: mask contact details in the ideas' words (a public screen).

    Signals:
        link_activated(str): a person asked to open an idea at its source (desk only).
    """

    link_activated = Signal(str)

    def __init__(
        self, theme: Theme, *, private: bool = False, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("ideas")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.private = private
        self.ideas: list[Idea] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.setSpacing(8)
        self.title = QLabel("Ideas")
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        self.counts: IdeaCounts | None = None
        self.note = QLabel(NOTE)
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.note.setWordWrap(True)
        self.note.setProperty("role", "muted")
        self.tree = QTreeWidget()
        self.tree.setColumnCount(5)
        self.tree.setHeaderLabels(["Votes", "Idea", "Status", "What changed", "Given"])
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setAccessibleName("Ideas by votes, with their status")
        self.tree.setWordWrap(False)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column in (2, 3, 4):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.itemActivated.connect(self._on_tree_item_activated)
        layout.addWidget(self.title)
        layout.addWidget(self.summary)
        layout.addWidget(self.note)
        layout.addWidget(self.tree, 1)
        self.apply_theme(theme)
        self.show_loading()

    def apply_theme(self, theme: Theme) -> None:
        """Restyle for a theme."""
        self.setStyleSheet(_style(theme))

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Size the text for the screen (read from a desk, or across a room)."""
        super().resizeEvent(event)
        px = max(13, round(self.window().height() / 52))
        for widget, scale in (
            (self.tree, 1.0),
            (self.tree.header(), 0.85),
            (self.summary, 1.0),
            (self.note, 0.9),
        ):
            font = QFont(widget.font())
            font.setPixelSize(round(px * scale))
            widget.setFont(font)
        title = QFont(self.title.font())
        title.setPixelSize(round(px * 1.5))
        title.setWeight(QFont.Weight.DemiBold)
        self.title.setFont(title)

    def show_loading(self) -> None:
        """Say that the ideas are being read."""
        self.summary.setText("Reading the ideas…")
        self.tree.clear()

    def show_ideas(
        self,
        ideas: Sequence[Idea],
        window: DayRange,
        window_label: str,
        slice_label: str = "",
        limit: int | None = None,
        *,
        counts: IdeaCounts | None = None,
    ) -> None:
        """Show ideas, most votes first, and a line on where they stand.

        Ideas are counted as items and their givers as customers, each once ("ideas" alone
        is a count of customers on every screen: the header's, a word's split).

        Args:
            limit: the most ideas asked for: when reached, the line says these are the top.
            counts: the items and customers the list stands for (the dashboard's); without
                them the line counts the items listed.
        """
        self.ideas = list(ideas)
        self.counts = counts
        only = f", only {slice_label}" if slice_label else ""
        last = _EPOCH + timedelta(days=window.last)
        self.title.setText("Ideas, by votes")
        statuses = Counter(idea.status for idea in self.ideas)
        if not self.ideas:
            self.summary.setText(f"No ideas yet{only}: they show here as customers give them.")
        else:
            parts = [
                f"{count:,} {status_word(status)}"
                for status in (
                    Status.NEW,
                    Status.ACKNOWLEDGED,
                    Status.IN_PROGRESS,
                    Status.RESOLVED,
                    Status.DECLINED,
                )
                if (count := statuses.get(status))
            ]
            n = len(self.ideas)
            period = window_label.lower()
            if counts is not None:
                are = "is an idea" if counts.items == 1 else "are ideas"
                told = (
                    f"{counted(counts.items, 'item')} {are} up to {last:%-d %b %Y}{only}, from"
                    f" {counted(counts.customers, 'customer')} (in the {period}:"
                    f" {counted(counts.items_in_window, 'item')}, from"
                    f" {counted(counts.customers_in_window, 'customer')})."
                )
                whole = n == counts.items
            else:
                fresh = sum(1 for idea in self.ideas if day_of(idea.created_at) >= window.first)
                are = "is an idea" if n == 1 else "are ideas"
                told = (
                    f"{counted(n, 'item')} {are} up to {last:%-d %b %Y}{only}"
                    f" ({fresh:,} of them in the {period})."
                )
                whole = n != limit
            which = "By status" if whole else f"The {n:,} with most votes"
            self.summary.setText(f"{told} {which}: " + ", ".join(parts))
        self.note.setText(NOTE + _header_note(counts))
        self.tree.clear()
        items = []
        for idea in self.ideas:
            text = clean_text(idea.text)
            if self.private:
                text = mask_personal(text, None)
            shown = one_line(text)
            if len(shown) > _SHOWN_CHARS:
                shown = shown[: _SHOWN_CHARS - 1].rstrip() + "…"
            status = status_word(idea.status)
            if idea.answered and idea.status is Status.NEW:
                status += " · answered"
            item = QTreeWidgetItem(
                [
                    f"{idea.votes:,}",
                    isolate(shown),
                    status,
                    change_text_of(idea),
                    f"{idea.created_at.astimezone():%-d %b %Y}",
                ]
            )
            item.setTextAlignment(0, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            item.setToolTip(1, plain_tooltip(text))
            if idea.url and not self.private:
                item.setData(0, _URL_ROLE, idea.url)
            items.append(item)
        self.tree.addTopLevelItems(items)

    def _on_tree_item_activated(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        url = item.data(0, _URL_ROLE)
        if isinstance(url, str) and url and not self.private:
            self.link_activated.emit(url)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter opens the current idea at its source (the desk)."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            item = self.tree.currentItem()
            if item is not None:
                self._on_tree_item_activated(item)
                event.accept()
                return
        super().keyPressEvent(event)


def _header_note(counts: IdeaCounts | None) -> str:
    """Say why the header's "ideas" may be fewer than the customers who gave ideas."""
    if counts is None or counts.header_ideas is None:
        return ""
    if counts.header_ideas == counts.customers_in_window:
        return ""
    return (
        f" The header counts {counts.header_ideas:,} of the"
        f" {counted(counts.customers_in_window, 'customer')} of the period under ideas:"
        " there each customer counts once, by the kind of their latest feedback."
    )
