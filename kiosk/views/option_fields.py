"""Editors for declared options: the widget each option type gets, its value, and what is wrong.

Every field of the settings dialog is built here from its declaration (``kiosk.options``), so a
field checks its value exactly as the settings file's loader does (``Option.check``), shows the
reason beside itself, and is reachable by keyboard with an accessible name.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from kiosk.model import FIELD_LABELS, MAPPABLE_FIELDS
from kiosk.options import Option

__all__ = ["REQUIRED_MAPPING", "MappingField", "OptionField", "make_field"]

_ERROR_STYLE = "color: #F87171;"
# The fields every record needs (as ``kiosk.sync.mapping.REQUIRED_FIELDS``; views do not
# import the sync layer).
REQUIRED_MAPPING = ("external_id", "text", "created_at")


class OptionField(QWidget):
    """One option's editor: its widget, a short help line, and its problem when there is one.

    Signals:
        edited(): the person changed the value.
    """

    edited = Signal()

    def __init__(self, opt: Option, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.option = opt
        self.error = QLabel()
        self.error.setStyleSheet(_ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.setVisible(False)
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(2)
        self.setToolTip(opt.description)
        self.editor: QWidget = self

    def _finish(self, editor: QWidget) -> None:
        self.editor = editor
        editor.setAccessibleName(self.option.title)
        editor.setAccessibleDescription(self.option.description)
        editor.setToolTip(self.option.description)
        self.setFocusProxy(editor)
        self._layout.addWidget(self.error)

    # to override

    def raw(self) -> Any:
        """Return what the person entered, in the option's type where it parses."""
        raise NotImplementedError

    def set_value(self, value: Any) -> None:
        """Show a value."""
        raise NotImplementedError

    # the same for every field

    def value(self) -> tuple[Any, str | None]:
        """Return the value and what is wrong with it (None when nothing)."""
        try:
            raw = self.raw()
        except ValueError as exc:
            return None, str(exc)
        return raw, self.option.check(raw)

    def validate(self) -> str | None:
        """Check the value, show the problem beside the field, and return it."""
        _value, problem = self.value()
        self.show_problem(problem)
        return problem

    def show_problem(self, problem: str | None) -> None:
        """Show (or clear) a problem under the field, and on its accessible description."""
        self.error.setText(problem or "")
        self.error.setVisible(bool(problem))
        proxy = self.focusProxy()
        if proxy is not None:
            proxy.setAccessibleDescription(
                f"{self.option.description} Problem: {problem}"
                if problem
                else self.option.description
            )


class _BoolField(OptionField):
    def __init__(self, opt: Option, parent: QWidget | None = None) -> None:
        super().__init__(opt, parent)
        self.box = QCheckBox(opt.title)
        self.box.toggled.connect(self.edited)
        self._layout.addWidget(self.box)
        self._finish(self.box)

    def raw(self) -> Any:
        return self.box.isChecked()

    def set_value(self, value: Any) -> None:
        self.box.setChecked(bool(value))


class _NumberField(OptionField):
    def __init__(self, opt: Option, parent: QWidget | None = None) -> None:
        super().__init__(opt, parent)
        spin: QSpinBox | QDoubleSpinBox
        if opt.value_type is int:
            spin = QSpinBox()
            spin.setRange(int(opt.minimum or 0), int(min(opt.maximum or 2**31 - 1, 2**31 - 1)))
            spin.valueChanged.connect(self.edited)
        else:
            spin = QDoubleSpinBox()
            spin.setDecimals(2)
            spin.setRange(float(opt.minimum or 0.0), float(opt.maximum or 1e9))
            spin.valueChanged.connect(self.edited)
        if opt.minimum_label:
            spin.setSpecialValueText(opt.minimum_label)
        self.spin = spin
        spin.setMaximumWidth(180)
        self._layout.addWidget(spin)
        self._finish(spin)

    def raw(self) -> Any:
        return self.spin.value()

    def set_value(self, value: Any) -> None:
        self.spin.setValue(value)


class _ChoiceField(OptionField):
    def __init__(self, opt: Option, parent: QWidget | None = None) -> None:
        super().__init__(opt, parent)
        self.combo = QComboBox()
        for choice in opt.choices or ():
            self.combo.addItem(opt.choice_label(choice), choice)
        self.combo.currentIndexChanged.connect(self.edited)
        self.combo.setMaximumWidth(320)
        self._layout.addWidget(self.combo)
        self._finish(self.combo)

    def raw(self) -> Any:
        return self.combo.currentData()

    def set_value(self, value: Any) -> None:
        index = self.combo.findData(value)
        self.combo.setCurrentIndex(max(index, 0))


