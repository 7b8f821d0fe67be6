"""The command line, run as a user runs it: in a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QRect
from PySide6.QtGui import QImage
from pytest_httpserver import HTTPServer


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


def test_snapshot_of_a_shared_view_and_of_what_moved(tmp_path: Path) -> None:
    out = tmp_path / "view.png"
    result = run(
        "snapshot", "--demo", "--out", str(out), "--size", "1280x720",
        "--view", "days=90&kind=complaint&open=delivery", "--movers", cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert not QImage(str(out)).isNull()
    # Part of a view that cannot be read is named and left out; nothing readable at all stops.
    partly = run(
        "snapshot", "--demo", "--out", str(out), "--view", "days=90&colour=red", cwd=tmp_path
    )
    assert partly.returncode == 0 and "'colour' is not part of a view" in partly.stderr
    unreadable = run("snapshot", "--demo", "--out", str(out), "--view", "days=0", cwd=tmp_path)
    assert unreadable.returncode == 2
    assert "days '0' is not 1 to 3650" in unreadable.stderr


def test_snapshot_opens_a_word_as_the_cloud_shows_it(tmp_path: Path) -> None:
    # QA opened "Ice Cream" as the cloud wrote it and got "0 customers": --open took only the
    # stored key. It now finds a word as the find box does, or says it is not there.
    def shot(*args: str) -> tuple[QImage, str]:
        out = tmp_path / f"{len(args)}-{abs(hash(args))}.png"
        result = run(
            "snapshot", "--demo", "--out", str(out), "--size", "1280x720", *args, cwd=tmp_path
        )
        assert result.returncode == 0, result.stderr
        return QImage(str(out)), result.stderr

    as_stored, _ = shot("--open", "order tracking")
    as_typed, said = shot("--open", "Order Tracking")
    assert "is not a word" not in said
    panel = QRect(700, 120, 560, 560)  # the drill-down's side, below the header
    assert as_typed.copy(panel) == as_stored.copy(panel)
    missing, said = shot("--open", "zebra crossing")
    assert "'zebra crossing' is not a word of this view" in said
    assert missing.copy(panel) != as_stored.copy(panel)


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


FEED_CONFIG = """\
version = 1
[[feeds]]
name = "api"
type = "http"
url = "{url}"
[feeds.mapping]
external_id = "id"
text = "text"
created_at = "created"
customer_id = "customer"
"""


def test_sync_once_prints_what_it_did(tmp_path: Path, httpserver: HTTPServer) -> None:
    # Recent feedback, as a feed brings it: fixed dates would fall out of the days the store
    # keeps (store.keep_days) as the years pass, and be left out as too old.
    now = datetime.now(UTC)
    last_week, yesterday = (f"{now - timedelta(days=days):%Y-%m-%dT%H:%M:%SZ}" for days in (7, 1))
    httpserver.expect_request("/feedback").respond_with_json(
        [
            {"id": "1", "text": "Late delivery again", "created": last_week, "customer": "c1"},
            {"id": "2", "text": "Lovely staff", "created": yesterday, "customer": "c2"},
            {"id": "3", "created": yesterday},
        ]
    )
    config = tmp_path / "settings.toml"
    config.write_text(FEED_CONFIG.format(url=httpserver.url_for("/feedback")))
    data = tmp_path / "data"
    result = run("sync", "--once", "--config", str(config), "--data-dir", str(data), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "api: 2 new, 0 changed" in result.stdout
    assert "1 skipped" in result.stdout
    from kiosk.dashboard import Dashboard, window_ending
    from kiosk.store import Store

    with Store(data / "voc-kiosk.sqlite3") as store:
        assert store.count() == 2
        found = Dashboard(store).top_terms(window_ending(None, 3650), 10)
        assert any("delivery" in t.key for t in found)


def test_sync_once_names_a_dead_feed_and_a_missing_one(tmp_path: Path) -> None:
    config = tmp_path / "settings.toml"
    config.write_text(FEED_CONFIG.format(url="http://127.0.0.1:9/feedback"))
    data = tmp_path / "data"
    result = run("sync", "--once", "--config", str(config), "--data-dir", str(data), cwd=tmp_path)
    assert result.returncode == 1
    assert "api: failed" in result.stdout and "refused the connection" in result.stdout
    # Said once: the report on stdout, not again on stderr.
    assert "refused the connection" not in result.stderr
    result = run(
        "sync", "--once", "--feed", "nope", "--config", str(config), "--data-dir", str(data),
        cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 2
    assert "no feed named 'nope'" in result.stderr
    assert "Traceback" not in result.stderr


def test_common_options_may_come_before_the_command(tmp_path: Path) -> None:
    """`voc-kiosk --config FILE sync` reads FILE: the command's parser keeps what came first."""
    config = tmp_path / "settings.toml"
    config.write_text(FEED_CONFIG.format(url="http://127.0.0.1:9/feedback"))
    data = tmp_path / "data"
    result = run("--config", str(config), "--data-dir", str(data), "sync", "--once", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert "api: failed" in result.stdout
    assert (data / "voc-kiosk.sqlite3").exists()


def test_help_into_a_closed_pipe_prints_no_traceback(tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    with subprocess.Popen(
        [sys.executable, "-m", "kiosk", "--help"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    ) as proc:
        assert proc.stdout is not None and proc.stderr is not None
        # Closed before the child (half a second to start) writes a byte: every write fails.
        proc.stdout.close()
        err = proc.stderr.read().decode()
        proc.wait(timeout=60)
    assert "Traceback" not in err and "BrokenPipeError" not in err


def test_sync_once_fails_when_the_settings_cannot_be_read(tmp_path: Path) -> None:
    config = tmp_path / "settings.toml"
    config.write_text("this is [not toml", encoding="utf-8")
    result = run(
        "sync", "--once", "--config", str(config), "--data-dir", str(tmp_path / "d"), cwd=tmp_path
    )
    assert result.returncode == 2
    assert "is not valid TOML" in result.stderr and "no feeds were synced" in result.stderr


def test_sync_once_fails_when_the_named_settings_file_is_missing(tmp_path: Path) -> None:
    missing = tmp_path / "share" / "settings.toml"
    result = run(
        "sync", "--once", "--config", str(missing), "--data-dir", str(tmp_path / "d"), cwd=tmp_path
    )
    assert result.returncode == 2
    assert result.stderr == f"voc-kiosk: the settings file {missing} does not exist\n"
    assert not (tmp_path / "d").exists()  # nothing created on a mistake


def test_headless_commands_load_no_qt(tmp_path: Path) -> None:
    """sync and secret run on a server without a display: they must not even import Qt."""
    import subprocess
    import sys

    config = tmp_path / "settings.toml"
    config.write_text("version = 1\n", encoding="utf-8")
    code = (
        "import sys\n"
        "from kiosk.cli import main\n"
        f"main(['sync', '--once', '--config', {str(config)!r}, '--data-dir', {str(tmp_path)!r}])\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'pyqtgraph'))\n"
        "print('QT:', loaded)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert "QT: []" in result.stdout, result.stdout + result.stderr
