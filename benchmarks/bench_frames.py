"""Frame time of a 300-word cloud transition: into an image, and on a real X surface (Xvfb).

The view is laid out on the base workload, then fed the 5% variant; every frame of the
0.8 s transition is timed at 60 Hz steps: ``advance`` (interpolate every word) plus
``render`` of the whole view into an image of the canvas size. The first frame after new
data includes drawing the new word pixmaps and is shown separately; idle is a frame with
nothing moving.

``--xvfb`` also runs the real window, full screen on an Xvfb of each size (no window
manager), in a child process: a frame there is ``advance`` plus the repaint the view asks
for, delivered by Qt and flushed to the X server, up to ``QGuiApplication.sync()`` (the server
has the pixels). It is timed twice: as the view paints (only the words drawn differently
from the last frame that showed them) and with the whole window repainted every frame (what
the view did before), beside the image numbers of the same run.

``--dump DIR`` (with ``--xvfb``) saves, for the first run of each size, what the X server
shows halfway through the transition and after it, beside a render of the whole view at the
same moment, and prints how many pixels differ and by how much.

Usage:
    .venv/bin/python -m benchmarks.bench_frames [--workloads DIR] [--words 300] [--runs 5]
        [--xvfb] [--dump DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Run as a script too (``make bench``), not only as ``-m benchmarks.bench_frames``.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QFontDatabase, QGuiApplication, QImage, QPaintEvent
from PySide6.QtWidgets import QApplication

from kiosk.model import Kind
from kiosk.settings import Settings
from kiosk.values import TermStat
from kiosk.views.cloud_view import TRANSITION_SECONDS, CloudView, image_for
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
        image = image_for(QSize(width, height), dpr)
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


class TimedCloud(CloudView):
    """The cloud view, timing its own paint events."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.paints: list[float] = []
        self.painted_share: list[float] = []

    def paintEvent(self, event: QPaintEvent) -> None:
        started = time.perf_counter()
        super().paintEvent(event)
        self.paints.append(time.perf_counter() - started)
        # QRegion iterates over its rectangles (PySide6's stubs do not say so).
        rects: Iterable[QRect] = event.region()  # type: ignore[assignment]
        area = sum(r.width() * r.height() for r in rects)
        self.painted_share.append(area / (self.width() * self.height()))


def compare_images(shown: QImage, rendered: QImage) -> tuple[int, int]:
    """Return how many pixels differ between two images, and the largest channel difference."""
    a = shown.convertToFormat(QImage.Format.Format_RGB32)
    b = rendered.convertToFormat(QImage.Format.Format_RGB32)
    if a.size() != b.size():
        return a.width() * a.height(), 255
    count = worst = 0
    for y in range(a.height()):
        if a.constScanLine(y) == b.constScanLine(y):
            continue
        for x in range(a.width()):
            p, q = a.pixel(x, y), b.pixel(x, y)
            if p != q:
                count += 1
                worst = max(worst, *(abs((p >> k & 255) - (q >> k & 255)) for k in (0, 8, 16)))
    return count, worst


def dump_frame(view: CloudView, dump: Path, name: str) -> dict:
    """Save what the X server shows of the view and a render of it; return how they differ."""
    QGuiApplication.sync()
    shown = view.screen().grabWindow(view.winId()).toImage()
    rendered = image_for(view.size(), view.devicePixelRatioF())
    view.render(rendered)
    label = f"{view.width()}x{view.height()}_{name}"
    shown.save(str(dump / f"{label}_xserver.png"))
    rendered.save(str(dump / f"{label}_render.png"))
    count, worst = compare_images(shown, rendered)
    return {"frame": name, "differing": count, "worst": worst}


