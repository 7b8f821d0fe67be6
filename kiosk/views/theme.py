"""Surface colours of the two themes and the window style sheet, from the cloud palette."""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.views.palette import cloud_palette


@dataclass(frozen=True, slots=True)
class Theme:
    """Background, text and secondary colours of one theme, as hex strings."""

    name: str
    background: str
    surface: str
    text: str
    muted: str
    accent: str


def theme_named(name: str) -> Theme:
    """Return the theme for a settings value ('dark' or 'light'), built on the cloud palette
    so the window and the cloud share one background."""
    name = "light" if name == "light" else "dark"
    p = cloud_palette("standard", name)
    accent = "#1F5FBF" if name == "light" else "#7FB3FF"
    return Theme(name, p.background, p.panel, p.text, p.muted_text, accent)


DARK = theme_named("dark")


def stylesheet(theme: Theme) -> str:
    """Return the application style sheet for a theme."""
    return f"""
        QMainWindow, QWidget#central {{ background: {theme.background}; color: {theme.text}; }}
        QWidget#header {{ background: {theme.surface}; }}
        QLabel {{ color: {theme.text}; }}
        QLabel[role="muted"] {{ color: {theme.muted}; }}
        QLabel[role="title"] {{ font-weight: 600; }}
        QLabel[role="alert"] {{ font-weight: 700; }}
        QFrame#banner {{ background: {theme.surface}; border-bottom: 1px solid {theme.muted}; }}
        QToolButton {{ color: {theme.text}; background: transparent; border: none; }}
        QWidget#drilldown {{ background: {theme.surface}; color: {theme.text}; }}
        QWidget#drilldown QTableView, QWidget#drilldown QTreeWidget,
        QWidget#drilldown QTextBrowser {{
            background: {theme.background}; color: {theme.text};
            alternate-background-color: {theme.surface}; gridline-color: {theme.surface};
            selection-background-color: {theme.accent}; selection-color: {theme.background};
            border: 1px solid {theme.surface};
        }}
        QWidget#drilldown QHeaderView::section {{
            background: {theme.surface}; color: {theme.muted}; border: none; padding: 4px;
        }}
        QWidget#drilldown QLineEdit, QWidget#drilldown QComboBox,
        QWidget#drilldown QPushButton {{
            background: {theme.background}; color: {theme.text};
            border: 1px solid {theme.muted}; border-radius: 4px; padding: 3px 8px;
        }}
        QWidget#drilldown QPushButton:disabled {{ color: {theme.muted}; }}
        QWidget#drilldown QPushButton:focus, QWidget#drilldown QLineEdit:focus,
        QWidget#drilldown QComboBox:focus {{ border: 2px solid {theme.accent}; }}
        QDockWidget {{ background: {theme.surface}; }}
        QWidget#headline {{ background: {theme.surface}; }}
        QWidget#walldetail {{ background: {theme.surface}; color: {theme.text}; }}
        QWidget#headline QLabel {{ color: {theme.accent}; font-weight: 600; }}
        QWidget#explore {{ background: {theme.surface}; border-top: 1px solid {theme.background}; }}
        QWidget#explore QToolButton {{
            border: 1px solid {theme.muted}; border-radius: 4px; padding: 3px 8px;
        }}
        QWidget#explore QToolButton::menu-indicator {{ image: none; width: 0px; }}
        QWidget#explore QToolButton:checked {{
            background: {theme.accent}; color: {theme.background};
        }}
        QWidget#explore QToolButton[role="chip"] {{
            border: 1px solid {theme.accent}; border-radius: 11px; padding: 2px 10px;
            color: {theme.accent};
        }}
        QWidget#explore QToolButton:focus, QWidget#explore QLineEdit:focus {{
            border: 2px solid {theme.accent};
        }}
        QWidget#explore QLineEdit {{
            background: {theme.background}; color: {theme.text};
            border: 1px solid {theme.muted}; border-radius: 4px; padding: 3px 8px;
        }}
        QWidget#movers {{ background: {theme.background}; color: {theme.text}; }}
        QWidget#movers QTreeWidget {{
            background: {theme.background}; color: {theme.text}; border: none;
            alternate-background-color: {theme.surface};
            selection-background-color: {theme.accent}; selection-color: {theme.background};
        }}
        QWidget#movers QHeaderView::section {{
            background: {theme.background}; color: {theme.muted}; border: none; padding: 4px;
        }}
        QMenu {{
            background: {theme.surface}; color: {theme.text}; border: 1px solid {theme.muted};
        }}
        QMenu::item:selected {{ background: {theme.accent}; color: {theme.background}; }}
        QMenu::item:disabled {{ color: {theme.muted}; }}
        QDialog, QDialog QWidget#settings-page, QDialog QScrollArea > QWidget > QWidget {{
            background: {theme.surface}; color: {theme.text};
        }}
        QDialog QLineEdit, QDialog QPlainTextEdit, QDialog QComboBox, QDialog QSpinBox,
        QDialog QDoubleSpinBox, QDialog QListWidget, QDialog QTableWidget,
        QDialog QTextBrowser, QDialog QScrollArea {{
            background: {theme.background}; color: {theme.text};
            border: 1px solid {theme.muted}; border-radius: 3px;
            selection-background-color: {theme.accent}; selection-color: {theme.background};
        }}
        QDialog QLineEdit, QDialog QComboBox, QDialog QSpinBox, QDialog QDoubleSpinBox {{
            padding: 2px 6px;
        }}
        QDialog QLineEdit:disabled {{ color: {theme.muted}; }}
        QDialog QPushButton, QDialog QToolButton {{
            background: {theme.background}; color: {theme.text};
            border: 1px solid {theme.muted}; border-radius: 4px; padding: 4px 10px;
        }}
        QDialog QPushButton:disabled {{ color: {theme.muted}; }}
        QDialog QGroupBox {{
            color: {theme.text}; border: 1px solid {theme.muted}; border-radius: 4px;
            margin-top: 16px; padding: 10px 6px 6px 6px; font-weight: 600;
        }}
        QDialog QGroupBox::title {{ subcontrol-origin: margin; left: 8px; padding: 0 4px; }}
        QDialog QCheckBox {{ color: {theme.text}; }}
        QDialog QHeaderView::section {{
            background: {theme.surface}; color: {theme.muted}; border: none; padding: 3px;
        }}
        QDialog QPushButton:focus, QDialog QLineEdit:focus, QDialog QComboBox:focus,
        QDialog QSpinBox:focus, QDialog QPlainTextEdit:focus, QDialog QCheckBox:focus,
        QDialog QListWidget:focus {{ border: 2px solid {theme.accent}; }}
    """


def kind_color_names(theme: str, palette: str) -> dict[str, str]:
    """Return the hex colour of each kind (by its value) for a theme and palette."""
    return {k.value: v for k, v in cloud_palette(palette, theme).kinds.items()}
