"""Behind a word, on the wall: for reading standing up, metres away.

The desk's drill-down is a spreadsheet; a passer-by who taps a word wants the word, how many
customers and of which kind, the trend, and a few of their own words in large type, with no
name (initials at most, contact details masked). A tap anywhere on it, or a minute without a
touch, gives the wall back to the cloud. The same widget shows the spotlight scene (the
biggest mover) full screen.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, datetime

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QHideEvent, QMouseEvent, QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.days import day_of
from kiosk.insight import TermDetail, sentence_around
from kiosk.model import Kind
from kiosk.privacy import initials, mask_personal
from kiosk.rows import DrilldownOptions
from kiosk.safetext import clean_name, clean_text, isolate
from kiosk.values import TermMention
from kiosk.views.drilldown import KindBar
from kiosk.views.trend_chart import TrendChart
from kiosk.views.wall_type import SECONDARY, wall_px
from kiosk.wording import change_text, customers_text

# Quotes shown: enough to hear customers, few enough to read from metres away.
QUOTES = 3
_QUOTE_CHARS = 160
# The longest run of characters without a space kept whole in a quote: at the wall's quote
# size, a third of a 1080p screen's width.
_LONGEST_RUN = 40
_LONG_RUN = re.compile(rf"\S{{{_LONGEST_RUN + 1},}}")


def _short_words(text: str) -> str:
    """Return text with every run of characters too long to wrap cut short ("AAAA…").

    A label wraps only between words: one unbroken run (a link, a code, a hostile
    "AAAA...") would set the quote's width and push the trend, the kind bar and the way back
    off the screen.
    """
    return _LONG_RUN.sub(lambda m: m.group(0)[: _LONGEST_RUN - 1] + "…", text)


def _ago(when: datetime, now: datetime) -> str:
    # By the office's calendar days, as every other screen counts: written at 23:00, read at
    # 08:00 the next morning, is "yesterday", not "today".
    days = day_of(now) - day_of(when)
    if days <= 0:
        return "today"
    if days == 1:
        return "yesterday"
    return f"{days} days ago"


def quote_of(row: TermMention, private: bool) -> tuple[str, str]:
    """Return a row's words around the term, and who said it when, as the wall may show them."""
    text, _start, _end = sentence_around(row.text, row.start, row.end)
    # Masked before the quote is cut to length: an address cut in half would not be found.
    who = row.customer_name
    if private:
        text = mask_personal(text, who)
        who = initials(who)
    else:
        who = clean_name(who) if who else "Customer"
    text = _short_words(clean_text(text))
    if len(text) > _QUOTE_CHARS:
        text = text[: _QUOTE_CHARS - 1].rstrip() + "…"
    # Isolated: a name or channel in Arabic, or with an override, cannot reorder the byline.
    where = f", {isolate(clean_name(row.channel))}" if row.channel else ""
    who = isolate(who)
    # Isolated: nothing in the words (a right-to-left run) can pull the quote marks into it.
    return f"“{isolate(text)}”", f"— {who}{where}, {_ago(row.created_at, datetime.now(UTC))}"


