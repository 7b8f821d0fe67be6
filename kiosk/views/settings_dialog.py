"""The settings dialog: every page and field drawn from the options' declarations.

An admin who has never seen a TOML file sets up a floor screen here: feeds (add, edit,
duplicate, remove, enable; a form with exactly the fields of the feed's type; secrets typed into
password fields and sent to the keyring; "Test connection" on a worker, with the fields the
source sent to map by picking), display, privacy, the words the cloud leaves out or merges
(with a preview of what that does to today's cloud), the store, and the wall (profile, admin
PIN). A field shows its problem beside itself and Save is refused until it is fixed; Cancel
leaves everything as it was; Save writes the file atomically and the kiosk applies it at once.
"""

from __future__ import annotations

import html
from collections.abc import Collection, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.adminpin import check_new_pin, hash_pin
from kiosk.model import FIELD_LABELS
from kiosk.options import (
    FEED_COMMON,
    FEED_TYPES,
    OPTIONS,
    PAGES,
    FeedType,
    Option,
    guess_answers,
    split_questions,
)
from kiosk.preview import vocabulary_preview
from kiosk.safetext import literal_tooltip
from kiosk.screens import ConnectionTest
from kiosk.settings import (
    FeedConfig,
    SecretSource,
    Settings,
    SettingsError,
    load_settings,
    save_settings,
    secret_variable,
)
from kiosk.values import TermStat
from kiosk.views.option_fields import MappingField, OptionField, make_field
from kiosk.views.tasks import TaskRunner

__all__ = ["FeedForm", "SettingsDialog", "SettingsServices"]

_GROUPS = {
    "feed": "Feed",
    "connection": "Connection",
    "records": "Records",
    "paging": "Pages",
    "mapping": "Fields",
    "limits": "Limits",
    "reply": "Answering customers",
}


class SettingsServices(Protocol):
    """What the dialog needs from the rest of the kiosk (the composition root provides it)."""

    def feed_status(self, name: str) -> str:
        """Return one line on a feed: last sync, items, last error."""
        ...

    def secret_source(self, feed: str) -> SecretSource | None:
        """Where a feed's own key is: the keyring, its environment variable, or None."""
        ...

    def keyring_problem(self) -> str | None:
        """Why secrets cannot go to a keyring here, or None."""
        ...

    def secret_variable(self, feed: str) -> str:
        """The environment variable that may carry a feed's secret."""
        ...

    def secret_in_environment(self, feed: str) -> bool:
        """Whether the environment variable of a feed's secret is set where the kiosk runs."""
        ...

    def feeds_changed(
        self,
        renamed: Mapping[str, str],
        removed: Sequence[str],
        copies: Mapping[str, Sequence[str]] | None = None,
        typed: Collection[str] = (),
        names: Collection[str] = (),
    ) -> None:
        """Carry renamed feeds' items and secrets to their new names, take removed feeds'
        items off the wall and their secrets out of the keyring, and give the feeds made from
        a feed (``SettingsDialog.split_feed``, ``duplicate_feed``; ``copies``: each source's
        new names) its keys, but for the key of a feed in ``typed`` (after the file is saved;
        ``names``: the feeds it has)."""
        ...

    def store_secret(self, feed: str, secret: str) -> str | None:
        """Store a feed's secret; return what went wrong, or None."""
        ...

    def probe(self, feed: FeedConfig, secret: str | None) -> ConnectionTest:
        """Read a feed's first page (on a worker thread) and report."""
        ...

    def current_terms(self) -> Sequence[TermStat]:
        """The words on the cloud now (for the vocabulary preview)."""
        ...


