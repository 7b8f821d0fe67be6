"""Run the wall on a real X server (Xvfb) and sample its cost: CPU, memory, files, threads.

Starts ``Xvfb`` at the size asked for (no window manager, as an ``xinit`` kiosk), then
``voc-kiosk --profile wall --demo live`` on it, and every ``--interval`` seconds reads the
process's CPU time, resident memory, open file descriptors and threads from ``/proc``
(Linux only). CPU is the share of one core over the interval (100% = one core busy).

``--compare REF`` runs a second kiosk from a git revision (``git archive`` into a temp
folder) on its own Xvfb at the same time, so both see the same machine load; the table then
shows both side by side and the ratio of their CPU. That is the before/after measurement.

Usage:
    .venv/bin/python benchmarks/soak.py [--minutes 30] [--interval 60] [--size 1920x1080]
        [--compare main] [--demo live] [--profile wall] [--set display.idle_drift=false]
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
_TICK = os.sysconf("SC_CLK_TCK")


@dataclass
class Sample:
    """One reading of a process."""

    at: float
    cpu_seconds: float
    rss_mb: float
    fds: int
    threads: int


@dataclass
class Kiosk:
    """A kiosk under measurement: its X server, its process and what was read."""

    name: str
    xvfb: subprocess.Popen[bytes]
    process: subprocess.Popen[bytes]
    data_dir: Path
    samples: list[Sample] = field(default_factory=list)


def read(pid: int) -> Sample:
    """Read a process's CPU time, memory, descriptors and threads from /proc."""
    stat = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    # Fields 14 and 15 of stat (utime, stime), counted after the ")" of the name.
    cpu = (int(stat[11]) + int(stat[12])) / _TICK
    status = dict(
        line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines()
    )
    rss = int(status["VmRSS"].split()[0]) / 1024
    threads = int(status["Threads"])
    fds = sum(1 for _ in Path(f"/proc/{pid}/fd").iterdir())
    return Sample(time.monotonic(), cpu, rss, fds, threads)


def free_display() -> int:
    """Return a display number nobody uses."""
    for n in range(90, 200):
        if not Path(f"/tmp/.X11-unix/X{n}").exists() and not Path(f"/tmp/.X{n}-lock").exists():
            return n
    raise RuntimeError("no free X display between :90 and :199")


