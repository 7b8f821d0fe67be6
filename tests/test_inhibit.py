"""Keeping the wall's screen on: against a real session D-Bus and a real X server (Xvfb)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.inhibit import ScreenAwake
from tests.xserver import XClient, xvfb

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="D-Bus and X11 are Linux's")

# A stand-in for a desktop's screensaver service: it owns org.freedesktop.ScreenSaver on the
# bus, hands out cookies, and prints every call it answers.
FAKE_SCREENSAVER = r"""
import sys
from jeepney import HeaderFields, MessageType, new_error, new_method_return
from jeepney.bus_messages import message_bus
from jeepney.io.blocking import open_dbus_connection

connection = open_dbus_connection(bus=sys.argv[1])
connection.send_and_get_reply(message_bus.RequestName("org.freedesktop.ScreenSaver"))
print("ready", flush=True)
cookie = 40
while True:
    message = connection.receive()
    if message.header.message_type != MessageType.method_call:
        continue
    fields = message.header.fields
    member = fields.get(HeaderFields.member)
    where = (fields.get(HeaderFields.path), fields.get(HeaderFields.interface))
    if member == "Inhibit" and where == (
        "/org/freedesktop/ScreenSaver", "org.freedesktop.ScreenSaver"
    ):
        cookie += 1
        print("Inhibit", repr(message.body), cookie, flush=True)
        connection.send(new_method_return(message, "u", (cookie,)))
    elif member == "UnInhibit":
        print("UnInhibit", repr(message.body), flush=True)
        connection.send(new_method_return(message))
    else:
        connection.send(new_error(message, "org.freedesktop.DBus.Error.UnknownMethod"))
"""


@pytest.fixture
def session_bus(tmp_path: Path) -> Iterator[str]:
    """A real session bus of our own (dbus-daemon), torn down after the test."""
    if shutil.which("dbus-daemon") is None:
        pytest.skip("dbus-daemon is not installed (apt-get install dbus-daemon)")
    daemon = subprocess.Popen(
        ["dbus-daemon", "--session", "--nofork", "--nopidfile", "--print-address=1"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert daemon.stdout is not None
        address = daemon.stdout.readline().strip()
        assert address.startswith("unix:"), address
        yield address
    finally:
        daemon.terminate()
        daemon.wait(10)
        if daemon.stdout is not None:
            daemon.stdout.close()


@pytest.fixture
def screensaver(session_bus: str) -> Iterator[subprocess.Popen[str]]:
    """The stand-in screensaver service, registered on the session bus."""
    service = subprocess.Popen(
        [sys.executable, "-c", FAKE_SCREENSAVER, session_bus], stdout=subprocess.PIPE, text=True
    )
    try:
        assert service.stdout is not None
        assert service.stdout.readline().strip() == "ready"
        yield service
    finally:
        service.terminate()
        service.wait(10)
        if service.stdout is not None:
            service.stdout.close()


def test_the_session_screensaver_is_inhibited_and_released(
    session_bus: str, screensaver: subprocess.Popen[str]
) -> None:
    awake = ScreenAwake(reason="a wall", environ={"DBUS_SESSION_BUS_ADDRESS": session_bus})
    assert awake.start() == ["org.freedesktop.ScreenSaver (D-Bus)"]
    assert screensaver.stdout is not None
    assert screensaver.stdout.readline().strip() == "Inhibit ('voc-kiosk', 'a wall') 41"
    assert awake.heartbeat_seconds is None  # the bus holds it; nothing to renew
    awake.release()
    assert screensaver.stdout.readline().strip() == "UnInhibit (41,)"
    assert awake.names == []


def test_a_bus_with_no_screensaver_holds_nothing(session_bus: str) -> None:
    awake = ScreenAwake(environ={"DBUS_SESSION_BUS_ADDRESS": session_bus})
    assert awake.start() == []
    awake.release()


@pytest.fixture
def xserver() -> Iterator[str]:
    """A real X server (Xvfb) with no window manager and no session, as an xinit kiosk."""
    with xvfb("320x240") as display:
        yield display


@pytest.mark.slow
def test_the_x_screensaver_stays_off_without_a_session(xserver: str) -> None:
    """No session bus (an xinit kiosk): the X server's own screensaver is held off."""
    x = XClient(xserver)
    try:
        x.set_screensaver_timeout(2)
        awake = ScreenAwake(environ={"DISPLAY": xserver})
        assert awake.start() == ["X11 screensaver reset every 1 s"]
        beat = awake.heartbeat_seconds
        assert beat == 1.0, "twice per timeout"
        on = []
        for _ in range(round(5 / beat)):
            time.sleep(beat)
            awake.poke()
            on.append(x.screensaver_on())
        assert not any(on), "the screensaver came on while the wall ran"
        awake.release()
        # Released: the X server's own timer runs out again, as it would with no kiosk.
        deadline = time.monotonic() + 10
        while not x.screensaver_on():
            assert time.monotonic() < deadline, "the screensaver never came back after release"
            time.sleep(0.2)
    finally:
        x.close()


def test_nothing_to_ask_holds_nothing() -> None:
    awake = ScreenAwake(environ={})
    started = awake.start()
    if sys.platform == "linux":
        assert started == []
    awake.release()
    assert awake.names == []


def test_the_environment_is_read_when_none_is_given(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    assert ScreenAwake().start() == []
