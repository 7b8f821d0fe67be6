"""The autostart files: what they say, where they go, and what systemctl is asked.

systemctl is a real program on PATH that logs its arguments (no test may touch the machine's
own user manager); the files are checked by systemd's and freedesktop's own validators when
they are installed (.ci/run installs them).
"""

from __future__ import annotations

import configparser
import os
import re
import shlex
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.autostart import (
    DESKTOP_NAME,
    LEFT_BY_ADMIN,
    UNIT_NAME,
    AutostartFiles,
    UserManager,
    desktop_text,
    install,
    installed_command,
    remove,
    run_options,
    start_in_session,
    status,
    unit_text,
)

# A reachable user manager: logs each call; no graphical session runs (is-active fails).
REACHABLE = """#!/bin/sh
echo "$*" >> "{log}"
case "$*" in
  *is-active*) echo inactive; exit 3 ;;
  *show*) printf 'LoadState=loaded\\nUnitFileState=enabled\\n'
          printf 'ActiveState=active\\nSubState=running\\n' ;;
esac
exit 0
"""
# A user manager in a graphical session: is-active says yes.
IN_SESSION = """#!/bin/sh
echo "$*" >> "{log}"
exit 0
"""
# No user manager (a root shell, a container, an SSH login without lingering).
UNREACHABLE = """#!/bin/sh
echo "$*" >> "{log}"
echo "Failed to connect to bus: No medium found" >&2
exit 1
"""


def fake_systemctl(folder: Path, script: str) -> tuple[Path, Path]:
    """Write a `systemctl` into `folder` that logs its calls; return it and its log."""
    folder.mkdir(parents=True, exist_ok=True)
    log = folder / "calls.log"
    program = folder / "systemctl"
    program.write_text(script.format(log=log))
    program.chmod(program.stat().st_mode | stat.S_IXUSR)
    return program, log


def calls(log: Path) -> list[str]:
    return log.read_text().splitlines() if log.exists() else []


