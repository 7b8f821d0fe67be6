"""Start the kiosk with the graphical session and bring it back after a crash.

Two files, both in the user's config folder (``$XDG_CONFIG_HOME``, else ``~/.config``):

- a systemd *user* unit, ``systemd/user/voc-kiosk.service``: started with the graphical
  session (``WantedBy=graphical-session.target``), stopped with it (``PartOf=``), restarted
  a few seconds after any exit (``Restart=always``), however often, except when the admin
  left with the PIN (exit code ``LEFT_BY_ADMIN``);
- an XDG autostart entry, ``autostart/voc-kiosk.desktop``, for sessions that never start
  ``graphical-session.target`` (LXDE, Xfce, labwc, Openbox...). It runs ``voc-kiosk autostart
  session``, which hands the session's display to the systemd user manager and starts the
  unit there, so the kiosk still comes back after a crash; without a user manager it runs the
  kiosk itself. GNOME and Plasma run the unit and skip the entry (``X-GNOME-HiddenUnderSystemd``).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

UNIT_NAME = "voc-kiosk.service"
DESKTOP_NAME = "voc-kiosk.desktop"
# The exit code of a wall the admin closed with the PIN: systemd does not bring it back
# (``RestartPreventExitStatus``); any other exit, a crash or a kill, it does.
LEFT_BY_ADMIN = 4
RESTART_SECONDS = 5
# What a session exports that the kiosk needs to find its screen, handed to systemd as is.
SESSION_VARIABLES = (
    "DISPLAY",
    "WAYLAND_DISPLAY",
    "XAUTHORITY",
    "XDG_SESSION_TYPE",
    "XDG_CURRENT_DESKTOP",
    "QT_QPA_PLATFORM",
)
_HEADER = "Written by `voc-kiosk autostart install`; `voc-kiosk autostart remove` removes it."
_PLAIN = re.compile(r"[A-Za-z0-9_@+=:,./-]+")


@dataclass(frozen=True, slots=True)
class AutostartFiles:
    """Where the unit and the autostart entry live for one user."""

    unit: Path
    desktop: Path

    @classmethod
    def for_user(cls, environ: Mapping[str, str]) -> AutostartFiles:
        """Return the files under ``$XDG_CONFIG_HOME`` (an absolute path), else ``~/.config``."""
        root = Path(environ.get("XDG_CONFIG_HOME", ""))
        if not root.is_absolute():  # the XDG spec says to ignore a relative one
            root = Path(environ.get("HOME") or Path.home()) / ".config"
        return cls(root / "systemd" / "user" / UNIT_NAME, root / "autostart" / DESKTOP_NAME)


def installed_command() -> list[str]:
    """Return the command that starts this installed kiosk: the bundle, or the venv's script."""
    if getattr(sys, "frozen", False):
        return [str(Path(sys.executable).absolute())]
    # Not resolved: a venv's python is a symlink out of the venv, its scripts sit beside it.
    script = Path(sys.executable).absolute().parent / "voc-kiosk"
    if script.is_file() and os.access(script, os.X_OK):
        return [str(script)]
    found = shutil.which("voc-kiosk")
    if found:
        return [str(Path(found).absolute())]
    return [str(Path(sys.executable).absolute()), "-m", "kiosk"]


def run_options(
    profile: str | None,
    config: Path | None = None,
    data_dir: Path | None = None,
    theme: str | None = None,
    palette: str | None = None,
) -> list[str]:
    """Return the kiosk's command-line options for an autostarted run (the wall by default)."""
    options = ["--profile", profile or "wall"]
    # Absolute: the unit runs in the home folder, the entry wherever the session starts it.
    if config is not None:
        options += ["--config", str(config.absolute())]
    if data_dir is not None:
        options += ["--data-dir", str(data_dir.absolute())]
    if theme is not None:
        options += ["--theme", theme]
    if palette is not None:
        options += ["--palette", palette]
    return options


def unit_text(command: Sequence[str]) -> str:
    """Return the systemd user unit that runs `command` with the graphical session."""
    return f"""\
# {_HEADER}
[Unit]
Description=voc-kiosk: the Voice-of-the-Customer wall display
PartOf=graphical-session.target
After=graphical-session.target
# A wall never gives up: restart after any exit, however often.
StartLimitIntervalSec=0

[Service]
Type=exec
ExecStart={_systemd_command(command)}
Restart=always
RestartSec={RESTART_SECONDS}
# Except when the admin left with the PIN: the kiosk exits with this code, and stays closed.
RestartPreventExitStatus={LEFT_BY_ADMIN}
# SIGTERM quits the app cleanly; give it time to close the store.
TimeoutStopSec=30

[Install]
WantedBy=graphical-session.target
"""