def surface_case(
    base: list[TermStat],
    variant: list[TermStat],
    runs: int,
    full: bool,
    dump: Path | None = None,
) -> dict:
    """Time transitions of the real window on the X server this process runs on."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    frames: list[float] = []
    firsts: list[float] = []
    paints: list[float] = []
    shares: list[float] = []
    dumps: list[dict] = []
    for run in range(runs):
        clock = Clock()
        view = TimedCloud(executor=synchronous, clock=clock)
        view.apply_settings(Settings().replace(display__max_words=1000, display__idle_drift=False))
        screen = view.screen()
        view.setGeometry(screen.geometry())
        view.showFullScreen()
        deadline = time.monotonic() + 10
        while not view.isVisible() or view.width() != screen.geometry().width():
            app.processEvents()
            assert time.monotonic() < deadline, "the window never covered the screen"
        view.set_terms(base)
        view.flush()
        view.finish_animations()
        QGuiApplication.sync()
        view.set_terms(variant)
        view.flush()
        view.paints.clear()
        view.painted_share.clear()
        steps = round(TRANSITION_SECONDS * 60) + 1
        for i in range(steps):
            clock.now += 1 / 60
            started = time.perf_counter()
            view.advance(clock.now)
            if full:
                view.update()
            QGuiApplication.sync()
            elapsed = time.perf_counter() - started
            (firsts if i == 0 else frames).append(elapsed)
            if dump is not None and run == 0 and i == steps // 2:
                dumps.append(dump_frame(view, dump, "halfway"))
        if dump is not None and run == 0:
            # The tick after the end, which draws what a pixmap budget postponed.
            clock.now += 1 / 60
            view.advance(clock.now)
            dumps.append(dump_frame(view, dump, "after"))
        paints += view.paints[1:]
        shares += view.painted_share[1:]
        view.close()
        view.shutdown()
        view.deleteLater()
        app.processEvents()
    return {"frames": frames, "firsts": firsts, "paints": paints, "shares": shares, "dumps": dumps}


def run_on_xvfb(args: argparse.Namespace, width: int, height: int, full: bool) -> dict:
    """Run ``surface_case`` in a child process on a fresh Xvfb of this size."""
    n = next(
        n
        for n in range(120, 200)
        if not Path(f"/tmp/.X11-unix/X{n}").exists() and not Path(f"/tmp/.X{n}-lock").exists()
    )
    server = subprocess.Popen(
        ["Xvfb", f":{n}", "-screen", "0", f"{width}x{height}x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while not Path(f"/tmp/.X11-unix/X{n}").exists():
            if time.monotonic() > deadline:
                raise RuntimeError("Xvfb did not start")
            time.sleep(0.05)
        env = dict(os.environ, DISPLAY=f":{n}", QT_QPA_PLATFORM="xcb")
        command = [sys.executable, __file__, "--surface-child", "--words", str(args.words)]
        command += ["--runs", str(args.runs), "--workloads", str(args.workloads)]
        command += ["--full"] if full else []
        if args.dump is not None and not full:
            command += ["--dump", str(args.dump)]
        out = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
        return dict(json.loads(out.stdout.strip().splitlines()[-1]))
    finally:
        server.terminate()
        server.wait()


def ms(values: list[float], share: float | None = None) -> float:
    """Median (or a percentile) in milliseconds."""
    if share is None:
        return statistics.median(values) * 1000
    return percentile(values, share) * 1000


def load_fonts() -> None:
    for name in ("Inter-Regular.otf", "Inter-SemiBold.otf"):
        data = resources.files("kiosk.assets.fonts").joinpath(name).read_bytes()
        QFontDatabase.addApplicationFontFromData(data)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workloads", type=Path, default=DEFAULT_WORKLOADS)
    parser.add_argument("--words", type=int, default=300)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--xvfb", action="store_true", help="also time a real X surface")
    parser.add_argument("--surface-child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--full", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument(
        "--dump", type=Path, help="with --xvfb: save frames from the X server into DIR"
    )
    args = parser.parse_args(argv)
    if not args.workloads.is_dir():
        print(f"no workloads at {args.workloads}; pass --workloads", file=sys.stderr)
        return 2
    app = QApplication.instance() or QApplication([])
    load_fonts()
    base = stats_from(args.workloads / f"words_{args.words}.json")
    variant = stats_from(args.workloads / f"words_{args.words}_p5.json")
    if args.surface_child:
        got = surface_case(base, variant, args.runs, args.full, args.dump)
        print(json.dumps(got))
        return 0
    if args.dump is not None:
        args.dump.mkdir(parents=True, exist_ok=True)
    if args.xvfb:
        if shutil.which("Xvfb") is None:
            print("--xvfb needs Xvfb (apt-get install xvfb)", file=sys.stderr)
            return 2
        return compare_surfaces(args, base, variant)
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


def compare_surfaces(
    args: argparse.Namespace, base: list[TermStat], variant: list[TermStat]
) -> int:
    """Print image frames beside real X surface frames, each case in turn."""
    header = (
        f"{'canvas':>10} {'where':>24} | {'median ms':>9} {'p99 ms':>7} {'frames':>6} |"
        f" {'first ms':>8} {'paint ms':>8} {'painted':>7} | {'vs image':>8}"
    )
    print(header)
    print("-" * len(header))
    for width, height in ((1920, 1080), (3840, 2160)):
        frames, firsts, _idles = run_case(base, variant, width, height, 1.0, args.runs)
        image = ms(frames)
        label = f"{width}x{height}"
        print(
            f"{label:>10} {'image, whole view':>24} | {image:9.2f} {ms(frames, 0.99):7.2f}"
            f" {len(frames):>6} | {ms(firsts):8.1f} {'':>8} {'100%':>7} | {1.0:8.2f}",
            flush=True,
        )
        dumps: list[dict] = []
        for full, name in ((True, "Xvfb, whole window"), (False, "Xvfb, as the view paints")):
            got = run_on_xvfb(args, width, height, full)
            dumps += got["dumps"]
            share = statistics.median(got["shares"]) if got["shares"] else 0.0
            print(
                f"{label:>10} {name:>24} | {ms(got['frames']):9.2f}"
                f" {ms(got['frames'], 0.99):7.2f} {len(got['frames']):>6} |"
                f" {ms(got['firsts']):8.1f} {ms(got['paints']):8.2f} {share:7.1%} |"
                f" {ms(got['frames']) / image:8.2f}",
                flush=True,
            )
        for d in dumps:
            print(
                f"{label:>10} {'X server vs render, ' + d['frame']:>24} |"
                f" {d['differing']} pixels differ, by at most {d['worst']}/255",
                flush=True,
            )
    print(
        "\nimage: advance(t) + render of the whole view into a QImage (offscreen);"
        " Xvfb: advance(t) + the repaint,\nflushed to the X server and synced; paint ms: inside"
        " paintEvent; painted: median share of the window\nrepainted per frame (its area);"
        " vs image: median frame / the image's median frame in the same run."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
