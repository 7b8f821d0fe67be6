"""The dashboard model: the one object views subscribe to for data and notices."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from kiosk.screens import DashboardSnapshot, HeaderState, Notice, Severity


class DashboardModel(QObject):
    """Holds the latest dashboard snapshot and publishes changes.

    Signals:
        header_changed(HeaderState): the header figures changed.
        terms_changed(tuple): the cloud's term statistics changed (a tuple of TermStat).
        headline_changed(tuple): the wall's headline changed (its pieces, as text).
        notified(Notice): a message for the banner.
    """

    header_changed = Signal(object)
    terms_changed = Signal(object)
    headline_changed = Signal(object)
    notified = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._snapshot = DashboardSnapshot(revision=0, header=HeaderState())

    @property
    def snapshot(self) -> DashboardSnapshot:
        """The latest snapshot."""
        return self._snapshot

    @property
    def header(self) -> HeaderState:
        """The latest header figures."""
        return self._snapshot.header

    def publish(self, snapshot: DashboardSnapshot) -> None:
        """Take a new snapshot; an older revision than the current one is dropped."""
        if snapshot.revision < self._snapshot.revision:
            return
        old, self._snapshot = self._snapshot, snapshot
        if snapshot.header != old.header:
            self.header_changed.emit(snapshot.header)
        if snapshot.terms != old.terms:
            self.terms_changed.emit(snapshot.terms)
        if snapshot.headline != old.headline:
            self.headline_changed.emit(snapshot.headline)

    def set_connection(self, connection: str) -> None:
        """Change only the connection line of the header ("live", "offline — ...")."""
        from dataclasses import replace

        header = replace(self._snapshot.header, connection=connection)
        self.publish(replace(self._snapshot, header=header))

    def notify(self, text: str, severity: Severity = Severity.INFO) -> None:
        """Send a message to the banner."""
        self.notified.emit(Notice(text, severity))
