"""The sync benchmark never turns runs that failed into a rate or a goal met (stop 59: a
mistyped --shipped gave "278,512 items/s" and "goal: met" from seven runs that exited 2)."""

from __future__ import annotations

import os
import sys

from benchmarks.bench_sync import Timed, _done, _medians, _timed


def test_a_command_that_does_not_exist_is_a_failed_run() -> None:
    run = _timed(["/nonexistent/voc-kiosk", "sync", "--once"], dict(os.environ))
    assert run.error
    assert "/nonexistent/voc-kiosk" in run.error


def test_a_command_that_exits_with_an_error_is_a_failed_run() -> None:
    run = _timed([sys.executable, "-c", "raise SystemExit(2)"], dict(os.environ))
    assert run.error.startswith("exit 2")


def test_medians_are_of_the_runs_that_finished() -> None:
    runs = [Timed(1.0, 0.9), Timed(0.01, 0.01, "exit 2: no such file"), Timed(3.0, 2.9)]
    assert _done(runs) == [runs[0], runs[2]]
    assert _medians(runs) == (2.0, 1.9)
    assert _medians([Timed(0.01, 0.01, "exit 2")]) == (0.0, 0.0)
