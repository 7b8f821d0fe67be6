"""The wall's ideas scene: the few ideas with most votes, in type read from across the room.

The desk's ideas are a table to scroll and sort; a wall has nobody to scroll it. Here each
idea is a row with its votes in large figures, its words on at most two lines (three on a
portrait screen) and where it stands; the rows that do not fit the screen whole are left off,
so nothing is cut and no scroll bar appears. The type follows ``kiosk.views.wall_type``.

Customer text is only ever drawn as plain text (never through a rich-text widget), with
control characters shown as a mark and contact details masked on a private screen. Rows are
measured once per size and set of ideas; ``paintEvent`` only paints.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QTextLayout,
    QTextOption,
)
from PySide6.QtWidgets import QWidget

from kiosk.model import Status
from kiosk.privacy import mask_personal
from kiosk.safetext import clean_text
from kiosk.values import Idea
from kiosk.views.ideas_view import change_text_of, one_line, status_word
from kiosk.views.theme import Theme
from kiosk.views.wall_type import PRIMARY, SECONDARY, short_side, wall_px

__all__ = ["IdeaRow", "WallIdeasView", "wrapped_lines"]

# Shares of the screen's short side (see kiosk.views.wall_type for the rule).
_TITLE = 0.05
_VOTES = 0.05
_MARGIN = 0.03
# More than this many characters of one idea never reach the screen: measuring a hostile
# megabyte for three lines would stall the wall.
_MEASURED_CHARS = 600
_CAPTION = "votes"


def _caption(votes: int) -> str:
    return "vote" if votes == 1 else _CAPTION


@dataclass(frozen=True, slots=True)
class IdeaRow:
    """One idea as the wall draws it: where, and the text of each line as drawn."""

    idea: Idea
    rect: QRect
    votes: str
    votes_rect: QRect
    caption_rect: QRect
    lines: tuple[str, ...]
    text_rect: QRect
    status: str
    # " · " and the status's last change, as drawn after it ("" when none).
    change: str
    status_rect: QRect


def wrapped_lines(text: str, font: QFont, width: int, most: int) -> tuple[str, ...]:
    """Return ``text`` broken into at most ``most`` lines no wider than ``width`` pixels.

    Lines break between words, or anywhere in a word too long for a line (a link, a hostile
    "AAAA..."); what does not fit ends the last line with an ellipsis.
    """
    if not text or most <= 0 or width <= 0:
        return ()
    layout = QTextLayout(text, font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    # Qt counts in UTF-16 code units: slice the text the same way (an emoji is two).
    units = text.encode("utf-16-le")
    spans: list[tuple[int, int]] = []
    layout.beginLayout()
    while len(spans) < most:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        spans.append((line.textStart(), line.textLength()))
    layout.endLayout()

    def part(start: int, end: int | None = None) -> str:
        stop = None if end is None else 2 * end
        return units[2 * start : stop].decode("utf-16-le", errors="replace")

    lines = [part(start, start + length).strip() for start, length in spans]
    last_start, last_length = spans[-1]
    if last_start + last_length < len(units) // 2:
        rest = part(last_start).strip()
        metrics = QFontMetrics(font)
        lines[-1] = metrics.elidedText(rest, Qt.TextElideMode.ElideRight, width)
    return tuple(line for line in lines if line)


def _pixel_font(base: QFont, px: int, *, bold: bool = False) -> QFont:
    font = QFont(base)
    font.setPixelSize(px)
    font.setWeight(QFont.Weight.DemiBold if bold else QFont.Weight.Normal)
    return font


class WallIdeasView(QWidget):
    """The ideas with most votes, a row each, as many as fit the screen whole.

    Args:
        theme: the surface colours.
        private: mask contact details in the ideas' words (a public screen).
    """

    def __init__(
        self, theme: Theme, *, private: bool = True, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("wallideas")
        self.private = private
        self.theme = theme
        self.ideas: list[Idea] = []
        self.slice_label = ""
        self.title = "Ideas customers vote for"
        self.summary = ""
        self.rows: tuple[IdeaRow, ...] = ()
        self.title_rect = QRect()
        self.summary_rect = QRect()
        base = QFont(self.font())
        self.title_font = base
        self.summary_font = base
        self.votes_font = base
        self.caption_font = base
        self.text_font = base
        self.status_font = base
        self._measured_for: tuple[QSize, QSize] | None = None
        self.setAccessibleName("Ideas customers vote for")

    def apply_theme(self, theme: Theme) -> None:
        """Repaint in a theme's colours."""
        self.theme = theme
        self.update()

    def show_ideas(self, ideas: Sequence[Idea], slice_label: str = "") -> None:
        """Show ideas, most votes first (as many as fit whole); ``slice_label`` says what
        part of the feedback they come from, if not all."""
        self.ideas = list(ideas)
        self.slice_label = slice_label
        self._measure()
        self.update()

    def minimumSizeHint(self) -> QSize:
        """Ask for nothing: the rows fit the room there is, never the other way round."""
        return QSize(0, 0)

    def sizeHint(self) -> QSize:
        """Ask for nothing: the rows fit the room there is, never the other way round."""
        return QSize(0, 0)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Measure the rows again for the new room."""
        super().resizeEvent(event)
        self._measure()

    # measuring

    def _screen_size(self) -> QSize:
        # The window is the screen on a wall; the type follows it, not this view's share.
        return self.window().size()

    def _measure(self) -> None:
        """Size the type for the screen and place as many whole rows as fit."""
        screen = self._screen_size()
        self._measured_for = (QSize(self.size()), QSize(screen))
        w, h = screen.width(), screen.height()
        secondary = wall_px(w, h, SECONDARY)
        base = QFont(self.font())
        self.title_font = _pixel_font(base, wall_px(w, h, _TITLE), bold=True)
        self.summary_font = _pixel_font(base, secondary)
        self.votes_font = _pixel_font(base, wall_px(w, h, _VOTES), bold=True)
        self.caption_font = _pixel_font(base, secondary)
        self.text_font = _pixel_font(base, wall_px(w, h, PRIMARY))
        self.status_font = _pixel_font(base, secondary, bold=True)
        title_m = QFontMetrics(self.title_font)
        small_m = QFontMetrics(self.summary_font)
        votes_m = QFontMetrics(self.votes_font)
        text_m = QFontMetrics(self.text_font)
        status_m = QFontMetrics(self.status_font)
        unit = short_side(w, h)
        margin = round(unit * _MARGIN)
        pad = round(secondary * 0.6)
        width, height = self.width(), self.height()
        inner = max(0, width - 2 * margin)
        y = round(margin * 0.6)
        self.title_rect = QRect(margin, y, inner, title_m.height())
        y += title_m.height()
        self.summary_rect = QRect(margin, y, inner, small_m.height())
        y += small_m.height() + pad * 2
        # The votes' column is as wide as the widest figure shown, or its caption.
        figures = [f"{idea.votes:,}" for idea in self.ideas]
        votes_w = max(
            [votes_m.horizontalAdvance(f) for f in figures] + [small_m.horizontalAdvance(_CAPTION)]
        )
        gap = round(unit * 0.025)
        text_x = margin + pad + votes_w + gap
        text_w = max(0, margin + inner - pad - text_x)
        # A portrait screen is narrow and tall: a third line, and still several rows.
        most_lines = 3 if height > width else 2
        bottom = height - round(margin * 0.6)
        rows: list[IdeaRow] = []
        for idea, figure in zip(self.ideas, figures, strict=True):
            lines = wrapped_lines(self._words(idea), self.text_font, text_w, most_lines)
            status, change = self._status(idea)
            body = len(lines) * text_m.lineSpacing() + status_m.height() + pad // 2
            left = votes_m.height() + small_m.height()
            row_h = max(body, left) + 2 * pad
            if y + row_h > bottom:
                break  # a row cut at the screen's edge is one nobody can read: leave it off
            rect = QRect(margin, y, inner, row_h)
            top = y + pad
            votes_rect = QRect(margin + pad, top, votes_w, votes_m.height())
            caption_rect = QRect(margin + pad, top + votes_m.height(), votes_w, small_m.height())
            text_rect = QRect(text_x, top, text_w, len(lines) * text_m.lineSpacing())
            status_rect = QRect(
                text_x, text_rect.bottom() + 1 + pad // 2, text_w, status_m.height()
            )
            status, change = self._fitted_status(status, change, status_rect.width())
            rows.append(
                IdeaRow(
                    idea,
                    rect,
                    figure,
                    votes_rect,
                    caption_rect,
                    lines,
                    text_rect,
                    status,
                    change,
                    status_rect,
                )
            )
            y += row_h + pad
        self.rows = tuple(rows)
        self.summary = self._summary_text()
        self.summary = small_m.elidedText(self.summary, Qt.TextElideMode.ElideRight, inner)
        self.setAccessibleDescription(
            ". ".join(
                f"{r.votes} {_caption(r.idea.votes)}: {' '.join(r.lines)} ({r.status})"
                for r in self.rows
            )
        )

    def _words(self, idea: Idea) -> str:
        text = clean_text(idea.text)
        if self.private:
            # Masked before it is cut: an address cut in half would not be found.
            text = mask_personal(text, None)
        return one_line(text[: _MEASURED_CHARS * 4])[:_MEASURED_CHARS]

    @staticmethod
    def _status(idea: Idea) -> tuple[str, str]:
        status = status_word(idea.status)
        if idea.answered and idea.status is Status.NEW:
            status += " · answered"
        return status, change_text_of(idea)

    def _fitted_status(self, status: str, change: str, width: int) -> tuple[str, str]:
        """Return the status and " · " with its change, shortened to one line of ``width``."""
        status_m = QFontMetrics(self.status_font)
        status = status_m.elidedText(status, Qt.TextElideMode.ElideRight, width)
        room = width - status_m.horizontalAdvance(status)
        tail = f" · {change}" if change else ""
        tail = QFontMetrics(self.caption_font).elidedText(
            tail, Qt.TextElideMode.ElideRight, max(0, room)
        )
        return status, tail

    def _summary_text(self) -> str:
        only = f", only {self.slice_label}" if self.slice_label else ""
        if not self.ideas:
            return f"No ideas yet{only}: they show here as customers give them."
        # No count: "ideas" beside a number is a count of customers on every screen (the
        # header's), and the rows are there to see.
        which = "The idea" if len(self.rows) == 1 else "The ideas"
        return f"{which} with most votes{only}, and where each stands"

    # painting

    def paintEvent(self, event: QPaintEvent) -> None:
        """Paint the title, the line under it and the rows measured for this size."""
        if self._measured_for != (self.size(), self._screen_size()):
            # A window never shown (a snapshot) may be painted before its resize event.
            self._measure()
        theme = self.theme
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        painter.fillRect(self.rect(), QColor(theme.background))
        text, muted, accent = QColor(theme.text), QColor(theme.muted), QColor(theme.accent)
        self._draw(painter, self.title_rect, self.title_font, text, self.title)
        self._draw(painter, self.summary_rect, self.summary_font, muted, self.summary)
        radius = self.summary_font.pixelSize() * 0.4
        for row in self.rows:
            painter.save()
            # Nothing a row holds (a stack of combining marks) may spill onto its neighbour.
            painter.setClipRect(row.rect)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(theme.surface))
            painter.drawRoundedRect(QRectF(row.rect), radius, radius)
            right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop
            self._draw(painter, row.votes_rect, self.votes_font, accent, row.votes, right)
            caption = _caption(row.idea.votes)
            self._draw(painter, row.caption_rect, self.caption_font, muted, caption, right)
            spacing = QFontMetrics(self.text_font).lineSpacing()
            for i, line in enumerate(row.lines):
                line_rect = row.text_rect.adjusted(0, i * spacing, 0, 0)
                self._draw(painter, line_rect, self.text_font, text, line)
            self._draw_status(painter, row, text, muted, accent)
            painter.restore()
        painter.end()

    def _draw_status(
        self, painter: QPainter, row: IdeaRow, text: QColor, muted: QColor, accent: QColor
    ) -> None:
        # What the company is doing stands out; an open or a declined idea does not.
        color = {Status.NEW: text, Status.DECLINED: muted}.get(row.idea.status, accent)
        self._draw(painter, row.status_rect, self.status_font, color, row.status)
        if row.change:
            lead = QFontMetrics(self.status_font).horizontalAdvance(row.status)
            rest = row.status_rect.adjusted(lead, 0, 0, 0)
            self._draw(painter, rest, self.caption_font, muted, row.change)

    @staticmethod
    def _draw(
        painter: QPainter,
        rect: QRect,
        font: QFont,
        color: QColor,
        text: str,
        align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
    ) -> None:
        painter.setFont(font)
        painter.setPen(color)
        metrics = QFontMetrics(font)
        x = rect.left()
        if align & Qt.AlignmentFlag.AlignRight:
            x = rect.right() + 1 - metrics.horizontalAdvance(text)
        # Drawn at a point, never through a text flag or a document: the words are data.
        painter.drawText(QPointF(x, rect.top() + metrics.ascent()), text)
