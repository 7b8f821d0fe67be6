"""Answer customers from the desk: a reply to one customer, or an announcement to everyone
behind a word, shown exactly as it will go out before anything is sent.

The dialog is a view over a :class:`~kiosk.outbox.values.Composition`: as a person types, it
asks its services (the composition root) to work out the plan off the UI thread (who it
reaches and by which channel, who cannot be reached and why, the message as each will receive
it) and shows the answer. Sending queues the plan in the store's outbox; the delivery worker
does the rest. Everything a customer wrote is shown as plain text, never as markup.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Protocol

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from kiosk.days import day_start
from kiosk.model import KINDS_BY_URGENCY, Kind
from kiosk.outbox.plan import DraftError
from kiosk.outbox.template import PLACEHOLDERS
from kiosk.outbox.values import (
    FIDER_STATUSES,
    Audience,
    Composition,
    Draft,
    MessageKind,
    Plan,
    PlannedRecipient,
    ReplyChannel,
)
from kiosk.safetext import clean_name, isolate
from kiosk.views.tasks import TaskRunner

__all__ = ["ComposeDialog", "ComposeServices", "ComposeTarget", "Period", "window_periods"]

# How long typing must pause before the plan is worked out again (an announcement about a
# busy word reads thousands of items).
PLAN_PAUSE_MS = 350
SAMPLE_SIZE = 8
UNREACHABLE_LISTED = 200
_EPOCH = date(1970, 1, 1)

REPLY_SUBJECT = "Your feedback about {term}"
REPLY_BODY = (
    "Hello {first_name},\n\n"
    "Thank you for telling us about {term}. {what_we_do}\n\n"
    "You can expect to see it {when_expected}.\n\n"
    "{sender}"
)
ANNOUNCE_SUBJECT = "You told us about {term}: what we are doing"
ANNOUNCE_BODY = (
    "Hello {first_name},\n\n"
    "You told us about {term}, and so did others. Here is what we are doing: {what_we_do}\n\n"
    "You can expect to see it {when_expected}.\n\n"
    "Thank you for telling us,\n{sender}"
)


class ComposeServices(Protocol):
    """What the dialog needs from the running kiosk (the composition root provides it)."""

    def plan(self, composition: Composition) -> Plan:
        """Work out who the message reaches and how (on a worker thread).

        Raises:
            DraftError: the draft cannot be sent as it is.
        """
        ...

    def send(self, plan: Plan) -> int:
        """Queue the plan in the outbox and wake the delivery (on a worker); return its id."""
        ...

    def send_test(self, plan: Plan, address: str) -> int:
        """Queue a test of the plan to ``address`` (on a worker); return its message id.

        Raises:
            DraftError: no feed answers by e-mail, or the address is not one.
        """
        ...

    def remember_test_address(self, address: str) -> None:
        """Keep the address tests go to (in the settings file), for the next time."""
        ...


@dataclass(frozen=True, slots=True)
class Period:
    """A choice of days for an announcement: ``first``..``last`` included, or everything."""

    label: str
    first: date | None = None
    last: date | None = None


@dataclass(frozen=True, slots=True)
class ComposeTarget:
    """Who the dialog answers: one customer's item(s), or everyone behind a word.

    Args:
        kind: a reply or an announcement.
        term_key: the word (the announcement's subject; a reply's ``{term}``).
        term_label: the word as shown.
        feedback_ids: the items a reply answers.
        customer: who a reply goes to, as the desk shows them.
        said: what they said (a reply shows it for context).
        periods: the announcement's choice of days, the first being the default (the view's).
        channels: the channels feedback came through (an announcement may keep one).
        segments: the customer segments (an announcement may keep one).
        kinds: the kinds an announcement starts with (none: every kind).
    """

    kind: MessageKind
    term_key: str | None = None
    term_label: str | None = None
    feedback_ids: tuple[int, ...] = ()
    customer: str = ""
    said: str = ""
    periods: tuple[Period, ...] = (Period("Everything the kiosk keeps"),)
    channels: tuple[str, ...] = ()
    segments: tuple[str, ...] = ()
    kinds: frozenset[Kind] = field(default_factory=frozenset)


def day_to_date(day: int) -> date:
    """Return a day number (a local calendar day, see ``kiosk.days``) as a date."""
    return _EPOCH + timedelta(days=day)


def _date_start(day: date) -> datetime:
    """Return when a local calendar date starts, as the audience's bounds are compared."""
    return day_start((day - _EPOCH).days)


