"""Surface colours of the two themes (the kind colours live with the cloud's palette)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Theme:
    """Background, text and secondary colours of one theme, as hex strings."""

    name: str
    background: str
    surface: str
    text: str
    muted: str
    accent: str


DARK = Theme("dark", "#101418", "#1a2027", "#eef2f5", "#a9b4bf", "#7fb3ff")
LIGHT = Theme("light", "#fbfbf9", "#eef0f2", "#14181c", "#4a5560", "#1f5fbf")


def theme_named(name: str) -> Theme:
    """Return the theme for a settings value ('dark' or 'light')."""
    return LIGHT if name == "light" else DARK


def stylesheet(theme: Theme) -> str:
    """Return the application style sheet for a theme."""
    return f"""
        QMainWindow, QWidget#central {{ background: {theme.background}; color: {theme.text}; }}
        QWidget#header {{ background: {theme.surface}; }}
        QLabel {{ color: {theme.text}; }}
        QLabel[role="muted"] {{ color: {theme.muted}; }}
        QLabel[role="title"] {{ font-weight: 600; }}
        QFrame#banner {{ background: {theme.surface}; border-bottom: 1px solid {theme.muted}; }}
        QToolButton {{ color: {theme.text}; background: transparent; border: none; }}
    """


# Kind colours per (theme, palette). Each passes 4.5:1 against its theme's background; the
# colour-blind set is built on Okabe-Ito hues (blue / orange / vermillion) instead of the
# red-green pair that about one man in twelve cannot tell apart.
_KIND_COLORS: dict[tuple[str, str], dict[str, str]] = {
    ("dark", "standard"): {
        "compliment": "#5cd18b",
        "idea": "#f5a445",
        "complaint": "#ff6b6b",
        "unclassified": "#8f9ba7",
    },
    ("light", "standard"): {
        "compliment": "#1b7a3a",
        "idea": "#a34f00",
        "complaint": "#c22a2f",
        "unclassified": "#5f6b76",
    },
    ("dark", "colorblind"): {
        "compliment": "#56b4e9",
        "idea": "#e6a817",
        "complaint": "#ff8a4c",
        "unclassified": "#9aa4ae",
    },
    ("light", "colorblind"): {
        "compliment": "#0066a6",
        "idea": "#8a5a00",
        "complaint": "#b84a00",
        "unclassified": "#5f6b76",
    },
}


def kind_color_names(theme: str, palette: str) -> dict[str, str]:
    """Return the hex colour of each kind (by its value) for a theme and palette."""
    return dict(_KIND_COLORS.get((theme, palette), _KIND_COLORS[("dark", "standard")]))
