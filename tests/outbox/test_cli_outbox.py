"""``voc-kiosk outbox`` as a person runs it: a subprocess on a real store and settings file,
with an SMTP server on loopback for ``send``; and the snapshots of the compose form and ideas."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QImage

from kiosk.delivery.compose import plan_announcement
from kiosk.outbox.values import Audience, DeliveryState
from kiosk.settings import Settings, save_settings
from kiosk.store import Store
from tests.outbox.conftest import SmtpServer, announcement, feedback, mail_feed, mention_term


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run(
        [sys.executable, "-m", "kiosk", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def setup(tmp_path: Path, port: int) -> tuple[list[str], int, list[int]]:
    """A settings file with a feed answered by e-mail, and a store with a queued message."""
    config = tmp_path / "settings.toml"
    save_settings(Settings(feeds=(mail_feed(port),)), config)
    data = tmp_path / "data"
    with Store(data / "voc-kiosk.sqlite3") as store:
        mention_term(
            store,
            [feedback(str(i), f"c{i}", email_address=f"c{i}@example.com") for i in range(3)],
        )
        message = store.queue(
            plan_announcement(store, announcement(), Audience(), [mail_feed(port)])
        )
        recipients = [r.id for r in store.outbox_recipients(message)]
    return ["--config", str(config), "--data-dir", str(data)], message, recipients


def test_list_cancel_retry_and_send(tmp_path: Path, smtp_server: SmtpServer) -> None:
    where, message, recipients = setup(tmp_path, smtp_server.port)
    listed = run("outbox", "list", *where, cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
    assert f"#{message} " in listed.stdout
    assert "announcement about 'delivery' by Priya Shah: 3 queued" in listed.stdout

    cancelled = run(
        "outbox", "cancel", "--recipient", str(recipients[0]), "--by", "Sam", *where, cwd=tmp_path
    )
    assert cancelled.stdout.strip() == "1 deliveries cancelled"
    # A failed delivery, retried by a person.
    with Store(tmp_path / "data" / "voc-kiosk.sqlite3") as store:
        job = store.claim_delivery()
        assert job is not None and job.recipient.id == recipients[1]
        store.mark_failed(job.recipient.id, "the server said no")
    one = run("outbox", "list", "--message", str(message), *where, cwd=tmp_path)
    assert "cancelled — cancelled by Sam" in one.stdout
    assert "failed — the server said no" in one.stdout
    failed_only = run(
        "outbox", "list", "--message", str(message), "--state", "failed", *where, cwd=tmp_path
    )
    assert len(failed_only.stdout.strip().splitlines()) == 2  # the message and its one failure
    retried = run("outbox", "retry", "--message", str(message), *where, cwd=tmp_path)
    assert retried.stdout.strip() == "1 deliveries queued again"

    sent = run("outbox", "send", *where, cwd=tmp_path)
    assert sent.returncode == 0, sent.stderr
    assert sent.stdout.strip() == "2 sent"
    assert sorted(r.rcpt_tos[0] for r in smtp_server.received) == [
        "c1@example.com",
        "c2@example.com",
    ]
    with Store(tmp_path / "data" / "voc-kiosk.sqlite3") as store:
        states = [r.state for r in store.outbox_recipients(message)]
    assert states == [DeliveryState.CANCELLED, DeliveryState.SENT, DeliveryState.SENT]
    # Nothing is sent twice: a second pass finds nothing due.
    assert run("outbox", "send", *where, cwd=tmp_path).stdout.strip() == "0 sent"
    assert len(smtp_server.received) == 2


def test_send_retries_as_the_settings_say_and_says_what_waits(tmp_path: Path) -> None:
    # Nothing listens on the port: every delivery fails for a passing reason.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    where, message, _recipients = setup(tmp_path, port)
    save_settings(
        Settings(values={"outbox.backoff_seconds": 2}, feeds=(mail_feed(port),)),
        tmp_path / "settings.toml",
    )
    result = run("outbox", "send", *where, cwd=tmp_path)
    # Nothing went: said in the exit code, as `sync --once` does, and why (helper-42).
    assert result.returncode == 1, result.stderr
    said = result.stdout.strip()
    # Told that nothing went and when it is tried again: "0 sent, 1 to try again later, 2
    # more waiting; the next try in 2 s" (a closed port holds the channel: the other two wait
    # with it; the one tried is not counted twice).
    found = re.fullmatch(
        r"0 sent, 1 to try again later, 2 more waiting; the next try in (\d) s\."
        r" The first that did not go: .*refused.*",
        said,
    )
    assert found is not None, said
    # The settings' first wait (1-2 s with jitter), not the worker's default of 30.
    assert int(found.group(1)) <= 2
    with Store(tmp_path / "data" / "voc-kiosk.sqlite3") as store:
        states = {r.state for r in store.outbox_recipients(message)}
    assert states <= {DeliveryState.QUEUED, DeliveryState.FAILED}


def test_an_action_needs_a_message_or_recipients(tmp_path: Path) -> None:
    where, _message, _recipients = setup(tmp_path, 1)
    result = run("outbox", "confirm", *where, cwd=tmp_path)
    assert result.returncode == 2
    assert "needs --message ID or --recipient ID" in result.stderr


def test_the_outbox_command_loads_no_qt(tmp_path: Path) -> None:
    where, _message, _recipients = setup(tmp_path, 1)
    code = (
        "import sys\n"
        "from kiosk.cli import main\n"
        f"main(['outbox', 'list', *{where!r}])\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'pyqtgraph'))\n"
        "print('QT:', loaded)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert "QT: []" in result.stdout, result.stdout + result.stderr


def test_snapshots_of_the_compose_form_and_the_ideas(tmp_path: Path) -> None:
    for extra, name in ((["--compose", "delivery"], "compose"), (["--ideas"], "ideas")):
        out = tmp_path / f"{name}.png"
        result = run(
            "snapshot", "--demo", "--out", str(out), "--size", "1280x760", *extra, cwd=tmp_path
        )
        assert result.returncode == 0, result.stderr
        image = QImage(str(out))
        assert (image.width(), image.height()) == (1280, 760)
        # Not a blank frame: the form and the list draw text in many shades.
        colours = {image.pixel(x, y) for x in range(0, 1280, 16) for y in range(0, 760, 16)}
        assert len(colours) > 20
        if name == "compose":
            assert "composing to everyone behind delivery" in result.stdout


def test_a_mistyped_data_dir_or_message_is_an_error(tmp_path: Path) -> None:
    # QA's mistyped --data-dir made a new, empty store and said "the outbox is empty"; a
    # message that is not there was said with exit code 0.
    where, message, _recipients = setup(tmp_path, 1)
    wrong = tmp_path / "dat"
    missing = run("outbox", "list", "--data-dir", str(wrong), cwd=tmp_path)
    assert missing.returncode == 2
    assert "there is no store at" in missing.stderr and "--data-dir" in missing.stderr
    assert not wrong.exists()  # nothing made in the wrong place, not even a log folder
    for action in ("list", "retry", "cancel", "confirm"):
        absent = run("outbox", action, "--message", str(message + 99), *where, cwd=tmp_path)
        assert absent.returncode == 1, action
        assert f"there is no message #{message + 99}" in absent.stderr, action
    present = run("outbox", "list", "--message", str(message), *where, cwd=tmp_path)
    assert present.returncode == 0, present.stderr