def _plain(label: QLabel) -> QLabel:
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label


class ComposeDialog(QDialog):
    """The compose form and, beside it, the message as it will go out.

    Args:
        target: who is answered.
        services: planning and queueing (run through ``tasks``).
        tasks: the kiosk's background runner (its worker owns a store connection).
        sender: the name the message is signed with (editable).
        test_address: where "Send a test to me" goes (editable, remembered when used).
        confirm_above: more recipients than this ask for a second confirmation.
        fider: whether any feed answers on Fider (the status choice is shown then).
        email: whether any feed answers by e-mail (a test goes through one).

    Signals:
        sent(int, int, bool): the message was queued (its id, how many recipients, whether
            it is only recorded: every recipient marked answered, nothing sent).
        test_sent(int, str): a test was queued (its message id, the address).
    """

    sent = Signal(int, int, bool)
    test_sent = Signal(int, str)

    def __init__(
        self,
        target: ComposeTarget,
        services: ComposeServices,
        tasks: TaskRunner,
        *,
        sender: str = "",
        test_address: str = "",
        confirm_above: int = 50,
        fider: bool = False,
        email: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.target = target
        self.services = services
        self.tasks = tasks
        self.confirm_above = confirm_above
        self.plan: Plan | None = None
        self._planned_for: Composition | None = None
        self._closed = False
        self._confirming = False
        self._fider = fider
        self._email = email
        reply = target.kind is MessageKind.REPLY
        word = target.term_label or target.term_key or ""
        self.setWindowTitle(
            f"Reply to {target.customer}" if reply else f"Announce to everyone behind “{word}”"
        )
        self.setAccessibleName(self.windowTitle())

        # who
        self.kind_boxes: dict[Kind, QCheckBox] = {}
        self.period_combo = QComboBox()
        self.channel_combo = QComboBox()
        self.segment_combo = QComboBox()
        self.unanswered_box = QCheckBox("Leave out customers who already have an answer")
        who = QGroupBox("To")
        who_form = QFormLayout(who)
        if reply:
            self.to_label = _plain(QLabel(target.customer))
            who_form.addRow("Customer", self.to_label)
            said = target.said if len(target.said) <= 300 else target.said[:300] + "…"
            self.said_label = _plain(QLabel(f"“{said}”" if said else ""))
            self.said_label.setProperty("role", "muted")
            who_form.addRow("About", self.said_label)
        else:
            kinds_row = QHBoxLayout()
            for kind in KINDS_BY_URGENCY:
                box = QCheckBox(kind.plural.capitalize())
                box.setChecked(not target.kinds or kind in target.kinds)
                box.setAccessibleName(f"Include customers whose feedback is a {kind.value}")
                box.toggled.connect(self._on_form_edited)
                self.kind_boxes[kind] = box
                kinds_row.addWidget(box)
            kinds_row.addStretch(1)
            who_form.addRow("Who gave", kinds_row)
            for period in target.periods:
                self.period_combo.addItem(period.label, period)
            self.period_combo.setAccessibleName("Feedback given in")
            who_form.addRow("Given in", self.period_combo)
            self.channel_combo.addItem("Any channel", None)
            for channel in target.channels:
                self.channel_combo.addItem(channel or "(none)", channel)
            self.channel_combo.setAccessibleName("Channel the feedback came through")
            self.segment_combo.addItem("Any segment", None)
            for segment in target.segments:
                self.segment_combo.addItem(segment or "(none)", segment)
            self.segment_combo.setAccessibleName("Customer segment")
            narrow = QHBoxLayout()
            narrow.addWidget(self.channel_combo, 1)
            narrow.addWidget(self.segment_combo, 1)
            who_form.addRow("Through", narrow)
            self.unanswered_box.setChecked(True)
            who_form.addRow("", self.unanswered_box)
            for combo in (self.period_combo, self.channel_combo, self.segment_combo):
                combo.currentIndexChanged.connect(self._on_form_edited)
            self.unanswered_box.toggled.connect(self._on_form_edited)

        # what
        self.sender_edit = QLineEdit(sender)
        self.sender_edit.setAccessibleName("Signed by")
        self.subject_edit = QLineEdit(REPLY_SUBJECT if reply else ANNOUNCE_SUBJECT)
        self.subject_edit.setAccessibleName("Subject")
        self.what_edit = QPlainTextEdit()
        self.what_edit.setPlaceholderText("What we are doing about it")
        self.what_edit.setAccessibleName("What we are doing")
        self.what_edit.setTabChangesFocus(True)
        self.what_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 14)
        self.when_edit = QLineEdit()
        self.when_edit.setPlaceholderText("from 1 August, within two weeks…")
        self.when_edit.setAccessibleName("When they can expect it")
        self.status_combo = QComboBox()
        self.status_combo.addItem("Leave the status as it is", None)
        for status in FIDER_STATUSES:
            self.status_combo.addItem(f"Mark the idea {status}", status)
        self.status_combo.setAccessibleName("Fider status for ideas")
        self.status_combo.setToolTip(
            "On Fider, an idea answered with a status tells every one of its voters"
        )
        self.body_edit = QPlainTextEdit(REPLY_BODY if reply else ANNOUNCE_BODY)
        self.body_edit.setAccessibleName("The message")
        self.body_edit.setTabChangesFocus(True)
        self.placeholders = _plain(
            QLabel("Placeholders: " + " ".join("{" + p + "}" for p in PLACEHOLDERS))
        )
        self.placeholders.setProperty("role", "muted")
        self.placeholders.setToolTip(
            "\n".join("{" + name + "}: " + meaning for name, meaning in PLACEHOLDERS.items())
        )
        what = QGroupBox("Message")
        what_form = QFormLayout(what)
        what_form.addRow("Signed by", self.sender_edit)
        what_form.addRow("Subject", self.subject_edit)
        what_form.addRow("What we are doing", self.what_edit)
        what_form.addRow("When to expect it", self.when_edit)
        if fider:
            what_form.addRow("Ideas on Fider", self.status_combo)
        self.status_combo.setVisible(fider)
        what_form.addRow(self.body_edit)
        what_form.addRow(self.placeholders)
        for edit in (self.sender_edit, self.subject_edit, self.when_edit):
            edit.textChanged.connect(self._on_form_edited)
        for text in (self.what_edit, self.body_edit):
            text.textChanged.connect(self._on_form_edited)
        self.status_combo.currentIndexChanged.connect(self._on_form_edited)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(who)
        left_layout.addWidget(what, 1)

        # before it goes
        self.reach_label = _plain(QLabel("Working out who this reaches…"))
        font = QFont(self.reach_label.font())
        font.setWeight(QFont.Weight.DemiBold)
        self.reach_label.setFont(font)
        self.reach_label.setAccessibleName("Who the message reaches")
        self.left_out_label = _plain(QLabel())
        self.left_out_label.setProperty("role", "muted")
        self.unreachable_label = _plain(QLabel())
        self.unreachable_list = QListWidget()
        self.unreachable_list.setAccessibleName("Customers who cannot be reached, and why")
        self.sample_list = QListWidget()
        self.sample_list.setAccessibleName("A sample of who receives it")
        self.sample_list.currentRowChanged.connect(self._on_sample_list_current_row_changed)
        self.message_view = QPlainTextEdit()
        self.message_view.setReadOnly(True)
        self.message_view.setAccessibleName("The message as this customer receives it")
        self.error_label = _plain(QLabel())
        self.error_label.setStyleSheet("color: #F87171;")
        self.error_label.setVisible(False)
        preview = QGroupBox("Before it goes")
        preview_layout = QVBoxLayout(preview)
        preview_layout.addWidget(self.reach_label)
        preview_layout.addWidget(self.left_out_label)
        preview_layout.addWidget(self.error_label)
        sample_title = QLabel("Who receives it (a sample) — pick one to read their message")
        sample_title.setProperty("role", "muted")
        preview_layout.addWidget(sample_title)
        preview_layout.addWidget(self.sample_list, 1)
        preview_layout.addWidget(self.message_view, 3)
        preview_layout.addWidget(self.unreachable_label)
        preview_layout.addWidget(self.unreachable_list, 1)

        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(preview)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)

        # sending
        self.test_edit = QLineEdit(test_address)
        self.test_edit.setPlaceholderText("your address, for a test")
        self.test_edit.setAccessibleName("Where the test goes")
        self.test_button = QPushButton("Send a test to me")
        self.test_button.setToolTip(
            "E-mail yourself the first recipient's message, marked as a test: it answers nobody"
        )
        self.test_button.clicked.connect(self.send_test)
        if not email:
            why = "No feed answers by e-mail: a test goes out through a feed whose reply is email"
            self.test_button.setToolTip(why)
            self.test_edit.setToolTip(why)
            self.test_edit.setEnabled(False)
        self.status_label = _plain(QLabel())
        self.status_label.setProperty("role", "muted")
        self.cancel_button = QPushButton("Close")
        self.cancel_button.clicked.connect(self.reject)
        self.send_button = QPushButton("Send")
        self.send_button.setDefault(True)
        self.send_button.clicked.connect(self.send)
        self.confirm_label = _plain(QLabel())
        self.confirm_button = QPushButton()
        self.confirm_button.clicked.connect(self._on_confirm_button_clicked)
        self.not_yet_button = QPushButton("Not yet")
        self.not_yet_button.clicked.connect(self._cancel_confirmation)
        self.confirm_bar = QWidget()
        confirm_layout = QHBoxLayout(self.confirm_bar)
        confirm_layout.setContentsMargins(0, 0, 0, 0)
        confirm_layout.addWidget(self.confirm_label, 1)
        confirm_layout.addWidget(self.not_yet_button)
        confirm_layout.addWidget(self.confirm_button)
        self.confirm_bar.setVisible(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.test_edit, 1)
        buttons.addWidget(self.test_button)
        buttons.addWidget(self.status_label, 2)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.send_button)

        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.confirm_bar)
        layout.addLayout(buttons)

        self._pause = QTimer(self)
        self._pause.setSingleShot(True)
        self._pause.setInterval(PLAN_PAUSE_MS)
        self._pause.timeout.connect(self.replan)
        self._update_buttons()
        self.resize(1180, 760)
        self.replan()

    # the form

    def composition(self) -> Composition:
        """Return what the form holds now: the draft, and to whom."""
        target = self.target
        status = self.status_combo.currentData() if self._fider else None
        draft = Draft(
            kind=target.kind,
            sender=self.sender_edit.text().strip(),
            subject=self.subject_edit.text(),
            body=self.body_edit.toPlainText(),
            term_key=target.term_key,
            term_label=target.term_label,
            what_we_do=self.what_edit.toPlainText().strip(),
            when_expected=self.when_edit.text().strip(),
            fider_status=status if isinstance(status, str) else None,
        )
        if target.kind is MessageKind.REPLY:
            return Composition(draft, feedback_ids=target.feedback_ids)
        chosen = frozenset(k for k, box in self.kind_boxes.items() if box.isChecked())
        period = self.period_combo.currentData()
        since = until = None
        if isinstance(period, Period) and period.first is not None and period.last is not None:
            # Local days, as the window's: "to 12 Mar" ends at midnight here, not in UTC.
            since = _date_start(period.first)
            until = _date_start(period.last + timedelta(days=1))
        channel = self.channel_combo.currentData()
        segment = self.segment_combo.currentData()
        audience = Audience(
            kinds=frozenset() if chosen == frozenset(self.kind_boxes) else chosen,
            since=since,
            until=until,
            channels=frozenset() if channel is None else frozenset({str(channel)}),
            segments=frozenset() if segment is None else frozenset({str(segment)}),
            unanswered_only=self.unanswered_box.isChecked(),
        )
        return Composition(draft, audience=audience)

    def _on_form_edited(self) -> None:
        self._cancel_confirmation()
        self._pause.start()
        self._update_buttons()

    def replan(self) -> None:
        """Work out the plan for what the form holds now (off the UI thread)."""
        self._pause.stop()
        composition = self.composition()
        if self.kind_boxes and not any(box.isChecked() for box in self.kind_boxes.values()):
            self._show_problem("Choose at least one kind of feedback.")
            return
        self.reach_label.setText("Working out who this reaches…")
        self.tasks.submit(
            "compose-plan",
            lambda: self.services.plan(composition),
            lambda plan: self._on_planned(composition, plan),
            self._on_plan_failed,
        )

    def _on_planned(self, composition: Composition, plan: Plan) -> None:
        if self._closed:
            return
        self.plan = plan
        self._planned_for = composition
        self.error_label.setVisible(False)
        self.show_plan(plan)
        self._update_buttons()

    def _on_plan_failed(self, exc: Exception) -> None:
        if self._closed:
            return
        if isinstance(exc, DraftError):
            self._show_problem(str(exc))
        else:
            self._show_problem(f"The recipients could not be worked out: {exc}")

    def _show_problem(self, text: str) -> None:
        self.plan = None
        self._planned_for = None
        self.error_label.setText(text)
        self.error_label.setVisible(True)
        self.reach_label.setText("Nothing can be sent yet.")
        self._update_buttons()

    # the preview

    def show_plan(self, plan: Plan) -> None:
        """Show who the plan reaches, who it cannot and why, and a sample of its messages."""
        n = len(plan.recipients)
        by_channel = sorted(plan.by_channel.items(), key=lambda kv: (-kv[1], kv[0].value))
        ways = ", ".join(f"{count:,} {channel.label}" for channel, count in by_channel)
        who = f"{n:,} customer{'s' if n != 1 else ''}"
        if n and set(plan.by_channel) == {ReplyChannel.RECORD}:
            self.reach_label.setText(f"Marks {who} answered; nothing is sent to them.")
        else:
            self.reach_label.setText(f"Reaches {who}: {ways}" if n else "Reaches nobody.")
        left_out = []
        if plan.already_answered:
            answered = plan.already_answered
            left_out.append(
                f"Left out: {answered:,} customer{'s' if answered != 1 else ''} who already"
                " have an answer."
            )
        if ReplyChannel.RECORD in plan.by_channel:
            left_out.append(
                "“Recorded only”: nothing is sent to those customers; their feedback is marked"
                " answered (the team answered them elsewhere)."
            )
        self.left_out_label.setText(" ".join(left_out))
        self.left_out_label.setVisible(bool(left_out))
        self.sample_list.clear()
        sample = plan.sample(SAMPLE_SIZE)
        for recipient in sample:
            item = QListWidgetItem(_recipient_line(recipient))
            item.setData(Qt.ItemDataRole.UserRole, recipient)
            self.sample_list.addItem(item)
        if n > len(sample):
            more = QListWidgetItem(f"… and {n - len(sample):,} more")
            more.setFlags(Qt.ItemFlag.NoItemFlags)
            self.sample_list.addItem(more)
        if sample:
            self.sample_list.setCurrentRow(0)
        else:
            self.message_view.setPlainText("")
        reasons = plan.unreachable_by_reason
        if reasons:
            total = sum(reasons.values())
            parts = "; ".join(
                f"{reason.label}: {count:,}"
                for reason, count in sorted(reasons.items(), key=lambda kv: -kv[1])
            )
            self.unreachable_label.setText(f"Cannot be reached: {total:,} — {parts}")
        else:
            self.unreachable_label.setText("Every customer in scope can be reached.")
        self.unreachable_list.clear()
        for unreached in plan.unreachable[:UNREACHABLE_LISTED]:
            name = _name(unreached.customer_name or unreached.customer_key)
            self.unreachable_list.addItem(f"{name} — {unreached.detail}")
        if len(plan.unreachable) > UNREACHABLE_LISTED:
            self.unreachable_list.addItem(
                f"… and {len(plan.unreachable) - UNREACHABLE_LISTED:,} more"
            )
        self.unreachable_list.setVisible(bool(plan.unreachable))

    def _on_sample_list_current_row_changed(self, row: int) -> None:
        item = self.sample_list.item(row) if row >= 0 else None
        recipient = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        if isinstance(recipient, PlannedRecipient):
            self.message_view.setPlainText(_as_received(recipient))

    # sending

    def _current(self) -> bool:
        """Whether the plan shown is the plan of what the form holds now."""
        return self.plan is not None and self._planned_for == self.composition()

    def _update_buttons(self) -> None:
        ready = self._current() and self.plan is not None and bool(self.plan.recipients)
        n = len(self.plan.recipients) if self.plan is not None else 0
        self.send_button.setEnabled(ready and not self._confirming)
        who = f"{n:,} customer{'s' if n != 1 else ''}"
        # Record only sends nothing: the button says what it does.
        only_recorded = self._only_recorded()
        self.send_button.setText(
            (f"Mark {who} answered" if only_recorded else f"Send to {who}") if ready else "Send"
        )
        self.test_button.setEnabled(ready and self._email)

    def _only_recorded(self) -> bool:
        """Whether the plan only marks customers answered (every route is record-only)."""
        return self.plan is not None and set(self.plan.by_channel) == {ReplyChannel.RECORD}

    def send(self) -> None:
        """Queue the message; above the configured number, ask for a second confirmation."""
        plan = self.plan
        if plan is None or not self._current() or not plan.recipients:
            return
        n = len(plan.recipients)
        if n > self.confirm_above and not self._confirming:
            self._confirming = True
            if self._only_recorded():
                self.confirm_label.setText(
                    f"This marks {n:,} customers answered, more than {self.confirm_above:,};"
                    " nothing is sent to them, and it cannot be taken back. Mark all of them?"
                )
                self.confirm_button.setText(f"Yes, mark {n:,} customers answered")
            else:
                self.confirm_label.setText(
                    f"This message goes to {n:,} customers, more than {self.confirm_above:,}."
                    " Send it to all of them?"
                )
                self.confirm_button.setText(f"Yes, send to {n:,} customers")
            self.confirm_bar.setVisible(True)
            self.confirm_button.setFocus()
            self._update_buttons()
            return
        self._queue(plan)

    def _on_confirm_button_clicked(self) -> None:
        plan = self.plan
        if self._confirming and plan is not None and self._current():
            self._queue(plan)

    def _cancel_confirmation(self) -> None:
        if self._confirming:
            self._confirming = False
            self.confirm_bar.setVisible(False)
            self._update_buttons()

    def _queue(self, plan: Plan) -> None:
        self._confirming = False
        self.confirm_bar.setVisible(False)
        self.send_button.setEnabled(False)
        self.test_button.setEnabled(False)
        self.status_label.setText("Queueing…")
        n = len(plan.recipients)
        recorded = self._only_recorded()
        self.tasks.submit(
            "compose-send",
            lambda: self.services.send(plan),
            lambda message_id: self._on_queued(message_id, n, recorded),
            self._on_send_failed,
        )

    def _on_queued(self, message_id: int, n: int, recorded: bool) -> None:
        if self._closed:
            return
        self.sent.emit(message_id, n, recorded)
        self.accept()

    def _on_send_failed(self, exc: Exception) -> None:
        if self._closed:
            return
        self.status_label.setText(f"Not sent: {exc}")
        self._update_buttons()

    def send_test(self) -> None:
        """E-mail the first recipient's message to the person at the desk, marked a test."""
        plan = self.plan
        address = self.test_edit.text().strip()
        if not address:
            self.status_label.setText("Type your address once; it is remembered for next time.")
            self.test_edit.setFocus()
            return
        if plan is None or not self._current():
            return
        self.services.remember_test_address(address)
        self.status_label.setText(f"Sending a test to {address}…")
        self.tasks.submit(
            "compose-test",
            lambda: self.services.send_test(plan, address),
            lambda message_id: self._on_test_queued(message_id, address),
            self._on_test_failed,
        )

    def _on_test_queued(self, message_id: int, address: str) -> None:
        if self._closed:
            return
        self.status_label.setText(f"Test queued for {address}: it goes out in a moment.")
        self.test_sent.emit(message_id, address)

    def _on_test_failed(self, exc: Exception) -> None:
        if self._closed:
            return
        self.status_label.setText(f"No test sent: {exc}")

    # closing

    def done(self, result: int) -> None:
        """Close; results that arrive afterwards are dropped."""
        self._closed = True
        self._pause.stop()
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._closed = True
        self._pause.stop()
        super().closeEvent(event)


