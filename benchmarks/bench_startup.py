"""Start-up: how long after launch the first cloud is on screen, and the latest counts.

Launches the real app (``python -m kiosk``) in a fresh process per run, on a real X server
(Xvfb, when there is one; offscreen otherwise), and reads the times it reports on stderr
(``VOC_KIOSK_STARTUP_PROBE``): "first cloud painted" and "counts loaded". For each store
(the demo's 5,000 items, and a 100,000-item store), each profile (desk, wall), and:

- warm: the store already holds the data and the screen the app showed last time (a restart);
- cold: the same store without the kept screen (the first start after an upgrade, or a
  store filled by another machine), so the counts must load before the cloud can show.

The peer, in the same run: a bare PySide6 window's first paint (Python, Qt and a font, no
app), the floor any Qt app starts from.

Run: ``.venv/bin/python -m benchmarks.bench_startup [--runs 3]``
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from benchmarks.big_store import big_store

PROBE = "voc-kiosk startup: "
_WANTED = {"first cloud painted", "counts loaded"}
_WANTED_BARE = {"first cloud painted"}
BARE = (
    "import sys, time\n"
    "from PySide6.QtWidgets import QApplication, QLabel\n"
    "from PySide6.QtCore import QTimer\n"
    "app = QApplication(sys.argv[:1])\n"
    "class Label(QLabel):\n"
    "    def paintEvent(self, e):\n"
    "        super().paintEvent(e)\n"
    "        print('" + PROBE + "first cloud painted', file=sys.stderr, flush=True)\n"
    "        QTimer.singleShot(0, app.quit)\n"
    "w = Label('delivery'); w.resize(1280, 760); w.show()\n"
    "app.exec()\n"
)


@contextmanager
def display() -> Iterator[dict[str, str]]:
    """Yield the environment of a real X server (Xvfb) if there is one, else offscreen Qt."""
    if shutil.which("Xvfb") is None:
        yield {"QT_QPA_PLATFORM": "offscreen"}
        return
    number = 90 + os.getpid() % 9
    server = subprocess.Popen(
        ["Xvfb", f":{number}", "-screen", "0", "1920x1080x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(1.0)
    try:
        yield {"DISPLAY": f":{number}", "QT_QPA_PLATFORM": "xcb"}
    finally:
        server.terminate()
        server.wait()


def launch(command: list[str], env: dict[str, str], timeout: float = 180) -> dict[str, float]:
    """Run a command and return when (seconds after launch) each startup line came."""
    full = dict(os.environ, **env, VOC_KIOSK_STARTUP_PROBE="1")
    t0 = time.perf_counter()
    proc = subprocess.Popen(command, env=full, stderr=subprocess.PIPE, text=True)
    seen: dict[str, float] = {}
    assert proc.stderr is not None
    try:
        for line in proc.stderr:
            if line.startswith(PROBE):
                seen[line[len(PROBE) :].strip()] = time.perf_counter() - t0
            wanted = _WANTED_BARE if command[1] == "-c" else _WANTED
            if wanted <= seen.keys():
                break
            if time.perf_counter() - t0 > timeout:
                break
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    return seen


def forget_screen(store: Path, profile: str) -> None:
    """Drop a profile's kept screen from a store (a cold start must load the counts first)."""
    with sqlite3.connect(store) as conn:
        conn.execute("DELETE FROM meta WHERE key = ?", (f"screen.last.{profile}",))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--items", type=int, default=100_000)
    args = parser.parse_args(argv)
    big = big_store(args.items, 365, quiet=True)
    rows: list[tuple[str, str, str, float, float]] = []
    with tempfile.TemporaryDirectory(prefix="voc-kiosk-startup-") as tmp, display() as env:
        work = Path(tmp)
        demo_dir, big_dir = work / "demo", work / "big"
        stores = {}
        for name, folder, extra in (
            ("demo 5,000", demo_dir, ["--demo"]),
            (f"store {args.items:,}", big_dir, []),
        ):
            (folder / "data").mkdir(parents=True)
            config = folder / "settings.toml"
            if not extra:
                # A feed that is not there: the kiosk shows its store and says the feed is down.
                config.write_text(
                    '[[feeds]]\nname = "exports"\ntype = "csv"\n'
                    f'path = "{folder / "missing.csv"}"\n',
                    encoding="utf-8",
                )
                shutil.copy(big, folder / "data" / "voc-kiosk.sqlite3")
            stores[name] = (folder, extra, config)
        base = [sys.executable, "-m", "kiosk", "--windowed", "--quit-after", "240"]
        # One start each to fill the stores and keep their screens (not timed).
        for folder, extra, config in stores.values():
            for profile in ("desk", "wall"):
                launch(
                    [*base, "--profile", profile, "--data-dir", str(folder / "data"),
                     "--config", str(config), *extra],
                    env,
                )  # fmt: skip
        peer: list[float] = []
        for _ in range(args.runs):
            for name, (folder, extra, config) in stores.items():
                for profile in ("desk", "wall"):
                    command = [
                        *base, "--profile", profile, "--data-dir", str(folder / "data"),
                        "--config", str(config), *extra,
                    ]  # fmt: skip
                    warm = launch(command, env)
                    store_file = folder / "data" / "voc-kiosk.sqlite3"
                    if store_file.exists():
                        forget_screen(store_file, profile)
                    cold = launch(command, env)
                    for state, seen in (("warm", warm), ("cold", cold)):
                        rows.append(
                            (
                                name,
                                profile,
                                state,
                                seen.get("first cloud painted", float("nan")),
                                seen.get("counts loaded", float("nan")),
                            )
                        )
            peer.append(
                launch([sys.executable, "-c", BARE], env).get("first cloud painted", float("nan"))
            )
    floor = statistics.median(peer)
    head = (
        f"{'store':<16} {'profile':<7} {'start':<5} {'first cloud s':>13} {'counts s':>9}"
        f" {'cloud/bare Qt':>14}"
    )
    print(head)
    print("-" * len(head))
    groups: dict[tuple[str, str, str], list[tuple[float, float]]] = {}
    for name, profile, state, first, counts in rows:
        groups.setdefault((name, profile, state), []).append((first, counts))
    for (name, profile, state), found in groups.items():
        first = statistics.median(f for f, _ in found)
        counts = statistics.median(c for _, c in found)
        ratio = first / floor
        print(f"{name:<16} {profile:<7} {state:<5} {first:>13.2f} {counts:>9.2f} {ratio:>13.1f}x")
    print(
        f"\nbare PySide6 window, first paint: {floor:.2f} s (median of {len(peer)}); "
        f"{'Xvfb' if 'DISPLAY' in env else 'offscreen'}; medians of {args.runs} runs; load"
        f" average {os.getloadavg()[0]:.1f}. first cloud: the first layout with words on"
        " screen (the kept screen on a warm start); counts: the store's latest counts shown."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
