"""SIGKILL a real sync process at any moment: nothing committed is lost, nothing duplicated."""

from __future__ import annotations

import json
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from kiosk.store import Store
from kiosk.sync import run_once
from kiosk.sync.sources.base import load_cursor
from tests.sync.conftest import (
    MAPPING,
    TEST_DATES_FROM,
    feed,
    keep_days_from,
    record,
    settings_with,
)

ROOT = Path(__file__).resolve().parents[2]
CHILD = """
import sys
from pathlib import Path
from kiosk.settings import FeedConfig, Settings
from kiosk.store import Store
from kiosk.sync import run_once
url, db, size, mapping = sys.argv[1], sys.argv[2], int(sys.argv[3]), eval(sys.argv[4])
keep_days = int(sys.argv[5])
options = {"url": url, "pagination": "page", "page_size": size, "mapping": mapping}
store = Store(Path(db))
feeds = (FeedConfig("board", "http", True, 60, options),)
print(run_once(Settings({"store.keep_days": keep_days}, feeds), store)[0])
"""


def _options(httpserver: HTTPServer, size: int) -> dict:
    return {
        "url": httpserver.url_for("/items"),
        "pagination": "page",
        "page_size": size,
        "mapping": MAPPING,
    }


def _child(httpserver: HTTPServer, db: Path, size: int) -> subprocess.Popen[bytes]:
    # record()'s fixed dates stay in the store's window.
    keep_days = keep_days_from(TEST_DATES_FROM)
    args = [httpserver.url_for("/items"), str(db), str(size), repr(MAPPING), str(keep_days)]
    return subprocess.Popen(
        [sys.executable, "-c", CHILD, *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def _pages(pages: int, size: int):
    def page(n: int) -> Response:
        ids = range((n - 1) * size, min(n, pages) * size) if n <= pages else range(0)
        return Response(
            json.dumps([record(i, body=f"item {i} of the kill test") for i in ids]),
            content_type="application/json",
        )

    return page


def test_kill_between_pages_resumes_after_the_last_commit(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    size, pages = 100, 5
    page = _pages(pages, size)
    reached, release = threading.Event(), threading.Event()
    asked: list[int] = []

    def handler(request: Request) -> Response:
        n = int(request.args["page"])
        asked.append(n)
        if n == 3 and not reached.is_set():
            reached.set()
            release.wait(30)
        return page(n)

    httpserver.expect_request("/items").respond_with_handler(handler)
    db = tmp_path / "kill.sqlite3"
    proc = _child(httpserver, db, size)
    try:
        assert reached.wait(60), proc.stderr.read() if proc.stderr else ""
        proc.send_signal(signal.SIGKILL)
        proc.wait(30)
    finally:
        release.set()
        proc.kill()
        proc.communicate()
    assert proc.returncode == -signal.SIGKILL
    with Store(db) as store:
        assert store.count() == 200
        resume = load_cursor(store.cursor("board"))["resume"]
        assert resume["params"]["page"] == 3
        asked.clear()
        (report,) = run_once(settings_with(feed(**_options(httpserver, size))), store)
        assert report.ok and (report.new, report.changed) == (300, 0)
        assert asked == [3, 4, 5, 6]
        assert store.count() == 500
        assert "resume" not in load_cursor(store.cursor("board"))


@pytest.mark.slow
def test_kill_at_random_moments_keeps_items_and_cursor_together(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    size, pages = 200, 15
    page = _pages(pages, size)

    def handler(request: Request) -> Response:
        time.sleep(0.03)  # a network-like pause, so kills land in fetches as well as commits
        return page(int(request.args["page"]))

    httpserver.expect_request("/items").respond_with_handler(handler)
    db = tmp_path / "kill.sqlite3"
    rng = random.Random(2026)
    completed = False
    for _ in range(5):
        proc = _child(httpserver, db, size)
        time.sleep(rng.uniform(0.2, 1.5))
        proc.send_signal(signal.SIGKILL)
        proc.communicate()
        with Store(db) as store:
            raw = store.cursor("board")
            cursor = load_cursor(raw)
            if completed:
                # A later pass re-reads pages it already has: nothing lost, nothing doubled.
                assert store.count() == pages * size
            elif "resume" in cursor:
                committed_pages = cursor["resume"]["params"]["page"] - 1
                # The items and the cursor that points after them commit together.
                assert store.count() == committed_pages * size
            elif raw is not None:
                completed = True
                assert store.count() == pages * size
            else:
                assert store.count() == 0
    with Store(db) as store:
        (report,) = run_once(settings_with(feed(**_options(httpserver, size))), store)
        assert report.ok and report.changed == 0
        assert store.count() == pages * size
        assert {r.feedback.external_id for r in store.feedback_between()} == {
            f"r{i}" for i in range(pages * size)
        }
