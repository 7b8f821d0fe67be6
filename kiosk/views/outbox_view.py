"""The outbox on the desk: every message, each recipient's delivery state, and a person's
decisions (retry, cancel, confirm a delivery whose fate the channel could not tell).

A view: it reads plain values (``OutboxMessage``, ``OutboxRecipient``) that its services fetch
off the UI thread, and asks for actions the same way. What a customer wrote never reaches
it: the names and addresses it shows are drawn as plain text.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kiosk.outbox.values import DeliveryState, OutboxMessage, OutboxRecipient
from kiosk.safetext import clean_name, isolate, plain_tooltip
from kiosk.views.tasks import TaskRunner

__all__ = ["OutboxDialog", "OutboxServices", "message_states", "recipient_state"]

MESSAGES_SHOWN = 100
_ID_ROLE = Qt.ItemDataRole.UserRole


class OutboxServices(Protocol):
    """What the outbox view needs from the running kiosk (run on its worker thread)."""

    def messages(self, limit: int) -> list[OutboxMessage]:
        """Return the newest messages with their recipients counted by state."""
        ...

    def recipients(self, message_id: int) -> list[OutboxRecipient]:
        """Return a message's recipients with their delivery states."""
        ...

    def act(self, action: str, message_id: int | None, recipient_ids: Sequence[int] | None) -> str:
        """Retry, cancel or confirm deliveries (``action``); return what was done, in words."""
        ...


def message_states(message: OutboxMessage) -> str:
    """Return a message's deliveries by state, those needing a person first."""
    parts = [f"{n:,} {state.label}" for state, n in message.counts_person_first()]
    unreached = sum(message.unreachable.values())
    if unreached:
        parts.append(f"{unreached:,} could not be reached")
    return ", ".join(parts) or "no recipients"


def recipient_state(recipient: OutboxRecipient) -> str:
    """Return a delivery's state with its reason, and when it is tried again."""
    text = recipient.state.label
    if recipient.state is DeliveryState.SENT and recipient.confirmed_by:
        text += f" (confirmed by {recipient.confirmed_by})"
    if recipient.attempts > 1:
        text += f" after {recipient.attempts} attempts"
    if recipient.next_try_at is not None and recipient.state is DeliveryState.FAILED:
        text += f", next try {recipient.next_try_at.astimezone():%H:%M}"
    if recipient.reason:
        text += f" — {recipient.reason}"
    return text


def _cell(text: str, tooltip: str | None = None) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    if tooltip:
        # Escaped: Qt reads a tooltip that looks like markup ("<id@host>") as rich text.
        item.setToolTip(plain_tooltip(tooltip))
    return item


