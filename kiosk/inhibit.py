"""Keep a wall's screen on: no screensaver and no display power saving while it runs.

Each platform's own way, every one that answers, all let go by ``release``:

- Linux and the BSDs, a desktop session: ``org.freedesktop.ScreenSaver.Inhibit`` (KDE,
  Xfce, LXQt, ...) and ``org.gnome.SessionManager.Inhibit`` (GNOME) on the session D-Bus,
  through jeepney. The bus also drops them when the process dies.
- An X server, with or without a session (an ``xinit`` kiosk has no session bus and no
  desktop to ask): the X server's own screensaver and DPMS timers are reset with
  ``XResetScreenSaver`` on a heartbeat shorter than the shortest timeout.
- Windows: ``SetThreadExecutionState`` (display and system required) on the calling thread,
  which must live as long as the hold (the UI thread).
- macOS: ``caffeinate -d -i -w PID``, which ends by itself if the kiosk dies.

wakepy covers the session bus, Windows and macOS, but not an X server without a session
bus, the common kiosk; this module does all four in one place. Qt-free.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import os
import subprocess
import sys
from collections.abc import Callable, Mapping
from typing import Any, Protocol

__all__ = ["HEARTBEAT_SECONDS", "Hold", "ScreenAwake"]

log = logging.getLogger("kiosk.inhibit")

HEARTBEAT_SECONDS = 30.0
"""The longest pause between two resets of the X screensaver (shorter when its timeout is)."""

_DBUS_TIMEOUT = 2.0
# org.gnome.SessionManager.Inhibit flags: 8 = the session must not be marked idle.
_GNOME_INHIBIT_IDLE = 8
_ES_CONTINUOUS = 0x80000000
_ES_SYSTEM_REQUIRED = 0x00000001
_ES_DISPLAY_REQUIRED = 0x00000002


class Hold(Protocol):
    """One way of keeping the screen on, held until released."""

    name: str

    def poke(self) -> None:
        """Tell the platform again that someone is here (a heartbeat; most need none)."""

    def release(self) -> None:
        """Let the screen sleep again."""


class _DBusHold:
    """Inhibits held on the session bus; the open connection keeps them."""

    def __init__(self, connection: Any, name: str, releases: list[Callable[[], None]]) -> None:
        self._connection = connection
        self.name = name
        self._releases = releases

    def poke(self) -> None:
        """Nothing: the bus holds an inhibit until it is released or the kiosk is gone."""

    def release(self) -> None:
        for release in self._releases:
            try:
                release()
            except Exception as exc:  # the screen may sleep on exit; nothing to undo then
                log.info("releasing a D-Bus inhibit failed: %s", exc)
        self._connection.close()


def _dbus_hold(app_name: str, reason: str, environ: Mapping[str, str]) -> _DBusHold | None:
    """Inhibit the session's screensaver over D-Bus; None when there is no bus or no one."""
    address = environ.get("DBUS_SESSION_BUS_ADDRESS")
    if not address:
        return None
    try:
        from jeepney import DBusAddress, new_method_call
        from jeepney.io.blocking import open_dbus_connection
        from jeepney.wrappers import unwrap_msg
    except ImportError:
        log.info("jeepney is not installed: the session's screensaver is not asked")
        return None
    try:
        connection = open_dbus_connection(bus=address)
    except (OSError, KeyError, ValueError, StopIteration) as exc:
        log.info("the session bus cannot be reached (%s)", exc)
        return None

    def call(address: Any, method: str, signature: str, body: tuple[Any, ...]) -> Any:
        message = new_method_call(address, method, signature, body)
        return unwrap_msg(connection.send_and_get_reply(message, timeout=_DBUS_TIMEOUT))

    names: list[str] = []
    releases: list[Callable[[], None]] = []
    freedesktop = DBusAddress(
        "/org/freedesktop/ScreenSaver",
        bus_name="org.freedesktop.ScreenSaver",
        interface="org.freedesktop.ScreenSaver",
    )
    gnome = DBusAddress(
        "/org/gnome/SessionManager",
        bus_name="org.gnome.SessionManager",
        interface="org.gnome.SessionManager",
    )
    try:
        (cookie,) = call(freedesktop, "Inhibit", "ss", (app_name, reason))
        names.append("org.freedesktop.ScreenSaver")
        releases.append(lambda: call(freedesktop, "UnInhibit", "u", (cookie,)))
    except Exception as exc:  # no such service, or it refused: try the next
        log.info("org.freedesktop.ScreenSaver did not inhibit: %s", exc)
    try:
        (gnome_cookie,) = call(gnome, "Inhibit", "susu", (app_name, 0, reason, _GNOME_INHIBIT_IDLE))
        names.append("org.gnome.SessionManager")
        releases.append(lambda: call(gnome, "Uninhibit", "u", (gnome_cookie,)))
    except Exception as exc:
        log.info("org.gnome.SessionManager did not inhibit: %s", exc)
    if not names:
        connection.close()
        return None
    return _DBusHold(connection, " and ".join(names) + " (D-Bus)", releases)


