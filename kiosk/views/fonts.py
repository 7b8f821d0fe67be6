"""The bundled UI font, loaded from package data so every OS draws and measures the same."""

from __future__ import annotations

import logging
from importlib import resources

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

log = logging.getLogger("kiosk.views")

_FONT_FILES = ("Inter-Regular.otf", "Inter-SemiBold.otf")
_loaded: list[str] = []


def load_bundled_fonts() -> str:
    """Register the bundled font with Qt (once) and return its family name.

    Falls back to the system's default family, with a logged warning, when the files are
    missing (a broken install must still show the cloud).
    """
    if _loaded:
        return _loaded[0]
    family = QFont().defaultFamily()
    folder = resources.files("kiosk.assets.fonts")
    for name in _FONT_FILES:
        try:
            data = folder.joinpath(name).read_bytes()
        except OSError as exc:
            log.warning("bundled font %s is missing (%s); using %s", name, exc, family)
            continue
        font_id = QFontDatabase.addApplicationFontFromData(data)
        families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        if families:
            family = families[0]
        else:
            log.warning("bundled font %s could not be loaded; using %s", name, family)
    _loaded.append(family)
    return family


def use_bundled_font() -> str:
    """Make the bundled font the application's (every widget made after this uses it) and
    return its family name."""
    family = load_bundled_fonts()
    app = QApplication.instance()
    if isinstance(app, QApplication):
        font = app.font()
        font.setFamily(family)
        app.setFont(font)
    return family
