"""Frame time of a 300-word cloud transition, offscreen: advancing the animation plus painting.

The view is laid out on the base workload, then fed the 5% variant; every frame of the
0.8 s transition is timed at 60 Hz steps: ``advance`` (interpolate every word) plus
``render`` into an image of the canvas size. The first frame after new data includes drawing
the new word pixmaps and is shown separately; idle is a frame with nothing moving.

Usage:
    .venv/bin/python benchmarks/bench_frames.py [--workloads DIR] [--words 300] [--runs 5]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from importlib import resources
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtGui import QFontDatabase, QImage
from PySide6.QtWidgets import QApplication

from kiosk.model import Kind
from kiosk.settings import Settings
from kiosk.values import TermStat
from kiosk.views.cloud_view import TRANSITION_SECONDS, CloudView
from kiosk.views.layout_worker import synchronous

REPO = Path(__file__).resolve().parent.parent
DEFAULT_WORKLOADS = REPO.parent / "shared" / "bench" / "workloads"
CASES = ((1920, 1080, 1.0), (3840, 2160, 1.0), (1920, 1080, 2.0))


def stats_from(path: Path) -> list[TermStat]:
    """Term statistics from a workload, with a seeded mix of kinds per word."""
    out = []
    for w in json.loads(path.read_text(encoding="utf-8"))["words"]:
        rng = random.Random(w["text"])
        count = int(w["count"])
        complaints = int(count * rng.random())
        ideas = int((count - complaints) * rng.random())
        by_kind = {
            Kind.COMPLAINT: complaints,
            Kind.IDEA: ideas,
            Kind.COMPLIMENT: count - complaints - ideas,
        }
        previous = int(count * rng.uniform(0.4, 1.1))
        out.append(TermStat(w["text"], w["text"], count, count, by_kind, previous))
    return out


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def run_case(
    base: list[TermStat], variant: list[TermStat], width: int, height: int, dpr: float, runs: int
) -> tuple[list[float], list[float], list[float]]:
    frames: list[float] = []
    firsts: list[float] = []
    idles: list[float] = []
    for _ in range(runs):
        clock = Clock()
        view = CloudView(executor=synchronous, clock=clock, instant_when_hidden=False)
        view.apply_settings(Settings().replace(display__max_words=1000, display__idle_drift=False))
        view.resize(width, height)
        image = QImage(
            round(width * dpr), round(height * dpr), QImage.Format.Format_ARGB32_Premultiplied
        )
        image.setDevicePixelRatio(dpr)
        view.render(image)  # delivers the pending resize
        view.set_terms(base)
        view.flush()
        view.finish_animations()
        view.render(image)
        started = time.perf_counter()
        view.render(image)
        idles.append(time.perf_counter() - started)
        view.set_terms(variant)
        view.flush()
        steps = round(TRANSITION_SECONDS * 60) + 1
        for i in range(steps):
            clock.now += 1 / 60
            started = time.perf_counter()
            view.advance(clock.now)
            view.render(image)
            elapsed = time.perf_counter() - started
            (firsts if i == 0 else frames).append(elapsed)
        view.shutdown()
        view.deleteLater()
    return frames, firsts, idles


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workloads", type=Path, default=DEFAULT_WORKLOADS)
    parser.add_argument("--words", type=int, default=300)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    if not args.workloads.is_dir():
        print(f"no workloads at {args.workloads}; pass --workloads", file=sys.stderr)
        return 2
    app = QApplication.instance() or QApplication([])
    for name in ("Inter-Regular.otf", "Inter-SemiBold.otf"):
        data = resources.files("kiosk.assets.fonts").joinpath(name).read_bytes()
        QFontDatabase.addApplicationFontFromData(data)
    base = stats_from(args.workloads / f"words_{args.words}.json")
    variant = stats_from(args.workloads / f"words_{args.words}_p5.json")
    header = (
        f"{'canvas':>14} {'words':>5} | {'median ms':>9} {'p99 ms':>7} {'frames':>6} | "
        f"{'first frame ms':>14} {'idle frame ms':>13}"
    )
    print(header)
    print("-" * len(header))
    for width, height, dpr in CASES:
        frames, firsts, idles = run_case(base, variant, width, height, dpr, args.runs)
        label = f"{width}x{height}" + (f"@{dpr:g}x" if dpr != 1 else "")
        print(
            f"{label:>14} {args.words:>5} | {statistics.median(frames) * 1000:9.2f} "
            f"{percentile(frames, 0.99) * 1000:7.2f} {len(frames):>6} | "
            f"{statistics.median(firsts) * 1000:14.1f} {statistics.median(idles) * 1000:13.2f}",
            flush=True,
        )
    print(
        "\nframe = advance(t) + render into an image; first frame includes drawing new word"
        " pixmaps; @2x = a 4K panel at 200% scaling (1920x1080 logical)."
    )
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