class _X11Hold:
    """Resets the X server's screensaver and DPMS idle timers on a heartbeat."""

    def __init__(self, xlib: Any, display: int, heartbeat: float) -> None:
        self._xlib = xlib
        self._display: int | None = display
        self.heartbeat = heartbeat
        self.name = f"X11 screensaver reset every {heartbeat:g} s"

    def poke(self) -> None:
        if self._display is not None:
            self._xlib.XResetScreenSaver(self._display)
            self._xlib.XFlush(self._display)

    def release(self) -> None:
        if self._display is not None:
            self._xlib.XCloseDisplay(self._display)
            self._display = None


def _x11_timeouts(xlib: Any, display: int) -> list[int]:
    """The X server's screensaver and DPMS timeouts in seconds (0: off)."""
    timeout, interval, blanking, exposures = (ctypes.c_int() for _ in range(4))
    xlib.XGetScreenSaver(
        display,
        ctypes.byref(timeout),
        ctypes.byref(interval),
        ctypes.byref(blanking),
        ctypes.byref(exposures),
    )
    found = [timeout.value]
    path = ctypes.util.find_library("Xext")
    if path:
        xext = ctypes.CDLL(path)
        xext.DPMSQueryExtension.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p]
        xext.DPMSGetTimeouts.argtypes = [ctypes.c_void_p] + [ctypes.c_void_p] * 3
        xext.DPMSInfo.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p]
        event, error = ctypes.c_int(), ctypes.c_int()
        if xext.DPMSQueryExtension(display, ctypes.byref(event), ctypes.byref(error)):
            level, enabled = ctypes.c_ushort(), ctypes.c_ubyte()
            xext.DPMSInfo(display, ctypes.byref(level), ctypes.byref(enabled))
            standby, suspend, off = (ctypes.c_ushort() for _ in range(3))
            xext.DPMSGetTimeouts(
                display, ctypes.byref(standby), ctypes.byref(suspend), ctypes.byref(off)
            )
            if enabled.value:
                found += [standby.value, suspend.value, off.value]
    return found


def _x11_hold(environ: Mapping[str, str]) -> _X11Hold | None:
    """Open our own connection to the X server; None when there is no X display."""
    if not environ.get("DISPLAY") or sys.platform in ("win32", "darwin"):
        return None
    path = ctypes.util.find_library("X11")
    if path is None:
        return None
    xlib = ctypes.CDLL(path)
    xlib.XOpenDisplay.restype = ctypes.c_void_p
    xlib.XOpenDisplay.argtypes = [ctypes.c_char_p]
    for name in ("XResetScreenSaver", "XFlush", "XCloseDisplay"):
        getattr(xlib, name).argtypes = [ctypes.c_void_p]
    xlib.XGetScreenSaver.argtypes = [ctypes.c_void_p] + [ctypes.c_void_p] * 4
    display = xlib.XOpenDisplay(environ["DISPLAY"].encode())
    if not display:
        log.info("the X display %s cannot be opened", environ["DISPLAY"])
        return None
    timeouts = [t for t in _x11_timeouts(xlib, display) if t > 0]
    # Twice per shortest timeout, so a reset always comes before it runs out.
    heartbeat = min([HEARTBEAT_SECONDS, *(t / 2 for t in timeouts)])
    hold = _X11Hold(xlib, display, max(0.5, heartbeat))
    hold.poke()
    return hold