class OutboxDialog(QDialog):
    """Messages on top, the selected message's recipients below, and the actions.

    Signals:
        acted(str): a person retried, cancelled or confirmed deliveries (what was done).
    """

    acted = Signal(str)

    def __init__(
        self, services: OutboxServices, tasks: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Outbox: replies and announcements")
        self.setAccessibleName(self.windowTitle())
        self.services = services
        self.tasks = tasks
        self.messages: list[OutboxMessage] = []
        self.recipients: list[OutboxRecipient] = []
        self._closed = False
        self._selected: int | None = None

        self.summary = QLabel("Loading the outbox…")
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        self.message_table = QTableWidget(0, 5)
        self.message_table.setHorizontalHeaderLabels(["#", "When", "What", "By", "Deliveries"])
        self.message_table.setAccessibleName("Messages, newest first")
        self.recipient_table = QTableWidget(0, 4)
        self.recipient_table.setHorizontalHeaderLabels(["Customer", "How", "To", "State"])
        self.recipient_table.setAccessibleName("The selected message's recipients")
        for table in (self.message_table, self.recipient_table):
            table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
            table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            table.verticalHeader().setVisible(False)
            table.setWordWrap(False)
            header = table.horizontalHeader()
            header.setStretchLastSection(True)
            header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.message_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.recipient_table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.message_table.itemSelectionChanged.connect(self._on_message_table_selection_changed)
        self.recipient_table.itemSelectionChanged.connect(self._update_buttons)

        self.retry_button = QPushButton("Retry")
        self.retry_button.setToolTip(
            "Queue failed deliveries again (and those waiting for a person: the customer may"
            " then get the message twice). Selected recipients, or the whole message."
        )
        self.cancel_button = QPushButton("Cancel deliveries")
        self.cancel_button.setToolTip(
            "Stop deliveries that have not gone out; sent ones stay sent. Selected recipients,"
            " or the whole message."
        )
        self.confirm_button = QPushButton("Confirm sent")
        self.confirm_button.setToolTip(
            "The channel could not tell whether these went out: you checked, and they did."
        )
        self.refresh_button = QPushButton("Refresh")
        self.close_button = QPushButton("Close")
        self.result_label = QLabel()
        self.result_label.setTextFormat(Qt.TextFormat.PlainText)
        self.result_label.setProperty("role", "muted")
        self.retry_button.clicked.connect(lambda: self.act("retry"))
        self.cancel_button.clicked.connect(lambda: self.act("cancel"))
        self.confirm_button.clicked.connect(lambda: self.act("confirm"))
        self.refresh_button.clicked.connect(self.refresh)
        self.close_button.clicked.connect(self.reject)

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.message_table)
        splitter.addWidget(self.recipient_table)
        splitter.setSizes([260, 400])
        buttons = QHBoxLayout()
        for button in (self.retry_button, self.cancel_button, self.confirm_button):
            buttons.addWidget(button)
        buttons.addWidget(self.result_label, 1)
        buttons.addWidget(self.refresh_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)
        self._update_buttons()
        self.resize(1100, 700)
        self.refresh()

    # loading

    def refresh(self) -> None:
        """Load the messages again (off the UI thread), keeping the selection."""
        self.tasks.submit(
            "outbox-messages",
            lambda: self.services.messages(MESSAGES_SHOWN),
            self.show_messages,
        )

    def show_messages(self, messages: Sequence[OutboxMessage]) -> None:
        """Show the messages, newest first; the selected one stays selected."""
        if self._closed:
            return
        self.messages = list(messages)
        waiting = sum(m.waiting_for_a_person for m in self.messages)
        # A failure the worker tries again by itself is still on its way.
        on_way = sum(
            m.counts.get(DeliveryState.QUEUED, 0)
            + m.counts.get(DeliveryState.SENDING, 0)
            + m.retrying
            for m in self.messages
        )
        if not self.messages:
            self.summary.setText(
                "Nothing sent yet: reply to a customer or announce to everyone behind a word"
                " from a word's details."
            )
        else:
            n = len(self.messages)
            self.summary.setText(
                f"{n:,} {'message' if n == 1 else 'messages'}; {on_way:,} on their way (tried"
                f" again by itself after a failure too), {waiting:,} waiting for a person"
                " (failed for good, or not known to have gone out)."
            )
        table = self.message_table
        table.blockSignals(True)
        table.setRowCount(len(self.messages))
        keep = None
        for row, message in enumerate(self.messages):
            what = "test" if message.test else message.kind.value
            if message.term_label:
                what += f" about “{message.term_label}”"
            cells = [
                _cell(f"{message.id}"),
                _cell(f"{message.created_at.astimezone():%Y-%m-%d %H:%M}"),
                _cell(what, message.subject),
                _cell(message.sender),
                _cell(message_states(message)),
            ]
            cells[0].setData(_ID_ROLE, message.id)
            for column, cell in enumerate(cells):
                table.setItem(row, column, cell)
            if message.id == self._selected:
                keep = row
        table.blockSignals(False)
        if keep is None and self.messages:
            keep = 0
        if keep is not None:
            table.selectRow(keep)
            self._on_message_table_selection_changed()
        else:
            self.recipient_table.setRowCount(0)
            self._selected = None
        self._update_buttons()

    def _on_message_table_selection_changed(self) -> None:
        rows = self.message_table.selectionModel().selectedRows()
        if not rows:
            return
        item = self.message_table.item(rows[0].row(), 0)
        message_id = int(item.data(_ID_ROLE)) if item is not None else None
        if message_id is None:
            return
        self._selected = message_id
        self.tasks.submit(
            "outbox-recipients",
            lambda: self.services.recipients(message_id),
            lambda found: self.show_recipients(message_id, found),
        )
        self._update_buttons()

    def show_recipients(self, message_id: int, recipients: Sequence[OutboxRecipient]) -> None:
        """Show a message's recipients (ignored when another message is selected now)."""
        if self._closed or message_id != self._selected:
            return
        chosen = {r.id for r in self.selected_recipients()}
        self.recipients = list(recipients)
        table = self.recipient_table
        table.blockSignals(True)
        table.clearSelection()
        table.setRowCount(len(self.recipients))
        for row, recipient in enumerate(self.recipients):
            state = recipient_state(recipient)
            cells = [
                _cell(isolate(clean_name(recipient.customer_name or recipient.customer_key))),
                _cell(recipient.channel.label),
                _cell(recipient.target),
                _cell(state, state),
            ]
            cells[0].setData(_ID_ROLE, recipient.id)
            for column, cell in enumerate(cells):
                table.setItem(row, column, cell)
        for row, recipient in enumerate(self.recipients):
            if recipient.id in chosen:
                table.selectRow(row)
        table.blockSignals(False)
        self._update_buttons()

    # acting

    def selected_message(self) -> OutboxMessage | None:
        """Return the selected message, if any."""
        return next((m for m in self.messages if m.id == self._selected), None)

    def selected_recipients(self) -> list[OutboxRecipient]:
        """Return the selected recipients (of the selected message)."""
        rows = {i.row() for i in self.recipient_table.selectionModel().selectedRows()}
        return [r for i, r in enumerate(self.recipients) if i in rows]

    def _update_buttons(self) -> None:
        chosen = self.selected_recipients()
        message = self.selected_message()
        if chosen:
            states = {r.state for r in chosen}
        elif message is not None:
            states = {s for s, n in message.counts.items() if n}
        else:
            states = set()
        self.retry_button.setEnabled(
            bool(states & {DeliveryState.FAILED, DeliveryState.UNCONFIRMED})
        )
        self.cancel_button.setEnabled(
            bool(states & {DeliveryState.QUEUED, DeliveryState.FAILED, DeliveryState.UNCONFIRMED})
        )
        self.confirm_button.setEnabled(DeliveryState.UNCONFIRMED in states)

    def act(self, action: str) -> None:
        """Retry, cancel or confirm the selected recipients, or the whole selected message."""
        chosen = [r.id for r in self.selected_recipients()]
        message_id = None if chosen else self._selected
        if not chosen and message_id is None:
            return
        ids = chosen or None

        def done(line: str) -> None:
            if self._closed:
                return
            self.result_label.setText(line)
            self.acted.emit(line)
            self.refresh()

        self.tasks.submit("outbox-act", lambda: self.services.act(action, message_id, ids), done)

    def done(self, result: int) -> None:
        """Close; results that arrive afterwards are dropped."""
        self._closed = True
        super().done(result)