class _TextField(OptionField):
    def __init__(self, opt: Option, parent: QWidget | None = None) -> None:
        super().__init__(opt, parent)
        self.line = QLineEdit()
        self.line.textEdited.connect(self.edited)
        if opt.widget == "password":
            self.line.setEchoMode(QLineEdit.EchoMode.Password)
        if opt.widget == "url":
            self.line.setPlaceholderText("https://")
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.line, 1)
        if opt.widget == "path":
            browse = QPushButton("Choose…")
            browse.setAccessibleName(f"Choose the {opt.title.lower()}")
            browse.clicked.connect(self._on_browse_clicked)
            row.addWidget(browse)
        self._layout.addLayout(row)
        self._finish(self.line)

    def _on_browse_clicked(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.option.title, self.line.text())
        if path:
            self.line.setText(path)
            self.edited.emit()

    def raw(self) -> Any:
        return self.line.text().strip()

    def set_value(self, value: Any) -> None:
        self.line.setText("" if value is None else str(value))


class _LinesField(OptionField):
    """A list of text, one entry per line."""

    def __init__(self, opt: Option, parent: QWidget | None = None) -> None:
        super().__init__(opt, parent)
        self.edit = QPlainTextEdit()
        self.edit.setPlaceholderText("one per line")
        self.edit.setTabChangesFocus(True)
        self.edit.setFixedHeight(self.edit.fontMetrics().lineSpacing() * 5 + 12)
        self.edit.textChanged.connect(self.edited)
        self._layout.addWidget(self.edit)
        self._finish(self.edit)

    def raw(self) -> Any:
        return [line.strip() for line in self.edit.toPlainText().splitlines() if line.strip()]

    def set_value(self, value: Any) -> None:
        self.edit.setPlainText("\n".join(str(v) for v in value or ()))


_PAIR = re.compile(r"^\s*([^=:]+?)\s*[=:]\s*(.*?)\s*$")


class _TableField(OptionField):
    """A table of names and values, ``name = value`` per line (synonyms: ``word: a, b``)."""

    def __init__(self, opt: Option, parent: QWidget | None = None) -> None:
        super().__init__(opt, parent)
        self.edit = QPlainTextEdit()
        self.edit.setTabChangesFocus(True)
        self.synonyms = opt.widget == "synonyms"
        self.edit.setPlaceholderText(
            "delivery: shipping, courier, parcel" if self.synonyms else "name = value"
        )
        self.edit.setFixedHeight(self.edit.fontMetrics().lineSpacing() * 5 + 12)
        self.edit.textChanged.connect(self.edited)
        self._layout.addWidget(self.edit)
        self._finish(self.edit)

    def raw(self) -> Any:
        table: dict[str, Any] = {}
        for number, line in enumerate(self.edit.toPlainText().splitlines(), 1):
            if not line.strip():
                continue
            match = _PAIR.match(line)
            if match is None:
                if self.synonyms:
                    raise ValueError(
                        f"line {number}: write the word shown, a colon, then the words it"
                        " takes in (delivery: shipping, courier)"
                    )
                raise ValueError(f"line {number}: write name = value")
            name, value = match.groups()
            if self.synonyms:
                # The settings file's form (delivery = ["shipping", "courier"]) reads the same.
                name = name.strip("{\"' ")
                words = (w.strip().strip("\"'") for w in value.strip("[]{} ").split(","))
                table[name] = [w for w in words if w]
            else:
                table[name] = _scalar(value)
        return table

    def set_value(self, value: Any) -> None:
        lines = []
        for name, item in (value or {}).items():
            if self.synonyms:
                lines.append(f"{name}: {', '.join(item)}")
            else:
                lines.append(f"{name} = {item}")
        self.edit.setPlainText("\n".join(lines))


def _scalar(text: str) -> Any:
    """Read a table value as TOML would: a number, true/false, or text (quotes optional)."""
    if text.lower() in ("true", "false"):
        return text.lower() == "true"
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            continue
    return text.strip("\"'")