def unit_sections(text: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read_string(text)
    return parser


def exec_words_systemd(value: str) -> list[str]:
    # systemd: %% stands for %, and $$ for $ in the arguments (the program path is not
    # expanded); then shell-like words with C escapes in double quotes.
    program, *arguments = shlex.split(value.replace("%%", "%"))
    return [program, *(a.replace("$$", "$") for a in arguments)]


def exec_words_desktop(value: str) -> list[str]:
    """Split an Exec value as the Desktop Entry Specification says."""
    # The value is a string first (\\ is one backslash), and %% is a literal %.
    text = re.sub(r"\\(.)", lambda m: {"s": " ", "n": "\n", "t": "\t"}.get(m[1], m[1]), value)
    text = text.replace("%%", "%")
    words: list[str] = []
    word: list[str] | None = None
    quoted = False
    i = 0
    while i < len(text):
        char = text[i]
        if quoted and char == "\\" and i + 1 < len(text) and text[i + 1] in '"`$\\':
            word = (word or []) + [text[i + 1]]
            i += 2
            continue
        if char == '"':
            quoted = not quoted
            word = word or []
        elif char == " " and not quoted:
            if word is not None:
                words.append("".join(word))
            word = None
        else:
            word = (word or []) + [char]
        i += 1
    assert not quoted, f"unbalanced quotes in {value!r}"
    if word is not None:
        words.append("".join(word))
    return words


@pytest.fixture
def files(tmp_path: Path) -> AutostartFiles:
    return AutostartFiles.for_user({"XDG_CONFIG_HOME": str(tmp_path / "config")})


def test_files_go_under_xdg_config_home_or_home(tmp_path: Path) -> None:
    config = tmp_path / "xdg"
    files = AutostartFiles.for_user({"XDG_CONFIG_HOME": str(config), "HOME": "/nowhere"})
    assert files.unit == config / "systemd" / "user" / UNIT_NAME
    assert files.desktop == config / "autostart" / DESKTOP_NAME
    # The XDG spec: a relative XDG_CONFIG_HOME is invalid and ignored.
    files = AutostartFiles.for_user({"XDG_CONFIG_HOME": "relative", "HOME": str(tmp_path)})
    assert files.unit == tmp_path / ".config" / "systemd" / "user" / UNIT_NAME


def test_the_unit_starts_with_the_session_and_always_comes_back() -> None:
    unit = unit_sections(unit_text(["/opt/voc-kiosk/voc-kiosk", "--profile", "wall"]))
    assert unit["Unit"]["PartOf"] == "graphical-session.target"
    assert unit["Unit"]["After"] == "graphical-session.target"
    assert unit["Unit"]["StartLimitIntervalSec"] == "0"
    assert unit["Service"]["ExecStart"] == "/opt/voc-kiosk/voc-kiosk --profile wall"
    assert unit["Service"]["Restart"] == "always"
    assert 1 <= int(unit["Service"]["RestartSec"]) <= 30
    # But an admin who left with the PIN meant it: that exit is not undone five seconds later.
    assert unit["Service"]["RestartPreventExitStatus"] == str(LEFT_BY_ADMIN)
    assert unit["Install"]["WantedBy"] == "graphical-session.target"


def test_the_entry_is_hidden_where_systemd_runs_the_unit() -> None:
    entry = unit_sections(desktop_text(["/opt/voc-kiosk/voc-kiosk", "autostart", "session"]))
    section = entry["Desktop Entry"]
    assert section["Type"] == "Application"
    assert section["Exec"] == "/opt/voc-kiosk/voc-kiosk autostart session"
    assert section["X-GNOME-HiddenUnderSystemd"] == "true"
    assert section["Terminal"] == "false"


@pytest.mark.parametrize(
    "word",
    ["/plain/path", "/a folder/with space", "100% sure", "$HOME", 'say "hi"', "back\\slash", "`x`"],
)
def test_every_word_survives_quoting(word: str) -> None:
    command = ["/opt/voc-kiosk/voc-kiosk", "--data-dir", word]
    unit = unit_sections(unit_text(command))
    assert exec_words_systemd(unit["Service"]["ExecStart"]) == command
    entry = unit_sections(desktop_text(command))
    assert exec_words_desktop(entry["Desktop Entry"]["Exec"]) == command


def test_a_line_break_is_refused() -> None:
    with pytest.raises(ValueError, match="line break"):
        unit_text(["/opt/voc-kiosk/voc-kiosk", "--data-dir", "a\nb"])


def test_options_default_to_the_wall_and_become_absolute(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    options = run_options(None, Path("settings.toml"), Path("data"), "light", None)
    assert options == [
        "--profile",
        "wall",
        "--config",
        str(tmp_path / "settings.toml"),
        "--data-dir",
        str(tmp_path / "data"),
        "--theme",
        "light",
    ]


def test_the_command_is_this_venvs_script() -> None:
    command = installed_command()
    assert command == [str(Path(sys.executable).absolute().parent / "voc-kiosk")]
    assert os.access(command[0], os.X_OK)


def test_install_writes_both_files_and_says_the_next_step_without_systemd(
    tmp_path: Path, files: AutostartFiles
) -> None:
    program, log = fake_systemctl(tmp_path / "bin", UNREACHABLE)
    said = install(files, ["/opt/vk/voc-kiosk"], ["--profile", "wall"], UserManager(str(program)))
    unit = unit_sections(files.unit.read_text())
    assert unit["Service"]["ExecStart"] == "/opt/vk/voc-kiosk --profile wall"
    entry = unit_sections(files.desktop.read_text())
    assert entry["Desktop Entry"]["Exec"] == "/opt/vk/voc-kiosk autostart session --profile wall"
    assert said[0].startswith(f"wrote {files.unit} (systemd user unit")
    assert said[1].startswith(f"wrote {files.desktop} (autostart entry")
    assert "systemctl --user daemon-reload && systemctl --user enable --now voc-kiosk" in said[-1]
    assert "No medium found" in said[-1]
    assert calls(log) == ["--user daemon-reload"]


def test_install_twice_changes_nothing(tmp_path: Path, files: AutostartFiles) -> None:
    program, _log = fake_systemctl(tmp_path / "bin", UNREACHABLE)
    manager = UserManager(str(program))
    install(files, ["/opt/vk/voc-kiosk"], ["--profile", "wall"], manager)
    before = (files.unit.read_bytes(), files.desktop.read_bytes())
    said = install(files, ["/opt/vk/voc-kiosk"], ["--profile", "wall"], manager)
    assert (files.unit.read_bytes(), files.desktop.read_bytes()) == before
    assert said[0].startswith(f"unchanged {files.unit}")
    assert said[1].startswith(f"unchanged {files.desktop}")
    assert sorted(p.name for p in files.unit.parent.iterdir()) == [UNIT_NAME]


def test_install_enables_the_unit_and_starts_it_only_in_a_graphical_session(
    tmp_path: Path, files: AutostartFiles
) -> None:
    program, log = fake_systemctl(tmp_path / "away", REACHABLE)
    said = install(files, ["/opt/vk/voc-kiosk"], ["--profile", "wall"], UserManager(str(program)))
    assert calls(log) == [
        "--user daemon-reload",
        f"--user enable {UNIT_NAME}",
        "--user is-active --quiet graphical-session.target",
    ]
    assert said[-1] == "no graphical session runs under systemd now: the kiosk starts at next login"

    program, log = fake_systemctl(tmp_path / "here", IN_SESSION)
    changed = ["--profile", "wall", "--theme", "light"]
    said = install(files, ["/opt/vk/voc-kiosk"], changed, UserManager(str(program)))
    # A changed unit is restarted, so the running kiosk takes the new options.
    assert calls(log)[-1] == f"--user restart {UNIT_NAME}"
    assert said[-1] == f"ran systemctl --user restart {UNIT_NAME}: the kiosk is running"


def test_remove_disables_and_removes_both_then_has_nothing_to_remove(
    tmp_path: Path, files: AutostartFiles
) -> None:
    program, log = fake_systemctl(tmp_path / "bin", REACHABLE)
    manager = UserManager(str(program))
    install(files, ["/opt/vk/voc-kiosk"], ["--profile", "wall"], manager)
    log.unlink()
    said = remove(files, manager)
    assert not files.unit.exists()
    assert not files.desktop.exists()
    assert calls(log) == [f"--user disable --now {UNIT_NAME}", "--user daemon-reload"]
    assert f"removed {files.unit}" in said
    assert f"removed {files.desktop}" in said
    again = remove(files, manager)
    assert f"not installed: {files.unit}" in again
    assert f"not installed: {files.desktop}" in again


def test_status_says_what_is_installed_and_what_systemd_thinks(
    tmp_path: Path, files: AutostartFiles
) -> None:
    program, _log = fake_systemctl(tmp_path / "bin", REACHABLE)
    manager = UserManager(str(program))
    assert status(files, ["/opt/vk/voc-kiosk"], manager)[:2] == [
        f"systemd user unit: not installed ({files.unit})",
        f"autostart entry: not installed ({files.desktop})",
    ]
    install(files, ["/opt/vk/voc-kiosk"], ["--profile", "wall"], manager)
    said = status(files, ["/opt/vk/voc-kiosk"], manager)
    assert said == [
        f"systemd user unit: installed at {files.unit}, runs /opt/vk/voc-kiosk --profile wall",
        f"autostart entry: installed at {files.desktop}, runs /opt/vk/voc-kiosk autostart "
        "session --profile wall",
        f"systemd: {UNIT_NAME} is enabled, active (running)",
    ]
    other = status(files, ["/usr/local/bin/voc-kiosk"], manager)
    assert any("not this voc-kiosk (/usr/local/bin/voc-kiosk)" in line for line in other)


def test_status_flags_a_unit_an_older_voc_kiosk_wrote(
    tmp_path: Path, files: AutostartFiles
) -> None:
    program, _log = fake_systemctl(tmp_path / "bin", REACHABLE)
    manager = UserManager(str(program))
    install(files, ["/opt/vk/voc-kiosk"], ["--profile", "wall"], manager)
    assert not any("older" in line for line in status(files, ["/opt/vk/voc-kiosk"], manager))
    # An admin's own values are theirs, not a sign of age (helper-39).
    edited = files.unit.read_text(encoding="utf-8").replace("RestartSec=5", "RestartSec = 10")
    files.unit.write_text(edited.replace("TimeoutStopSec=30", "TimeoutStopSec=60"), "utf-8")
    assert not any("older" in line for line in status(files, ["/opt/vk/voc-kiosk"], manager))
    # The unit as stop 26 wrote it: no exit code that keeps the wall closed.
    old = [
        line
        for line in files.unit.read_text(encoding="utf-8").splitlines()
        if not line.startswith("RestartPreventExitStatus")
    ]
    files.unit.write_text("\n".join(old) + "\n", encoding="utf-8")
    said = status(files, ["/opt/vk/voc-kiosk"], manager)
    assert said[1] == (
        f"  written by an older voc-kiosk (it lacks RestartPreventExitStatus={LEFT_BY_ADMIN}):"
        " run `voc-kiosk autostart install` again to bring it up to date"
    )
    install(files, ["/opt/vk/voc-kiosk"], ["--profile", "wall"], manager)
    assert not any("older" in line for line in status(files, ["/opt/vk/voc-kiosk"], manager))


def test_a_session_hands_its_display_to_systemd_and_starts_the_unit(
    tmp_path: Path, files: AutostartFiles
) -> None:
    program, log = fake_systemctl(tmp_path / "bin", REACHABLE)
    manager = UserManager(str(program))
    environ = {"DISPLAY": ":0", "XAUTHORITY": "/home/wall/.Xauthority", "PATH": "/usr/bin"}
    assert start_in_session(files, manager, environ) is None  # nothing installed
    install(files, ["/opt/vk/voc-kiosk"], ["--profile", "wall"], manager)
    log.unlink()
    said = start_in_session(files, manager, environ)
    assert said == [f"handed DISPLAY, XAUTHORITY to systemd and started {UNIT_NAME}"]
    assert calls(log) == [
        "--user import-environment DISPLAY XAUTHORITY",
        f"--user start {UNIT_NAME}",
    ]


def test_a_session_without_systemd_runs_the_kiosk_itself(
    tmp_path: Path, files: AutostartFiles
) -> None:
    program, _log = fake_systemctl(tmp_path / "bin", UNREACHABLE)
    manager = UserManager(str(program))
    install(files, ["/opt/vk/voc-kiosk"], ["--profile", "wall"], manager)
    assert start_in_session(files, manager, {"DISPLAY": ":0"}) is None
    assert UserManager(str(tmp_path / "no-such-systemctl")).call("daemon-reload").ok is False


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze missing")
def test_systemd_accepts_the_unit(tmp_path: Path) -> None:
    # A real executable in a folder whose name needs every kind of quoting.
    folder = tmp_path / "my kiosk 100% $HOME"
    folder.mkdir()
    exe = folder / "voc-kiosk"
    exe.write_text("#!/bin/sh\n")
    exe.chmod(0o755)
    files = AutostartFiles.for_user({"XDG_CONFIG_HOME": str(tmp_path / "config")})
    program, _log = fake_systemctl(tmp_path / "bin", UNREACHABLE)
    install(files, [str(exe)], run_options("wall", data_dir=folder), UserManager(str(program)))
    runtime = tmp_path / "runtime"
    runtime.mkdir(mode=0o700)
    env = dict(os.environ, XDG_RUNTIME_DIR=str(runtime), SYSTEMD_LOG_LEVEL="notice")
    done = subprocess.run(
        ["systemd-analyze", "--user", "verify", str(files.unit)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    # verify checks the ExecStart program exists and is executable: the quoting held.
    assert done.returncode == 0, done.stderr
    assert "voc-kiosk.service" not in done.stderr, done.stderr


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None, reason="desktop-file-utils")
def test_freedesktop_accepts_the_entry(tmp_path: Path, files: AutostartFiles) -> None:
    program, _log = fake_systemctl(tmp_path / "bin", UNREACHABLE)
    folder = tmp_path / 'a "quoted" 100% $dir'
    install(
        files,
        ["/opt/vk/voc-kiosk"],
        run_options("wall", data_dir=folder),
        UserManager(str(program)),
    )
    done = subprocess.run(
        ["desktop-file-validate", str(files.desktop)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout + done.stderr == ""


def run_cli(*args: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kiosk", "autostart", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_command_installs_reports_and_removes(tmp_path: Path) -> None:
    bin_dir = tmp_path / "bin"
    fake_systemctl(bin_dir, UNREACHABLE)
    config = tmp_path / "config"
    env = dict(os.environ, XDG_CONFIG_HOME=str(config), PATH=str(bin_dir))
    data = tmp_path / "wall data"

    done = run_cli("install", "--data-dir", str(data), env=env, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    unit = unit_sections((config / "systemd" / "user" / UNIT_NAME).read_text())
    script = str(Path(sys.executable).absolute().parent / "voc-kiosk")
    assert exec_words_systemd(unit["Service"]["ExecStart"]) == [
        script,
        "--profile",
        "wall",
        "--data-dir",
        str(data),
    ]
    assert (config / "autostart" / DESKTOP_NAME).is_file()
    assert "systemctl --user enable --now voc-kiosk" in done.stdout

    done = run_cli("status", env=env, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert f"systemd user unit: installed at {config / 'systemd' / 'user' / UNIT_NAME}" in (
        done.stdout
    )
    assert "systemctl --user is not reachable here" in done.stdout

    done = run_cli("remove", env=env, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert not (config / "systemd" / "user" / UNIT_NAME).exists()
    assert not (config / "autostart" / DESKTOP_NAME).exists()
    assert "Traceback" not in done.stderr
