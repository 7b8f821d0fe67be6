"""Behind each word: the drill-down panel with the trend, the customers and their own words.

The panel is a view: it shows a ``TermDetail`` and a customer's history when given them, and
asks for them with signals. The composition root runs the queries off the UI thread.
"""

from __future__ import annotations

import contextlib
import html
import importlib
from collections.abc import Collection, Iterator, Mapping, Sequence
from pathlib import Path

from PySide6.QtCore import (
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QRectF,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QGuiApplication,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QShortcut,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QTextBrowser,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kiosk.cloud.presentation import answer_lines
from kiosk.insight import TermDetail
from kiosk.model import KINDS_BY_URGENCY, Kind, KindSource
from kiosk.outbox.values import (
    Answer,
    AnswerOrigin,
    DeliveryState,
    ItemDelivery,
    MessageKind,
    ReplyChannel,
)
from kiosk.privacy import fill_link, initials, mask_personal
from kiosk.rows import DrilldownOptions
from kiosk.safetext import FSI, PDI, clean_name, clean_text, isolate
from kiosk.values import AnswerGap, FeedbackRow, TermMention
from kiosk.views.compose_dialog import ComposeTarget
from kiosk.views.customer_table import (
    Column,
    HighlightDelegate,
    MentionTableModel,
    ShownRow,
    plain_tooltip,
)
from kiosk.viewstate import slice_text
from kiosk.wording import change_text, customers_text

VERBATIM_DISPLAY_CHARS = 20_000

# What pyqtgraph 0.14 imports besides itself, each loaded ahead on its own so that its import
# is a shorter block. A name it no longer needs costs a few milliseconds; one missing here is
# loaded with pyqtgraph as before; one not installed (the bundle leaves QtTest, QtSvg and
# QtOpenGL out) is skipped, as pyqtgraph skips it.
_PYQTGRAPH_NEEDS = (
    "PySide6.QtOpenGL",
    "PySide6.QtOpenGLWidgets",
    "PySide6.QtSvg",
    "PySide6.QtTest",
    "decimal",
    "xml.etree.ElementTree",
    "multiprocessing.connection",
    "pydoc",
    "cProfile",
    "colorama",
)


def first_panel_steps(*, wall: bool) -> Iterator[None]:
    """Load what the first drill-down panel needs, yielding between steps of a few ms.

    Run while the GUI is idle (``MainWindow`` does, after the first cloud), a first click
    on a word then costs what any later one does. One step cannot be cut up: pyqtgraph's own
    import, 60-90 ms once its Qt classes and its other imports are loaded.

    Args:
        wall: load the wall's panel (``WallDetail``) rather than the desk's.
    """
    from PySide6 import QtCore, QtGui, QtWidgets

    # PySide creates a class (with its enums) when a name is first read, and pyqtgraph's Qt
    # shim reads every name of these three at its import: 0.15 s in one go, unless read here
    # a few at a time.
    for module in (QtCore, QtGui, QtWidgets):
        for name in dir(module):
            getattr(module, name)
            yield
    for name in _PYQTGRAPH_NEEDS:
        with contextlib.suppress(ImportError):
            importlib.import_module(name)
        yield
    import pyqtgraph  # noqa: F401

    yield
    from kiosk.views.trend_chart import TrendChart

    yield
    # The first chart built and painted pays for what later ones reuse (its axes' fonts, the
    # date ticks' time zone): one nobody sees pays it here.
    chart = TrendChart({}, background="#000000", foreground="#FFFFFF")
    yield
    chart.resize(480, 180)
    chart.grab()
    yield
    chart.deleteLater()
    yield
    if wall:
        import kiosk.views.wall_detail  # noqa: F401

        yield


class KindBar(QWidget):
    """A thin bar split into the kinds' shares, in their colours."""

    def __init__(self, colors: Mapping[Kind, str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._colors = dict(colors)
        self._shares: dict[Kind, int] = {}
        self.setFixedHeight(10)
        self.setMinimumWidth(120)

    def set_shares(self, shares: Mapping[Kind, int]) -> None:
        """Show new counts by kind."""
        self._shares = {k: v for k, v in shares.items() if v > 0}
        total = sum(self._shares.values())
        parts = [k.counted(v) for k in KINDS_BY_URGENCY if (v := self._shares.get(k))]
        self.setAccessibleName("Split by kind: " + (", ".join(parts) if total else "none"))
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        total = sum(self._shares.values())
        if not total:
            return
        painter = QPainter(self)
        x = 0.0
        for kind in KINDS_BY_URGENCY:
            n = self._shares.get(kind, 0)
            if not n:
                continue
            width = self.width() * n / total
            color = QColor(self._colors.get(kind, "#888888"))
            painter.fillRect(QRectF(x, 0, width, self.height()), color)
            x += width
        painter.end()


def _escape(text: str) -> str:
    return html.escape(clean_text(text), quote=True)


def _shown(text: str) -> str:
    """Return customer text escaped for rich text and isolated, so a right-to-left override
    in it cannot turn the rest of the line around."""
    return isolate(_escape(text))


class DrilldownPanel(QWidget):
    """The customers behind one word.

    Signals:
        history_requested(str): the customer whose history should be loaded.
        link_activated(str): an http(s) link the user chose to open.
        closed(): the panel was closed (Esc, the close button, or idle on the wall).
        kind_corrected(int, object): a person set the selected item's kind (feedback id, and
            the Kind, or None to take a correction back); the desk only.
        reply_requested(object): answer the selected row's customer (a ``ComposeTarget``
            naming their items behind the word); the desk only.
        announce_requested(str): tell everyone behind the word (its key); the desk only.
    """

    history_requested = Signal(str)
    link_activated = Signal(str)
    closed = Signal()
    kind_corrected = Signal(int, object)
    reply_requested = Signal(object)
    announce_requested = Signal(str)

    def __init__(
        self,
        colors: Mapping[Kind, str],
        options: DrilldownOptions,
        *,
        accent: str = "#7FB3FF",
        chart_background: str = "#1E232A",
        chart_foreground: str = "#E8EAED",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("drilldown")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setAccessibleName("Drill-down: the customers behind a word")
        self.options = options
        self._colors = dict(colors)
        self.detail: TermDetail | None = None
        self._history_for: str | None = None
        self._selected_feedback: int | None = None
        self._deliveries: dict[int, ItemDelivery] = {}

        self.title = QLabel()
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.8)
        font.setBold(True)
        self.title.setFont(font)
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        # How many of the word's customers still wait for an answer (the card says the same).
        self.gap_label = QLabel()
        self.gap_label.setTextFormat(Qt.TextFormat.PlainText)
        self.gap_label.setWordWrap(True)
        self.gap_label.setAccessibleName("Customers not answered yet")
        self.gap_label.setVisible(False)
        self.kind_bar = KindBar(colors)
        self.close_button = QToolButton()
        self.close_button.setText("✕")
        self.close_button.setAccessibleName("Close the drill-down")
        self.close_button.clicked.connect(self.close_panel)

        from kiosk.views.trend_chart import TrendChart  # pyqtgraph loads with the first panel

        self.chart = TrendChart(colors, background=chart_background, foreground=chart_foreground)
        self.chart.setMinimumHeight(90)

        self.kind_filter = QComboBox()
        self.kind_filter.setAccessibleName("Show kind")
        self.kind_filter.addItem("All kinds", None)
        for kind in KINDS_BY_URGENCY:
            # Qt stores a str subclass as a plain string: keep the value, convert it back.
            self.kind_filter.addItem(kind.plural.capitalize(), kind.value)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search in what they said…")
        self.search.setAccessibleName("Search within the feedback")
        self.search.setClearButtonEnabled(True)
        self.shown_label = QLabel()
        self.shown_label.setAccessibleName("Rows shown")
        self.export_button = QPushButton("Export CSV…")
        self.export_button.setAccessibleName("Export the shown rows as CSV")
        self.copy_button = QPushButton("Copy")
        self.copy_button.setAccessibleName("Copy the selected rows")
        self.kind_filter.currentIndexChanged.connect(self._on_filter_changed)
        # Filtering 50,000 rows on every keystroke would stutter: wait for a pause in typing.
        self._search_pause = QTimer(self)
        self._search_pause.setSingleShot(True)
        self._search_pause.setInterval(200)
        self._search_pause.timeout.connect(self._on_filter_changed)
        self.search.textChanged.connect(self._search_pause.start)
        self.export_button.clicked.connect(self._on_export_clicked)
        self.copy_button.clicked.connect(self.copy_selection)

        self.model = MentionTableModel(dict(colors), self)
        self.table = QTableView()
        self.table.setAccessibleName("Customers who used this word")
        self.table.setModel(self.model)
        self.table.setItemDelegateForColumn(Column.SAID, HighlightDelegate(accent, self.table))
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(Column.DATE, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # Rows are read, not edited: the arrows move between them, Tab goes on to Reply and
        # the other actions (cell by cell it never left the table).
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        # Fixed row heights: the view never measures 20,000 rows.
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        # What the customer said gets the room; the facts around it stay narrow.
        chars = self.fontMetrics().averageCharWidth()
        widths = {Column.CUSTOMER: 16, Column.KIND: 11, Column.SAID: 60, Column.DATE: 16,
                  Column.CHANNEL: 12, Column.SEGMENT: 13, Column.VALUE: 8, Column.VOTES: 6,
                  Column.ANSWERED: 22}  # fmt: skip
        for column, width in widths.items():
            self.table.setColumnWidth(column, width * chars)
        if not options.private:
            # The desk answers customers: where each answer is sits beside who and what kind,
            # not past the edge of the panel (the model's order, and the export's, stay).
            header.moveSection(header.visualIndex(Column.ANSWERED), Column.SAID)
            self.table.setColumnWidth(Column.ANSWERED, 20 * chars)
        self._column_widths = {c: w * chars for c, w in widths.items()}
        if not options.private:
            self._column_widths[Column.ANSWERED] = 18 * chars
        self._min_said = 24 * chars
        self.table.viewport().installEventFilter(self)
        self.table.selectionModel().currentRowChanged.connect(self._on_table_current_changed)
        self.privacy_note = QLabel()
        self.privacy_note.setWordWrap(True)
        self.privacy_note.setVisible(False)

        self.verbatim = QTextBrowser()
        self.verbatim.setAccessibleName("What the customer said, and our response")
        # Customer text is escaped before it gets here; links in it are never followed.
        self.verbatim.setOpenLinks(False)
        self.verbatim.setOpenExternalLinks(False)
        self.source_link = QPushButton("Open at the source")
        self.source_link.setAccessibleName("Open this feedback at its source")
        self.crm_link = QPushButton("Open in CRM")
        self.crm_link.setAccessibleName("Open this customer in the CRM")
        # A person's judgement beats every inference: the desk can set an item's kind.
        self.kind_button = QToolButton()
        self.kind_button.setText("Set the kind…")
        self.kind_button.setAccessibleName("Set this feedback's kind")
        self.kind_button.setToolTip(
            "Say what this feedback is when the kiosk got it wrong: every number follows at once,"
            " and the kiosk learns from it"
        )
        self.kind_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        kind_menu = QMenu(self.kind_button)
        for kind in (Kind.COMPLAINT, Kind.IDEA, Kind.COMPLIMENT, Kind.UNCLASSIFIED):
            label = (
                "Not feedback of a kind" if kind is Kind.UNCLASSIFIED else kind.value.capitalize()
            )
            action = kind_menu.addAction(label)
            action.triggered.connect(lambda _=False, k=kind: self._on_kind_chosen(k))
        kind_menu.addSeparator()
        self.undo_kind_action = kind_menu.addAction("Take my correction back")
        self.undo_kind_action.triggered.connect(lambda: self._on_kind_chosen(None))
        self.kind_button.setMenu(kind_menu)
        self.kind_button.setVisible(not options.wall)
        # Answering customers is the desk's: the wall never composes.
        self.reply_button = QPushButton("Reply…")
        self.reply_button.setAccessibleName("Reply to this customer")
        self.reply_button.setToolTip(
            "Answer this customer about this word: you see the message as they will receive"
            " it before it goes"
        )
        self.reply_button.clicked.connect(self._on_reply_button_clicked)
        self.reply_button.setVisible(not options.wall)
        self.announce_button = QPushButton("Announce…")
        self.announce_button.setAccessibleName("Tell everyone behind this word what we are doing")
        self.announce_button.setToolTip(
            "Tell the customers behind this word what is being done and when they can expect"
            " it; narrow it to complaints, a period, a channel or a segment"
        )
        self.announce_button.clicked.connect(self._on_announce_button_clicked)
        self.announce_button.setVisible(not options.wall)
        self.announce_button.setEnabled(False)
        self.source_link.clicked.connect(lambda: self._open(self.source_link.property("url")))
        self.crm_link.clicked.connect(lambda: self._open(self.crm_link.property("url")))
        self.history_label = QLabel("Customer history")
        self.history = QTreeWidget()
        self.history.setAccessibleName("Everything this customer told us, newest first")
        self.history.setHeaderLabels(["Date", "Kind", "Channel", "What they said"])
        self.history.setRootIsDecorated(False)
        self.history.setUniformRowHeights(True)

        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.announce_button, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)
        filters = QHBoxLayout()
        filters.addWidget(self.kind_filter)
        filters.addWidget(self.search, 1)
        filters.addWidget(self.shown_label)
        filters.addWidget(self.copy_button)
        filters.addWidget(self.export_button)
        links = QHBoxLayout()
        links.addWidget(self.reply_button)
        links.addWidget(self.kind_button)
        links.addWidget(self.source_link)
        links.addWidget(self.crm_link)
        links.addStretch(1)
        detail = QWidget()
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        # What they said and everything else they told us share the room in tabs: each gets
        # all of it (side by side, on a laptop, each had two lines and a scroll bar).
        self.detail_tabs = QTabWidget()
        self.detail_tabs.setAccessibleName(
            "The selected customer: what they said, or their history"
        )
        self.detail_tabs.tabBar().setAccessibleName("What they said, or the customer's history")
        self.detail_tabs.addTab(self.verbatim, "What they said")
        history_page = QWidget()
        history_layout = QVBoxLayout(history_page)
        history_layout.setContentsMargins(0, 4, 0, 0)
        history_layout.addWidget(self.history_label)
        history_layout.addWidget(self.history, 1)
        self.detail_tabs.addTab(history_page, "Customer history")
        detail_layout.addLayout(links)
        detail_layout.addWidget(self.detail_tabs, 1)
        table_box = QWidget()
        table_layout = QVBoxLayout(table_box)
        table_layout.setContentsMargins(0, 0, 0, 0)
        table_layout.addLayout(filters)
        table_layout.addWidget(self.privacy_note)
        table_layout.addWidget(self.table, 1)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.chart)
        self.splitter.addWidget(table_box)
        self.splitter.addWidget(detail)
        self.splitter.setSizes([180, 420, 300])
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 4)
        self.splitter.setStretchFactor(2, 4)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.gap_label)
        layout.addWidget(self.kind_bar)
        layout.addWidget(self.splitter, 1)

        QShortcut(QKeySequence.StandardKey.Copy, self.table, self.copy_selection)
        # The wall is a public screen: nothing leaves it (no export, no copy) and nobody types
        # into it (a search could probe what the masking hides); a modal file dialog would
        # also outlive the idle close and wait for a click for ever.
        for control in (self.export_button, self.copy_button, self.search):
            control.setVisible(not options.private)
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.timeout.connect(self.close_panel)
        self._clear_detail()

    # fitting a laptop's panel

    # The columns a narrow panel keeps longest, most telling first; what they said always.
    _KEEP_ORDER = (
        Column.CUSTOMER,
        Column.KIND,
        Column.ANSWERED,
        Column.DATE,
        Column.CHANNEL,
        Column.SEGMENT,
        Column.VOTES,
        Column.VALUE,
    )

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Fit the table's columns to the panel's width."""
        super().resizeEvent(event)
        self._fit_columns()

    def _fit_columns(self) -> None:
        """Show the columns that fit beside a readable "what they said", widest to it.

        A table wider than its panel hid what customers said behind a horizontal scroll bar;
        the least telling columns give way first (the row's detail still says them all).
        """
        room = self.table.viewport().width()
        kept = [c for c in self._KEEP_ORDER if c in self._column_widths]
        while kept and sum(self._column_widths[c] for c in kept) + self._min_said > room:
            kept.pop()
        for column in self._KEEP_ORDER:
            if column in self._column_widths:
                self.table.setColumnHidden(column, column not in kept)
        said = max(self._min_said, room - sum(self._column_widths[c] for c in kept) - 2)
        self.table.setColumnWidth(Column.SAID, said)

    # showing data

    def show_loading(self, term: str) -> None:
        """Show that a term's detail is on its way."""
        self.title.setText(term)
        self.summary.setText("Loading…")
        self.gap_label.setVisible(False)
        self.announce_button.setEnabled(False)
        # The previous word's rows must not stay (or arrive late) under the new title.
        self.detail = None
        self.model.set_rows([], private=self.options.private)
        self.kind_bar.set_shares({})
        self._clear_detail()
        self._touch()

    def show_detail(self, detail: TermDetail) -> None:
        """Show a term's figures, trend and customers."""
        if self.detail is None or self.detail.key != detail.key:
            self._deliveries = {}
        self.detail = detail
        self.title.setText(detail.label)
        self.setAccessibleName(f"Drill-down: {detail.label}")
        period = f"{detail.window_days} days"
        parts = [
            customers_text(detail.customers, detail.customers_by_kind),
            f"{detail.mentions:,} mention{'s' if detail.mentions != 1 else ''}",
            detail.window_label or f"last {period}",
            change_text(detail.customers, detail.previous_customers, period),
        ]
        if not detail.part.everything:
            parts.append(f"only {slice_text(detail.part)}")
        self.summary.setText(" · ".join(parts))
        self._show_gap(detail.gap)
        self.announce_button.setEnabled(detail.customers > 0)
        self.kind_bar.set_shares(detail.customers_by_kind)
        self.chart.set_trend(detail.trend, detail.bucket_days)
        hidden = self.options.hides_rows(detail.customers)
        if hidden:
            self.privacy_note.setText(
                f"Fewer than {self.options.min_customers} customers used this word: on the wall"
                " their individual feedback is not shown."
            )
        self.privacy_note.setVisible(hidden)
        self.table.setVisible(not hidden)
        self.model.set_rows([] if hidden else detail.rows, private=self.options.private)
        if self._deliveries:
            self.model.set_deliveries(self._deliveries)
        self._clear_detail()
        self._update_count()
        if self.model.rowCount():
            self.table.selectRow(0)
        self._touch()

    def select_feedback(self, feedback_id: int) -> bool:
        """Select an item's row if it is shown; return whether it is."""
        position = self.model.position_of(feedback_id)
        if position is None:
            return False
        self.table.selectRow(position)
        return True

    def show_all_rows(self, term_key: str, rows: Sequence[TermMention]) -> None:
        """Replace the first page of rows with the full list (loaded in the background)."""
        detail = self.detail
        if detail is None or detail.key != term_key or not self.table.isVisibleTo(self):
            return
        current = self.table.currentIndex()
        keep = self.model.row_at(current.row()).mention.feedback_id if current.isValid() else None
        self.model.set_rows(rows, private=self.options.private)
        if self._deliveries:
            self.model.set_deliveries(self._deliveries)
        self._update_count()
        if keep is not None:
            position = self.model.position_of(keep)
            if position is not None:
                self.table.selectionModel().blockSignals(True)
                self.select_row(position)
                self.table.selectionModel().blockSignals(False)

    def show_history(
        self,
        customer_id: str,
        rows: Sequence[FeedbackRow],
        found: Mapping[int, Collection[Kind]] | None = None,
        answers: Mapping[int, Sequence[Answer]] | None = None,
        deliveries: Mapping[int, ItemDelivery] | None = None,
    ) -> None:
        """Show one customer's whole history, newest first (ignored if not the selected one).

        Args:
            found: the kinds the analysis found in each item, shown where the item has no
                kind yet (a call-centre note is "unclassified" until read); otherwise the
                history shows the kind the header counts (``FeedbackRow.kind_and_source``).
            answers: the answers kept with each item (ours and the source's), by feedback id.
            deliveries: where our newest message answering each item is, by feedback id.
        """
        if customer_id != self._history_for:
            return
        found = found or {}
        answers = answers or {}
        deliveries = deliveries or {}
        self.history.clear()
        private = self.options.private
        items = []
        for row in rows:
            fb = row.feedback
            text = clean_text(fb.text)
            text = mask_personal(text, fb.customer.name) if private else text
            short = text if len(text) <= 300 else text[:300] + "…"
            # The kind every other surface counts: a correction, the source's, a rating's
            # unless the words ask, ours; an item with none yet, what we found in it.
            shown, source = row.kind_and_source
            kind = shown.value
            if source is KindSource.INFERRED and shown is Kind.UNCLASSIFIED and found.get(row.id):
                kind = ", ".join(k.value for k in KINDS_BY_URGENCY if k in found[row.id])
            item = QTreeWidgetItem(
                [
                    f"{fb.created_at.astimezone():%Y-%m-%d}",
                    kind,
                    isolate(clean_text(fb.channel or "")),
                    isolate(short),
                ]
            )
            item.setToolTip(3, plain_tooltip(short))
            items.append(item)
        self.history.addTopLevelItems(items)
        self.history.resizeColumnToContents(0)
        self.history_label.setText(f"Customer history · {len(rows)} item(s)")
        self.detail_tabs.setTabText(1, f"Customer history ({len(rows)})")
        for row in rows:
            if row.id == self._selected_feedback:
                self._show_response(row, answers.get(row.id, ()), deliveries.get(row.id))

    # interaction

    def _on_filter_changed(self) -> None:
        current = self.table.currentIndex()
        keep = self.model.row_at(current.row()).mention.feedback_id if current.isValid() else None
        value = self.kind_filter.currentData()
        self.model.set_filter(Kind(value) if value else None, self.search.text())
        self._update_count()
        # The detail must be of a row the table shows: the same one if it still is, else the
        # first match, else nothing (a verbatim the search filtered out stayed on screen).
        position = self.model.position_of(keep) if keep is not None else None
        if position is None and self.model.rowCount():
            position = 0
        if position is None:
            self.table.clearSelection()
            self._clear_detail()
        else:
            self.select_row(position)
        self._touch()

    def _update_count(self) -> None:
        shown, loaded = self.model.rowCount(), self.model.total
        items = self.detail.items if self.detail is not None else loaded
        if loaded < items:
            self.shown_label.setText(f"{shown:,} shown · the newest {loaded:,} of {items:,}")
        else:
            self.shown_label.setText(f"{shown:,} of {loaded:,} shown")

    def _on_table_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            self._clear_detail()
            return
        self._show_row(self.model.row_at(current.row()))
        self._touch()

    def _show_row(self, row: ShownRow) -> None:
        m = row.mention
        private = self.options.private
        text = clean_text(m.text)
        total = len(text)
        cut = total > VERBATIM_DISPLAY_CHARS
        start, end = m.start, m.end
        if cut:
            text = text[:VERBATIM_DISPLAY_CHARS]
        if private:
            name = m.customer_name
            before, term, after = (mask_personal(p, name) for p in (text[:start],
                                   text[start:end], text[end:]))  # fmt: skip
        else:
            before, term, after = text[:start], text[start:end], text[end:]
        who = initials(m.customer_name) if private else clean_name(m.customer_name or m.customer_id)
        facts = [_shown(who)]
        if m.segment:
            facts.append(_shown(m.segment))
        if m.channel:
            facts.append(_shown(m.channel))
        facts.append(f"{m.created_at.astimezone():%Y-%m-%d %H:%M}")
        facts.append(_escape(row.kind_detail))
        question = self.options.questions.get(m.feed_id)
        if question:
            # Why "Breakfast" is a complaint: it answers "What went wrong?".
            facts.append(_escape(f"asked: {question}"))
        body = (
            f"<p style='color:gray'>{' · '.join(facts)}</p>"
            f"<p style='white-space: pre-wrap'>{FSI}{_escape(before)}<b><u>{_escape(term)}</u></b>"
            f"{_escape(after)}{PDI}</p>"
        )
        if cut:
            body += f"<p><i>(cut for display: {total:,} characters in all)</i></p>"
        self.verbatim.setHtml(body)
        # On the wall nobody may open a browser over the kiosk, nor see the source's page with
        # the customer's details: the links are for the desk.
        source = None if private else fill_link(m.url or "", {})
        self.source_link.setProperty("url", source)
        self.source_link.setEnabled(source is not None)
        self.source_link.setVisible(not private)
        template = self.options.link_templates.get(m.feed_id, "")
        crm = None if private else fill_link(
            template,
            {"customer_id": m.customer_id, "external_id": m.external_id, "feed_id": m.feed_id},
        )  # fmt: skip
        self.crm_link.setProperty("url", crm)
        self.crm_link.setVisible(crm is not None)
        self.history.clear()
        self.history_label.setText("Customer history · loading…")
        self._history_for = m.customer_id
        self._selected_feedback = m.feedback_id
        self.kind_button.setEnabled(True)
        self.reply_button.setEnabled(not self.options.wall)
        self.undo_kind_action.setEnabled(m.corrected)
        self.history_requested.emit(m.customer_id)

    def _show_response(
        self,
        row: FeedbackRow,
        answers: Sequence[Answer] = (),
        delivery: ItemDelivery | None = None,
    ) -> None:
        """Show the answers kept with the item: the source's response and our messages."""
        response = row.feedback.response
        ours = [a for a in answers if a.origin is AnswerOrigin.OUTBOX]
        private = self.options.private
        if response is not None:
            by = f" — {_shown(response.by)}" if response.by and not private else ""
            self.verbatim.append(
                f"<p><b>Our response</b> ({response.at.astimezone():%Y-%m-%d}{by}):</p>"
                f"<p style='white-space: pre-wrap'>{_shown(response.text)}</p>"
            )
        for answer in ours:
            by = f" — {_shown(answer.by)}" if answer.by and not private else ""
            how = ""
            if answer.channel is ReplyChannel.RECORD:
                how = ", recorded: answered elsewhere"
            elif answer.channel is not None:
                how = f", {_escape(answer.channel.label)}"
            self.verbatim.append(
                f"<p><b>Our answer</b> ({answer.at.astimezone():%Y-%m-%d}{by}{how}):</p>"
                f"<p style='white-space: pre-wrap'>{_shown(answer.text or '')}</p>"
            )
        if delivery is not None and delivery.state is not DeliveryState.SENT:
            self.verbatim.append(f"<p><b>Our message</b>: {_shown(delivery.text)}</p>")
        if response is None and not ours and delivery is None:
            self.verbatim.append("<p style='color:gray'>Not answered yet.</p>")

    def _show_gap(self, gap: AnswerGap | None) -> None:
        lines = answer_lines(gap) if gap is not None else []
        self.gap_label.setText(" · ".join(lines))
        self.gap_label.setVisible(bool(lines))

    def show_gap(self, term_key: str, gap: AnswerGap | None) -> None:
        """Show how many of the word's customers wait for an answer now (after deliveries;
        ignored when another word is open now)."""
        if self.detail is not None and self.detail.key == term_key:
            self._show_gap(gap)

    def show_deliveries(self, term_key: str, deliveries: Mapping[int, ItemDelivery]) -> None:
        """Show where our messages answering the rows are, in the Answered column (ignored
        when another word is open now)."""
        if self.detail is None or self.detail.key != term_key:
            return
        self._deliveries = dict(deliveries)
        self.model.set_deliveries(self._deliveries)

    def reload_selected(self) -> None:
        """Show the selected row again, with its customer's history and answers reloaded (a
        message answering them went out)."""
        current = self.table.currentIndex()
        if current.isValid():
            self._show_row(self.model.row_at(current.row()))

    def _on_reply_button_clicked(self) -> None:
        current = self.table.currentIndex()
        detail = self.detail
        if self.options.wall or detail is None or not current.isValid():
            return
        m = self.model.row_at(current.row()).mention
        # One reply answers everything the customer said about the word in the period.
        ids = tuple(
            dict.fromkeys(
                r.mention.feedback_id
                for r in self.model.rows.all
                if r.mention.customer_id == m.customer_id
            )
        )
        self.reply_requested.emit(
            ComposeTarget(
                kind=MessageKind.REPLY,
                term_key=detail.key,
                term_label=detail.label,
                feedback_ids=ids or (m.feedback_id,),
                customer=clean_name(m.customer_name or m.customer_id),
                said=clean_text(m.text),
            )
        )

    def _on_announce_button_clicked(self) -> None:
        if self.detail is not None and not self.options.wall:
            self.announce_requested.emit(self.detail.key)

    def _on_kind_chosen(self, kind: Kind | None) -> None:
        if self._selected_feedback is not None and not self.options.wall:
            self.kind_corrected.emit(self._selected_feedback, kind)

    def _clear_detail(self) -> None:
        self.kind_button.setEnabled(False)
        self.reply_button.setEnabled(False)
        self.verbatim.clear()
        self.history.clear()
        self.history_label.setText("Customer history")
        self.source_link.setEnabled(False)
        self.crm_link.setVisible(False)
        self._history_for = None
        self._selected_feedback = None

    def _open(self, url: object) -> None:
        if isinstance(url, str) and fill_link(url, {}) == url:
            self.link_activated.emit(url)

    def copy_selection(self) -> None:
        """Copy the selected rows to the clipboard as tab-separated text (not on the wall)."""
        if self.options.private:
            return
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        if rows:
            QGuiApplication.clipboard().setText(self.model.as_tsv(rows))

    def _on_export_clicked(self) -> None:
        if self.options.private:
            return
        name = (self.detail.label if self.detail else "feedback").replace("/", "-")
        path, _ = QFileDialog.getSaveFileName(
            self, "Export as CSV", f"{name}.csv", "CSV files (*.csv)"
        )
        if path:
            self.model.export_csv(Path(path))

    def close_panel(self) -> None:
        """Close the panel and tell the host."""
        self._idle.stop()
        self.hide()
        self.closed.emit()

    # keyboard and idle

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close_panel()
            return
        super().keyPressEvent(event)

    def _touch(self) -> None:
        """Restart the idle countdown (the wall returns to the cloud when nobody looks)."""
        if self.options.wall:
            self._idle.start(self.options.idle_close_seconds * 1000)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and watched is self.table.viewport():
            self._fit_columns()
        if event.type() in (
            QEvent.Type.MouseButtonPress,
            QEvent.Type.KeyPress,
            QEvent.Type.Wheel,
            QEvent.Type.TouchBegin,
        ):
            self._touch()
        return False

    def watch_for_activity(self) -> None:
        """Count input anywhere in the panel as activity (call once it is built)."""
        for child in self.findChildren(QWidget):
            child.installEventFilter(self)

    def select_row(self, row: int) -> None:
        """Make a row current and selected (keyboard users and tests)."""
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
