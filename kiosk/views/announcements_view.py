"""The wall's "You said … / We are doing …": recent announcements, as the floor should see them.

Each shows the word customers used, what the company is doing about it and when they can
expect it, and how many customers the announcement reached. Never a name: neither a
customer's nor the sender's. Shows the :class:`~kiosk.outbox.values.Announced` values the
kiosk hands it (``Kiosk.announcements``); everything is plain text.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QResizeEvent
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from kiosk.outbox.values import Announced
from kiosk.views.theme import Theme

__all__ = ["AnnouncementsView", "reached_text"]

SHOWN = 3
# Each line's size against the body text: the word customers used stands out.
_SCALE = {"said": 1.4, "reached": 0.8}


def reached_text(item: Announced) -> str:
    """Return how many customers an announcement reached, and when it went out."""
    who = f"{item.reached:,} customer{'s' if item.reached != 1 else ''}"
    return f"Told {who} · {item.at.astimezone():%-d %b %Y}"


def _style(theme: Theme) -> str:
    return f"""
        QWidget#announcements {{ background: {theme.background}; }}
        QWidget#announcements QLabel {{ color: {theme.text}; }}
        QWidget#announcements QLabel[role="muted"] {{ color: {theme.muted}; }}
        QWidget#announcements QLabel[role="said"] {{ color: {theme.accent}; }}
        QWidget#announcements QFrame[role="card"] {{
            background: {theme.surface}; border-radius: 10px;
        }}
    """


def _label(text: str, role: str = "", *, wrap: bool = True) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(wrap)
    if role:
        label.setProperty("role", role)
    return label


class AnnouncementsView(QWidget):
    """Up to three recent announcements, newest first, in type readable across a room."""

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("announcements")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setAccessibleName("What customers said, and what we are doing about it")
        self.items: list[Announced] = []
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(48, 32, 48, 32)
        self._layout.setSpacing(24)
        self.title = _label("You said … We are doing …")
        self._layout.addWidget(self.title)
        self.cards: list[QFrame] = []
        self.empty = _label(
            "When the company answers everyone behind a word, it shows here.", "muted"
        )
        self._layout.addWidget(self.empty)
        self._layout.addStretch(1)
        self._px = 16
        self.apply_theme(theme)

    def apply_theme(self, theme: Theme) -> None:
        """Restyle for a theme."""
        self.setStyleSheet(_style(theme))

    def show_announcements(self, items: Sequence[Announced]) -> None:
        """Show the newest announcements (at most three)."""
        self.items = list(items)[:SHOWN]
        for card in self.cards:
            self._layout.removeWidget(card)
            card.deleteLater()
        self.cards = []
        for i, item in enumerate(self.items):
            card = QFrame()
            card.setProperty("role", "card")
            card.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
            box = QVBoxLayout(card)
            box.setContentsMargins(24, 16, 24, 16)
            box.setSpacing(6)
            said = _label(f"You said: “{item.term_label}”", "said")
            said.setObjectName("said")
            doing = _label(f"We are doing: {item.what_we_do or 'we are on it.'}")
            doing.setObjectName("doing")
            box.addWidget(said)
            box.addWidget(doing)
            if item.when_expected:
                when = _label(f"You can expect it {item.when_expected}")
                when.setObjectName("when")
                box.addWidget(when)
            reached = _label(reached_text(item), "muted")
            reached.setObjectName("reached")
            box.addWidget(reached)
            card.setAccessibleName(
                f"You said {item.term_label}. We are doing: {item.what_we_do}."
                f" {item.when_expected}. {reached_text(item)}"
            )
            self._layout.insertWidget(1 + i, card)
            self.cards.append(card)
        self.empty.setVisible(not self.items)
        self._apply_fonts()

    def texts(self) -> list[str]:
        """Return every text shown (what a test reads, what a screen reader says)."""
        found = [self.title.text()]
        for card in self.cards:
            found += [label.text() for label in card.findChildren(QLabel)]
        return found

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Size the type for the screen: read across a room."""
        super().resizeEvent(event)
        self._px = max(16, round(self.window().height() / 36))
        self._apply_fonts()

    def _apply_fonts(self) -> None:
        px = self._px
        title = QFont(self.title.font())
        title.setPixelSize(round(px * 1.6))
        title.setWeight(QFont.Weight.DemiBold)
        self.title.setFont(title)
        for card in self.cards:
            for label in card.findChildren(QLabel):
                font = QFont(label.font())
                name = label.objectName()
                font.setPixelSize(round(px * _SCALE.get(name, 1.0)))
                font.setWeight(QFont.Weight.DemiBold if name == "said" else QFont.Weight.Normal)
                label.setFont(font)
        empty = QFont(self.empty.font())
        empty.setPixelSize(px)
        self.empty.setFont(empty)
