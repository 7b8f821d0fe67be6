"""Fixtures for the views: the bundled demo, synced and analysed once per session."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from kiosk.app import Kiosk
from kiosk.settings import Settings
from kiosk.store import Store
from kiosk.views.fonts import use_bundled_font
from kiosk.views.tasks import synchronous


@pytest.fixture(autouse=True, scope="session")
def bundled_font(qapp: QApplication) -> str:
    """Every view measured in the font the app uses, whichever test runs first: a header
    built in Qt's fallback font is wider and elides what the app shows whole."""
    return use_bundled_font()


@pytest.fixture(scope="session")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store with the demo feed synced and analysed (copy it before changing it)."""
    path = tmp_path_factory.mktemp("demo") / "store.sqlite3"
    store = Store(path)
    kiosk = Kiosk(Settings(), store, executor=synchronous)
    try:
        kiosk.start(sync=False)
    finally:
        kiosk.stop()
        kiosk.window.deleteLater()
        store.close()
    return path


@pytest.fixture
def demo_store(demo_file: Path, tmp_path: Path) -> Iterator[Store]:
    """A copy of the synced demo store, for one test to change as it likes."""
    path = tmp_path / "store.sqlite3"
    shutil.copy(demo_file, path)
    store = Store(path)
    yield store
    store.close()
