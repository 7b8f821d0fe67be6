"""Layout and relayout speed against d3-cloud in headless Chromium, interleaved in one run.

Ours runs exactly what the cloud view's worker runs (``LayoutRequest.run``): the shared
workloads (``../shared/bench/workloads``), each label measured once with Qt in the bundled
Inter font as the view does (that one-time measuring is timed on its own, ``measure ms``,
not inside the layout), horizontal words unless ``--vertical``. A relayout is the ``_p5``
(about 5% of the words replaced) or ``_c5`` (counts nudged) variant laid out with the base
layout as the previous placements: what a wall does every few seconds.

The peer is d3-cloud, driven through the shared peer harness (``../shared/bench/peers/``:
its ``bench_page.js`` with its font sizes, seeded random and timing, in Debian's Chromium
through playwright-core), one layout per request from ``layout_d3_peer.cjs``, so both
engines take turns on every configuration and machine noise hits both alike. Its time is
``layout.start()`` to the ``end`` event, which includes its own text measuring and sprites.
Words stand horizontal for both (d3 ``prefer`` 1.0), or about a quarter vertical with
``--vertical`` (d3 ``prefer`` 0.75).

Stability (shared README): of the words in both the base and the variant, the share whose
centre moved less than 2% of the canvas diagonal. d3-cloud has no previous layout to keep,
so its two layouts are independent (same seed).

Both are timed in wall-clock time, interleaved rep by rep (who goes first alternates); our
runs start after the browser has gone quiet, with the benchmark's own objects set aside
from the garbage collector (``gc.freeze``). Ratios are the median of per-rep ratios
(``--stat min``: minimum over minimum, each engine undisturbed).

Usage:
    .venv/bin/python benchmarks/bench_layout.py [--reps 5] [--sizes 50,150,300,600,1000]
        [--canvases 1920x1080,3840x2160] [--vertical] [--stat median|min] [--no-peer]
        [--json FILE]

The peer needs node, Debian's chromium and the harness's pinned npm packages in $SCRATCH
(default $TMPDIR/peerbench, as ``run_peers.sh``); without them the script says what to run.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, NamedTuple

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Run as a script too (``make bench``), not only as ``-m benchmarks.bench_layout``.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np
from PySide6.QtGui import QFontDatabase, QGuiApplication

from benchmarks.layout_stability import stability
from kiosk.cloud import LayoutOptions, LayoutResult, LayoutTerm, Placement, Size
from kiosk.views.layout_worker import LayoutRequest
from kiosk.views.word_art import WordArt

REPO = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
DEFAULT_WORKLOADS = REPO.parent / "shared" / "bench" / "workloads"
DEFAULT_HARNESS = REPO.parent / "shared" / "bench" / "peers"
SCRATCH = Path(
    os.environ.get("SCRATCH")
    or Path(os.environ.get("TMPDIR") or tempfile.gettempdir(), "peerbench")
)
# The versions run_peers.sh pins; the browser harness is only tested with these.
NPM_PACKAGES = "d3-cloud@1.2.9 playwright-core@1.65.1"
SIZES = (50, 150, 300, 600, 1000)
CANVASES = ((1920, 1080), (3840, 2160))
VARIANTS = ("_p5", "_c5")


def load(folder: Path, n: int, variant: str = "") -> dict[str, int]:
    """Return a workload's words and counts."""
    data = json.loads((folder / f"words_{n}{variant}.json").read_text(encoding="utf-8"))
    return {w["text"]: int(w["count"]) for w in data["words"]}


class Point(NamedTuple):
    """A word's centre, for the stability figure."""

    x: float
    y: float


def overlapping_pairs(placements: dict[str, Placement]) -> int:
    """Count pairs of placed boxes that overlap, all pairs at once."""
    if len(placements) < 2:
        return 0
    boxes = np.array([(p.left, p.top, p.right, p.bottom) for p in placements.values()])
    left, top, right, bottom = (boxes[:, i] for i in range(4))
    hit = (
        (left[:, None] < right[None, :])
        & (left[None, :] < right[:, None])
        & (top[:, None] < bottom[None, :])
        & (top[None, :] < bottom[:, None])
    )
    return int((np.triu(hit, 1)).sum())


