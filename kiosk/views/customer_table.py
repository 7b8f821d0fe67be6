"""The customers behind a word, in a table model that stays fast with 20,000 rows.

The rows, their privacy and their order live in Qt-free ``kiosk.rows``; this model shows them.
Customer text is drawn as plain text by the delegate, never interpreted as markup.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QRectF,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from kiosk.model import Kind
from kiosk.outbox.values import ItemDelivery
from kiosk.rows import HEADERS, Column, RowTable, ShownRow
from kiosk.safetext import isolate, plain_tooltip
from kiosk.values import TermMention

__all__ = ["HIGHLIGHT_ROLE", "ROW_ROLE", "Column", "HighlightDelegate", "MentionTableModel"]

ModelIndex = QModelIndex | QPersistentModelIndex
HIGHLIGHT_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ROLE = Qt.ItemDataRole.UserRole + 2

# Columns whose text comes from the customer or the source, drawn inside a bidi isolate.
_CUSTOMER_TEXT = frozenset({Column.CUSTOMER, Column.SAID, Column.CHANNEL, Column.SEGMENT})


class MentionTableModel(QAbstractTableModel):
    """The rows of a drill-down with sorting, a kind filter and a text search."""

    def __init__(self, colors: dict[Kind, str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows = RowTable()
        self._colors = {k: QColor(v) for k, v in colors.items()}

    # data in

    def set_rows(self, mentions: Sequence[TermMention], *, private: bool) -> None:
        """Replace every row."""
        self.beginResetModel()
        self.rows.set_rows(mentions, private=private)
        self.endResetModel()

    def set_filter(self, kind: Kind | None = None, search: str = "") -> None:
        """Show only rows of one kind (None: all) whose text or customer contains ``search``."""
        self.beginResetModel()
        self.rows.set_filter(kind, search)
        self.endResetModel()

    def set_deliveries(self, deliveries: Mapping[int, ItemDelivery]) -> None:
        """Show where our messages answering the rows are (the Answered column)."""
        self.layoutAboutToBeChanged.emit()
        self.rows.set_deliveries(deliveries)
        self.layoutChanged.emit()

    # read-outs

    @property
    def total(self) -> int:
        """Rows before filtering."""
        return len(self.rows.all)

    def row_at(self, row: int) -> ShownRow:
        """Return the shown row at a position."""
        return self.rows.shown[row]

    def position_of(self, feedback_id: int) -> int | None:
        """Return where an item's row is shown now, or None when it is filtered out."""
        return self.rows.position_of(feedback_id)

    def export_csv(self, path: Path, rows: Sequence[int] | None = None) -> int:
        """Write the shown rows (or the given positions) as CSV; see ``RowTable.export_csv``."""
        return self.rows.export_csv(path, rows)

    def as_tsv(self, rows: Sequence[int]) -> str:
        """Return rows as tab-separated text for the clipboard (formula cells neutralised)."""
        return self.rows.as_tsv(rows)

    # Qt model interface

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows.shown)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[Column(section)]
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows.shown[index.row()]
        column = Column(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            cell = row.cell(column)
            # Customer text in an isolate: an override in it cannot turn what follows around.
            return isolate(cell) if column in _CUSTOMER_TEXT else cell
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return row.cell(column)
        if role == Qt.ItemDataRole.ToolTipRole and column is Column.SAID:
            return plain_tooltip(row.sentence)
        if role == Qt.ItemDataRole.ToolTipRole and column is Column.KIND:
            return plain_tooltip(row.kind_detail)
        if role == Qt.ItemDataRole.ToolTipRole and column is Column.ANSWERED:
            return plain_tooltip(row.answered_detail)
        if role == Qt.ItemDataRole.ForegroundRole and column is Column.KIND:
            return self._colors.get(row.mention.kind)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (Column.VALUE, Column.VOTES):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == HIGHLIGHT_ROLE:
            return (row.start + 1, row.end + 1)  # after the isolate's opening mark
        if role == ROW_ROLE:
            return row
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.layoutAboutToBeChanged.emit()
        self.rows.set_sort(Column(column), order == Qt.SortOrder.DescendingOrder)
        self.layoutChanged.emit()


def _has_rtl(text: str) -> bool:
    return any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in text)


class HighlightDelegate(QStyledItemDelegate):
    """Draws a cell's plain text with the term's span in bold and the accent colour."""

    def __init__(self, accent: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._accent = QColor(accent)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: ModelIndex) -> None:
        span = index.data(HIGHLIGHT_ROLE)
        text = index.data(Qt.ItemDataRole.DisplayRole) or ""
        # Drawing the three parts left to right would scramble right-to-left text: such a
        # cell is drawn whole by Qt's bidi-aware painter, without the highlight.
        if not span or span[0] >= span[1] or _has_rtl(text):
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        rect = QRectF(opt.rect).adjusted(4, 0, -4, 0)
        start, end = span
        parts = (text[:start], text[start:end], text[end:])
        normal = QFont(opt.font)
        bold = QFont(opt.font)
        bold.setBold(True)
        painter.save()
        x = rect.left()
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        base_pen = opt.palette.highlightedText().color() if selected else opt.palette.text().color()
        for i, part in enumerate(parts):
            if not part or x >= rect.right():
                continue
            font = bold if i == 1 else normal
            metrics = QFontMetricsF(font)
            room = rect.right() - x
            shown = metrics.elidedText(part, Qt.TextElideMode.ElideRight, room)
            painter.setFont(font)
            painter.setPen(self._accent if i == 1 and not selected else base_pen)
            box = QRectF(x, rect.top(), room, rect.height())
            flags = Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft
            painter.drawText(box, int(flags) | int(Qt.TextFlag.TextSingleLine), shown)
            x += metrics.horizontalAdvance(shown)
        painter.restore()
