"""Whether Qt can open a window here, told in one line before Qt would abort the process.

Without a display, or with a system library of Qt's X11 plugin missing, Qt prints its advice
and aborts (a core dump on most desktops). This module finds those cases first, without Qt.
"""

from __future__ import annotations

import ctypes
import re
from collections.abc import Mapping
from pathlib import Path

# What Qt's X11 platform plugin (libqxcb.so and libQt6XcbQpa) links against, with the Debian
# and Ubuntu package that ships each library.
XCB_PACKAGES: dict[str, str] = {
    "libxcb.so.1": "libxcb1",
    "libX11.so.6": "libx11-6",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libGL.so.1": "libgl1",
    "libEGL.so.1": "libegl1",
    "libfontconfig.so.1": "libfontconfig1",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libdbus-1.so.3": "libdbus-1-3",
}

# Platforms that show a window on a screen; any other (offscreen, minimal, vnc, eglfs...) was
# chosen on purpose and needs no display from the session.
_ON_SCREEN = ("xcb", "wayland", "wayland-egl")
_SNAPSHOT_HINT = (
    "run it on a desktop or a kiosk session, or render an image with "
    "`voc-kiosk snapshot --out cloud.png`"
)
# The dynamic linker's words for a library it could not load (missing, or not a library).
_UNLOADABLE = re.compile(
    r"(lib[\w.+-]+?\.so(?:\.\d+)*): (cannot open shared object file|file too short"
    r"|invalid ELF header|wrong ELF class)"
)


def display_problem(
    environ: Mapping[str, str], plugin_dir: Path | None, platform: str = "linux"
) -> str | None:
    """Return why Qt could not open a window here, in one line, or None when it can.

    Args:
        environ: the process environment (DISPLAY, WAYLAND_DISPLAY, QT_QPA_PLATFORM...).
        plugin_dir: Qt's plugin folder, to try loading its X11 plugin; None skips that.
        platform: ``sys.platform``; only Linux and the BSDs are checked.
    """
    if not (platform.startswith("linux") or "bsd" in platform):
        return None
    asked = [p.split(":")[0].strip() for p in environ.get("QT_QPA_PLATFORM", "").split(";")]
    asked = [p for p in asked if p]
    if asked and not any(p in _ON_SCREEN for p in asked):
        return None
    wayland = bool(environ.get("WAYLAND_DISPLAY"))
    x11 = environ.get("DISPLAY", "")
    wants_wayland = any(p.startswith("wayland") for p in asked) or (
        not asked and environ.get("XDG_SESSION_TYPE") == "wayland"
    )
    if wayland and wants_wayland:
        return None  # Qt's Wayland plugin talks to the compositor; nothing to check here
    if "xcb" not in asked and asked:
        return f"no display to show the window on (WAYLAND_DISPLAY is not set); {_SNAPSHOT_HINT}"
    if not x11:
        return f"no display to show the window on (DISPLAY is not set); {_SNAPSHOT_HINT}"
    plugin = plugin_dir / "platforms" / "libqxcb.so" if plugin_dir else None
    if plugin is not None and plugin.is_file():
        missing = missing_libraries(plugin)
        if missing:
            return _install_hint(missing)
    if not _x11_reachable(x11):
        return (
            f"cannot open the display {x11} (DISPLAY={x11}): is its X server running, and may "
            f"this user use it (XAUTHORITY)? Or {_SNAPSHOT_HINT}"
        )
    return None


def missing_libraries(plugin: Path) -> list[str]:
    """Return the libraries the dynamic linker cannot find for a Qt plugin (none: it loads)."""
    try:
        ctypes.CDLL(str(plugin))
    except OSError as exc:
        first = _UNLOADABLE.search(str(exc))
        if first is None:
            # Not a missing library (a symbol, a broken file): leave it to Qt to report.
            return []
        missing = [first.group(1)]
    else:
        return []
    # The linker names only the first library it missed; name every one we know of.
    for soname in XCB_PACKAGES:
        if soname not in missing and not _loads(soname):
            missing.append(soname)
    return missing


def _install_hint(missing: list[str]) -> str:
    packages = sorted({XCB_PACKAGES.get(lib, lib) for lib in missing})
    libraries = ", ".join(missing)
    return (
        f"Qt's X11 support cannot load {libraries}; install the system package "
        f"(Debian/Ubuntu: sudo apt install {' '.join(packages)})"
    )


def _loads(soname: str) -> bool:
    try:
        ctypes.CDLL(soname)
    except OSError:
        return False
    return True


def _x11_reachable(display: str) -> bool:
    """Tell whether an X server answers on `display` (what Qt's xcb plugin does first)."""
    try:
        xcb = ctypes.CDLL("libxcb.so.1")
    except OSError:
        return True  # cannot tell; Qt will say
    xcb.xcb_connect.restype = ctypes.c_void_p
    xcb.xcb_connect.argtypes = [ctypes.c_char_p, ctypes.c_void_p]
    xcb.xcb_connection_has_error.argtypes = [ctypes.c_void_p]
    xcb.xcb_connection_has_error.restype = ctypes.c_int
    xcb.xcb_disconnect.argtypes = [ctypes.c_void_p]
    xcb.xcb_disconnect.restype = None
    connection = xcb.xcb_connect(display.encode(), None)
    try:
        return xcb.xcb_connection_has_error(connection) == 0
    finally:
        # xcb_connect returns an error object, never NULL; it is freed the same way.
        xcb.xcb_disconnect(connection)
