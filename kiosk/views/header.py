"""The header: product name, window, customers by kind in their colours, source and freshness.

The counts are customers, as everywhere: each customer who wrote in the window once, under the
kind of their latest feedback, so the kinds add up to the total.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QMouseEvent, QResizeEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.model import Kind
from kiosk.safetext import literal_tooltip
from kiosk.screens import STALE_PREFIXES, HeaderState
from kiosk.views.dashboard_model import DashboardModel

# How the customers label names the kinds a filter keeps, in the header's order.
_KIND_WORDS = {
    Kind.COMPLIMENT: "compliments",
    Kind.IDEA: "ideas",
    Kind.COMPLAINT: "complaints",
    Kind.UNCLASSIFIED: "feedback of no clear kind",
}


def _ago(when: datetime | None, now: datetime) -> str:
    if when is None:
        return "never"
    local = when.astimezone()
    seconds = (now - when).total_seconds()
    if seconds < 90:
        return f"{local:%H:%M} (just now)"
    if seconds < 86_400:
        return f"{local:%H:%M}"
    return f"{local:%d %b %H:%M}"


class ElidedLabel(QLabel):
    """A label that shortens its text with an ellipsis instead of pushing the window wider.

    The full text stays in ``full_text``, the tooltip and the accessible name.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.full_text = ""
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setMinimumWidth(40)

    def set_full_text(self, text: str) -> None:
        """Show ``text``, elided to the room there is."""
        self.full_text = text
        self.setToolTip(literal_tooltip(text))
        self.setAccessibleName(text)
        self._elide()

    def _elide(self) -> None:
        metrics = QFontMetrics(self.font())
        self.setText(metrics.elidedText(self.full_text, Qt.TextElideMode.ElideRight, self.width()))
        self.updateGeometry()

    def sizeHint(self) -> QSize:
        """Ask for the whole text: a layout that honours the hint shows it all when it can."""
        hint = super().sizeHint()
        margins = self.contentsMargins()
        whole = QFontMetrics(self.font()).horizontalAdvance(self.full_text)
        return QSize(whole + margins.left() + margins.right() + 2, hint.height())

    def minimumSizeHint(self) -> QSize:
        return QSize(self.minimumWidth(), super().minimumSizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Elide again for the new width."""
        super().resizeEvent(event)
        self._elide()

    def changeEvent(self, event: QEvent) -> None:
        """Elide again when the font changes (the header scales with the screen)."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._elide()


class HeaderBar(QWidget):
    """Shows the header figures of a DashboardModel; updates when the model changes.

    Signals:
        window_clicked(): the window ("Last 30 days") was clicked, on the desk (to change it).
    """

    window_clicked = Signal()

    def __init__(
        self,
        model: DashboardModel,
        kind_colors: Mapping[Kind, QColor],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("header")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self._kind_colors = dict(kind_colors)
        # The wall's header is read from across a room: bigger than the desk's.
        self.text_scale = 1.0
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        layout = self._row = QHBoxLayout()
        layout.setContentsMargins(16, 8, 16, 8)
        layout.setSpacing(18)
        outer.addLayout(layout)
        # A second line for how fresh the data is, used only when one line cannot hold it
        # whole (a portrait screen read from across the room).
        self._below = QHBoxLayout()
        self._below.setContentsMargins(16, 0, 16, 8)
        outer.addLayout(self._below)
        self.title = QLabel("voc-kiosk")
        self.title.setProperty("role", "title")
        self.window_label = QLabel()
        self.window_label.setProperty("role", "muted")
        self.count_labels: dict[Kind, QLabel] = {}
        self.customers_label = QLabel()
        layout.addWidget(self.title)
        layout.addWidget(self.window_label)
        layout.addWidget(self.customers_label)
        for kind in (Kind.COMPLIMENT, Kind.IDEA, Kind.COMPLAINT, Kind.UNCLASSIFIED):
            label = QLabel()
            label.setTextFormat(Qt.TextFormat.PlainText)
            self.count_labels[kind] = label
            layout.addWidget(label)
        # Where the data comes from and how fresh it is take the room that is left, shortened
        # with an ellipsis rather than cut off at the window's edge.
        self.source_label = ElidedLabel()
        self.source_label.setProperty("role", "muted")
        self.source_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.status_label = ElidedLabel()
        self.status_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        # How stale the data is matters more than where it comes from: the status keeps its
        # whole text while there is room, and the source gives way first.
        self.status_label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        layout.addWidget(self.source_label, 1)
        layout.addWidget(self.status_label, 0)
        self.settings_button = QToolButton()
        self.settings_button.setText("⚙")
        self.settings_button.setToolTip("Settings (Ctrl+,)")
        self.settings_button.setAccessibleName("Settings")
        layout.addWidget(self.settings_button)
        for label in (self.window_label, self.title, self.customers_label):
            label.setTextFormat(Qt.TextFormat.PlainText)
        self._model = model
        model.header_changed.connect(self._on_model_header_changed)
        self._on_model_header_changed(model.header)
        # "just now" must age even when nothing new arrives (a feed that went quiet).
        self._clock = QTimer(self)
        self._clock.setInterval(30_000)
        self._clock.timeout.connect(lambda: self._show_status(self._model.header))
        self._clock.start()

    def set_window_clickable(self, clickable: bool) -> None:
        """Let a click on the window ask to change it (the desk; the wall shows what it shows)."""
        self.window_label.removeEventFilter(self)
        if clickable:
            self.window_label.installEventFilter(self)
            self.window_label.setCursor(Qt.CursorShape.PointingHandCursor)
            self.window_label.setToolTip("Change the period shown")
        else:
            self.window_label.unsetCursor()
            self.window_label.setToolTip("")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """A click on the window label asks to change the window."""
        if (
            watched is self.window_label
            and event.type() == QEvent.Type.MouseButtonRelease
            and isinstance(event, QMouseEvent)
            and event.button() == Qt.MouseButton.LeftButton
        ):
            self.window_clicked.emit()
            return True
        return super().eventFilter(watched, event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """On a narrow window the product name gives its room to the figures."""
        super().resizeEvent(event)
        self._show_status(self._model.header)

    def _fit(self) -> None:
        # The product's name is the first to give its room, at any text size: to the counts,
        # then to how fresh the data is; then the period (a narrow or portrait screen), which
        # the explore bar and the headline also say. How fresh the data is never gives way.
        # Decided from the widths first, then applied once: showing a label only to measure
        # (and hiding it again) asked for a new layout on every resize, and at some widths
        # the header flipped between one line and two for ever (480 resizes a second).
        wanted = self.status_label.sizeHint().width()
        # The name gives its room to the feeds' names too: "voc-kiosk … Feeds: b…" on a wall
        # that had room for "Feeds: board" said less, to nobody who needs the product's name.
        source = self.source_label
        source_rest = max(0, source.sizeHint().width() - source.minimumWidth())
        title = window = True
        below = False
        if self._room(with_title=True, with_window=True) < wanted + source_rest:
            title = False
            if self._room(with_title=False, with_window=True) < wanted:
                window = self._room(with_title=False, with_window=False) < wanted
                # Still no room: the freshness goes to a line of its own, whole, and the
                # period has its place back.
                below = window
        for label, shown in ((self.title, title), (self.window_label, window)):
            if label.isHidden() == shown:
                label.setVisible(shown)
        if below != (self._below.indexOf(self.status_label) >= 0):
            if below:
                self._row.removeWidget(self.status_label)
                self._below.addWidget(self.status_label, 1)
            else:
                self._below.removeWidget(self.status_label)
                self._row.insertWidget(self._row.indexOf(self.settings_button), self.status_label)
            layout = self.layout()
            if layout is not None:
                layout.activate()  # a window never shown (a snapshot) lays out only when asked

    def _room(self, *, with_title: bool, with_window: bool) -> int:
        """Return the width left for the status once everything else has its own, with the
        title and the period shown or not."""
        layout = self._row
        shown: list[QWidget] = [self.customers_label, self.settings_button]
        shown += [label for label in self.count_labels.values() if not label.isHidden()]
        if with_window:
            shown.append(self.window_label)
        if with_title:
            shown.append(self.title)
        margins = layout.contentsMargins()
        others = (
            sum(w.sizeHint().width() for w in shown)
            + self.source_label.minimumWidth()
            + layout.spacing() * (len(shown) + 1)
            + margins.left()
            + margins.right()
        )
        return self.width() - others

    def scale_to_height(self, height: int) -> None:
        """Size the text for a screen of this height (readable across a room on a wall)."""
        px = max(13, round(height / 48 * self.text_scale))
        for label in self.findChildren(QLabel):
            font = QFont(label.font())
            font.setPixelSize(round(px * (1.25 if label is self.title else 1.0)))
            label.setFont(font)
        self._show_status(self._model.header)

    def set_kind_colors(self, kind_colors: Mapping[Kind, QColor]) -> None:
        """Take new kind colours (another palette or theme)."""
        self._kind_colors = dict(kind_colors)
        self._paint_counts()

    def _paint_counts(self) -> None:
        for kind, label in self.count_labels.items():
            color = self._kind_colors.get(kind, QColor("#888888"))
            label.setStyleSheet(f"color: {color.name()}; font-weight: 600;")

    def _on_model_header_changed(self, header: HeaderState) -> None:
        days = header.window_days
        period = header.window_label or f"Last {days} day{'s' if days != 1 else ''}"
        self.window_label.setText(
            period + (" · only " + header.slice_label if header.slice_label else "")
        )
        counts = header.counts
        figures = {
            Kind.COMPLIMENT: counts.compliments,
            Kind.IDEA: counts.ideas,
            Kind.COMPLAINT: counts.complaints,
            Kind.UNCLASSIFIED: counts.unclassified,
        }
        total = counts.total
        who = f"{total:,} customer{'s' if total != 1 else ''}"
        if header.kinds:
            # Under a kind filter a customer counts by their latest feedback *of that kind*:
            # more complaints than the unfiltered header's, which counts a customer whose
            # latest word was praise as a compliment. The label says which count this is.
            kinds = " or ".join(_KIND_WORDS[k] for k in _KIND_WORDS if k in header.kinds)
            self.customers_label.setText(f"{who} with {kinds}:")
            self.customers_label.setToolTip(
                f"Every customer who wrote {kinds} in the period, each once. Without the"
                " filter a customer counts only under the kind of their latest feedback."
            )
        else:
            self.customers_label.setText(f"{who}:")
            self.customers_label.setToolTip(
                "Every customer who wrote in the period, each once, by the kind of their"
                " latest feedback."
            )
        only = f", among {header.slice_label}" if header.slice_label else ""
        self.customers_label.setAccessibleName(
            f"{total:,} customers wrote in {period.lower()}{only}; each is counted once below,"
            " by the kind of their latest feedback"
        )
        for kind, n in figures.items():
            label = self.count_labels[kind]
            label.setText(f"● {n:,} {kind.plural}")
            what = "of no clear kind" if kind is Kind.UNCLASSIFIED else f"a {kind.value}"
            label.setAccessibleName(f"{n:,} of them: their latest feedback is {what}")
            # Unclassified is shown only when there is some: it is not a kind to act on.
            kept = not header.kinds or kind in header.kinds
            label.setVisible(kept and (kind is not Kind.UNCLASSIFIED or n > 0))
        self.source_label.set_full_text(header.source)
        self._show_status(header)
        self._paint_counts()

    def _show_status(self, header: HeaderState) -> None:
        updated = _ago(header.last_update, datetime.now(UTC))
        text = f"{header.connection} · updated {updated}"
        # Stale data must be seen from across the room, not read in small print: marked, and
        # in bold.
        stale = header.connection.startswith(STALE_PREFIXES)
        if stale:
            text = "⚠ " + text
        if self.status_label.property("role") != ("alert" if stale else None):
            self.status_label.setProperty("role", "alert" if stale else None)
            style = self.status_label.style()
            style.unpolish(self.status_label)
            style.polish(self.status_label)
        # Never squeezed to a stub: how fresh the data is must stay readable on a laptop.
        self.status_label.set_full_text(text)
        self._fit()
        if self._below.indexOf(self.status_label) >= 0:
            room = self.width() - 32
        else:
            room = self._room(
                with_title=not self.title.isHidden(), with_window=not self.window_label.isHidden()
            )
        self.status_label.setMinimumWidth(max(40, min(self.status_label.sizeHint().width(), room)))
