"""The desk's exploring bar: the period, the slices as chips, find a word, what moved, share.

A view: it shows the current :class:`~kiosk.viewstate.ViewState` and says what a person asked
for with signals; the composition root changes the view and runs the questions off the UI
thread. The wall has no bar (an admin may pin a view to it in the settings).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QMenu,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.insight import FoundWord
from kiosk.model import Kind
from kiosk.views.header import ElidedLabel
from kiosk.viewstate import WINDOW_CHOICES, ViewState
from kiosk.wording import language_name

# How long typing must pause before a word is looked for (each look reads the whole view).
FIND_PAUSE_MS = 200
_SLICE_TITLES = {
    "feed": "Feed",
    "channel": "Channel",
    "segment": "Segment",
    "language": "Language",
}


class RangeDialog(QDialog):
    """Asks for a custom range of days, both ends included."""

    def __init__(self, first: date, last: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Show a period")
        form = QFormLayout()
        self.first_edit = QDateEdit(QDate(first.year, first.month, first.day))
        self.last_edit = QDateEdit(QDate(last.year, last.month, last.day))
        for edit in (self.first_edit, self.last_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("d MMM yyyy")
        form.addRow("From", self.first_edit)
        form.addRow("To (included)", self.last_edit)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def chosen(self) -> tuple[date, date]:
        """Return the range chosen, earlier day first."""
        first = self.first_edit.date().toPython()
        last = self.last_edit.date().toPython()
        assert isinstance(first, date) and isinstance(last, date)
        return (first, last) if first <= last else (last, first)


class ExploreBar(QWidget):
    """The period, slices, find, movers and share controls of the desk.

    Signals:
        window_chosen(int): show the last N days.
        range_chosen(object, object): show a custom range (two ``date``s).
        slice_added(str, str): keep only feedback with this value (key, value).
        chip_removed(str): drop one slice value (a chip's key, as in ``ViewState.chips``).
        find_changed(str): look for a word (after a pause in typing).
        find_activated(str): open the word found (Enter).
        movers_toggled(bool): show what moved instead of the cloud, or the cloud again.
        copy_requested(): copy the view as a string.
        open_requested(str): open a view string someone shared.
        save_requested(): save the window as a PNG.
        ideas_toggled(bool): show the ideas by votes instead of the cloud, or the cloud again.
        outbox_requested(): open the outbox (replies and announcements, their deliveries).
    """

    window_chosen = Signal(int)
    range_chosen = Signal(object, object)
    slice_added = Signal(str, str)
    chip_removed = Signal(str)
    find_changed = Signal(str)
    find_activated = Signal(str)
    movers_toggled = Signal(bool)
    copy_requested = Signal()
    open_requested = Signal(str)
    save_requested = Signal()
    ideas_toggled = Signal(bool)
    outbox_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("explore")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.view = ViewState()
        self._facets: dict[str, tuple[str, ...]] = {}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(16, 4, 16, 6)
        layout.setSpacing(8)

        self.window_button = QToolButton()
        self.window_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.window_button.setAccessibleName("Period shown")
        self.window_menu = QMenu(self.window_button)
        group = QActionGroup(self.window_menu)
        self._window_actions: dict[int, QAction] = {}
        for days in WINDOW_CHOICES:
            action = self.window_menu.addAction(f"Last {days} days")
            action.setCheckable(True)
            action.setActionGroup(group)
            action.triggered.connect(lambda _checked=False, d=days: self.window_chosen.emit(d))
            self._window_actions[days] = action
        self.window_menu.addSeparator()
        self.range_action = self.window_menu.addAction("Custom range…")
        self.range_action.triggered.connect(self._ask_range)
        self.window_button.setMenu(self.window_menu)
        layout.addWidget(self.window_button)

        self.filter_button = QToolButton()
        self.filter_button.setText("Filter ▾")
        self.filter_button.setToolTip(
            "Show only part of the feedback: the cloud, the counts, the details and the"
            " export follow"
        )
        self.filter_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.filter_menu = QMenu(self.filter_button)
        self.filter_menu.aboutToShow.connect(self._fill_filter_menu)
        self.filter_button.setMenu(self.filter_menu)
        layout.addWidget(self.filter_button)

        self._chips_box = QWidget()
        self._chips_layout = QHBoxLayout(self._chips_box)
        self._chips_layout.setContentsMargins(0, 0, 0, 0)
        self._chips_layout.setSpacing(6)
        self.chip_buttons: dict[str, QToolButton] = {}
        layout.addWidget(self._chips_box)
        layout.addStretch(1)

        self.find_edit = QLineEdit()
        self.find_edit.setPlaceholderText("Find a word…")
        self.find_edit.setClearButtonEnabled(True)
        self.find_edit.setAccessibleName("Find a word in the cloud")
        self.find_edit.setToolTip(
            "Any form or language of a word: Enter opens the customers behind it"
        )
        self.find_edit.setMinimumWidth(160)
        self.find_edit.setMaximumWidth(260)
        self.find_edit.textChanged.connect(self._on_find_text_changed)
        self.find_edit.returnPressed.connect(self._on_find_return_pressed)
        layout.addWidget(self.find_edit)
        self.found_label = ElidedLabel()
        self.found_label.setProperty("role", "muted")
        self.found_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.found_label.setMinimumWidth(120)
        layout.addWidget(self.found_label, 2)
        self._find_timer = QTimer(self)
        self._find_timer.setSingleShot(True)
        self._find_timer.setInterval(FIND_PAUSE_MS)
        self._find_timer.timeout.connect(lambda: self.find_changed.emit(self.find_edit.text()))
        QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self, self.focus_find)

        self.movers_button = QToolButton()
        self.movers_button.setText("What moved")
        self.movers_button.setCheckable(True)
        self.movers_button.setToolTip(
            "The words whose customers rose or fell clearly against the previous period"
        )
        self.movers_button.toggled.connect(self.movers_toggled.emit)
        layout.addWidget(self.movers_button)
        self.ideas_button = QToolButton()
        self.ideas_button.setText("Ideas")
        self.ideas_button.setCheckable(True)
        self.ideas_button.setToolTip("Customers' ideas by votes, with their status and its change")
        self.ideas_button.toggled.connect(self.ideas_toggled.emit)
        layout.addWidget(self.ideas_button)
        self.outbox_button = QToolButton()
        self.outbox_button.setText("Outbox")
        self.outbox_button.setToolTip(
            "Replies and announcements: who got them, what waits, what failed and why"
        )
        self.outbox_button.clicked.connect(self.outbox_requested.emit)
        layout.addWidget(self.outbox_button)

        self.share_button = QToolButton()
        self.share_button.setText("Share ▾")
        self.share_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        share = QMenu(self.share_button)
        self.copy_action = share.addAction("Copy this view")
        self.copy_action.triggered.connect(self.copy_requested.emit)
        self.open_action = share.addAction("Open a view…")
        self.open_action.triggered.connect(self._ask_view)
        share.addSeparator()
        self.save_action = share.addAction("Save as PNG…")
        self.save_action.setShortcut(QKeySequence("Ctrl+Shift+S"))
        self.save_action.triggered.connect(self.save_requested.emit)
        self.addAction(self.save_action)
        self.share_button.setMenu(share)
        layout.addWidget(self.share_button)
        self.show_view(self.view)

    # showing

    def show_view(self, view: ViewState) -> None:
        """Show a view's period and slices."""
        self.view = view
        self.window_button.setText(view.window_label + " ▾")
        custom = view.first is not None
        for days, action in self._window_actions.items():
            action.setChecked(not custom and days == view.days)
        for button in self.chip_buttons.values():
            self._chips_layout.removeWidget(button)
            button.deleteLater()
        self.chip_buttons.clear()
        for key, text in view.chips:
            button = QToolButton()
            button.setText(f"{text}  ✕")
            button.setProperty("role", "chip")
            button.setToolTip(f"Show all feedback again, not only {text}")
            button.setAccessibleName(f"Remove the filter {text}")
            button.clicked.connect(lambda _checked=False, k=key: self.chip_removed.emit(k))
            self._chips_layout.addWidget(button)
            self.chip_buttons[key] = button

    def set_facets(self, facets: Mapping[str, Sequence[str]]) -> None:
        """Take the values each slice can take now (the filter menu lists them)."""
        self._facets = {k: tuple(v) for k, v in facets.items()}

    def show_found(self, found: FoundWord) -> None:
        """Say what "find a word" found, or why the word is not in the cloud."""
        if found.query != " ".join(self.find_edit.text().split()):
            return  # an answer to what was typed before
        if found.key is None:
            text = found.reason or f"“{found.query}” is not a word of the cloud."
        elif found.in_cloud:
            who = f"{found.customers:,} customer{'s' if found.customers != 1 else ''}"
            shown = (
                found.label
                if found.label.casefold() == found.query.casefold()
                else (f"{found.label} (for “{found.query}”)")
            )
            text = f"{shown}: {who}, press Enter for the details"
        else:
            text = (found.reason or "Not in the cloud.") + " Enter opens its details."
        self.found_label.set_full_text(text)

    def clear_found(self) -> None:
        """Forget the last answer (the find box was emptied)."""
        self.found_label.set_full_text("")

    def focus_find(self) -> None:
        """Put the cursor in the find box (Ctrl+F)."""
        self.find_edit.setFocus()
        self.find_edit.selectAll()

    # asking

    def _fill_filter_menu(self) -> None:
        menu = self.filter_menu
        menu.clear()
        part = self.view.part
        kinds = menu.addMenu("Kind")
        for kind in (Kind.COMPLAINT, Kind.IDEA, Kind.COMPLIMENT, Kind.UNCLASSIFIED):
            action = kinds.addAction(kind.plural.capitalize())
            action.setCheckable(True)
            action.setChecked(kind in part.kinds)
            action.setEnabled(kind not in part.kinds)
            action.triggered.connect(
                lambda _checked=False, k=kind: self.slice_added.emit("kind", k.value)
            )
        for key, title in _SLICE_TITLES.items():
            values = self._facets.get(key, ())
            sub = menu.addMenu(title)
            chosen: frozenset[str] = getattr(part, f"{key}s")
            if not values or values == ("",):
                sub.setEnabled(False)
                sub.setTitle(f"{title} (none in this feedback)")
                continue
            for value in values:
                shown = language_name(value) if key == "language" else value
                action = sub.addAction(shown or "(none)")
                action.setCheckable(True)
                action.setChecked(value in chosen)
                action.setEnabled(value not in chosen)
                action.triggered.connect(
                    lambda _checked=False, k=key, v=value: self.slice_added.emit(k, v)
                )
        answered = menu.addMenu("Answered")
        for value, text in (("yes", "Answered"), ("no", "Not answered yet")):
            action = answered.addAction(text)
            action.setCheckable(True)
            action.setChecked(part.answered is (value == "yes"))
            action.triggered.connect(
                lambda _checked=False, v=value: self.slice_added.emit("answered", v)
            )

    def _ask_range(self) -> None:
        window = self.view.window()
        first = date.fromordinal(date(1970, 1, 1).toordinal() + window.first)
        last = date.fromordinal(date(1970, 1, 1).toordinal() + window.last)
        dialog = RangeDialog(first, last, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.range_chosen.emit(*dialog.chosen())

    def _ask_view(self) -> None:
        from PySide6.QtWidgets import QInputDialog

        text, ok = QInputDialog.getText(
            self, "Open a view", "Paste the view someone shared (days=90&kind=complaint…):"
        )
        if ok and text.strip():
            self.open_requested.emit(text.strip())

    def _on_find_text_changed(self, text: str) -> None:
        if not text.strip():
            self._find_timer.stop()
            self.clear_found()
            self.find_changed.emit("")
            return
        self._find_timer.start()

    def _on_find_return_pressed(self) -> None:
        text = self.find_edit.text().strip()
        if text:
            self._find_timer.stop()
            self.find_activated.emit(text)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Esc in the find box empties it."""
        if event.key() == Qt.Key.Key_Escape and self.find_edit.hasFocus():
            self.find_edit.clear()
            event.accept()
            return
        super().keyPressEvent(event)

    def open_window_menu(self) -> None:
        """Open the period menu under its button (the header's period was clicked)."""
        self.window_button.showMenu()