class WallDetail(QWidget):
    """A word's customers, trend and a few quotes, in large type.

    Signals:
        closed(): the panel was tapped or left idle, and asks to go.
    """

    closed = Signal()

    def __init__(
        self,
        colors: Mapping[Kind, str],
        options: DrilldownOptions,
        *,
        chart_background: str,
        chart_foreground: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("walldetail")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.options = options
        self.detail: TermDetail | None = None
        self.title = QLabel()
        self.summary = QLabel()
        self.change = QLabel()
        self.change.setProperty("role", "muted")
        self.kind_bar = KindBar(colors)
        self.chart = TrendChart(colors, background=chart_background, foreground=chart_foreground)
        self.note = QLabel()
        self.note.setProperty("role", "muted")
        self.quotes: list[tuple[QLabel, QLabel]] = []
        quotes = QVBoxLayout()
        quotes.setSpacing(4)
        for _ in range(QUOTES):
            said, who = QLabel(), QLabel()
            who.setProperty("role", "muted")
            quotes.addWidget(said)
            quotes.addWidget(who)
            quotes.addSpacing(10)
            self.quotes.append((said, who))
        for label in (self.title, self.summary, self.change, self.note, *sum(self.quotes, ())):
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setWordWrap(True)
        self.hint = QLabel("Tap to go back to the cloud")
        self.hint.setProperty("role", "muted")
        self.hint.setAlignment(Qt.AlignmentFlag.AlignRight)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 20)
        layout.setSpacing(10)
        layout.addWidget(self.title)
        layout.addWidget(self.summary)
        layout.addWidget(self.kind_bar)
        layout.addWidget(self.change)
        body = QHBoxLayout()
        body.setSpacing(32)
        body.addWidget(self.chart, 2)
        body.addLayout(quotes, 3)
        layout.addLayout(body, 1)
        layout.addWidget(self.note)
        layout.addWidget(self.hint)
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.setInterval(options.idle_close_seconds * 1000)
        self._idle.timeout.connect(self.close_panel)
        self.setAccessibleName("Behind the word")

    # showing

    def show_loading(self, term: str) -> None:
        """Show that a word's detail is on its way."""
        self.detail = None
        self.title.setText(term)
        self.summary.setText("Loading…")
        self.change.setText("")
        self.kind_bar.set_shares({})
        self.chart.set_trend((), 1)
        self.note.setText("")
        for said, who in self.quotes:
            said.setText("")
            who.setText("")
        self._touch()

    def show_detail(self, detail: TermDetail) -> None:
        """Show a word's customers, split, trend and a few of their own words."""
        self.detail = detail
        self.title.setText(detail.label)
        self.setAccessibleName(f"Behind the word: {detail.label}")
        self.summary.setText(customers_text(detail.customers, detail.customers_by_kind))
        period = f"{detail.window_days} days"
        self.change.setText(
            f"{(detail.window_label or 'last ' + period).capitalize()} · "
            + change_text(detail.customers, detail.previous_customers, period)
        )
        self.kind_bar.set_shares(detail.customers_by_kind)
        self.chart.set_trend(detail.trend, detail.bucket_days)
        self.fit_to_screen()
        hidden = self.options.hides_rows(detail.customers)
        rows = [] if hidden else self._chosen_rows(detail)
        for i, (said, who) in enumerate(self.quotes):
            if i < len(rows):
                text, by = quote_of(rows[i], self.options.private)
                said.setText(text)
                who.setText(by)
            else:
                said.setText("")
                who.setText("")
        if hidden:
            self.note.setText(
                f"Fewer than {self.options.min_customers} customers used this word: their own"
                " words stay off the wall."
            )
        else:
            self.note.setText("")
        self._touch()

    @staticmethod
    def _chosen_rows(detail: TermDetail) -> list[TermMention]:
        """The newest rows of different customers saying different things, most urgent kind
        first among equals."""
        seen: set[str] = set()
        said: set[str] = set()
        chosen: list[TermMention] = []
        for row in detail.rows:
            if row.customer_id in seen or not row.text.strip():
                continue
            # A retweet, a copied complaint or a form's stock answer is one voice on a wall,
            # however many send it (QA saw one spam tweet as all three quotes).
            words = " ".join(row.text.casefold().split())
            if words in said:
                continue
            seen.add(row.customer_id)
            said.add(words)
            chosen.append(row)
            if len(chosen) == QUOTES:
                break
        return chosen

    # sizing: a wall is read from metres away

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Size the type for the screen."""
        super().resizeEvent(event)
        self.fit_to_screen()

    def fit_to_screen(self) -> None:
        """Size the type for the height of the window it is in, no smaller than the wall's
        rule for secondary text (``kiosk.views.wall_type``)."""
        screen = self.window().size()
        height = max(screen.height(), 480)
        least = wall_px(screen.width(), screen.height(), SECONDARY)
        for label, share, bold in (
            (self.title, 1 / 11, True),
            (self.summary, 1 / 30, True),
            (self.change, 1 / 38, False),
            (self.note, 1 / 40, False),
            (self.hint, 1 / 50, False),
        ):
            self._size(label, max(height * share, least), bold)
        for said, who in self.quotes:
            self._size(said, max(height / 34, least), False, italic=True)
            self._size(who, max(height / 46, least), False)
        self.kind_bar.setFixedHeight(max(10, round(height / 90)))
        # The axes too: a trend whose dates cannot be read from the room says nothing.
        self.chart.set_text_size(least)

    @staticmethod
    def _size(label: QLabel, px: float, bold: bool, *, italic: bool = False) -> None:
        font = QFont(label.font())
        font.setPixelSize(max(12, round(px)))
        font.setWeight(QFont.Weight.DemiBold if bold else QFont.Weight.Normal)
        font.setItalic(italic)
        label.setFont(font)

    # going away

    def close_panel(self) -> None:
        """Ask to give the screen back to the cloud."""
        self._idle.stop()
        self.closed.emit()

    def _touch(self) -> None:
        self._idle.start()

    def hideEvent(self, event: QHideEvent) -> None:
        """Stop counting idle time: a scene that took the panel's place is not the panel's to
        end."""
        self._idle.stop()
        super().hideEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        """A tap anywhere gives the wall back to the cloud."""
        if event.button() == Qt.MouseButton.LeftButton:
            self.close_panel()
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def watch_for_activity(self) -> None:
        """Keep the panel while people interact with it (nothing here but the tap)."""
        self.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Any touch or key restarts the idle close."""
        if event.type() in (QEvent.Type.MouseMove, QEvent.Type.KeyPress, QEvent.Type.TouchBegin):
            self._touch()
        return super().eventFilter(watched, event)
