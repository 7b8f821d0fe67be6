"""A git revision's kiosk package unpacked into a folder, for benchmarks that time a change
against the code before it in the same run."""

from __future__ import annotations

import subprocess
import tarfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def unpack(rev: str, into: Path) -> Path:
    """Unpack the kiosk package of a revision into a folder; return the folder."""
    archive = subprocess.run(
        ["git", "-C", str(REPO), "archive", "--format=tar", rev, "kiosk"],
        check=True,
        capture_output=True,
    ).stdout
    into.mkdir(parents=True, exist_ok=True)
    tar = into / "tree.tar"
    tar.write_bytes(archive)
    with tarfile.open(tar) as t:
        t.extractall(into, filter="data")
    return into
