"""Guard the Qt binding itself: a kiosk runs for weeks and calls Qt millions of times."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot


def test_void_qt_calls_keep_none_alive(qtbot: QtBot) -> None:
    # PySide6 6.12.0 on CPython 3.11 dropped a reference to None on every call that returns
    # nothing; the interpreter aborted after a few thousand painted words. pyproject.toml
    # excludes it; this fails (instead of a wall screen crashing) if it comes back.
    widget = QWidget()
    qtbot.addWidget(widget)
    before = sys.getrefcount(None)
    for _ in range(1000):
        widget.update()
    assert sys.getrefcount(None) >= before - 10