def desktop_text(command: Sequence[str]) -> str:
    """Return the XDG autostart entry that runs `command` at login."""
    return f"""\
# {_HEADER}
[Desktop Entry]
Type=Application
Name=voc-kiosk
Comment=Voice-of-the-Customer wall display, started at login
Exec={" ".join(_desktop_word(w) for w in command)}
Terminal=false
NoDisplay=true
X-GNOME-Autostart-enabled=true
X-GNOME-HiddenUnderSystemd=true
"""


def _systemd_command(command: Sequence[str]) -> str:
    """Quote an ExecStart command line (systemd.service, "Command lines")."""
    words = []
    for i, word in enumerate(command):
        if "\n" in word:
            raise ValueError(f"a line break cannot be passed to systemd: {word!r}")
        if not _PLAIN.fullmatch(word):
            word = '"' + word.replace("\\", "\\\\").replace('"', '\\"') + '"'
        # % starts a specifier everywhere and $ a variable in the arguments (not in the
        # program's path); doubled, each stands for itself.
        word = word.replace("%", "%%")
        words.append(word if i == 0 else word.replace("$", "$$"))
    return " ".join(words)


def _desktop_word(word: str) -> str:
    """Quote one Exec word (Desktop Entry Specification, "The Exec key")."""
    if "\n" in word:
        raise ValueError(f"a line break cannot be passed in a desktop entry: {word!r}")
    if not _PLAIN.fullmatch(word):
        word = '"' + re.sub(r'([`"$\\])', r"\\\1", word) + '"'
    # The value is a string too, where a backslash is escaped again; % starts a field code.
    return word.replace("\\", "\\\\").replace("%", "%%")


@dataclass(frozen=True, slots=True)
class Outcome:
    """What one systemctl call did."""

    ok: bool
    output: str


