"""The one place sync meets Qt: signals the UI connects to, emitted from the worker thread.

Qt queues a signal emitted on another thread to receivers living on the main thread, so slots
run on the UI thread and may touch widgets; nothing here touches a widget itself.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject, Signal

from kiosk.sync.service import SyncService
from kiosk.sync.status import FeedReport, SyncStatus

__all__ = ["QtSync"]


class QtSync(QObject):
    """Relays a :class:`SyncService`'s passes as Qt signals, and stops it when the app quits.

    Signals:
        sync_finished(FeedReport): a feed's pass succeeded (possibly with nothing new).
        sync_failed(FeedReport): a feed's pass failed; ``report.error`` says why in words.
        status_changed(str, dict): the summary line ("live", "offline — showing data from
            14:02") and every feed's :class:`SyncStatus`, after every pass.
    """

    sync_finished = Signal(object)
    sync_failed = Signal(object)
    status_changed = Signal(str, object)

    def __init__(self, service: SyncService, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.service = service
        service.add_listener(self._on_service_pass)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.stop)

    def start(self) -> None:
        """Start the service's worker thread."""
        self.service.start()

    def stop(self) -> None:
        """Stop the worker (between two pages; committed work is kept)."""
        self.service.stop()

    def _on_service_pass(
        self, report: FeedReport | None, statuses: dict[str, SyncStatus], line: str
    ) -> None:
        # Runs on the worker thread; the emits below are queued to the receivers' thread.
        if report is not None:
            (self.sync_finished if report.ok else self.sync_failed).emit(report)
        self.status_changed.emit(line, statuses)
