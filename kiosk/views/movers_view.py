"""What moved: the words whose customers rose or fell clearly against the previous period.

Shows a :class:`~kiosk.insight.Movers` as it is, complaints first; a word opens its drill-down
(``term_activated``) as it does in the cloud.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kiosk.insight import Mover, Movers
from kiosk.model import Kind
from kiosk.values import DayRange

_EPOCH = date(1970, 1, 1)
_ORDER = (Kind.COMPLAINT, Kind.IDEA, Kind.COMPLIMENT)
_KEY_ROLE = Qt.ItemDataRole.UserRole


def range_text(days: DayRange) -> str:
    """Return a range of days as people write it: "3 Oct – 1 Nov 2026"."""
    first = _EPOCH + timedelta(days=days.first)
    last = _EPOCH + timedelta(days=days.last)
    if first.year == last.year:
        return f"{first:%-d %b} – {last:%-d %b %Y}"
    return f"{first:%-d %b %Y} – {last:%-d %b %Y}"


def clearness(p_value: float) -> str:
    """Return how sure a change is, in words (the p-value is in the tooltip)."""
    if p_value < 0.001:
        return "very clear"
    if p_value < 0.01:
        return "clear"
    return "likely"


class MoversView(QWidget):
    """The movers, by kind and direction, each row opening its word.

    Signals:
        term_activated(str): a word was clicked or chosen with Enter (its key).
    """

    term_activated = Signal(str)

    def __init__(
        self, kind_colors: Mapping[Kind, QColor], rule: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("movers")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self._kind_colors = dict(kind_colors)
        self.movers: Movers | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.setSpacing(8)
        self.title = QLabel("What moved")
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setWeight(QFont.Weight.DemiBold)
        self.title.setFont(font)
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        self.rule = QLabel(rule)
        self.rule.setTextFormat(Qt.TextFormat.PlainText)
        self.rule.setWordWrap(True)
        self.rule.setProperty("role", "muted")
        self.tree = QTreeWidget()
        self.tree.setColumnCount(5)
        self.tree.setHeaderLabels(["Word", "Before", "Now", "Change", "How clear"])
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setUniformRowHeights(True)
        self.tree.setAccessibleName("Words that moved, by kind")
        header = self.tree.header()
        # The figures sit next to their word, not across the screen from it.
        header.setStretchLastSection(True)
        for column in range(4):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.itemActivated.connect(self._on_tree_item_activated)
        self.tree.itemClicked.connect(self._on_tree_item_activated)
        layout.addWidget(self.title)
        layout.addWidget(self.summary)
        layout.addWidget(self.rule)
        layout.addWidget(self.tree, 1)
        self.show_loading()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Size the text for the screen (read from a desk, or across a room)."""
        super().resizeEvent(event)
        px = max(13, round(self.window().height() / 52))
        for widget, scale in ((self.tree, 1.0), (self.summary, 1.0), (self.rule, 0.9)):
            font = QFont(widget.font())
            font.setPixelSize(round(px * scale))
            widget.setFont(font)
        title = QFont(self.title.font())
        title.setPixelSize(round(px * 1.5))
        self.title.setFont(title)

    def show_loading(self) -> None:
        """Say that the comparison is being worked out."""
        self.summary.setText("Comparing with the previous period…")
        self.tree.clear()

    def show_movers(self, movers: Movers, window_label: str, slice_label: str = "") -> None:
        """Show what moved."""
        self.movers = movers
        only = f", only {slice_label}" if slice_label else ""
        self.title.setText(
            f"What moved: {window_label.lower()} against the {movers.window.days} days before"
        )
        before, now = movers.customers_before, movers.customers_now
        if not before:
            self.summary.setText(
                f"No feedback from {range_text(movers.previous)}{only} to compare with: what"
                " moved shows once there are two periods."
            )
        else:
            trend = (now - before) / before
            self.summary.setText(
                f"{range_text(movers.window)} against {range_text(movers.previous)}{only}."
                f" All feedback: {before:,} → {now:,} customers ({trend:+.0%}); a word that only"
                " followed that trend did not move."
            )
        self.tree.clear()
        for kind in _ORDER:
            for rising, found in (
                (True, movers.rising.get(kind, ())),
                (False, movers.falling.get(kind, ())),
            ):
                self._add_group(kind, rising, found)
        first = self._first_word()
        if first is not None:
            self.tree.setCurrentItem(first)

    def _add_group(self, kind: Kind, rising: bool, found: tuple[Mover, ...]) -> None:
        title = f"{kind.plural.capitalize()} {'rising' if rising else 'falling'}"
        group = QTreeWidgetItem([title])
        group.setFlags(Qt.ItemFlag.ItemIsEnabled)
        font = QFont(self.tree.font())
        font.setWeight(QFont.Weight.DemiBold)
        group.setFont(0, font)
        colour = self._kind_colors.get(kind)
        if colour is not None:
            group.setForeground(0, QBrush(colour))
        self.tree.addTopLevelItem(group)
        if not found:
            none = QTreeWidgetItem(["   nothing moved clearly"])
            none.setFlags(Qt.ItemFlag.ItemIsEnabled)
            none.setForeground(0, QBrush(QColor(self.palette().placeholderText().color())))
            self.tree.addTopLevelItem(none)
            return
        for mover in found:
            arrow = "▲" if mover.rising else "▼"
            item = QTreeWidgetItem(
                [
                    f"   {mover.label}",
                    f"{mover.before:,}",
                    f"{mover.now:,}",
                    f"{arrow} {mover.change:+,}",
                    clearness(mover.p_value),
                ]
            )
            item.setData(0, _KEY_ROLE, mover.key)
            for column in (1, 2, 3):
                item.setTextAlignment(
                    column, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                )
            item.setToolTip(
                0,
                f"{mover.label}: {mover.before:,} customers of {kind.plural} before, {mover.now:,}"
                f" now (about {mover.expected:,.0f} if it had followed all feedback)."
                f" Chance of a change this big by luck alone: p = {mover.p_value:.2g}."
                " Click to see the customers.",
            )
            self.tree.addTopLevelItem(item)

    def _first_word(self) -> QTreeWidgetItem | None:
        for i in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(i)
            if item is not None and item.data(0, _KEY_ROLE):
                return item
        return None

    def word_items(self) -> list[tuple[str, QTreeWidgetItem]]:
        """Return the rows that open a word, (key, row), in order."""
        found = []
        for i in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(i)
            key = item.data(0, _KEY_ROLE) if item is not None else None
            if item is not None and key:
                found.append((str(key), item))
        return found

    def _on_tree_item_activated(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        key = item.data(0, _KEY_ROLE)
        if key:
            self.term_activated.emit(str(key))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter opens the current word."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            item = self.tree.currentItem()
            if item is not None:
                self._on_tree_item_activated(item)
                event.accept()
                return
        super().keyPressEvent(event)