def outside(placements: dict[str, Placement], canvas: Size) -> int:
    """Count boxes that leave the canvas."""
    eps = 1e-6
    return sum(
        1
        for p in placements.values()
        if p.left < -eps
        or p.top < -eps
        or p.right > canvas.width + eps
        or p.bottom > canvas.height + eps
    )


def peer_missing(harness: Path, node_modules: Path, chromium: str) -> str | None:
    """Say what to install when the d3-cloud peer cannot run, or None when it can."""
    missing = []
    if shutil.which("node") is None:
        missing.append("node (Node.js 18 or newer): apt-get install -y nodejs npm")
    if not Path(chromium).exists():
        missing.append(
            f"Debian's chromium at {chromium} (or set CHROMIUM): "
            "apt-get install -y chromium fonts-dejavu-core"
        )
    if not all((node_modules / pkg).is_dir() for pkg in ("d3-cloud", "playwright-core")):
        js = node_modules.parent
        missing.append(
            f"the harness's npm packages in {node_modules}: "
            f"mkdir -p {js} && cd {js} && npm init -y && "
            f"npm install --no-audit --no-fund --save-exact {NPM_PACKAGES}"
        )
    if not (harness / "bench_page.js").is_file():
        missing.append(f"the shared peer harness (bench_page.js) at {harness}: pass --harness")
    if not missing:
        return None
    return "d3-cloud peer unavailable; install:\n  - " + "\n  - ".join(missing)


