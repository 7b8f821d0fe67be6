"""No screen, or no library for one: one line and exit code 2, never Qt's abort."""

from __future__ import annotations

import ctypes.util
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QLibraryInfo

from kiosk.display import XCB_PACKAGES, display_problem, missing_libraries

PLUGINS = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath))
NO_DISPLAY = (
    "no display to show the window on (DISPLAY is not set); run it on a desktop or a kiosk "
    "session, or render an image with `voc-kiosk snapshot --out cloud.png`"
)
needs_libxcb = pytest.mark.skipif(ctypes.util.find_library("xcb") is None, reason="no libxcb")


@pytest.mark.parametrize(
    ("environ", "said"),
    [
        ({}, NO_DISPLAY),
        ({"QT_QPA_PLATFORM": ""}, NO_DISPLAY),
        ({"QT_QPA_PLATFORM": "xcb"}, NO_DISPLAY),
        # A Wayland socket outside a Wayland session: Qt still picks X11.
        ({"WAYLAND_DISPLAY": "wayland-0"}, NO_DISPLAY),
        ({"QT_QPA_PLATFORM": "wayland"}, "(WAYLAND_DISPLAY is not set)"),
        ({"QT_QPA_PLATFORM": "offscreen"}, None),
        ({"QT_QPA_PLATFORM": "minimal"}, None),
        ({"QT_QPA_PLATFORM": "vnc:size=800x600"}, None),
        ({"WAYLAND_DISPLAY": "wayland-0", "XDG_SESSION_TYPE": "wayland"}, None),
        ({"QT_QPA_PLATFORM": "wayland;xcb", "WAYLAND_DISPLAY": "wayland-0"}, None),
    ],
)
def test_what_is_said_for_each_session(environ: dict[str, str], said: str | None) -> None:
    problem = display_problem(environ, None, "linux")
    if said is None:
        assert problem is None
    else:
        assert problem is not None
        assert said in problem
        assert "\n" not in problem


@pytest.mark.parametrize("platform", ["darwin", "win32"])
def test_other_systems_are_left_to_qt(platform: str) -> None:
    assert display_problem({}, None, platform) is None


@needs_libxcb
def test_an_x_server_that_does_not_answer_is_named(tmp_path: Path) -> None:
    problem = display_problem({"DISPLAY": ":987"}, PLUGINS, "linux")
    assert problem is not None
    assert problem.startswith("cannot open the display :987 (DISPLAY=:987)")


@pytest.fixture
def xvfb() -> Iterator[str]:
    """A real X server on a free display number; its DISPLAY value."""
    if shutil.which("Xvfb") is None:
        pytest.skip("Xvfb is not installed (.ci/run installs it)")
    read, write = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-nolisten", "tcp", "-screen", "0", "640x480x24"],
        pass_fds=(write,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    with os.fdopen(read) as pipe:
        number = pipe.readline().strip()
    try:
        assert number, "Xvfb did not start"
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=30)


@needs_libxcb
def test_a_running_x_server_with_every_library_is_fine(xvfb: str) -> None:
    assert missing_libraries(PLUGINS / "platforms" / "libqxcb.so") == []
    assert display_problem({"DISPLAY": xvfb}, PLUGINS, "linux") is None


def run_kiosk(env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kiosk", "--demo", "--data-dir", str(cwd / "data")],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def without_screen() -> dict[str, str]:
    env = dict(os.environ)
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "XDG_SESSION_TYPE"):
        env.pop(name, None)
    return env


def test_the_app_without_a_display_says_so_in_one_line(tmp_path: Path) -> None:
    done = run_kiosk(without_screen(), tmp_path)
    assert done.returncode == 2
    assert done.stderr == f"voc-kiosk: {NO_DISPLAY}\n"
    assert done.stdout == ""
    # It said so before touching anything: no store, no log folder.
    assert not (tmp_path / "data").exists()


def test_a_missing_library_of_qts_x11_plugin_is_named_with_its_package(tmp_path: Path) -> None:
    # The dynamic linker finds this folder first: its libxcb-cursor.so.0 is not a library,
    # which fails the load as a missing one would (and Qt would abort the process).
    broken = tmp_path / "lib"
    broken.mkdir()
    (broken / "libxcb-cursor.so.0").write_bytes(b"")
    env = without_screen() | {"DISPLAY": ":987", "LD_LIBRARY_PATH": str(broken)}
    done = run_kiosk(env, tmp_path)
    assert done.returncode == 2, done.stderr
    assert done.stderr == (
        "voc-kiosk: Qt's X11 support cannot load libxcb-cursor.so.0; install the system "
        "package (Debian/Ubuntu: sudo apt install libxcb-cursor0)\n"
    )


@pytest.mark.skipif(shutil.which("readelf") is None, reason="readelf (binutils) missing")
def test_every_system_library_of_qts_x11_plugin_has_its_package_named() -> None:
    # A new Qt may link one more (6.5 added libxcb-cursor): then say which package has it.
    needed: set[str] = set()
    qpa = next((PLUGINS.parent / "lib").glob("libQt6XcbQpa.so*"))
    for binary in (PLUGINS / "platforms" / "libqxcb.so", qpa):
        dynamic = subprocess.run(
            ["readelf", "-d", str(binary)], capture_output=True, text=True, check=True
        ).stdout
        needed |= {
            line.split("[", 1)[1].rstrip("]") for line in dynamic.splitlines() if "(NEEDED)" in line
        }
    system = {n for n in needed if not n.startswith("libQt6")} - {
        "libc.so.6",
        "libm.so.6",
        "libstdc++.so.6",
        "libgcc_s.so.1",
        "libgthread-2.0.so.0",
        "libpthread.so.0",
        "libdl.so.2",
    }
    assert system, dynamic
    assert system - set(XCB_PACKAGES) == set()