class _WindowsHold:
    """SetThreadExecutionState on the calling thread (the UI thread, which lives on)."""

    name = "SetThreadExecutionState"

    def __init__(self, kernel32: Any) -> None:
        self._kernel32 = kernel32

    def poke(self) -> None:
        """Nothing: ES_CONTINUOUS holds until it is cleared."""

    def release(self) -> None:
        self._kernel32.SetThreadExecutionState(_ES_CONTINUOUS)


def _windows_hold() -> _WindowsHold | None:
    if sys.platform != "win32":
        return None
    kernel32 = ctypes.WinDLL("kernel32")  # type: ignore[attr-defined,unused-ignore]
    kernel32.SetThreadExecutionState.restype = ctypes.c_uint32
    kernel32.SetThreadExecutionState.argtypes = [ctypes.c_uint32]
    flags = _ES_CONTINUOUS | _ES_SYSTEM_REQUIRED | _ES_DISPLAY_REQUIRED
    if kernel32.SetThreadExecutionState(flags) == 0:
        log.info("SetThreadExecutionState refused")
        return None
    return _WindowsHold(kernel32)


class _MacHold:
    """A ``caffeinate`` that holds the display awake while this process lives."""

    name = "caffeinate -d -i"

    def __init__(self, process: subprocess.Popen[bytes]) -> None:
        self._process = process

    def poke(self) -> None:
        """Nothing: caffeinate holds its assertion until it ends."""

    def release(self) -> None:
        self._process.terminate()
        try:
            self._process.wait(5)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()


def _mac_hold() -> _MacHold | None:
    if sys.platform != "darwin":
        return None
    try:
        # -w: caffeinate ends when this process does, even if it is killed.
        process = subprocess.Popen(
            ["caffeinate", "-d", "-i", "-w", str(os.getpid())],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    except OSError as exc:
        log.info("caffeinate cannot run: %s", exc)
        return None
    return _MacHold(process)


class ScreenAwake:
    """Keeps the screen on with every means the platform offers, until ``release``.

    Args:
        app_name: who asks (shown by desktops that list inhibits).
        reason: why, in words.
        environ: where DISPLAY and DBUS_SESSION_BUS_ADDRESS are read (tests pass theirs).
    """

    def __init__(
        self,
        app_name: str = "voc-kiosk",
        reason: str = "an unattended wall display is showing customer feedback",
        environ: Mapping[str, str] | None = None,
    ) -> None:
        self._app_name = app_name
        self._reason = reason
        self._environ = os.environ if environ is None else environ
        self.holds: list[Hold] = []

    def start(self) -> list[str]:
        """Ask every means that answers; return what holds the screen on (may be none)."""
        if self.holds:
            return self.names
        makers: list[Callable[[], Hold | None]] = [
            lambda: _dbus_hold(self._app_name, self._reason, self._environ),
            lambda: _x11_hold(self._environ),
            _windows_hold,
            _mac_hold,
        ]
        for make in makers:
            try:
                hold = make()
            except Exception as exc:  # one platform API failing must not stop the others
                log.warning("keeping the screen on failed in one way: %s", exc)
                continue
            if hold is not None:
                self.holds.append(hold)
        if self.holds:
            log.info("the screen is kept on by %s", "; ".join(self.names))
        else:
            log.warning(
                "nothing keeps the screen on: no session bus, no X display, and not Windows"
                " or macOS; turn the screensaver and display power saving off by hand"
            )
        return self.names

    @property
    def names(self) -> list[str]:
        """What holds the screen on now."""
        return [hold.name for hold in self.holds]

    @property
    def heartbeat_seconds(self) -> float | None:
        """How often ``poke`` must be called, or None when nothing needs it."""
        beats = [h.heartbeat for h in self.holds if isinstance(h, _X11Hold)]
        return min(beats) if beats else None

    def poke(self) -> None:
        """Renew what needs renewing (the X screensaver's timer)."""
        for hold in self.holds:
            hold.poke()

    def release(self) -> None:
        """Let the screen sleep again (on quit)."""
        holds, self.holds = self.holds, []
        for hold in holds:
            try:
                hold.release()
            except Exception as exc:
                log.info("releasing %s failed: %s", hold.name, exc)
