"""A real X server for tests (Xvfb, no window manager) and a small Xlib client to look at it.

The client speaks to the server through ctypes (libX11, libXss, libXfixes, libXtst), as a
window manager, a screensaver or a person at the keyboard would: find a window and its
geometry, send it a close request, press keys, read the pointer's image, grab the screen.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

_CLIENT_MESSAGE = 33
_ZPIXMAP = 2
_ALL_PLANES = 0xFFFFFFFF
_IS_VIEWABLE = 2


@contextmanager
def xvfb(size: str = "1920x1080") -> Iterator[str]:
    """Run an Xvfb of this size with no window manager; yield its DISPLAY."""
    if shutil.which("Xvfb") is None:
        pytest.skip("Xvfb is not installed (apt-get install xvfb)")
    n = next(
        n
        for n in range(140, 240)
        if not Path(f"/tmp/.X11-unix/X{n}").exists() and not Path(f"/tmp/.X{n}-lock").exists()
    )
    # -noreset: the server keeps its settings (the screensaver's timeout) between clients.
    server = subprocess.Popen(
        ["Xvfb", f":{n}", "-screen", "0", f"{size}x24", "-nolisten", "tcp", "-noreset"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while not Path(f"/tmp/.X11-unix/X{n}").exists():
            assert time.monotonic() < deadline and server.poll() is None, "Xvfb did not start"
            time.sleep(0.05)
        yield f":{n}"
    finally:
        server.terminate()
        server.wait(10)


class _ClientMessage(ctypes.Structure):
    _fields_ = [
        ("type", ctypes.c_int),
        ("serial", ctypes.c_ulong),
        ("send_event", ctypes.c_int),
        ("display", ctypes.c_void_p),
        ("window", ctypes.c_ulong),
        ("message_type", ctypes.c_ulong),
        ("format", ctypes.c_int),
        ("data", ctypes.c_long * 5),
    ]


class _Event(ctypes.Union):
    _fields_ = [("client", _ClientMessage), ("pad", ctypes.c_long * 24)]


class _ClassHint(ctypes.Structure):
    _fields_ = [("res_name", ctypes.c_void_p), ("res_class", ctypes.c_void_p)]


class _Attributes(ctypes.Structure):
    _fields_ = [
        ("x", ctypes.c_int),
        ("y", ctypes.c_int),
        ("width", ctypes.c_int),
        ("height", ctypes.c_int),
        ("border_width", ctypes.c_int),
        ("depth", ctypes.c_int),
        ("visual", ctypes.c_void_p),
        ("root", ctypes.c_ulong),
        ("class_", ctypes.c_int),
        ("bit_gravity", ctypes.c_int),
        ("win_gravity", ctypes.c_int),
        ("backing_store", ctypes.c_int),
        ("backing_planes", ctypes.c_ulong),
        ("backing_pixel", ctypes.c_ulong),
        ("save_under", ctypes.c_int),
        ("colormap", ctypes.c_ulong),
        ("map_installed", ctypes.c_int),
        ("map_state", ctypes.c_int),
        ("all_event_masks", ctypes.c_long),
        ("your_event_mask", ctypes.c_long),
        ("do_not_propagate_mask", ctypes.c_long),
        ("override_redirect", ctypes.c_int),
        ("screen", ctypes.c_void_p),
    ]


class _SaverInfo(ctypes.Structure):
    _fields_ = [
        ("window", ctypes.c_ulong),
        ("state", ctypes.c_int),
        ("kind", ctypes.c_int),
        ("til_or_since", ctypes.c_ulong),
        ("idle", ctypes.c_ulong),
        ("event_mask", ctypes.c_ulong),
    ]


class _CursorImage(ctypes.Structure):
    _fields_ = [
        ("x", ctypes.c_short),
        ("y", ctypes.c_short),
        ("width", ctypes.c_ushort),
        ("height", ctypes.c_ushort),
        ("xhot", ctypes.c_ushort),
        ("yhot", ctypes.c_ushort),
        ("cursor_serial", ctypes.c_ulong),
        ("pixels", ctypes.POINTER(ctypes.c_ulong)),
        ("atom", ctypes.c_ulong),
        ("name", ctypes.c_char_p),
    ]


class _XImage(ctypes.Structure):
    _fields_ = [
        ("width", ctypes.c_int),
        ("height", ctypes.c_int),
        ("xoffset", ctypes.c_int),
        ("format", ctypes.c_int),
        ("data", ctypes.c_void_p),
        ("byte_order", ctypes.c_int),
        ("bitmap_unit", ctypes.c_int),
        ("bitmap_bit_order", ctypes.c_int),
        ("bitmap_pad", ctypes.c_int),
        ("depth", ctypes.c_int),
        ("bytes_per_line", ctypes.c_int),
        ("bits_per_pixel", ctypes.c_int),
    ]


def _library(name: str, package: str) -> ctypes.CDLL:
    path = ctypes.util.find_library(name)
    if path is None:
        pytest.skip(f"lib{name} is not installed (apt-get install {package})")
    return ctypes.CDLL(path)


class XClient:
    """An Xlib connection to a test X server, with what the tests ask of it."""

    def __init__(self, display: str) -> None:
        x = self.x = _library("X11", "libx11-6")
        x.XOpenDisplay.restype = ctypes.c_void_p
        x.XOpenDisplay.argtypes = [ctypes.c_char_p]
        x.XDefaultRootWindow.restype = ctypes.c_ulong
        x.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
        x.XQueryTree.argtypes = [ctypes.c_void_p, ctypes.c_ulong, *[ctypes.c_void_p] * 4]
        x.XGetClassHint.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_void_p]
        x.XGetWindowAttributes.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_void_p]
        x.XInternAtom.restype = ctypes.c_ulong
        x.XInternAtom.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
        x.XSendEvent.argtypes = [
            ctypes.c_void_p,
            ctypes.c_ulong,
            ctypes.c_int,
            ctypes.c_long,
            ctypes.c_void_p,
        ]
        x.XSync.argtypes = [ctypes.c_void_p, ctypes.c_int]
        x.XFree.argtypes = [ctypes.c_void_p]
        x.XCloseDisplay.argtypes = [ctypes.c_void_p]
        x.XSetScreenSaver.argtypes = [ctypes.c_void_p, *[ctypes.c_int] * 4]
        x.XKeysymToKeycode.restype = ctypes.c_ubyte
        x.XKeysymToKeycode.argtypes = [ctypes.c_void_p, ctypes.c_ulong]
        x.XGetImage.restype = ctypes.POINTER(_XImage)
        x.XGetImage.argtypes = [
            *(ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_int),
            *(ctypes.c_uint, ctypes.c_uint, ctypes.c_ulong, ctypes.c_int),
        ]
        x.XDestroyImage.argtypes = [ctypes.c_void_p]
        self.display = x.XOpenDisplay(display.encode())
        assert self.display, f"cannot open {display}"
        self.root = x.XDefaultRootWindow(self.display)

    def close(self) -> None:
        """Close the connection."""
        self.x.XCloseDisplay(self.display)

    def windows(self) -> list[tuple[int, str, tuple[int, int, int, int]]]:
        """The viewable top-level windows: id, class (WM_CLASS) and (x, y, width, height)."""
        root, parent = ctypes.c_ulong(), ctypes.c_ulong()
        children = ctypes.POINTER(ctypes.c_ulong)()
        count = ctypes.c_uint()
        self.x.XQueryTree(
            self.display,
            self.root,
            ctypes.byref(root),
            ctypes.byref(parent),
            ctypes.byref(children),
            ctypes.byref(count),
        )
        found = []
        for i in range(count.value):
            window = children[i]
            attributes = _Attributes()
            self.x.XGetWindowAttributes(self.display, window, ctypes.byref(attributes))
            if attributes.map_state != _IS_VIEWABLE:
                continue
            hint = _ClassHint()
            text = ""
            if self.x.XGetClassHint(self.display, window, ctypes.byref(hint)):
                text = ctypes.string_at(hint.res_class).decode() if hint.res_class else ""
                for part in (hint.res_name, hint.res_class):
                    if part:
                        self.x.XFree(part)
            geometry = (attributes.x, attributes.y, attributes.width, attributes.height)
            found.append((window, text, geometry))
        if children:
            self.x.XFree(children)
        return found

    def wait_for_window(self, title: str, timeout: float = 60.0) -> tuple[int, tuple[int, ...]]:
        """Wait until a viewable window's class is ``title``; return it and its geometry."""
        deadline = time.monotonic() + timeout
        while True:
            for window, name, geometry in self.windows():
                if name == title:
                    return window, geometry
            assert time.monotonic() < deadline, f"no window named {title!r} appeared"
            time.sleep(0.2)

    def request_close(self, window: int) -> None:
        """Ask the window to close, as a window manager does for Alt+F4 (WM_DELETE_WINDOW)."""
        protocols = self.x.XInternAtom(self.display, b"WM_PROTOCOLS", 0)
        delete = self.x.XInternAtom(self.display, b"WM_DELETE_WINDOW", 0)
        event = _Event()
        event.client.type = _CLIENT_MESSAGE
        event.client.window = window
        event.client.message_type = protocols
        event.client.format = 32
        event.client.data[0] = delete
        event.client.data[1] = 0  # CurrentTime
        self.x.XSendEvent(self.display, window, 0, 0, ctypes.byref(event))
        self.x.XSync(self.display, 0)

    def press(self, *keysyms: int) -> None:
        """Press the keys together and let them go (XTest: as a real keyboard)."""
        xtst = _library("Xtst", "libxtst6")
        xtst.XTestFakeKeyEvent.argtypes = [
            ctypes.c_void_p,
            ctypes.c_uint,
            ctypes.c_int,
            ctypes.c_ulong,
        ]
        codes = [self.x.XKeysymToKeycode(self.display, k) for k in keysyms]
        for code in codes:
            xtst.XTestFakeKeyEvent(self.display, code, 1, 0)
        for code in reversed(codes):
            xtst.XTestFakeKeyEvent(self.display, code, 0, 0)
        self.x.XSync(self.display, 0)

    def move_pointer(self, x: int, y: int) -> None:
        """Move the pointer, as a real mouse (XTest)."""
        xtst = _library("Xtst", "libxtst6")
        xtst.XTestFakeMotionEvent.argtypes = [
            ctypes.c_void_p,
            ctypes.c_int,
            ctypes.c_int,
            ctypes.c_int,
            ctypes.c_ulong,
        ]
        xtst.XTestFakeMotionEvent(self.display, -1, x, y, 0)
        self.x.XSync(self.display, 0)

    def pointer_is_blank(self) -> bool:
        """Whether the pointer's current image has no visible pixel (XFixes)."""
        xfixes = _library("Xfixes", "libxfixes3")
        xfixes.XFixesGetCursorImage.restype = ctypes.POINTER(_CursorImage)
        xfixes.XFixesGetCursorImage.argtypes = [ctypes.c_void_p]
        image = xfixes.XFixesGetCursorImage(self.display)
        assert image, "the server has no XFIXES"
        try:
            cursor = image.contents
            pixels = [cursor.pixels[i] for i in range(cursor.width * cursor.height)]
        finally:
            self.x.XFree(image)
        # ARGB in each unsigned long: visible when the alpha byte is not zero.
        return not any((p >> 24) & 0xFF for p in pixels)

    def set_screensaver_timeout(self, seconds: int) -> None:
        """As ``xset s SECONDS 0``."""
        self.x.XSetScreenSaver(self.display, seconds, 0, 1, 1)
        self.x.XSync(self.display, 0)

    def screensaver_on(self) -> bool:
        """Whether the X server's screensaver is on now (MIT-SCREEN-SAVER)."""
        xss = _library("Xss", "libxss1")
        xss.XScreenSaverQueryInfo.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_void_p]
        info = _SaverInfo()
        xss.XScreenSaverQueryInfo(self.display, self.root, ctypes.byref(info))
        return bool(info.state == 1)

    def grab(self, width: int, height: int) -> tuple[bytes, int]:
        """The screen's pixels (32-bit, B G R x per pixel) and the bytes per line."""
        image = self.x.XGetImage(
            self.display, self.root, 0, 0, width, height, _ALL_PLANES, _ZPIXMAP
        )
        assert image, "XGetImage failed"
        try:
            got = image.contents
            assert got.bits_per_pixel == 32, got.bits_per_pixel
            data = ctypes.string_at(got.data, got.bytes_per_line * got.height)
            return data, got.bytes_per_line
        finally:
            self.x.XDestroyImage(image)
