"""The composition root: wires settings, store, background work and views into one kiosk.

``Kiosk`` (``root``) builds the window, the store's services and the work queue, and hands
each job to a part of its own module.
"""

from kiosk.app.drill import DRILLDOWN_FIRST_ROWS, DRILLDOWN_MAX_ROWS
from kiosk.app.hooks import ensure_app, install_exception_hooks
from kiosk.app.parts import kind_colors
from kiosk.app.root import Kiosk
from kiosk.app.settings import KioskServices
from kiosk.app.startup import StoreOpener
from kiosk.snapshots import META_SCREEN

__all__ = [
    "DRILLDOWN_FIRST_ROWS",
    "DRILLDOWN_MAX_ROWS",
    "META_SCREEN",
    "Kiosk",
    "KioskServices",
    "StoreOpener",
    "ensure_app",
    "install_exception_hooks",
    "kind_colors",
]