class UserManager:
    """The systemd user manager, through ``systemctl --user``."""

    def __init__(self, systemctl: str | None = None) -> None:
        self._systemctl = systemctl if systemctl is not None else shutil.which("systemctl")

    def call(self, *args: str) -> Outcome:
        """Run ``systemctl --user ARGS``; not ok, with the reason, when there is none to ask."""
        if self._systemctl is None:
            return Outcome(False, "systemctl is not installed")
        try:
            done = subprocess.run(
                [self._systemctl, "--user", *args],
                capture_output=True,
                text=True,
                timeout=60,
                check=False,
                stdin=subprocess.DEVNULL,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            return Outcome(False, str(exc))
        return Outcome(done.returncode == 0, (done.stdout + done.stderr).strip())


def _write(path: Path, text: str) -> bool:
    """Write `text` atomically; return whether the file changed."""
    try:
        if path.read_text(encoding="utf-8") == text:
            return False
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.tmp")
    temp.write_text(text, encoding="utf-8")
    temp.replace(path)
    return True


def install(
    files: AutostartFiles, executable: Sequence[str], options: Sequence[str], manager: UserManager
) -> list[str]:
    """Write both files, enable the unit when systemd can be asked; return what was done.

    Args:
        files: where the unit and the entry go.
        executable: the command that starts this kiosk (`installed_command()`).
        options: the kiosk's options for the autostarted run (`run_options()`).
        manager: the systemd user manager, asked when it can be reached.

    The unit is started at once only when a graphical session is running under systemd
    (else it would start without a screen); otherwise it starts at the next login.
    """
    unit_changed = _write(files.unit, unit_text([*executable, *options]))
    entry = [*executable, "autostart", "session", *options]
    desktop_changed = _write(files.desktop, desktop_text(entry))
    said = [
        f"{'wrote' if unit_changed else 'unchanged'} {files.unit} (systemd user unit: starts "
        f"with the graphical session, restarts {RESTART_SECONDS} s after any exit)",
        f"{'wrote' if desktop_changed else 'unchanged'} {files.desktop} (autostart entry, for "
        "sessions that do not start graphical-session.target)",
    ]
    reload = manager.call("daemon-reload")
    if not reload.ok:
        said.append(
            f"systemctl --user is not reachable here ({_first_line(reload.output)}); next "
            f"step, in the kiosk user's graphical session: systemctl --user daemon-reload && "
            f"systemctl --user enable --now {UNIT_NAME.removesuffix('.service')}"
        )
        return said
    enable = manager.call("enable", UNIT_NAME)
    if not enable.ok:
        said.append(f"systemctl --user enable {UNIT_NAME} failed: {_first_line(enable.output)}")
        return said
    said.append(f"ran systemctl --user daemon-reload and enable {UNIT_NAME}")
    if manager.call("is-active", "--quiet", "graphical-session.target").ok:
        verb = "restart" if unit_changed else "start"
        started = manager.call(verb, UNIT_NAME)
        said.append(
            f"ran systemctl --user {verb} {UNIT_NAME}: the kiosk is running"
            if started.ok
            else f"systemctl --user {verb} {UNIT_NAME} failed: {_first_line(started.output)}"
        )
    else:
        said.append("no graphical session runs under systemd now: the kiosk starts at next login")
    return said


def remove(files: AutostartFiles, manager: UserManager) -> list[str]:
    """Stop and disable the unit where systemd can be asked, remove both files; say what."""
    said = []
    if files.unit.exists():
        stopped = manager.call("disable", "--now", UNIT_NAME)
        if stopped.ok:
            said.append(f"ran systemctl --user disable --now {UNIT_NAME}")
    for path in (files.unit, files.desktop):
        if path.exists():
            path.unlink()
            said.append(f"removed {path}")
        else:
            said.append(f"not installed: {path}")
    if manager.call("daemon-reload").ok:
        said.append("ran systemctl --user daemon-reload")
    return said


def status(files: AutostartFiles, executable: Sequence[str], manager: UserManager) -> list[str]:
    """Return one line per file and one for systemd: installed, what it runs, running."""
    said = []
    this = _systemd_command(executable)
    for path, kind, written in (
        (files.unit, "systemd user unit", unit_text(executable)),
        (files.desktop, "autostart entry", desktop_text(executable)),
    ):
        if not path.exists():
            said.append(f"{kind}: not installed ({path})")
            continue
        lines = path.read_text(encoding="utf-8").splitlines()
        start = next((line.split("=", 1)[1] for line in lines if line.startswith("Exec")), "")
        said.append(f"{kind}: installed at {path}, runs {start or '(nothing)'}")
        # A file an older voc-kiosk wrote lacks a setting this one writes (before stop 27, the
        # unit restarted the wall 5 s after the admin left with the PIN). By key: a value the
        # admin changed (RestartSec=10) is theirs, not a sign of age.
        keys = {line.split("=", 1)[0].strip() for line in lines if "=" in line}
        missing = [
            line
            for line in written.splitlines()
            if "=" in line
            and not line.startswith(("#", "Exec"))
            and line.split("=", 1)[0].strip() not in keys
        ]
        if missing:
            said.append(
                f"  written by an older voc-kiosk (it lacks {', '.join(missing)}): run"
                " `voc-kiosk autostart install` again to bring it up to date"
            )
        if kind == "systemd user unit" and not start.startswith(this):
            said.append(
                f"  not this voc-kiosk ({this}): run `voc-kiosk autostart install` with it to "
                "switch"
            )
    shown = manager.call(
        "show", "--property=LoadState,UnitFileState,ActiveState,SubState", UNIT_NAME
    )
    if not shown.ok:
        reason = _first_line(shown.output)
        said.append(f"systemd: systemctl --user is not reachable here ({reason})")
        return said
    state = dict(line.split("=", 1) for line in shown.output.splitlines() if "=" in line)
    if state.get("LoadState") == "not-found":
        said.append(f"systemd: {UNIT_NAME} is not known to the user manager")
    else:
        said.append(
            f"systemd: {UNIT_NAME} is {state.get('UnitFileState') or 'unknown'}, "
            f"{state.get('ActiveState', 'unknown')} ({state.get('SubState', 'unknown')})"
        )
    return said


def start_in_session(
    files: AutostartFiles, manager: UserManager, environ: Mapping[str, str]
) -> list[str] | None:
    """Start the unit from a login session that systemd does not manage.

    Hands the session's display variables to the user manager, then starts the unit, which
    restarts the kiosk after a crash. Returns what it did, or None when systemd cannot run
    it here and the caller should run the kiosk itself.
    """
    present = [name for name in SESSION_VARIABLES if environ.get(name)]
    if not files.unit.exists() or not present:
        return None
    if not manager.call("import-environment", *present).ok:
        return None
    if not manager.call("start", UNIT_NAME).ok:
        return None
    return [f"handed {', '.join(present)} to systemd and started {UNIT_NAME}"]


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else ""