class D3Peer:
    """d3-cloud in headless Chromium, one layout per request, through layout_d3_peer.cjs."""

    def __init__(
        self, harness: Path, node_modules: Path, chromium: str, settle: float = 0.2
    ) -> None:
        self.settle = settle
        env = dict(os.environ, NODE_PATH=str(node_modules), CHROMIUM=chromium)
        self._proc = subprocess.Popen(
            ["node", str(HERE / "layout_d3_peer.cjs"), str(harness)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        hello = self._read()
        self.versions: dict[str, str] = hello.get("versions", {})
        self.browser: str = hello.get("browser") or "?"

    def _read(self) -> dict[str, Any]:
        assert self._proc.stdout is not None
        line = self._proc.stdout.readline()
        if not line:
            raise RuntimeError("the d3-cloud driver stopped; see its messages above")
        reply: dict[str, Any] = json.loads(line)
        if "error" in reply:
            raise RuntimeError(f"d3-cloud: {reply['error']}")
        return reply

    def layout(
        self, words: dict[str, int], canvas: Size, prefer: float, positions: bool = False
    ) -> dict[str, Any]:
        """Lay out the words; return the harness's result (ms, placed, fonts, positions).

        The harness draws each result after timing it, and Chromium rasterises and
        composites that on threads of its own for a while; this returns once the browser
        has gone quiet (``settle``), so that its drawing does not run during our layout.
        """
        assert self._proc.stdin is not None
        request = {
            "words": [[k, v] for k, v in words.items()],
            "width": int(canvas.width),
            "height": int(canvas.height),
            "prefer": prefer,
            "seed": 1,
            "fill": 0.35,
            "wantPositions": positions,
        }
        self._proc.stdin.write(json.dumps(request) + "\n")
        self._proc.stdin.flush()
        reply = self._read()
        time.sleep(self.settle)
        return reply

    def close(self) -> None:
        """Close the browser and wait for the driver to end."""
        if self._proc.stdin is not None:
            self._proc.stdin.close()
        self._proc.wait(timeout=60)


class Labels:
    """Labels measured with Qt, as the cloud view's WordArt does, kept for every layout."""

    def __init__(self) -> None:
        self.boxes: dict[str, tuple[float, float]] = {}

    def measure(self, words: dict[str, int]) -> float:
        """Measure every label with a WordArt of its own; return the seconds it took."""
        art = WordArt("Inter")
        started = time.perf_counter()
        boxes = {text: art.text_box(text) for text in words}
        elapsed = time.perf_counter() - started
        self.boxes.update(boxes)
        return elapsed


def ours(
    words: dict[str, int],
    canvas: Size,
    labels: Labels,
    vertical: bool,
    previous: LayoutResult | None = None,
) -> tuple[float, LayoutResult]:
    """Time one layout exactly as the view's worker runs it."""
    request = LayoutRequest(
        id=1,
        terms=tuple(LayoutTerm(k, v) for k, v in words.items()),
        canvas=canvas,
        boxes=labels.boxes,
        previous=previous.placements if previous is not None else None,
        options=LayoutOptions(vertical_words=vertical),
    )
    started = time.perf_counter()
    result = request.run()
    elapsed = time.perf_counter() - started
    # What the benchmark keeps (every result so far, Qt, the workloads) is set aside from the
    # collector, so a collection in a later layout walks that layout's own objects only, as
    # in the app's worker; collecting before each layout instead would run it on cold caches.
    gc.freeze()
    return elapsed, result


@dataclass
class Cell:
    """Runs and results of one canvas and workload size."""

    canvas: Size
    n: int
    base: dict[str, int]
    variants: dict[str, dict[str, int]]
    measure_s: float = 0.0
    full: list[float] = field(default_factory=list)
    relayout: dict[str, list[float]] = field(default_factory=lambda: {v: [] for v in VARIANTS})
    peer: list[float] = field(default_factory=list)
    result: LayoutResult | None = None
    moved: dict[str, LayoutResult] = field(default_factory=dict)
    peer_reply: dict[str, Any] = field(default_factory=dict)
    peer_stability: dict[str, float] = field(default_factory=dict)


def ms(seconds: list[float], stat: str) -> float:
    """The runs' median (or minimum) in milliseconds."""
    return (min(seconds) if stat == "min" else statistics.median(seconds)) * 1000


def ratio(slow: list[float], fast: list[float], stat: str) -> float:
    """How many times slower the first runs are: the median of per-rep ratios, or min/min.

    On a shared machine the load drifts from one rep to the next; a ratio of two runs
    made seconds apart sees the same load, where a ratio of two medians does not. The
    minimum is each engine undisturbed, the estimate ``timeit`` recommends.
    """
    if stat == "min":
        return min(slow) / min(fast)
    return statistics.median(a / b for a, b in zip(slow, fast, strict=True))


def run(args: argparse.Namespace, peer: D3Peer | None) -> list[Cell]:
    """Measure every configuration, interleaving ours and the peer rep by rep."""
    labels = Labels()
    cells = []
    for width, height in args.canvases:
        for n in args.sizes:
            base = load(args.workloads, n)
            variants = {v: load(args.workloads, n, v) for v in VARIANTS}
            cells.append(Cell(Size(width, height), n, base, variants))
    # The view measures every label once, when its statistics first arrive.
    for cell in cells:
        cell.measure_s = labels.measure(cell.base)
        for words in cell.variants.values():
            labels.measure(words)
    prefer = 0.75 if args.vertical else 1.0
    warm = cells[0]
    ours(warm.base, warm.canvas, labels, args.vertical)
    if peer is not None:
        peer.layout(warm.base, warm.canvas, prefer)
    for rep in range(args.reps):
        for cell in cells:
            # Alternate who goes first, so neither always runs on a cache the other warmed.
            if peer is not None and rep % 2:
                cell.peer.append(peer.layout(cell.base, cell.canvas, prefer)["ms"] / 1000)
            elapsed, result = ours(cell.base, cell.canvas, labels, args.vertical)
            cell.full.append(elapsed)
            cell.result = result
            for v, words in cell.variants.items():
                elapsed, moved = ours(words, cell.canvas, labels, args.vertical, result)
                cell.relayout[v].append(elapsed)
                cell.moved[v] = moved
            if peer is not None and not rep % 2:
                cell.peer_reply = peer.layout(cell.base, cell.canvas, prefer)
                cell.peer.append(cell.peer_reply["ms"] / 1000)
            print(
                f"rep {rep + 1}/{args.reps} {cell.canvas.width:.0f}x{cell.canvas.height:.0f} "
                f"N={cell.n}: ours {cell.full[-1] * 1000:.1f} ms"
                + (f", d3-cloud {cell.peer[-1] * 1000:.1f} ms" if cell.peer else ""),
                file=sys.stderr,
                flush=True,
            )
    if peer is not None:
        for cell in cells:

            def centres(words: dict[str, int], canvas: Size = cell.canvas) -> dict[str, Point]:
                got = peer.layout(words, canvas, prefer, positions=True)["positions"]
                return {k: Point(x, y) for k, (x, y, _rot) in got.items()}

            before = centres(cell.base)
            for v, words in cell.variants.items():
                after = centres(words)
                cell.peer_stability[v] = stability(before, after, cell.canvas.diagonal)
    return cells


def fonts(result: LayoutResult) -> str:
    sizes = [p.font_size for p in result.placements.values()]
    return f"{min(sizes):.0f}..{max(sizes):.0f}" if sizes else "-"


def report(cells: list[Cell], peer: D3Peer | None, args: argparse.Namespace) -> None:
    """Print the table and the notes that say how to read it."""
    header = (
        f"{'canvas':>9} {'words':>5} | {'full ms':>7} {'p5 ms':>6} {'c5 ms':>6} "
        f"{'p5 x':>5} {'c5 x':>5} | {'d3 ms':>6} {'d3/ours':>7} | "
        f"{'placed full/p5/c5':>17} {'d3':>4} {'overlap':>7} | "
        f"{'stab p5':>7} {'stab c5':>7} {'d3 p5':>6} | {'font px':>7} {'d3 px':>7} {'measure':>7}"
    )
    print(header)
    print("-" * len(header))
    for cell in cells:
        assert cell.result is not None
        stat = args.stat
        full = ms(cell.full, stat)
        p5, c5 = (ms(cell.relayout[v], stat) for v in VARIANTS)
        speedup = [ratio(cell.full, cell.relayout[v], stat) for v in VARIANTS]
        moved = [cell.moved[v] for v in VARIANTS]
        placed = "/".join(str(len(r.placements)) for r in (cell.result, *moved))
        bad = sum(overlapping_pairs(dict(r.placements)) for r in (cell.result, *moved))
        bad += sum(outside(dict(r.placements), cell.canvas) for r in (cell.result, *moved))
        stab = [
            stability(cell.result.placements, r.placements, cell.canvas.diagonal) for r in moved
        ]
        if cell.peer:
            d3 = ms(cell.peer, stat)
            reply = cell.peer_reply
            peer_cells = (
                f"{d3:6.0f} {ratio(cell.peer, cell.full, stat):6.1f}x",
                f"{reply['placed']:>4}",
                f"{cell.peer_stability.get('_p5', float('nan')):6.0%}",
                f"{reply['minFont']}..{reply['maxFont']}",
            )
        else:
            peer_cells = (f"{'-':>6} {'-':>7}", f"{'-':>4}", f"{'-':>6}", "-")
        print(
            f"{cell.canvas.width:4.0f}x{cell.canvas.height:<4.0f} {cell.n:>5} | "
            f"{full:7.1f} {p5:6.1f} {c5:6.1f} {speedup[0]:4.1f}x {speedup[1]:4.1f}x | "
            f"{peer_cells[0]} | {placed:>17} {peer_cells[1]} {bad:>7} | "
            f"{stab[0]:7.1%} {stab[1]:7.1%} {peer_cells[2]} | "
            f"{fonts(cell.result):>7} {peer_cells[3]:>7} {cell.measure_s * 1000:6.0f}ms"
        )
    print()
    how = "median of per-rep ratios" if args.stat == "median" else "min / min"
    print(
        f"ours: LayoutRequest.run (kiosk.cloud.layout_cloud), {args.stat} of {args.reps} runs; "
        "p5 / c5: relayout of the variant with the base layout as previous; "
        f"p5 x / c5 x: our full layout time / our relayout time ({how})."
    )
    if peer is not None:
        print(
            f"d3-cloud {peer.versions.get('d3cloud', '?')} in Chromium {peer.browser} "
            f"(playwright-core {peer.versions.get('playwright-core', '?')}), shared harness "
            f"bench_page.js, {args.stat} of {args.reps} runs interleaved with ours; "
            f"d3/ours: d3-cloud time / our full layout time ({how})."
        )
    print(
        "placed: words placed of N (full, p5, c5; d3 full); overlap: overlapping pairs plus "
        "boxes outside the canvas over our three layouts; stab: share of shared words moved "
        "< 2% of the diagonal (d3 p5: two independent layouts, same seed); measure: Qt "
        "measuring of the base's labels, once per label in the view, not in any layout time."
    )


def parse_canvases(text: str) -> list[tuple[int, int]]:
    return [(int(w), int(h)) for w, h in (c.split("x") for c in text.split(","))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workloads", type=Path, default=DEFAULT_WORKLOADS)
    parser.add_argument("--harness", type=Path, default=DEFAULT_HARNESS)
    parser.add_argument("--node-modules", type=Path, default=SCRATCH / "js" / "node_modules")
    parser.add_argument("--chromium", default=os.environ.get("CHROMIUM", "/usr/bin/chromium"))
    parser.add_argument("--reps", type=int, default=5, help="timed runs per configuration")
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)))
    parser.add_argument("--canvases", default=",".join(f"{w}x{h}" for w, h in CANVASES), type=str)
    parser.add_argument("--vertical", action="store_true", help="about a quarter vertical")
    parser.add_argument("--no-peer", action="store_true", help="ours only, no browser")
    parser.add_argument("--json", type=Path, help="also write every run here")
    parser.add_argument(
        "--stat", choices=("median", "min"), default="median", help="how runs are summed up"
    )
    parser.add_argument(
        "--settle", type=float, default=0.2, help="seconds to let the browser go quiet"
    )
    args = parser.parse_args(argv)
    args.sizes = [int(s) for s in args.sizes.split(",")]
    args.canvases = parse_canvases(args.canvases)
    if not args.workloads.is_dir():
        print(f"no workloads at {args.workloads}; pass --workloads", file=sys.stderr)
        return 2
    peer = None
    if not args.no_peer:
        missing = peer_missing(args.harness, args.node_modules, args.chromium)
        if missing:
            print(missing + "\n(or run with --no-peer for ours alone)", file=sys.stderr)
            return 2
        peer = D3Peer(args.harness, args.node_modules, args.chromium, args.settle)
    app = QGuiApplication.instance() or QGuiApplication([])
    for name in ("Inter-Regular.otf", "Inter-SemiBold.otf"):
        data = resources.files("kiosk.assets.fonts").joinpath(name).read_bytes()
        QFontDatabase.addApplicationFontFromData(data)
    load_before = os.getloadavg()[0]
    try:
        cells = run(args, peer)
    finally:
        if peer is not None:
            peer.close()
    report(cells, peer, args)
    print(
        f"machine: {os.cpu_count()} cores, 1-minute load average {load_before:.1f} before "
        f"and {os.getloadavg()[0]:.1f} after the runs."
    )
    if args.json:
        raw = [
            {
                "canvas": [c.canvas.width, c.canvas.height],
                "n": c.n,
                "full_s": c.full,
                "relayout_s": c.relayout,
                "d3_s": c.peer,
                "measure_s": c.measure_s,
            }
            for c in cells
        ]
        args.json.write_text(json.dumps(raw, indent=1), encoding="utf-8")
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
