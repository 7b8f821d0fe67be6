"""The command line, run as a user runs it: in a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QImage


def run(*args: str, cwd: Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run(
        [sys.executable, "-m", "kiosk", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def test_help_lists_every_option(tmp_path: Path) -> None:
    result = run("--help", cwd=tmp_path)
    assert result.returncode == 0
    for option in (
        "--config",
        "--data-dir",
        "--profile",
        "--windowed",
        "--fullscreen",
        "--demo",
        "--theme",
        "--palette",
        "--quit-after",
        "snapshot",
        "--out",
        "--size",
    ):
        assert option in result.stdout, option


def test_snapshot_writes_a_png_of_the_requested_size(tmp_path: Path) -> None:
    out = tmp_path / "shot.png"
    result = run("snapshot", "--demo", "--out", str(out), "--size", "1280x720", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1280, 720)


def test_snapshot_with_a_bad_settings_file_still_renders(tmp_path: Path) -> None:
    config = tmp_path / "settings.toml"
    config.write_text("[display\n")
    out = tmp_path / "shot.png"
    result = run(
        "snapshot",
        "--demo",
        "--config",
        str(config),
        "--out",
        str(out),
        "--size",
        "640x360",
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert out.exists()
    assert f"{config}: (file): is not valid TOML" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_bad_store_gets_one_clear_line(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "voc-kiosk.sqlite3").write_bytes(b"garbage" * 1000)
    result = run("--data-dir", str(data), "--quit-after", "1", cwd=tmp_path)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith("voc-kiosk:")]
    assert len(lines) == 1
    assert "damaged" in lines[0] and str(data) in lines[0]


def test_bad_size_is_refused_clearly(tmp_path: Path) -> None:
    result = run("snapshot", "--out", "x.png", "--size", "big", cwd=tmp_path)
    assert result.returncode == 2
    assert "WIDTHxHEIGHT" in result.stderr


def test_the_app_starts_runs_and_quits(tmp_path: Path) -> None:
    """Smoke test: the real app, with the live demo, for a few seconds."""
    data = tmp_path / "data"
    result = run(
        "--data-dir",
        str(data),
        "--demo",
        "live",
        "--windowed",
        "--quit-after",
        "7",
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    log = (data / "logs" / "voc-kiosk.log").read_text()
    assert "ERROR" not in log
    assert (data / "voc-kiosk.sqlite3").exists()