def _name(name: str) -> str:
    """Return a customer's name as one safe line: an override in it cannot turn the rest of
    the line around, a line break cannot split it."""
    return isolate(clean_name(name))


def _recipient_line(recipient: PlannedRecipient) -> str:
    name = _name(recipient.customer_name or recipient.customer_key)
    where = f" ({recipient.target})" if recipient.channel is ReplyChannel.EMAIL else ""
    if recipient.channel is ReplyChannel.FIDER:
        where = f" (post #{recipient.target})"
    return f"{name} — {recipient.channel.label}{where}"


def _as_received(recipient: PlannedRecipient) -> str:
    """Return the message as the customer receives it, with how it reaches them."""
    head = {
        ReplyChannel.EMAIL: f"To: {recipient.target}\nSubject: {recipient.subject}",
        ReplyChannel.FIDER: (
            f"A status change with this response on Fider post #{recipient.target}"
            if recipient.operation.value == "status"
            else f"A comment on Fider post #{recipient.target}"
        ),
        ReplyChannel.WEBHOOK: f"Posted to the helpdesk webhook — subject: {recipient.subject}",
        ReplyChannel.RECORD: "Nothing is sent: the feedback is marked answered. The words kept:",
    }[recipient.channel]
    return f"{head}\n\n{recipient.body}"


def window_periods(first_day: int, last_day: int, label: str) -> tuple[Period, ...]:
    """Return an announcement's choice of days: the view's window first, then usual ones."""
    first, last = day_to_date(first_day), day_to_date(last_day)
    found = [Period(f"{label} ({_range(first, last)})", first, last)]
    for days in (7, 30, 90, 365):
        start = last - timedelta(days=days - 1)
        if start != first:
            found.append(Period(f"The {days} days to {last:%-d %b}", start, last))
    found.append(Period("Everything the kiosk keeps"))
    return tuple(found)


def _range(first: date, last: date) -> str:
    if first.year == last.year:
        return f"{first:%-d %b} – {last:%-d %b %Y}"
    return f"{first:%-d %b %Y} – {last:%-d %b %Y}"