def start_xvfb(size: str) -> tuple[subprocess.Popen[bytes], str]:
    """Start Xvfb on a free display; return it and its DISPLAY."""
    n = free_display()
    w, h = size.lower().split("x")
    xvfb = subprocess.Popen(
        ["Xvfb", f":{n}", "-screen", "0", f"{w}x{h}x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while not Path(f"/tmp/.X11-unix/X{n}").exists():
        if time.monotonic() > deadline or xvfb.poll() is not None:
            raise RuntimeError(f"Xvfb :{n} did not start")
        time.sleep(0.05)
    return xvfb, f":{n}"


def source_of(ref: str, into: Path) -> Path:
    """Export a git revision's tree into a folder, ready to import from."""
    archive = subprocess.run(
        ["git", "-C", str(REPO), "archive", ref], check=True, capture_output=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    # The package maps kiosk.assets to assets/ (pyproject's package-dir); a plain path
    # import needs the folder where Python looks for it.
    (into / "kiosk" / "assets").symlink_to(into / "assets")
    return into


def start_kiosk(name: str, args: argparse.Namespace, source: Path | None, tmp: Path) -> Kiosk:
    """Start Xvfb and the wall on it."""
    xvfb, display = start_xvfb(args.size)
    data_dir = tmp / f"data-{name}"
    settings = tmp / f"settings-{name}.toml"
    tables: dict[str, list[str]] = {}
    for assignment in args.set:
        key, value = assignment.split("=", 1)
        table, option = key.rsplit(".", 1) if "." in key else ("", key)
        tables.setdefault(table, []).append(f"{option} = {value}")
    settings.write_text(
        "version = 1\n"
        + "".join(f"[{t}]\n" * bool(t) + "\n".join(lines) + "\n" for t, lines in tables.items())
    )
    env = dict(os.environ, DISPLAY=display, QT_QPA_PLATFORM="xcb")
    env.pop("DBUS_SESSION_BUS_ADDRESS", None)
    if source is not None:
        env["PYTHONPATH"] = str(source)
    command = [
        sys.executable,
        "-m",
        "kiosk",
        "--profile",
        args.profile,
        "--data-dir",
        str(data_dir),
    ]
    command += ["--demo", args.demo, "--config", str(settings)]
    process = subprocess.Popen(
        command,
        cwd=str(source or REPO),
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=(tmp / f"stderr-{name}.txt").open("wb"),
    )
    return Kiosk(name, xvfb, process, data_dir)


def stop(kiosk: Kiosk) -> int | None:
    """Ask the kiosk to quit (as systemd does) and stop its X server."""
    code: int | None = None
    if kiosk.process.poll() is None:
        kiosk.process.send_signal(signal.SIGTERM)
        try:
            code = kiosk.process.wait(20)
        except subprocess.TimeoutExpired:
            kiosk.process.kill()
            kiosk.process.wait()
    else:
        code = kiosk.process.returncode
    kiosk.xvfb.terminate()
    kiosk.xvfb.wait()
    return code


def cpu_share(a: Sample, b: Sample) -> float:
    """Percent of one core between two samples."""
    return 100.0 * (b.cpu_seconds - a.cpu_seconds) / max(b.at - a.at, 1e-9)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=30.0)
    parser.add_argument("--interval", type=float, default=60.0, help="seconds between samples")
    parser.add_argument("--warmup", type=float, default=30.0, help="seconds before the first")
    parser.add_argument("--size", default="1920x1080")
    parser.add_argument("--demo", default="live", choices=("live", "static"))
    parser.add_argument("--profile", default="wall", choices=("wall", "desk"))
    parser.add_argument("--compare", metavar="REF", help="also run this git revision, alongside")
    parser.add_argument("--this", metavar="REF", help="run this git revision, not the work tree")
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="a setting for both, as TOML (display.idle_drift=false)",
    )
    args = parser.parse_args(argv)
    if sys.platform != "linux" or shutil.which("Xvfb") is None:
        print("needs Linux and Xvfb (apt-get install xvfb)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="voc-soak-") as name:
        tmp = Path(name)
        this = source_of(args.this, Path(tempfile.mkdtemp(dir=tmp))) if args.this else None
        kiosks = [start_kiosk(args.this[:10] if args.this else "this", args, this, tmp)]
        if args.compare:
            source = source_of(args.compare, Path(tempfile.mkdtemp(dir=tmp)))
            kiosks.append(start_kiosk(args.compare, args, source, tmp))
        try:
            time.sleep(args.warmup)
            for kiosk in kiosks:
                kiosk.samples.append(read(kiosk.process.pid))
            steps = max(1, round(args.minutes * 60 / args.interval))
            names = " | ".join(
                f"{k.name[:10]:>10}: {'CPU %':>6} {'RSS MB':>7} {'fds':>4} {'thr':>4}"
                for k in kiosks
            )
            ratio = f" | {'CPU ratio':>9}" if len(kiosks) > 1 else ""
            print(f"{'min':>5} | {names}{ratio}", flush=True)
            for step in range(1, steps + 1):
                time.sleep(args.interval)
                cells = []
                shares = []
                for kiosk in kiosks:
                    if kiosk.process.poll() is not None:
                        raise RuntimeError(f"{kiosk.name} exited with {kiosk.process.returncode}")
                    sample = read(kiosk.process.pid)
                    share = cpu_share(kiosk.samples[-1], sample)
                    kiosk.samples.append(sample)
                    shares.append(share)
                    cells.append(
                        f"{'':>10}  {share:6.2f} {sample.rss_mb:7.1f} {sample.fds:>4}"
                        f" {sample.threads:>4}"
                    )
                extra = f" | {shares[0] / shares[1]:9.2f}" if len(shares) > 1 and shares[1] else ""
                minute = step * args.interval / 60
                print(f"{minute:5.1f} | {' | '.join(cells)}{extra}", flush=True)
            print()
            for kiosk in kiosks:
                first, last = kiosk.samples[0], kiosk.samples[-1]
                pairs = zip(kiosk.samples, kiosk.samples[1:], strict=False)
                shares = [cpu_share(a, b) for a, b in pairs]
                hours = (last.at - first.at) / 3600
                growth = (last.rss_mb - first.rss_mb) / first.rss_mb / hours * 100 if hours else 0
                print(
                    f"{kiosk.name}: CPU mean {cpu_share(first, last):.2f}% of a core"
                    f" (median {statistics.median(shares):.2f}%, max {max(shares):.2f}%),"
                    f" RSS {first.rss_mb:.1f} -> {last.rss_mb:.1f} MB ({growth:+.1f}%/h),"
                    f" fds {first.fds} -> {last.fds}, threads {first.threads} -> {last.threads}"
                )
        finally:
            for kiosk in kiosks:
                code = stop(kiosk)
                print(f"{kiosk.name}: exit code {code} after SIGTERM")
                err = (tmp / f"stderr-{kiosk.name}.txt").read_text(errors="replace").strip()
                if err:
                    print(f"{kiosk.name} stderr:\n{err[-2000:]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