class MappingField(OptionField):
    """Where each field of an item is in a record: one editable list per field, offering the
    fields the source sent (after a connection test) to pick from. The fields every record
    needs come first, marked "needed"."""

    def __init__(self, opt: Option, parent: QWidget | None = None) -> None:
        super().__init__(opt, parent)
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        self.combos: dict[str, QComboBox] = {}
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setProperty("role", "muted")
        self._layout.addWidget(self.note)
        self.labels: dict[str, QLabel] = {}
        for row, name in enumerate(MAPPABLE_FIELDS):
            label = QLabel()
            combo = QComboBox()
            combo.setEditable(True)
            combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
            combo.setToolTip(f"The field of a record that holds its {FIELD_LABELS[name]}")
            combo.currentTextChanged.connect(self.edited)
            label.setBuddy(combo)
            grid.addWidget(label, row // 2, (row % 2) * 2)
            grid.addWidget(combo, row // 2, (row % 2) * 2 + 1)
            self.combos[name] = combo
            self.labels[name] = label
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        self._layout.addLayout(grid)
        self.needed: tuple[str, ...] = ()
        self._finish(self.combos["text"])
        # After _finish, which names the focus proxy for the whole option.
        self.set_needed(REQUIRED_MAPPING)

    def set_needed(self, needed: Sequence[str]) -> None:
        """Mark the fields every record needs (a CSV file numbers its rows: no id needed)."""
        self.needed = tuple(needed)
        for name, combo in self.combos.items():
            words = FIELD_LABELS[name]
            is_needed = name in self.needed
            self.labels[name].setText(
                f"<b>{words.capitalize()}</b> (needed)" if is_needed else words.capitalize()
            )
            combo.setAccessibleName(f"Field: {words}{' (needed)' if is_needed else ''}")
            line = combo.lineEdit()
            if line is not None:
                line.setPlaceholderText("pick one after a test" if is_needed else "")
        needed = [FIELD_LABELS[n] for n in self.needed]
        self.note.setText(
            f"{', '.join(needed[:-1]).capitalize()} and {needed[-1]} are needed in every record;"
            " the rest is optional. Test the connection to pick from the fields the source"
            " sends."
            if len(needed) > 1
            else "Test the connection to pick from the fields the source sends."
        )

    def offer(self, fields: Sequence[str]) -> None:
        """Offer the fields a source sent for every mapped field, keeping what is set."""
        for combo in self.combos.values():
            current = combo.currentText()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem("")
            combo.addItems(list(fields))
            combo.setCurrentText(current)
            combo.blockSignals(False)

    def suggest(self, pairs: Sequence[tuple[str, str]]) -> list[str]:
        """Fill the empty lists with suggested fields; return the item fields filled."""
        filled = []
        for name, where in pairs:
            combo = self.combos.get(name)
            if combo is not None and not combo.currentText().strip():
                combo.setCurrentText(where)
                filled.append(name)
        return filled

    def missing(self) -> list[str]:
        """Return the needed fields no field is picked for yet."""
        return [n for n in self.needed if not self.combos[n].currentText().strip()]

    def raw(self) -> Any:
        mapping: dict[str, Any] = {}
        for name, combo in self.combos.items():
            text = combo.currentText().strip()
            if not text:
                continue
            parts = [p.strip() for p in text.split("+") if p.strip()]
            mapping[name] = parts if name == "text" and len(parts) > 1 else parts[0]
        return mapping

    def set_value(self, value: Any) -> None:
        for name, combo in self.combos.items():
            where = (value or {}).get(name, "")
            combo.setCurrentText(" + ".join(where) if isinstance(where, list) else str(where))


def make_field(opt: Option, parent: QWidget | None = None) -> OptionField:
    """Return the editor an option's type and widget hint call for."""
    builders: dict[str, Callable[[Option, QWidget | None], OptionField]] = {
        "mapping": MappingField,
        "lines": _LinesField,
        "table": _TableField,
        "synonyms": _TableField,
    }
    if opt.widget in builders:
        return builders[opt.widget](opt, parent)
    if opt.value_type is bool:
        return _BoolField(opt, parent)
    if opt.choices:
        return _ChoiceField(opt, parent)
    if opt.value_type in (int, float):
        return _NumberField(opt, parent)
    if opt.value_type is list:
        return _LinesField(opt, parent)
    if opt.value_type is dict:
        return _TableField(opt, parent)
    return _TextField(opt, parent)
