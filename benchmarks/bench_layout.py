"""Layout speed, completeness and stability against the peer ``wordcloud`` package, same run.

Both engines lay out the shared workloads (``../shared/bench/workloads``) with the bundled
Inter font, horizontal words only. Ours measures each word once at a reference size with
Pillow (the view does the same with Qt) and scales; the peer measures as it likes.

Stability (README of the workloads): of the words in both the base and a 5% variant, the
share that moved less than 2% of the canvas diagonal. Ours lays out the variant with the
base's placements as the previous layout; the peer has no such input, so its two runs are
independent (same random_state).

Usage:
    .venv/bin/python benchmarks/bench_layout.py [--quick] [--workloads DIR]
        [--repeats N] [--peer-repeats N] [--no-peer] [--sizes 50,300,1000]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable
from importlib import resources
from pathlib import Path

from PIL import ImageFont

from kiosk.cloud import LayoutTerm, Size, layout_cloud, stability
from kiosk.cloud.layout import Placement

REPO = Path(__file__).resolve().parent.parent
DEFAULT_WORKLOADS = REPO.parent / "shared" / "bench" / "workloads"
CANVASES = ((1920, 1080), (3840, 2160))
SIZES = (50, 150, 300, 600, 1000)
REFERENCE = 100


def font_path() -> str:
    return str(resources.files("kiosk.assets.fonts").joinpath("Inter-SemiBold.otf"))


def load(folder: Path, n: int, variant: str = "") -> dict[str, int]:
    data = json.loads((folder / f"words_{n}{variant}.json").read_text(encoding="utf-8"))
    return {w["text"]: int(w["count"]) for w in data["words"]}


def pillow_measurer(words: dict[str, int]) -> Callable[[str, float], tuple[float, float]]:
    """Measure each word's tight box once at the reference size; scale for other sizes."""
    font = ImageFont.truetype(font_path(), REFERENCE)
    boxes = {}
    for text in words:
        left, top, right, bottom = font.getbbox(text)
        boxes[text] = (float(right - left), float(bottom - top))

    def measure(key: str, size: float) -> tuple[float, float]:
        w, h = boxes[key]
        return w * size / REFERENCE, h * size / REFERENCE

    return measure


def ours(words: dict[str, int], canvas: Size, previous: dict[str, Placement] | None = None):
    terms = [LayoutTerm(k, v) for k, v in words.items()]
    measure = pillow_measurer(words)
    started = time.perf_counter()
    result = layout_cloud(terms, canvas, measure, previous=previous)
    return time.perf_counter() - started, result


class _Pos:
    __slots__ = ("x", "y")

    def __init__(self, x: float, y: float) -> None:
        self.x, self.y = x, y


def peer(words: dict[str, int], width: int, height: int) -> tuple[float, dict[str, _Pos]]:
    from wordcloud import WordCloud

    cloud = WordCloud(
        width=width,
        height=height,
        font_path=font_path(),
        prefer_horizontal=1.0,
        max_words=len(words),
        random_state=7,
        background_color="black",
    )
    started = time.perf_counter()
    cloud.generate_from_frequencies(words)
    elapsed = time.perf_counter() - started
    font = {}
    positions: dict[str, _Pos] = {}
    for (word, _freq), size, (row, col), _orientation, _colour in cloud.layout_:
        if size not in font:
            font[size] = ImageFont.truetype(font_path(), size)
        left, top, right, bottom = font[size].getbbox(word)
        positions[word] = _Pos(col + (left + right) / 2, row + (top + bottom) / 2)
    return elapsed, positions


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workloads", type=Path, default=DEFAULT_WORKLOADS)
    parser.add_argument("--quick", action="store_true", help="fewer repeats; no peer at 4K >300")
    parser.add_argument("--repeats", type=int, default=7, help="runs of ours per cell")
    parser.add_argument("--peer-repeats", type=int, default=1, help="timed runs of the peer")
    parser.add_argument("--no-peer", action="store_true")
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)))
    args = parser.parse_args(argv)
    if not args.workloads.is_dir():
        print(f"no workloads at {args.workloads}; pass --workloads", file=sys.stderr)
        return 2
    sizes = [int(s) for s in args.sizes.split(",")]
    repeats = 3 if args.quick else args.repeats
    header = (
        f"{'canvas':>9} {'words':>5} | {'ours ms':>8} {'peer ms':>9} {'ratio':>6} | "
        f"{'placed ours':>11} {'placed peer':>11} | {'stab ours p5/c5':>15} {'stab peer p5/c5':>15}"
    )
    print(header)
    print("-" * len(header))
    for width, height in CANVASES:
        canvas = Size(width, height)
        for n in sizes:
            base = load(args.workloads, n)
            times = []
            for _ in range(repeats):
                elapsed, result = ours(base, canvas)
                times.append(elapsed)
            ours_ms = statistics.median(times) * 1000
            stab = []
            for variant in ("_p5", "_c5"):
                _, moved = ours(load(args.workloads, n, variant), canvas, dict(result.placements))
                stab.append(stability(result.placements, moved.placements, canvas.diagonal))
            placed = f"{len(result.placements)}/{n}"
            run_peer = not args.no_peer and not (args.quick and width > 1920 and n > 300)
            if run_peer:
                peer_times = []
                for _ in range(max(1, args.peer_repeats)):
                    elapsed, positions = peer(base, width, height)
                    peer_times.append(elapsed)
                peer_ms = statistics.median(peer_times) * 1000
                peer_stab = []
                for variant in ("_p5", "_c5"):
                    _, other = peer(load(args.workloads, n, variant), width, height)
                    peer_stab.append(stability(positions, other, canvas.diagonal))
                peer_cells = (
                    f"{peer_ms:9.0f} {peer_ms / ours_ms:5.0f}x",
                    f"{len(positions)}/{n}",
                    f"{peer_stab[0]:6.0%} /{peer_stab[1]:5.0%}",
                )
            else:
                peer_cells = (f"{'-':>9} {'-':>6}", "-", "-")
            print(
                f"{width}x{height:<4} {n:>5} | {ours_ms:8.1f} {peer_cells[0]} | "
                f"{placed:>11} {peer_cells[1]:>11} | "
                f"{stab[0]:6.0%} /{stab[1]:5.0%}   {peer_cells[2]:>15}",
                flush=True,
            )
    print(
        "\nours: median of",
        repeats,
        "runs; peer: wordcloud.WordCloud.generate_from_frequencies, median of",
        max(1, args.peer_repeats),
        "run(s); stability: share of shared words moved"
        " < 2% of the diagonal after the p5 / c5 variant.",
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
