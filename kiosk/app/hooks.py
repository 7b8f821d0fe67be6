"""The process's Qt application and what happens to an exception nobody caught."""

from __future__ import annotations

import logging
import sys
import threading
from types import TracebackType

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication

from kiosk.screens import Severity
from kiosk.views.dashboard_model import DashboardModel


class _ExceptionBridge(QObject):
    """Carries uncaught exceptions from any thread to the banner on the UI thread."""

    raised = Signal(str)


def install_exception_hooks(model: DashboardModel) -> None:
    """Log uncaught exceptions from any thread and show them as a banner, never a modal box."""
    bridge = _ExceptionBridge(model)
    bridge.raised.connect(lambda text: model.notify(text, Severity.ERROR))

    def report(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        logging.getLogger("kiosk").error("uncaught exception", exc_info=(exc_type, exc, tb))
        bridge.raised.emit(f"Something went wrong: {exc_type.__name__}: {exc} (details in the log)")

    sys.excepthook = report
    threading.excepthook = lambda args: report(
        args.exc_type, args.exc_value or args.exc_type(), args.exc_traceback
    )


def ensure_app() -> QApplication:
    """Return the running QApplication, creating it the first time."""
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app
    app = QApplication(sys.argv[:1])
    app.setApplicationName("voc-kiosk")
    app.setOrganizationName("voc-kiosk")
    return app
