"""The wall's admin PIN prompt: five wrong tries lock it for a minute; it closes itself when idle.

A prompt left open on an unattended screen would wait for a click for ever: after
``IDLE_SECONDS`` without a key it closes, as if cancelled.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from kiosk.adminpin import PinGate

__all__ = ["IDLE_SECONDS", "PinDialog", "ask_pin"]

IDLE_SECONDS = 30


class PinDialog(QDialog):
    """Asks for the admin PIN before something only an admin may do.

    Args:
        gate: counts the tries and knows the PIN's hash.
        what: what the PIN is for ("open the settings", "leave the kiosk").
    """

    def __init__(self, gate: PinGate, what: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.gate = gate
        self.setWindowTitle("Admin PIN")
        self.setAccessibleName("Admin PIN")
        self.prompt = QLabel(f"The admin PIN, to {what}:")
        self.pin = QLineEdit()
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setAccessibleName("Admin PIN")
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName("What happened")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.try_pin)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.prompt)
        layout.addWidget(self.pin)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.setInterval(IDLE_SECONDS * 1000)
        self._idle.timeout.connect(self.reject)
        self._idle.start()
        self.pin.textEdited.connect(lambda _text: self._idle.start())
        wait = gate.locked_for()
        if wait > 0:
            self.message.setText(f"Too many wrong PINs: try again in {wait:.0f} s.")

    def try_pin(self) -> None:
        """Check the PIN typed; accept the dialog when it is right."""
        self._idle.start()
        problem = self.gate.attempt(self.pin.text())
        self.pin.clear()
        if problem is None:
            self.accept()
            return
        self.message.setText(problem[0].upper() + problem[1:] + ".")


def ask_pin(parent: QWidget, gate: PinGate, what: str) -> bool:
    """Ask for the admin PIN; return whether the right one was given."""
    dialog = PinDialog(gate, what, parent)
    try:
        return dialog.exec() == QDialog.DialogCode.Accepted
    finally:
        dialog.deleteLater()
