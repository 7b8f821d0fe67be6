"""Closing the wall: a passer-by cannot (Alt+F4, the window manager, Ctrl+Q ask for the admin
PIN); a service manager's stop always can; the desk closes as any window."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.adminpin import hash_pin
from kiosk.app import Kiosk
from kiosk.autostart import LEFT_BY_ADMIN
from kiosk.settings import Settings
from kiosk.store import Store
from kiosk.views import pin_dialog
from kiosk.views.tasks import synchronous


def wall_kiosk(qtbot: QtBot, store: Store, tmp_path: Path, pin: str = "") -> Kiosk:
    settings = Settings().replace(profile="wall", wall__admin_pin=hash_pin(pin) if pin else "")
    kiosk = Kiosk(settings, store, executor=synchronous, settings_path=tmp_path / "s.toml")
    qtbot.addWidget(kiosk.window)
    kiosk.window.show()
    qtbot.waitExposed(kiosk.window)
    return kiosk


@pytest.fixture
def typed_pins(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The PINs a person types into the prompt, one per prompt; what the prompt said."""
    pins: list[str] = []

    def exec_typing(self: pin_dialog.PinDialog) -> int:
        self.pin.setText(pins.pop(0))
        self.try_pin()
        return int(self.result())

    monkeypatch.setattr(pin_dialog.PinDialog, "exec", exec_typing)
    yield pins


def close_and_wait(qtbot: QtBot, kiosk: Kiosk) -> None:
    """A close request, as Alt+F4 or the window manager's close button sends it."""
    with qtbot.waitSignal(kiosk.window.close_requested, timeout=1000):
        assert not kiosk.window.close()
    qtbot.waitUntil(lambda: not kiosk.wall.asking_to_leave, timeout=3000)


def test_a_close_request_without_a_pin_set_stays_and_says_how_to_set_one(
    qtbot: QtBot, store: Store, tmp_path: Path
) -> None:
    kiosk = wall_kiosk(qtbot, store, tmp_path)
    try:
        close_and_wait(qtbot, kiosk)
        assert kiosk.window.isVisible()
        assert any(
            "leave the kiosk" in t and "voc-kiosk admin set-pin" in t
            for t in kiosk.window.banner.texts
        )
    finally:
        kiosk.stop()


def test_a_wrong_pin_keeps_the_wall_and_the_right_one_closes_it(
    qtbot: QtBot,
    store: Store,
    tmp_path: Path,
    typed_pins: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    kiosk = wall_kiosk(qtbot, store, tmp_path, pin="4821")
    try:
        typed_pins.append("1111")
        close_and_wait(qtbot, kiosk)
        assert kiosk.window.isVisible()
        typed_pins.append("4821")
        exits: list[int] = []
        monkeypatch.setattr(QCoreApplication, "exit", staticmethod(exits.append))
        close_and_wait(qtbot, kiosk)
        assert not kiosk.window.isVisible()
        # The exit code the autostart unit does not restart after.
        assert exits == [LEFT_BY_ADMIN]
    finally:
        kiosk.stop()


def test_ctrl_q_on_the_wall_asks_too(
    qtbot: QtBot, store: Store, tmp_path: Path, typed_pins: list[str]
) -> None:
    kiosk = wall_kiosk(qtbot, store, tmp_path, pin="4821")
    try:
        kiosk.window.activateWindow()
        qtbot.waitUntil(kiosk.window.isActiveWindow)
        typed_pins.append("0000")
        with qtbot.waitSignal(kiosk.window.close_requested, timeout=1000):
            qtbot.keyClick(kiosk.window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda: not typed_pins, timeout=3000)
        assert kiosk.window.isVisible()
    finally:
        kiosk.stop()


def test_the_desk_closes_at_once(qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    kiosk = Kiosk(Settings(), store, executor=synchronous, settings_path=tmp_path / "s.toml")
    qtbot.addWidget(kiosk.window)
    kiosk.window.show()
    qtbot.waitExposed(kiosk.window)
    try:
        kiosk.window.activateWindow()
        qtbot.waitUntil(kiosk.window.isActiveWindow)
        with qtbot.assertNotEmitted(kiosk.window.close_requested):
            qtbot.keyClick(kiosk.window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
        assert not kiosk.window.isVisible()
    finally:
        kiosk.stop()
    QApplication.processEvents()


def run_wall(tmp_path: Path, *extra: str) -> subprocess.Popen[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env.pop("DBUS_SESSION_BUS_ADDRESS", None)
    return subprocess.Popen(
        [
            *(sys.executable, "-m", "kiosk", "--demo", "--profile", "wall"),
            *("--data-dir", str(tmp_path / "data"), "--config", str(tmp_path / "s.toml")),
            *extra,
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_for_start(process: subprocess.Popen[str], log: Path) -> None:
    deadline = time.monotonic() + 60
    # Said once the wall shows: what keeps its screen on, or that nothing does.
    while "the screen" not in (log.read_text() if log.exists() else ""):
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the wall did not start"
        time.sleep(0.2)


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_a_service_stop_quits_the_wall_cleanly_with_exit_0(tmp_path: Path, sig: int) -> None:
    wall = run_wall(tmp_path)
    try:
        wait_for_start(wall, tmp_path / "data" / "logs" / "voc-kiosk.log")
        wall.send_signal(sig)
        _out, err = wall.communicate(timeout=30)
    finally:
        if wall.poll() is None:
            wall.kill()
            wall.communicate()
    assert wall.returncode == 0, err
    assert "Traceback" not in err


@pytest.mark.slow
def test_quit_after_ends_the_wall_with_exit_0(tmp_path: Path) -> None:
    wall = run_wall(tmp_path, "--quit-after", "3")
    _out, err = wall.communicate(timeout=120)
    assert wall.returncode == 0, err