class FeedForm(QWidget):
    """One feed's form: the fields of its type, grouped, a connection test and its findings.

    Signals:
        edited(): a field changed.
        split_requested(): the admin asked for one feed per question (``questions``).
    """

    edited = Signal()
    split_requested = Signal()

    def __init__(
        self,
        feed_type: FeedType,
        services: SettingsServices,
        tasks: TaskRunner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.feed_type = feed_type
        self.services = services
        self.tasks = tasks
        self.fields: dict[str, OptionField] = {}
        self._rows: dict[str, tuple[QLabel | None, OptionField]] = {}
        # Where the feed's own key is (the keyring, its environment variable, or nowhere) and
        # the name it was looked up by: a name typed since names another variable.
        self._secret_source: SecretSource | None = None
        self._secret_name: str | None = None
        # The feed whose keys this one takes on Save (made from it by One feed per question or
        # Duplicate), and where that feed's own key is: only a key in the keyring is copied.
        self.key_from: str | None = None
        self._copied_source: SecretSource | None = None
        # The form of that feed, while the dialog shows it: the note names it as listed now.
        self.key_from_form: FeedForm | None = None
        self._keyring_checked: tuple[str | None] | None = None
        # The name the feed had in the file when the dialog opened (None: added in the dialog,
        # or a copy): what tells a rename from a new feed.
        self.loaded_name: str | None = None
        self.setAccessibleName(f"{feed_type.label} feed")
        outer = QVBoxLayout(self)
        intro = QLabel(
            f"<b>{html.escape(feed_type.label)}</b> — {html.escape(feed_type.description)}"
        )
        intro.setWordWrap(True)
        outer.addWidget(intro)
        options = [*FEED_COMMON, *feed_type.options]
        advanced_box = QGroupBox("Advanced")
        advanced_form = QFormLayout(advanced_box)
        forms: dict[str, QFormLayout] = {}
        # Under the key field: where its key is, or why it cannot be kept.
        self.secret_note = QLabel()
        # It names feeds, which are the admin's text, not markup.
        self.secret_note.setTextFormat(Qt.TextFormat.PlainText)
        self.secret_note.setWordWrap(True)
        self.secret_note.setVisible(False)
        for opt in options:
            field = make_field(opt, self)
            field.edited.connect(self._on_field_edited)
            self.fields[opt.key] = field
            group = opt.page or "feed"
            if opt.advanced:
                form = advanced_form
            elif group in forms:
                form = forms[group]
            else:
                box = QGroupBox(_GROUPS.get(group, group.capitalize()))
                form = forms[group] = QFormLayout(box)
                outer.addWidget(box)
            label: QLabel | None = None
            if opt.value_type is bool or opt.widget == "mapping":
                # The mapping's group is titled already; its grid takes the whole width.
                form.addRow(field)
            else:
                label = QLabel(opt.title)
                label.setBuddy(field.editor)
                form.addRow(label, field)
                if opt.secret:
                    form.addRow(self.secret_note)
            self._rows[opt.key] = (label, field)
        mapping = self.fields.get("mapping")
        if isinstance(mapping, MappingField) and feed_type.name == "csv":
            # A CSV file numbers its rows when it has no id column.
            mapping.set_needed(("text", "created_at"))
        toggle = QToolButton()
        toggle.setText("Show advanced options")
        toggle.setCheckable(True)
        toggle.setAccessibleName("Show the advanced options")
        toggle.toggled.connect(advanced_box.setVisible)
        toggle.toggled.connect(
            lambda on: toggle.setText("Hide advanced options" if on else "Show advanced options")
        )
        advanced_box.setVisible(False)
        self.advanced_toggle = toggle
        outer.addWidget(toggle)
        outer.addWidget(advanced_box)
        # Texts joined from several questions' columns: one feed per question keeps each
        # answer with the question it answers (``split_questions``).
        self.split_note = QLabel()
        self.split_note.setTextFormat(Qt.TextFormat.PlainText)  # it quotes column names
        self.split_note.setWordWrap(True)
        self.split_note.setVisible(False)
        self.split_button = QPushButton("One feed per question")
        self.split_button.setAccessibleName("Make one feed of each question the texts answer")
        self.split_button.clicked.connect(self.split_requested)
        self.split_button.setVisible(False)
        # Under Fields, beside "Texts answer", where the columns are picked.
        fields_form = forms.get("mapping")
        if fields_form is not None:
            fields_form.addRow(self.split_note)
            fields_form.addRow(self.split_button)
        else:
            outer.addWidget(self.split_note)
            outer.addWidget(self.split_button)
        # The connection test and what it found.
        self.test_button = QPushButton("Test connection")
        self.test_button.setAccessibleName("Test the connection: read the first page")
        self.test_button.clicked.connect(self.test_connection)
        self.test_result = QTextBrowser()
        self.test_result.setOpenLinks(False)
        self.test_result.setAccessibleName("What the connection test found")
        self.test_result.setMinimumHeight(90)
        # Nothing to show before the first test: no empty boxes taking the form's room.
        self.test_result.setVisible(False)
        self.items = QTableWidget(0, 6)
        self.items.setHorizontalHeaderLabels(["Id", "Date", "Customer", "Kind", "Rating", "Text"])
        self.items.setAccessibleName("The first records, as the kiosk would store them")
        self.items.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.items.horizontalHeader().setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.items.verticalHeader().setVisible(False)
        self.items.setMinimumHeight(120)
        self.items.setVisible(False)
        outer.addWidget(self.test_button)
        outer.addWidget(self.test_result)
        outer.addWidget(self.items)
        # A short form keeps its groups at their own height, at the top.
        outer.addStretch(1)
        self.last_test: ConnectionTest | None = None
        # "Texts answer" is filled in from the text column's name once, never against the
        # admin's choice after that (``_guess_answers``).
        self._answers_guessed = False

    # values

    def load(self, feed: FeedConfig) -> None:
        """Show a feed's values (defaults where it has none)."""
        values: dict[str, Any] = {
            "name": feed.name,
            "enabled": feed.enabled,
            "poll_seconds": feed.poll_seconds,
            **dict(feed.options),
        }
        for key, field in self.fields.items():
            opt = field.option
            if opt.secret:
                continue
            field.set_value(values.get(key, opt.default))
        self._secret_source = self.services.secret_source(feed.name)
        self._secret_name = feed.name
        self._update_secret()
        self._update_visibility()
        self._update_split()

    def config(self, *, complete: bool = True) -> tuple[FeedConfig | None, dict[str, str]]:
        """Return the feed as entered, or None, and every problem by key (shown at the field).

        ``complete=False`` (a connection test) lets a web API's fields be unpicked: the test
        is how the admin finds them.
        """
        problems: dict[str, str] = {}
        values: dict[str, Any] = {}
        for key, field in self.fields.items():
            if field.option.secret or (not field.isVisibleTo(self) and self._hidden(key)):
                field.show_problem(None)
                continue
            value, problem = field.value()
            if problem:
                problems[key] = problem
            else:
                values[key] = value
            field.show_problem(problem)
        for key in self._required_missing(values):
            problems.setdefault(key, "missing")
            self.fields[key].show_problem(problems[key])
        mapping = self.fields.get("mapping")
        if (
            complete
            and self.feed_type.name == "http"
            and isinstance(mapping, MappingField)
            and "mapping" not in problems
            and (unpicked := mapping.missing())
        ):
            # A web API's records are read only through the fields picked (a CSV file's
            # columns are found by name): a feed saved without them could never sync.
            words = ", ".join(FIELD_LABELS[n] for n in unpicked)
            problems["mapping"] = f"pick the {words} (Test connection offers what it sends)"
            mapping.show_problem(problems["mapping"])
        if problems:
            return None, problems
        name = str(values.pop("name"))
        enabled = bool(values.pop("enabled"))
        poll = int(values.pop("poll_seconds"))
        options = {
            k: v
            for k, v in values.items()
            if v != self.fields[k].option.default or k in ("url", "path", "mapping")
        }
        return FeedConfig(name, self.feed_type.name, enabled, poll, options), {}

    def _required_missing(self, values: Mapping[str, Any]) -> list[str]:
        missing = []
        for key, field in self.fields.items():
            opt = field.option
            if opt.secret or values.get(key) not in ("", None):
                continue
            if opt.required or (
                opt.required_when is not None
                and values.get(opt.required_when[0]) == opt.required_when[1]
            ):
                missing.append(key)
        return missing

    def take_keys_from(
        self, feed: str | None, source: SecretSource | None, form: FeedForm | None = None
    ) -> None:
        """Take the stored keys of ``feed`` on Save (made from it; None: none); ``source``:
        where its own key is, which the key field says; ``form``: that feed's form, whose
        name as typed the field says."""
        self.key_from = feed
        self._copied_source = source
        self.key_from_form = form
        if form is not None:
            # The note follows a rename of the feed it copies.
            form.edited.connect(self._update_secret)
        self._update_secret()

    def keys_source(self) -> tuple[str | None, SecretSource | None, FeedForm | None]:
        """Return the feed whose stored keys this one's are now (the one it was made from and
        not saved since, else the name it was saved with), where that feed's key is, and its
        form."""
        if self.key_from is not None:
            return self.key_from, self._copied_source, self.key_from_form
        return self.loaded_name, self._secret_source, self

    def forget_source_form(self) -> None:
        """The form of the feed this one copies left the dialog (removed, or split): the note
        names it by the name it has in the file."""
        if self.key_from_form is not None:
            self.key_from_form.edited.disconnect(self._update_secret)
            self.key_from_form = None
            self._update_secret()

    def saved(self, source: SecretSource | None) -> None:
        """Note that Save wrote the feed under its name (``source``: where its own key is now):
        the keys ``take_keys_from`` named were copied, and a variable is the name's."""
        if self.key_from_form is not None:
            self.key_from_form.edited.disconnect(self._update_secret)
        self.key_from = None
        self._copied_source = None
        self.key_from_form = None
        self._secret_source = source
        self._secret_name = str(self.fields["name"].value()[0])
        self._update_secret()

    def secret_entered(self) -> str | None:
        """Return a secret the person typed (None when they left the stored one)."""
        field = self.fields.get("secret")
        if field is None:
            return None
        value, _ = field.value()
        return str(value) or None

    def set_fields_offered(self, fields: Sequence[str]) -> None:
        """Offer the fields a source sent to the mapping's lists."""
        mapping = self.fields.get("mapping")
        if isinstance(mapping, MappingField):
            mapping.offer(fields)

    # behaviour

    def _hidden(self, key: str) -> bool:
        shown = self.fields[key].option.shown_when
        if shown is None:
            return False
        other, values = shown
        controller = self.fields.get(other)
        if controller is None:
            return False
        value, _ = controller.value()
        return value not in values

    def _update_visibility(self) -> None:
        for key, (label, field) in self._rows.items():
            visible = not self._hidden(key)
            field.setVisible(visible)
            if label is not None:
                label.setVisible(visible)
            if key == "secret" and not visible:
                self.secret_note.setVisible(False)

    def _update_secret(self) -> None:
        field = self.fields.get("secret")
        if field is None:
            return
        line = field.editor
        # Asked once a form: the keyring's answer may take a D-Bus round trip, and this runs
        # on every keystroke in the form (the note follows the name).
        if self._keyring_checked is None:
            self._keyring_checked = (self.services.keyring_problem(),)
        problem = self._keyring_checked[0]
        name_field = self.fields["name"]
        name, _ = name_field.value()
        variable = self.services.secret_variable(str(name or "FEED"))
        if problem is not None:
            line.setEnabled(False)
            note: str | None = (
                f"{problem[0].upper()}{problem[1:]}: set the environment variable {variable}"
                " to the key instead (it is never written to the settings file)."
            )
        else:
            line.setEnabled(True)
            held, note = self._key_held(variable)
            if isinstance(line, QLineEdit):
                line.setPlaceholderText(held)
        self.secret_note.setText(note or "")
        # A feed that signs in with nothing has no key to speak of.
        self.secret_note.setVisible(note is not None and not self._hidden("secret"))

    def _key_held(self, variable: str) -> tuple[str, str | None]:
        """What the key field says of the key the feed has, where nothing is typed, and what
        the note under it says (None: nothing); the variables' names are too long for the
        field."""
        name = str(self.fields["name"].value()[0] or "FEED")
        if self.key_from is not None:
            shown = self.key_from
            if self.key_from_form is not None:
                shown = str(self.key_from_form.fields["name"].value()[0] or self.key_from)
            if self._copied_source == "keyring":
                return f"the key of “{shown}”, copied on Save (type to replace it)", None
            if self._copied_source == "environment":
                if self.services.secret_in_environment(name):
                    return f"set by {variable}", None
                # An environment variable is the machine's, not the keyring's: nothing copies
                # it.
                given = self.services.secret_variable(self.key_from)
                return "not copied (see below)", (
                    f"“{shown}” has its key from the environment variable {given}, which"
                    f" cannot be copied: type the key here, or set {variable} where the kiosk"
                    " starts."
                )
        if self._secret_source == "keyring":
            return "stored in the keyring (type to replace it)", None
        if self._secret_source == "environment" and self._secret_name is not None:
            given = self.services.secret_variable(self._secret_name)
            if given == variable:
                return f"set by {given}", (
                    f"The key comes from the environment variable {given}, where the kiosk"
                    " starts. A key typed here goes to the keyring and is used instead."
                )
            # Renamed in the form: on Save it reads the new name's variable, not the old.
            if self.services.secret_in_environment(name):
                return f"set by {variable}", (
                    f"Renamed, the feed reads its key from {variable}, no longer from {given}."
                )
            return "none once renamed (see below)", (
                f"The key came from the environment variable {given}; renamed, the feed reads"
                f" {variable}, which is not set: set it where the kiosk starts, or type the key"
                " here."
            )
        return "goes to the keyring, never to the file", None

    def _on_field_edited(self) -> None:
        self._update_visibility()
        # The note names the variable after the feed's name: it follows a rename as typed.
        self._update_secret()
        self._update_split()
        self.edited.emit()

    def questions(self) -> list[tuple[str, str | None]]:
        """Return the questions the texts are joined from, each with the kind its column's
        name leans to (``split_questions``; none where it is one column, or one question)."""
        if not isinstance(self.fields.get("mapping"), MappingField):
            return []
        return split_questions(self._text_columns())

    def _text_columns(self) -> Any:
        """What the texts are mapped from under Fields: a column, a list of them, or None."""
        mapping = self.fields.get("mapping")
        value = mapping.value()[0] if isinstance(mapping, MappingField) else None
        return value.get("text") if isinstance(value, dict) else None

    def _update_split(self) -> None:
        questions = self.questions()
        if questions:
            asked = ", ".join(f"“{column}”" for column, _ in questions)
            self.split_note.setText(
                f"The texts join the answers to {len(questions)} questions ({asked}), and"
                " “Texts answer” can name only one: an answer with no kind of its own (“The"
                " parking”) cannot take its question's. One feed per question reads each"
                " column as a feed of its own, from the same source with the same ids,"
                " customers and keys. On Save this feed goes, with its items, their"
                " corrections and replies, and the new feeds read the source again."
            )
        self.split_note.setVisible(bool(questions))
        self.split_button.setVisible(bool(questions))

    def split_refused(self, problems: Mapping[str, str]) -> None:
        """Say under the split button why no feed was made: the form's own problems (each
        new feed is made from the form as it is), which ``config`` marked at their fields."""
        fields = ", ".join(
            f"{self.fields[key].option.title} ({problem})" for key, problem in problems.items()
        )
        self.split_note.setText(f"No feed was made: fix {fields} first, then split again.")

    def test_connection(self) -> None:
        """Read the feed's first page on a worker and show what came back."""
        feed, problems = self.config(complete=False)
        self.test_result.setVisible(True)
        if feed is None:
            self.test_result.setPlainText(
                "Fix the marked fields first: "
                + "; ".join(f"{self.fields[k].option.title}: {v}" for k, v in problems.items())
            )
            return
        secret = self.secret_entered()
        self.test_button.setEnabled(False)
        self.test_result.setPlainText("Reading the first page…")
        self.tasks.submit(
            f"probe-{id(self)}",
            lambda: self.services.probe(feed, secret),
            self.show_test,
            lambda exc: self.show_test(ConnectionTest(False, f"{type(exc).__name__}: {exc}")),
        )

    def _reads_a_file(self) -> bool:
        """Whether the feed reads a file here rather than asking a server (a CSV file)."""
        field = self.fields.get("path")
        if field is None:
            return False
        value, _ = field.value()
        return bool(value) and not str(value).startswith(("http://", "https://"))

    def show_test(self, result: ConnectionTest) -> None:
        """Show a connection test's findings, offer the fields it saw, and fill in the
        plain matches for the admin to confirm."""
        self.last_test = result
        self.test_button.setEnabled(True)
        mapping = self.fields.get("mapping")
        filled: list[str] = []
        if isinstance(mapping, MappingField):
            mapping.offer(result.fields)
            filled = mapping.suggest(result.suggested)
        records = self.fields.get("records")
        found_at = ""
        if result.records_at and records is not None and not records.value()[0]:
            records.set_value(result.records_at)
            found_at = result.records_at
        asked = self._guess_answers(mapping)
        if filled or found_at or asked:
            self.edited.emit()
        answer = []
        if result.status is not None:
            answer.append(f"HTTP {result.status}")
        if result.content_type:
            answer.append(result.content_type)
        if result.seconds and (answer or result.seconds >= 0.01):
            # "0.00 s" reads as "nothing happened"; a quick answer is some milliseconds.
            took = result.seconds
            answer.append(f"{took * 1000:.0f} ms" if took < 1 else f"{took:.1f} s")
        if not result.ok:
            heading = "Does not work"
        elif result.to_pick:
            heading = "Connected, fields still to pick"
        else:
            heading = "Works"
        lines = [f"<p><b>{heading}</b>: {html.escape(result.message)}</p>"]
        if answer:
            # Only a server answers; a file is read; a server that never answered (refused,
            # timed out) was waited for.
            if result.status is not None:
                said = "Answered"
            elif self._reads_a_file():
                said = "Read"
            else:
                said = "No answer after"
            lines.append(f"<p>{said}: {html.escape(' · '.join(answer))}</p>")
        if found_at:
            lines.append(
                f"<p>The records are under “{html.escape(found_at)}”: “Records are at” now"
                " says so.</p>"
            )
        lines += asked
        if isinstance(mapping, MappingField):
            lines.append(self._mapping_advice(mapping, filled, result.to_pick))
        if result.skipped:
            lines.append("<p>Skipped:</p><ul>")
            lines += [f"<li>{html.escape(s)}</li>" for s in result.skipped]
            lines.append("</ul>")
        if result.fields:
            shown = ", ".join(result.fields[:60])
            more = f" and {len(result.fields) - 60} more" if len(result.fields) > 60 else ""
            if not isinstance(mapping, MappingField):
                what = "Fields the board sent (for reference: this feed reads them by itself)"
            elif self.feed_type.name == "csv":
                what = "Columns in the file (each one is offered under Fields)"
            else:
                what = "Fields the source sent (each one is offered under Fields)"
            lines.append(f"<p>{what}: {html.escape(shown + more)}</p>")
        self.test_result.setHtml("".join(lines))
        self.test_result.setVisible(True)
        self.items.setRowCount(len(result.items))
        for row, item in enumerate(result.items):
            cells = (
                item.external_id,
                item.created,
                item.customer,
                item.kind,
                item.rating,
                item.text,
            )
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setToolTip(literal_tooltip(text))
                self.items.setItem(row, column, cell)
        self.items.resizeColumnsToContents()
        self.items.setVisible(bool(result.items))

    def _guess_answers(self, mapping: OptionField | None) -> list[str]:
        """Set "Texts answer" from the name of the one column the texts come from, where it
        is a question that says what its answers are ("What went wrong?", "Pros") and the
        field still says any question; once a form (the admin's choice stands after that).
        Return the line of the test's result that says so (none where nothing was set)."""
        field = self.fields.get("answers")
        if self._answers_guessed or field is None or not isinstance(mapping, MappingField):
            return []
        text = self._text_columns()
        if not isinstance(text, str) or field.value()[0] != "any":
            return []
        kind = guess_answers(text)
        if kind is None:
            return []
        self._answers_guessed = True
        field.set_value(kind)
        label = field.option.choice_label(kind)
        return [
            f"<p>The texts answer “{html.escape(text)}”: “Texts answer” now says"
            f" {html.escape(label)}. Set it back to any question if the words alone should"
            " decide.</p>"
        ]

    @staticmethod
    def _mapping_advice(
        mapping: MappingField, filled: Sequence[str], to_pick: Sequence[str]
    ) -> str:
        """Say, in words, what the admin still has to pick under Fields: what the test found
        unpicked, not what the form leaves empty (a CSV file's columns are found by name)."""
        parts = []
        if filled:
            picks = "; ".join(
                f"{FIELD_LABELS[n]}: “{html.escape(mapping.combos[n].currentText())}”"
                for n in filled
            )
            parts.append(
                f"Filled in under Fields from their names and values — {picks}. Check them,"
                " then test again to see the records as the kiosk would store them."
            )
        missing = [n for n in to_pick if n in FIELD_LABELS and n not in filled]
        if missing:
            words = ", ".join(FIELD_LABELS[n] for n in missing)
            parts.append(
                f"Still to pick under Fields: the {words} (each list offers the fields the"
                " source sent)."
            )
        return "".join(f"<p>{p}</p>" for p in parts)


class _Page(QWidget):
    """A page of top-level options, from their declarations."""

    def __init__(self, options: Sequence[Option], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.fields: dict[str, OptionField] = {}
        # The form at its own height, the room below it left empty: stretched over a tall
        # window, each row grew and its field and help line drifted apart from their label.
        outer = QVBoxLayout(self)
        self.form = QFormLayout()
        outer.addLayout(self.form)
        outer.addStretch(1)
        for opt in options:
            field = make_field(opt, self)
            self.fields[opt.key] = field
            if opt.value_type is bool:
                self.form.addRow(field)
            else:
                label = QLabel(opt.title)
                label.setBuddy(field.editor)
                self.form.addRow(label, field)
            help_text = QLabel(opt.description)
            help_text.setWordWrap(True)
            help_text.setProperty("role", "muted")
            self.form.addRow("", help_text)


class SettingsDialog(QDialog):
    """The kiosk's settings, every page drawn from the declarations.

    Args:
        settings: the settings as they are now.
        path: the settings file (saved atomically; a change made to it by hand while the
            dialog is open is noticed before it is overwritten).
        services: what the dialog needs from the running kiosk.
        page: the page to open on.

    Signals:
        settings_saved(Settings): saved and written; the kiosk applies them at once.
    """

    settings_saved = Signal(object)

    def __init__(
        self,
        settings: Settings,
        path: Path,
        services: SettingsServices,
        *,
        page: str = "feeds",
        executor: Any = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("voc-kiosk settings")
        self.setAccessibleName("Settings")
        self.settings = settings
        self.path = path
        self.services = services
        self.tasks = TaskRunner(executor, self)
        self._file_seen = _file_state(path)
        self.feeds: list[FeedConfig] = list(settings.feeds)
        # Each feed's form by a number of its own (stack positions shift when one is removed,
        # so they cannot name a form), and the scroll area that holds it.
        self._forms: dict[int, FeedForm] = {}
        self._scrolls: dict[int, QScrollArea] = {}
        self._next_form = 0
        self._feeds_with_problems: set[int] = set()
        # Every problem the last Save found, in words ("feed “Web API 1”: Address (missing)").
        self.problem_lines: list[str] = []
        self._secrets: dict[str, str] = {}
        self._new_pin: str | None = None

        self.page_list = QListWidget()
        self.page_list.setAccessibleName("Settings pages")
        self.stack = QStackedWidget()
        self.pages: dict[str, QWidget] = {}
        self.fields: dict[str, OptionField] = {}
        for name, title in PAGES.items():
            widget = self._build_feeds_page() if name == "feeds" else self._build_page(name)
            widget.setObjectName("settings-page")
            self.pages[name] = widget
            if name == "feeds":
                # The feed list and its buttons stay in view; only the form scrolls.
                self.stack.addWidget(widget)
            else:
                self.stack.addWidget(_scrolling(widget))
            QListWidgetItem(title, self.page_list)
        self.page_list.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.PlainText)  # feed names, a file's errors
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet("color: #F87171;")
        self.summary.setVisible(False)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        # The page list as wide as its titles, the page right beside it (a splitter left a
        # wide empty gutter between them).
        self.page_list.setFixedWidth(
            max(self.page_list.fontMetrics().horizontalAdvance(t) for t in PAGES.values()) + 40
        )
        body = QHBoxLayout()
        body.addWidget(self.page_list)
        body.addWidget(self.stack, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.buttons)
        self._load(settings)
        self.show_page(page)
        self.resize(1100, 700)

    # building

    def _build_page(self, name: str) -> QWidget:
        options = [o for o in OPTIONS if o.page == name and o.widget != "pin"]
        page = _Page(options)
        self.fields.update(page.fields)
        if name == "analysis":
            self.vocabulary_preview = QLabel()
            self.vocabulary_preview.setWordWrap(True)
            self.vocabulary_preview.setAccessibleName("What the change does to today's cloud")
            page.form.addRow("Today's cloud", self.vocabulary_preview)
            for key in ("analysis.synonyms", "analysis.block_list", "analysis.stop_words"):
                page.fields[key].edited.connect(self._update_vocabulary_preview)
        if name == "wall":
            self.pin = QLineEdit()
            self.pin.setEchoMode(QLineEdit.EchoMode.Password)
            self.pin.setAccessibleName("New admin PIN")
            self.pin_again = QLineEdit()
            self.pin_again.setEchoMode(QLineEdit.EchoMode.Password)
            self.pin_again.setAccessibleName("The new admin PIN again")
            self.pin_note = QLabel()
            self.pin_note.setWordWrap(True)
            self.pin.setPlaceholderText("at least 4 digits, hidden as you type")
            self.pin_again.setPlaceholderText("the same digits again")
            page.form.addRow("New admin PIN", self.pin)
            page.form.addRow("New admin PIN again", self.pin_again)
            page.form.addRow("", self.pin_note)
        return page

    def _build_feeds_page(self) -> QWidget:
        page = QWidget()
        self.feed_list = QListWidget()
        self.feed_list.setAccessibleName("Feeds")
        self.feed_list.currentRowChanged.connect(self._on_feed_list_current_row_changed)
        self.feed_forms = QStackedWidget()
        self.empty_feeds = QLabel(
            "No feeds yet: the kiosk shows its demo. Add one with “Add feed”."
        )
        self.empty_feeds.setWordWrap(True)
        self.feed_forms.addWidget(self.empty_feeds)
        add = QPushButton("Add feed")
        add.setAccessibleName("Add a feed")
        menu = QMenu(add)
        for feed_type in FEED_TYPES.values():
            action = menu.addAction(feed_type.label)
            action.triggered.connect(lambda _=False, t=feed_type.name: self.add_feed(t))
        add.setMenu(menu)
        self.add_button = add
        self.duplicate_button = QPushButton("Duplicate")
        self.duplicate_button.setAccessibleName("Duplicate the selected feed")
        self.duplicate_button.clicked.connect(self.duplicate_feed)
        self.remove_button = QPushButton("Remove")
        self.remove_button.setAccessibleName("Remove the selected feed")
        self.remove_button.setToolTip(
            "Remove the selected feed. Once saved, its items leave the wall and its secrets the"
            " keyring; its source keeps them, and they come back if the feed is added again."
        )
        self.remove_button.clicked.connect(self.remove_feed)
        # The buttons sit above the list, so they are in view whatever the list's length.
        buttons = QHBoxLayout()
        for button in (add, self.duplicate_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.feed_list.setWordWrap(True)
        self.feed_list.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.feed_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # The selected feed's whole status: its last error is what an admin needs to read.
        self.feed_details = QLabel()
        self.feed_details.setTextFormat(Qt.TextFormat.PlainText)  # a source's own words
        self.feed_details.setWordWrap(True)
        self.feed_details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.feed_details.setAccessibleName("The selected feed's status")
        left = QVBoxLayout()
        left.setContentsMargins(0, 0, 0, 0)
        left.addLayout(buttons)
        left.addWidget(self.feed_list, 1)
        left.addWidget(self.feed_details)
        left_box = QWidget()
        left_box.setLayout(left)
        left_box.setFixedWidth(330)
        row = QHBoxLayout(page)
        row.addWidget(left_box)
        row.addWidget(self.feed_forms, 1)
        return page

    # loading and showing

    def _load(self, settings: Settings) -> None:
        for key, field in self.fields.items():
            field.set_value(settings[key])
        self.feed_list.clear()
        self._forms.clear()
        self._scrolls.clear()
        while self.feed_forms.count() > 1:
            widget = self.feed_forms.widget(1)
            if widget is None:
                break
            self.feed_forms.removeWidget(widget)
            widget.deleteLater()
        for feed in self.feeds:
            self._add_form(feed).loaded_name = feed.name
        if self.feeds:
            self.feed_list.setCurrentRow(0)
        else:
            # No feed, no row change: Duplicate and Remove have nothing to act on.
            self._on_feed_list_current_row_changed(-1)
        self._update_vocabulary_preview()
        self._update_pin_note()

    def _add_form(self, feed: FeedConfig) -> FeedForm:
        form = FeedForm(FEED_TYPES[feed.type], self.services, self.tasks)
        form.load(feed)
        form.edited.connect(self._refresh_feed_items)
        form.split_requested.connect(lambda: self.split_feed(form))
        number = self._next_form
        self._next_form += 1
        self._forms[number] = form
        self._scrolls[number] = _scrolling(form)
        self.feed_forms.addWidget(self._scrolls[number])
        item = QListWidgetItem()
        item.setData(Qt.ItemDataRole.UserRole, number)
        self.feed_list.addItem(item)
        self._show_feed_item(item, feed.name, feed.enabled, form.feed_type)
        return form

    def _feed_status(self, name: str) -> str:
        """The feed's status without its name in front (the line above says it)."""
        status = self.services.feed_status(name)
        prefix = f"{name}: "
        return status[len(prefix) :] if status.startswith(prefix) else status

    def _show_feed_item(
        self, item: QListWidgetItem, name: str, enabled: bool, feed_type: FeedType
    ) -> None:
        state = "" if enabled else " (off)"
        status = self._feed_status(name)
        number = int(item.data(Qt.ItemDataRole.UserRole))
        if number in self._feeds_with_problems:
            # Marked until the next Save checks it again.
            status = f"⚠ has marked fields to fix (see Save's message) — {status}"
        item.setText(f"{name or '(no name)'}{state} — {feed_type.label}\n{status}")
        item.setToolTip(literal_tooltip(status))
        if item is self.feed_list.currentItem():
            self.feed_details.setText(status)

    def show_page(self, name: str) -> None:
        """Open a page by its name ("feeds", "display"...)."""
        names = list(PAGES)
        self.page_list.setCurrentRow(names.index(name) if name in names else 0)

    @property
    def current_form(self) -> FeedForm | None:
        """The form of the selected feed."""
        item = self.feed_list.currentItem()
        if item is None:
            return None
        return self._forms.get(int(item.data(Qt.ItemDataRole.UserRole)))

    def _on_feed_list_current_row_changed(self, _row: int) -> None:
        form = self.current_form
        item = self.feed_list.currentItem()
        scroll = self._scrolls.get(int(item.data(Qt.ItemDataRole.UserRole))) if item else None
        self.feed_forms.setCurrentWidget(scroll if scroll is not None else self.empty_feeds)
        self.feed_details.setText(item.toolTip() if item is not None else "")
        has = form is not None
        self.duplicate_button.setEnabled(has)
        self.remove_button.setEnabled(has)

    def _refresh_feed_items(self) -> None:
        for row in range(self.feed_list.count()):
            item = self.feed_list.item(row)
            form = self._forms.get(int(item.data(Qt.ItemDataRole.UserRole)))
            if form is None:
                continue
            name, _ = form.fields["name"].value()
            enabled, _ = form.fields["enabled"].value()
            self._show_feed_item(item, str(name or ""), bool(enabled), form.feed_type)

    # feeds

    def _unique_name(self, base: str, first: int | None = None) -> str:
        """Return ``base`` (or "base 1" with ``first``), numbered on until no feed has it, nor
        a name that reads the same secret variable ("Pros?" and "pros?": Save refuses)."""
        taken = {secret_variable(self._form_name(f)) for f in self._forms.values()}
        n = first if first is not None else 1  # "base", then "base 2"
        name = base if first is None else f"{base} {n}"
        while secret_variable(name) in taken:
            n += 1
            name = f"{base} {n}"
        return name

    @staticmethod
    def _form_name(form: FeedForm) -> str:
        value, _ = form.fields["name"].value()
        return str(value or "")

    def add_feed(self, feed_type: str) -> FeedForm:
        """Add a new feed of a type and open its form."""
        # "Web API 1", "CSV file 2": a name a person reads, unique, and theirs to change.
        base = FEED_TYPES[feed_type].label.split(" (", 1)[0]
        form = self._add_form(FeedConfig(self._unique_name(base, 1), feed_type))
        self.feed_list.setCurrentRow(self.feed_list.count() - 1)
        form.fields["name"].editor.setFocus()
        return form

    def duplicate_feed(self) -> None:
        """Add a copy of the selected feed, which takes its keys on Save (``_carry_keys``)."""
        form = self.current_form
        if form is None:
            return
        feed, _problems = form.config()
        base = feed or FeedConfig(self._form_name(form) or "feed", form.feed_type.name)
        copy = replace(base, name=self._unique_name(f"{base.name} (copy)"))
        self._carry_keys(form, self._add_form(copy))
        self.feed_list.setCurrentRow(self.feed_list.count() - 1)

    @staticmethod
    def _carry_keys(form: FeedForm, new: FeedForm) -> None:
        """Give a feed made from ``form`` its keys: a key typed there and not saved yet, and
        on Save the stored keys (its own, the e-mail password, the webhook key), copied in
        the keyring from where they are now (``FeedForm.keys_source``), or the key typed into
        the feed it copies by then (``_typed_at_the_source``)."""
        typed = form.secret_entered()
        if typed and "secret" in new.fields:
            new.fields["secret"].set_value(typed)
        new.take_keys_from(*form.keys_source())

    def _typed_at_the_source(self, secrets: dict[str, str]) -> None:
        """Give each feed made from another, with no key typed of its own, the key typed into
        that one since: it replaces the stored key on Save, which the copy would otherwise
        take (a token rotated after a Duplicate)."""
        forms = set(self._forms.values())
        for form in forms:
            source = form.key_from_form
            name = self._form_name(form)
            if source is None or source not in forms or name in secrets:
                continue
            typed = secrets.get(self._form_name(source))
            if typed and "secret" in form.fields:
                secrets[name] = typed

    def remove_feed(self) -> None:
        """Remove the selected feed (nothing is written until Save)."""
        item = self.feed_list.currentItem()
        if item is None:
            return
        self._remove_item(item)
        self._on_feed_list_current_row_changed(self.feed_list.currentRow())

    def _remove_item(self, item: QListWidgetItem) -> None:
        index = int(item.data(Qt.ItemDataRole.UserRole))
        gone = self._forms.pop(index, None)
        for form in self._forms.values():
            if gone is not None and form.key_from_form is gone:
                form.forget_source_form()
        scroll = self._scrolls.pop(index, None)
        self.feed_list.takeItem(self.feed_list.row(item))
        if scroll is not None:
            self.feed_forms.removeWidget(scroll)
            scroll.deleteLater()

    def split_feed(self, form: FeedForm) -> list[FeedForm]:
        """Make one feed of each question a feed's texts are joined from (``questions``):
        the same source, ids, customers and keys, the one column as its text and "Texts
        answer" from the column's name; the joined feed goes (nothing is written until Save,
        which copies its stored keys, ``copy_secrets``). Return the new forms (none where the
        feed is not such a feed)."""
        questions = form.questions()
        if not questions:
            return []
        feed, problems = form.config(complete=False)
        if feed is None:
            form.split_refused(problems)
            return []
        mapping = dict(feed.options.get("mapping") or {})
        made = []
        for column, kind in questions:
            options = {**feed.options, "mapping": {**mapping, "text": column}}
            if kind is None:
                options.pop("answers", None)
            else:
                options["answers"] = kind
            name = self._unique_name(f"{feed.name}: {column}")
            new = self._add_form(replace(feed, name=name, options=options))
            self._carry_keys(form, new)
            made.append(new)
        for row in range(self.feed_list.count()):
            item = self.feed_list.item(row)
            if item is not None and self._forms.get(item.data(Qt.ItemDataRole.UserRole)) is form:
                self._remove_item(item)
                break
        self.feed_list.setCurrentRow(self.feed_list.count() - len(made))
        self._refresh_feed_items()
        return made

    # vocabulary and PIN

    def _update_vocabulary_preview(self) -> None:
        if not hasattr(self, "vocabulary_preview"):
            return
        synonyms, _ = self.fields["analysis.synonyms"].value()
        block, _ = self.fields["analysis.block_list"].value()
        stop, _ = self.fields["analysis.stop_words"].value()
        lines = vocabulary_preview(
            self.services.current_terms(), synonyms or {}, block or [], stop or []
        )
        self.vocabulary_preview.setText(
            "\n".join(lines) if lines else "No word on today's cloud changes."
        )

    def _update_pin_note(self) -> None:
        if self.settings["wall.admin_pin"]:
            self.pin_note.setText(
                "A PIN is set. Type a new one twice to change it; leave both empty to keep it."
            )
        else:
            self.pin_note.setText(
                "No PIN is set: on the wall, anyone could open these settings or leave the app."
                " Type one twice (at least 4 digits)."
            )

    # saving

    def _collect(self) -> tuple[Settings | None, dict[str, str]]:
        """Return the settings as entered, or None and every problem (shown at its field).

        Problems are keyed by the option's key, or ``feeds[N].key`` for the N-th form; each
        is said in words in ``self.problem_lines``, in the same order.
        """
        problems: dict[str, str] = {}
        self.problem_lines = []
        self._feeds_with_problems = set()
        values: dict[str, Any] = {}
        for key, field in self.fields.items():
            value, problem = field.value()
            field.show_problem(problem)
            if problem:
                problems[key] = problem
                page = PAGES.get(field.option.page or "", "")
                self.problem_lines.append(f"{page}: {field.option.title} ({problem})")
            else:
                values[key] = value
        feeds: list[FeedConfig] = []
        secrets: dict[str, str] = {}
        names: dict[str, str] = {}  # secret variable -> the feed name that reads it
        for row in range(self.feed_list.count()):
            item = self.feed_list.item(row)
            number = int(item.data(Qt.ItemDataRole.UserRole))
            form = self._forms.get(number)
            if form is None:
                continue
            feed, found = form.config()
            label = self._form_name(form)
            # By the name typed, whatever else the form lacks: two feeds named alike are both
            # said at once, not the second only once the first is fixed.
            variable = secret_variable(label) if label.strip() else ""
            other = names.get(variable) if variable else None
            if other is not None and "name" not in found:
                found = {
                    **found,
                    "name": "a second feed with this name"
                    if other == label
                    else f"too close to “{other}”: both would read {secret_variable(other)}",
                }
                form.fields["name"].show_problem(found["name"])
            elif variable:
                names.setdefault(variable, label)
            for key, problem in found.items():
                problems[f"feeds[{number}].{key}"] = problem
                title = form.fields[key].option.title
                where = f"feed “{label}”" if label else "the feed with no name"
                self.problem_lines.append(f"{where}: {title} ({problem})")
                self._feeds_with_problems.add(number)
            if feed is None or found:
                continue
            feeds.append(feed)
            secret = form.secret_entered()
            if secret:
                secrets[feed.name] = secret
        self._typed_at_the_source(secrets)
        pin = self.pin.text()
        if pin or self.pin_again.text():
            problem = check_new_pin(pin)
            if problem is None and pin != self.pin_again.text():
                problem = "the two PINs differ"
            if problem:
                problems["wall.admin_pin"] = problem
                self.problem_lines.append(f"{PAGES['wall']}: New admin PIN ({problem})")
                self.pin_note.setText(problem)
            else:
                values["wall.admin_pin"] = hash_pin(pin)
        self._refresh_feed_items()
        if problems:
            return None, problems
        try:
            changes = {k.replace(".", "__"): v for k, v in values.items()}
            settings = self.settings.replace(**changes, feeds=tuple(feeds))
        except SettingsError as exc:
            self.problem_lines.append(str(exc))
            return None, {"(settings)": str(exc)}
        self._secrets = secrets
        return settings, {}

    def save(self) -> bool:
        """Check every page, then write the file and the secrets; return whether it saved."""
        settings, problems = self._collect()
        if settings is None:
            count = len(self.problem_lines)
            self.summary.setText(
                f"Nothing was saved: fix the {count} marked field{'s' if count != 1 else ''}"
                " first: " + "; ".join(self.problem_lines) + "."
            )
            self.summary.setVisible(True)
            self._go_to_problem(problems)
            return False
        if _file_state(self.path) != self._file_seen and not self._confirm_overwrite():
            return False
        try:
            save_settings(settings, self.path)
        except (OSError, SettingsError) as exc:
            self.summary.setText(f"Nothing was saved: {exc}")
            self.summary.setVisible(True)
            return False
        # Feeds made from another take its stored keys, which go with it.
        copies: dict[str, list[str]] = {}
        for form in self._forms.values():
            if form.key_from is not None:
                copies.setdefault(form.key_from, []).append(self._form_name(form))
        renamed, removed = self._renamed_and_removed()
        if renamed or removed or copies:
            self.services.feeds_changed(
                renamed, removed, copies, set(self._secrets), {f.name for f in settings.feeds}
            )
        # The file names them now: a second Save (a key was refused) starts from here, and
        # finds no feed renamed or removed that was not.
        for form in self._forms.values():
            form.loaded_name = self._form_name(form)
        # The keys typed here go in after the renamed feeds' keys moved: each lands on the
        # feed its form names, and wins over a key carried there (a swap, a chain of renames).
        unstored = {}
        for feed, secret in self._secrets.items():
            problem = self.services.store_secret(feed, secret)
            if problem:
                unstored[feed] = problem
        # Every form looks again where its key is: a rename reads another variable now.
        for form in self._forms.values():
            form.saved(self.services.secret_source(self._form_name(form)))
        self.settings = settings
        self._file_seen = _file_state(self.path)
        self.settings_saved.emit(settings)
        if unstored:
            # The file is saved; what is missing is said where the admin looks, and the dialog
            # stays open to type it again.
            self.summary.setText(
                "Saved, but "
                + "; ".join(f"the key of “{f}” was not stored: {p}" for f, p in unstored.items())
                + ". Type it again and save."
            )
            self.summary.setVisible(True)
            return False
        self.accept()
        return True

    def _renamed_and_removed(self) -> tuple[dict[str, str], list[str]]:
        """Return the feeds renamed (old name -> new) and removed since the dialog opened,
        by the form each came from: a new feed may take the name a renamed one had."""
        before = {f.name for f in self.settings.feeds}
        renamed: dict[str, str] = {}
        for form in self._forms.values():
            old = form.loaded_name
            new = self._form_name(form)
            if old is not None and old in before and new and new != old:
                renamed[old] = new
        still = {form.loaded_name for form in self._forms.values()}
        removed = sorted(name for name in before if name not in still)
        return renamed, removed

    def _go_to_problem(self, problems: Mapping[str, str]) -> None:
        first = next(iter(problems))
        if first.startswith("feeds["):
            self.show_page("feeds")
            number = int(first[6:].split("]", 1)[0])
            for row in range(self.feed_list.count()):
                if self.feed_list.item(row).data(Qt.ItemDataRole.UserRole) == number:
                    self.feed_list.setCurrentRow(row)
                    break
        else:
            opt = next((o for o in OPTIONS if o.key == first), None)
            if opt is not None:
                self.show_page(opt.page)

    def _confirm_overwrite(self) -> bool:
        answer = QMessageBox.question(
            self,
            "The settings file changed",
            f"{self.path} was changed by someone else while this dialog was open.\n\n"
            "Save: replace it with what is in this dialog.\n"
            "Discard: keep the file as it is and show what it says now.",
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard,
        )
        if answer == QMessageBox.StandardButton.Save:
            return True
        fresh, _problems = load_settings(self.path)
        self.settings = fresh
        self.feeds = list(fresh.feeds)
        self._file_seen = _file_state(self.path)
        self._load(fresh)
        return False


def _scrolling(widget: QWidget) -> QScrollArea:
    """Return a scroll area holding a page, as wide as its room: it scrolls down, never
    sideways, and its scroll bar sits beside the fields, never over them."""
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    scroll.setWidget(widget)
    return scroll


def _file_state(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_mtime_ns, st.st_size
