"""The customers behind a word: a table model that stays fast with 20,000 rows.

Sorting and filtering happen in the model on plain Python lists (one key function per sort),
not in a proxy that would call back into Python for every comparison. Customer text is drawn
as plain text by the delegate, never interpreted as markup.
"""

from __future__ import annotations

import csv
import enum
import html
import unicodedata
from collections.abc import Callable, Sequence
from functools import cached_property
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

from kiosk.insight import sentence_around
from kiosk.model import Kind, Status
from kiosk.privacy import initials, mask_personal
from kiosk.safetext import clean_text, isolate, spreadsheet_safe
from kiosk.values import TermMention

ModelIndex = QModelIndex | QPersistentModelIndex
HIGHLIGHT_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ROLE = Qt.ItemDataRole.UserRole + 2

_STATUS_LABEL = {
    Status.NEW: "not yet",
    Status.ACKNOWLEDGED: "acknowledged",
    Status.IN_PROGRESS: "in progress",
    Status.RESOLVED: "resolved",
    Status.DECLINED: "declined",
}


def plain_tooltip(text: str) -> str:
    """Return customer text as a tooltip that shows it literally.

    Qt renders a tooltip as rich text whenever it looks like markup, so ``<img src=...>`` in a
    customer's words would become an image: escape it inside a paragraph of our own.
    """
    return f"<p style='white-space:pre-wrap'>{html.escape(clean_text(text))}</p>"


class Column(enum.IntEnum):
    """The table's columns, in order."""

    CUSTOMER = 0
    KIND = 1
    SAID = 2
    DATE = 3
    CHANNEL = 4
    SEGMENT = 5
    VALUE = 6
    VOTES = 7
    ANSWERED = 8


# Columns whose text comes from the customer or the source, drawn inside a bidi isolate.
_CUSTOMER_TEXT = frozenset({Column.CUSTOMER, Column.SAID, Column.CHANNEL, Column.SEGMENT})

HEADERS = {
    Column.CUSTOMER: "Customer",
    Column.KIND: "Kind",
    Column.SAID: "What they said",
    Column.DATE: "Date",
    Column.CHANNEL: "Channel",
    Column.SEGMENT: "Segment",
    Column.VALUE: "Value",
    Column.VOTES: "Votes",
    Column.ANSWERED: "Answered",
}


class ShownRow:
    """A row as shown: privacy applied, the sentence cut, the term's span inside it.

    Everything but the mention is worked out when first asked for, so loading 50,000 rows
    costs next to nothing and only the rows on screen pay for their sentence.
    """

    def __init__(self, mention: TermMention, *, private: bool) -> None:
        self.mention = mention
        self.private = private

    @cached_property
    def customer(self) -> str:
        """The customer's name, or initials when private."""
        name = self.mention.customer_name
        return initials(name) if self.private else (name or self.mention.customer_id)

    @cached_property
    def _sentence(self) -> tuple[str, int, int]:
        m = self.mention
        sentence, start, end = sentence_around(clean_text(m.text), m.start, m.end)
        if self.private:
            masked = mask_personal(sentence, m.customer_name)
            if masked != sentence:
                # Masking moved the span; find the term again in the masked sentence.
                term = sentence[start:end]
                found = masked.find(term)
                start, end = (found, found + len(term)) if found >= 0 else (0, 0)
                sentence = masked
        return sentence, start, end

    @property
    def sentence(self) -> str:
        """The sentence with the term, cut to a readable length."""
        return self._sentence[0]

    @property
    def start(self) -> int:
        """Where the term starts in ``sentence``."""
        return self._sentence[1]

    @property
    def end(self) -> int:
        """Where the term ends in ``sentence``."""
        return self._sentence[2]

    @cached_property
    def answered(self) -> str:
        """Whether, and when, the company answered."""
        m = self.mention
        if m.response_at is not None:
            return f"{_STATUS_LABEL[m.status]}, {m.response_at.astimezone():%Y-%m-%d}"
        return _STATUS_LABEL[m.status]

    def cell(self, column: Column) -> str:
        """Return the text of one cell."""
        m = self.mention
        match column:
            case Column.CUSTOMER:
                return self.customer
            case Column.SEGMENT:
                return m.segment or ""
            case Column.VALUE:
                return "" if m.value is None else f"{m.value:,.0f}"
            case Column.CHANNEL:
                return m.channel or ""
            case Column.DATE:
                return f"{m.created_at.astimezone():%Y-%m-%d %H:%M}"
            case Column.KIND:
                return m.kind.value.capitalize()
            case Column.SAID:
                return self.sentence
            case Column.VOTES:
                return str(m.votes) if m.votes else ""
            case Column.ANSWERED:
                return self.answered
        return ""  # pragma: no cover - every column is matched


