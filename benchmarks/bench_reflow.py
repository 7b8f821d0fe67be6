"""How fast the cloud answers a resize or a drill-down panel: before and after, in one run.

The real desk window (``Kiosk`` on the bundled demo, layouts on the real worker thread, idle
drift off) is shown offscreen at 1280x800 and, once its cloud has settled, is

- resized: narrower (1040x720) and back (1280x800);
- given the drill-down dock beside the cloud (the first time, which builds the panel, and
  again with another word), and has it closed again;
- dragged: 40 resizes 16 ms apart, as a window edge dragged for 0.6 s.

For each, from the moment of the call: the first frame painted with every word inside the
cloud and none overlapping ("fits"), the first frame of the new layout ("new layout", the
first paint after ``layout_applied``) and the last frame of the flow into it ("settled"); how
many frames painted meanwhile had a word cut off or overlapping another ("bad frames"); the
layout jobs the worker computed; and, of the words on screen at both ends of the last flow,
the share that fades out and back in at some moment rather than gliding all the way ("fade",
see ``kiosk.cloud.routes``) and how far the words' centres go on average ("glide", pixels);
the fewest words drawn at half their opacity or more in any frame of that flow, as a share of
the words ("fewest shown": how empty the cloud looks at its emptiest); and what the flow costs
the GUI thread: planning the words' routes as it starts ("plan", ms, the slowest plan) and a
frame tick (moving the words and finding what to repaint, not painting; "tick", ms, the 95th
percentile of the run's ticks). The drag is timed from its last resize.

Each side runs in a child process of its own, alternately, so machine noise hits both
alike: "before" is the tree of ``--baseline`` (a git revision, unpacked with ``git archive``),
"after" this working tree. Medians over ``--runs``.

Usage:
    .venv/bin/python -m benchmarks.bench_reflow [--runs 5] [--baseline REV]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
# The commit before the cloud fitted itself into a new size at once.
DEFAULT_BASELINE = "49d7b6c"
SCENARIOS = (
    "narrower",
    "wider",
    "panel opens (first)",
    "panel closes",
    "panel opens (again)",
    "drag (after last)",
)
WINDOW = 3.0


def child(out: Path) -> None:
    """Run every scenario on the kiosk package first on sys.path; write the times as JSON."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEventLoop
    from PySide6.QtGui import QPaintEvent
    from PySide6.QtWidgets import QApplication

    app = QApplication([])
    import kiosk
    import kiosk.views.layout_worker as layout_worker
    from kiosk.app import Kiosk
    from kiosk.settings import Settings
    from kiosk.store import Store

    jobs = [0]
    run = layout_worker.layout_cloud

    def counted(*args: Any, **kwargs: Any) -> Any:
        jobs[0] += 1
        return run(*args, **kwargs)

    layout_worker.layout_cloud = counted

    folder = Path(tempfile.mkdtemp())
    store = Store(folder / "store.sqlite3")
    settings = Settings().replace(display__idle_drift=False)
    k = Kiosk(settings, store, demo="static")
    cloud = k.cloud
    frames: list[tuple[float, list[tuple[float, float, float, float]], int, int, int, float]] = []
    applied: list[float] = []
    cloud.layout_applied.connect(lambda: applied.append(time.perf_counter()))
    flows: list[tuple[float, float]] = []
    plans: list[float] = []
    ticks: list[float] = []
    motion = cloud._motion
    start = motion.start

    def planned(moving: Any, now: float) -> None:
        t = time.perf_counter()
        start(moving, now)
        plans.append(time.perf_counter() - t)

    motion.start = planned  # type: ignore[method-assign]
    advance = cloud.advance

    def ticked(now: float) -> None:
        t = time.perf_counter()
        advance(now)
        ticks.append(time.perf_counter() - t)

    cloud.advance = ticked  # type: ignore[method-assign]

    def flow() -> None:
        # Read as the flow starts: which words fade (a tree before kiosk.cloud.routes has
        # none; one before the routes marks them ``teleport``) and how far they go.
        words = [
            w for w in cloud._motion.moving if w.start.opacity > 0.003 and w.end.opacity > 0.003
        ]
        if words:
            fading = sum(
                bool(getattr(w, "fades", False) or getattr(w, "teleport", False)) for w in words
            ) / len(words)
            glide = statistics.fmean(
                math.hypot(w.end.x - w.start.x, w.end.y - w.start.y) for w in words
            )
            flows.append((fading, glide))

    cloud.layout_applied.connect(flow)
    paint = cloud.paintEvent

    def painting(event: QPaintEvent) -> None:
        # Every word drawn, fading ones too, in the pose the frame draws it in.
        rects = []
        motion, dx, dy = cloud._motion, cloud._drift.x(), cloud._drift.y()
        clear = 0
        for word in motion.draw_order:
            pose = motion.shown(word)
            clear += pose.opacity >= 0.5
            if pose.opacity > 0.003:
                left, top, width, height = word.box_at(pose)
                rects.append((left + dx, top + dy, left + width + dx, top + height + dy))
        shown = clear / max(len(motion.draw_order), 1)
        frames.append(
            (time.perf_counter(), rects, cloud.width(), cloud.height(), len(applied), shown)
        )
        paint(event)

    cloud.paintEvent = painting  # type: ignore[method-assign]

    def spin(seconds: float) -> None:
        end = time.perf_counter() + seconds
        while time.perf_counter() < end:
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
            time.sleep(0.001)

    def measure(action: Any, name: str, results: dict[str, Any]) -> None:
        spin(0.3)
        frames.clear()
        applied.clear()
        flows.clear()
        plans.clear()
        ticks.clear()
        jobs[0] = 0
        t0 = time.perf_counter()
        end = action()
        if end is not None:
            t0 = end
        spin(WINDOW)
        fading, glide = flows[-1] if flows else (0.0, 0.0)
        results[name] = times(frames, t0) | {
            "jobs": jobs[0],
            "fade": fading,
            "glide": glide,
            "plan": max(plans, default=0.0),
            "tick": sorted(ticks)[len(ticks) * 19 // 20] if ticks else 0.0,
        }

    def drag() -> float:
        for i in range(40):
            k.window.resize(1280 - 6 * i, 800 - 2 * i)
            spin(0.016)
        return time.perf_counter()

    k.window.resize(1280, 800)
    k.window.show()
    k.start(sync=False)
    # The demo is read and analysed first: wait for its cloud, then for it to come to rest.
    deadline = time.perf_counter() + 60
    while not cloud.placements and time.perf_counter() < deadline:
        spin(0.1)
    spin(2.0)
    words = list(cloud.placements)
    results: dict[str, Any] = {"kiosk": str(Path(kiosk.__file__).parent), "words": len(words)}
    measure(lambda: k.window.resize(1040, 720), "narrower", results)
    measure(lambda: k.window.resize(1280, 800), "wider", results)
    measure(lambda: k.open_drilldown(words[0]), "panel opens (first)", results)
    measure(k.window.hide_drilldown, "panel closes", results)
    measure(lambda: k.open_drilldown(words[1]), "panel opens (again)", results)
    measure(k.window.hide_drilldown, "_", results)
    measure(drag, "drag (after last)", results)
    k.stop()
    store.close()
    out.write_text(json.dumps(results), encoding="utf-8")


def times(frames: list[Any], t0: float) -> dict[str, float | None]:
    """Seconds from ``t0`` to the first frame that fits, the first of the new layout and the
    last; how many frames (from the call on, ``t0`` may be later) had a word cut off or
    overlapping another; and the fewest words shown clearly (half opaque or more) in a frame
    of the new layout's flow, as a share."""
    fits = new = last = None
    bad = 0
    fewest = 1.0
    for t, rects, w, h, applied, shown in frames:
        fit = fitting(rects, w, h)
        bad += not fit
        if t < t0:
            continue
        if fits is None and fit:
            fits = t - t0
        if new is None and applied:
            new = t - t0
        if applied:
            fewest = min(fewest, shown)
        last = t - t0
    return {
        "fits": fits,
        "new": new,
        "settled": last,
        "bad": bad,
        "frames": len(frames),
        "fewest": fewest,
    }


def fitting(rects: list[tuple[float, float, float, float]], w: int, h: int) -> bool:
    """Whether every word is inside the view and none overlaps another."""
    eps = 0.5
    if any(x0 < -eps or y0 < -eps or x1 > w + eps or y1 > h + eps for x0, y0, x1, y1 in rects):
        return False
    # Left to right: a box starting past one's right edge, and all after it, miss that one.
    ordered = sorted(rects)
    for i, (_, top, right, bottom) in enumerate(ordered):
        for x0, y0, _, y1 in ordered[i + 1 :]:
            if x0 >= right - eps:
                break
            if top < y1 - eps and y0 < bottom - eps:
                return False
    return True


def run_side(tree: Path, out: Path) -> dict[str, Any]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(tree))
    subprocess.run(
        [sys.executable, __file__, "--child", str(out)],
        check=True,
        env=env,
        cwd=tree,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    result: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    return result


def ms(values: list[float | None]) -> str:
    """The median in milliseconds; "never" when most runs never got there."""
    got = [v for v in values if v is not None]
    if len(got) * 2 <= len(values):
        return "never"
    return f"{statistics.median(got) * 1000:.0f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--baseline", default=DEFAULT_BASELINE)
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child is not None:
        child(args.child)
        return 0
    # Here, not at the top: the children run this file as a script beside an unpacked kiosk
    # package, where the benchmarks package cannot be imported.
    from benchmarks.revisions import unpack

    work = Path(tempfile.mkdtemp(prefix="bench_reflow_"))
    sides = {"before": unpack(args.baseline, work / "before"), "after": REPO}
    runs: dict[str, list[dict[str, Any]]] = {side: [] for side in sides}
    for n in range(args.runs):
        order = list(sides) if n % 2 == 0 else list(reversed(sides))
        for side in order:
            runs[side].append(run_side(sides[side], work / f"{side}{n}.json"))
            print(f"run {n + 1}/{args.runs} {side}: done", file=sys.stderr)
    first = runs["before"][0]
    print(f"{first['words']} words, desk window, medians of {args.runs} runs, ms from the call")
    print(f"before: {args.baseline} ({first['kiosk']}); after: this tree")
    print()
    head = f"| {'scenario':<20} | fits before | fits after | ratio | new layout b/a |"
    print(
        head + " settled b/a | bad frames b/a | jobs b/a | fade b/a | glide b/a |"
        " fewest shown b/a | plan ms b/a | tick ms b/a |"
    )
    print("|" + "---|" * 13)
    for name in SCENARIOS:
        row = {side: [r[name] for r in runs[side]] for side in sides}
        fits = {s: [r["fits"] for r in row[s]] for s in sides}
        b, a = ms(fits["before"]), ms(fits["after"])
        ratio = f"{float(b) / float(a):.1f}x" if "never" not in (a, b) and float(a) else "-"
        new = "/".join(ms([r["new"] for r in row[s]]) for s in sides)
        settled = "/".join(ms([r["settled"] for r in row[s]]) for s in sides)
        jobs = "/".join(f"{statistics.median([r['jobs'] for r in row[s]]):.0f}" for s in sides)
        bad = "/".join(
            f"{statistics.median([r['bad'] for r in row[s]]):.0f}"
            f" of {statistics.median([r['frames'] for r in row[s]]):.0f}"
            for s in sides
        )
        print(
            f"| {name:<20} | {b:>11} | {a:>10} | {ratio:>5} | {new:>14} | {settled:>11} |", end=""
        )
        fade = "/".join(
            f"{statistics.median([r.get('fade', 0.0) for r in row[s]]):.0%}" for s in sides
        )
        glide = "/".join(
            f"{statistics.median([r.get('glide', 0.0) for r in row[s]]):.0f}" for s in sides
        )
        fewest = "/".join(
            f"{statistics.median([r[name].get('fewest', 1.0) for r in runs[s]]):.0%}" for s in sides
        )
        cost = {
            key: "/".join(
                f"{statistics.median([r[name].get(key, 0.0) for r in runs[s]]) * 1000:.1f}"
                for s in sides
            )
            for key in ("plan", "tick")
        }
        print(f" {bad:>14} | {jobs:>8} | {fade:>9} | {glide:>9} |", end="")
        print(f" {fewest:>16} | {cost['plan']:>11} | {cost['tick']:>11} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