def _sort_key(column: Column) -> Callable[[ShownRow], Any]:
    match column:
        case Column.VALUE:
            return lambda r: (r.mention.value is None, r.mention.value or 0.0)
        case Column.DATE:
            return lambda r: r.mention.created_at
        case Column.VOTES:
            return lambda r: r.mention.votes
        case Column.ANSWERED:
            return lambda r: (r.mention.response_at is None, r.mention.response_at or 0, r.answered)
        case _:
            return lambda r: r.cell(column).casefold()


class MentionTableModel(QAbstractTableModel):
    """The rows of a drill-down with sorting, a kind filter and a text search."""

    def __init__(self, colors: dict[Kind, str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._all: list[ShownRow] = []
        self._rows: list[ShownRow] = []
        self._colors = {k: QColor(v) for k, v in colors.items()}
        self._kind: Kind | None = None
        self._search = ""
        self._sort: tuple[Column, Qt.SortOrder] = (Column.DATE, Qt.SortOrder.DescendingOrder)

    # data in

    def set_rows(self, mentions: Sequence[TermMention], *, private: bool) -> None:
        """Replace every row."""
        self.beginResetModel()
        self._all = [ShownRow(m, private=private) for m in mentions]
        self._apply()
        self.endResetModel()

    def set_filter(self, kind: Kind | None = None, search: str = "") -> None:
        """Show only rows of one kind (None: all) whose text or customer contains ``search``."""
        self.beginResetModel()
        self._kind, self._search = kind, search.strip().casefold()
        self._apply()
        self.endResetModel()

    def _apply(self) -> None:
        rows = self._all
        if self._kind is not None:
            rows = [r for r in rows if r.mention.kind is self._kind]
        if self._search:
            needle = self._search
            # Private rows are searched as shown, so a search cannot probe masked details.
            rows = [
                r
                for r in rows
                if needle in (r.sentence if r.private else r.mention.text).casefold()
                or needle in r.customer.casefold()
            ]
        column, order = self._sort
        self._rows = sorted(
            rows, key=_sort_key(column), reverse=order == Qt.SortOrder.DescendingOrder
        )

    # read-outs

    @property
    def total(self) -> int:
        """Rows before filtering."""
        return len(self._all)

    def row_at(self, row: int) -> ShownRow:
        """Return the shown row at a position."""
        return self._rows[row]

    def position_of(self, feedback_id: int) -> int | None:
        """Return where an item's row is shown now, or None when it is filtered out."""
        for i, row in enumerate(self._rows):
            if row.mention.feedback_id == feedback_id:
                return i
        return None

    def export_csv(self, path: Path, rows: Sequence[int] | None = None) -> int:
        """Write the shown rows (or the given positions) as CSV that Excel opens correctly.

        UTF-8 with a byte-order mark, because Excel reads a file without one as the local
        code page and mangles every accent. Returns the number of rows written.
        """
        chosen = self._rows if rows is None else [self._rows[i] for i in rows]
        with path.open("w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh, dialect="excel")
            writer.writerow([HEADERS[c] for c in Column] + ["Full text"])
            for r in chosen:
                full = clean_text(r.mention.text)
                if r.private:
                    full = mask_personal(full, r.mention.customer_name)
                writer.writerow(
                    [spreadsheet_safe(r.cell(c)) for c in Column] + [spreadsheet_safe(full)]
                )
        return len(chosen)

    def as_tsv(self, rows: Sequence[int]) -> str:
        """Return rows as tab-separated text for the clipboard; pasted into a spreadsheet,
        no cell runs as a formula (the same rule as the CSV export)."""
        lines = ["\t".join(HEADERS[c] for c in Column)]
        for i in rows:
            cells = (
                spreadsheet_safe(self._rows[i].cell(c).replace("\t", " ").replace("\n", " "))
                for c in Column
            )
            lines.append("\t".join(cells))
        return "\n".join(lines)

    # Qt model interface

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

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
        row = self._rows[index.row()]
        column = Column(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            cell = row.cell(column)
            # Customer text in an isolate: an override in it cannot turn what follows around.
            return isolate(cell) if column in _CUSTOMER_TEXT else cell
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return row.cell(column)
        if role == Qt.ItemDataRole.ToolTipRole and column is Column.SAID:
            return plain_tooltip(row.sentence)
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
        self._sort = (Column(column), order)
        self._apply()
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
