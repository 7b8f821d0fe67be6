"""Fetch the public labelled files of ``training/data.py`` into one folder, each checked
against its sha256 sum.

Run: ``.venv/bin/python training/fetch_data.py --out DIR`` downloads each file from GitHub at
the commit ``data.SOURCES`` records (``raw.githubusercontent.com``); a file inside an archive
(VADER's ground truth, in a ``.tar.gz``) is taken out of it. ``--from-git FOLDER`` reads them
from clones instead, for a machine that reaches GitHub only through a mirror: FOLDER holds one
clone per repository, named ``owner+name`` (or ``owner/name``), bare or not, each with its work
tree's ``.git`` or a ``repo`` folder inside. Where a clone lacks the recorded commit, any
commit's file of the same folder with the right sum is taken. A file already in DIR with the
right sum is left as it is.

Then ``train_kinds.py --data DIR`` and ``benchmarks/eval_analysis.py --data DIR`` read them.
Every file keeps its own licence (``training/DATA.md``); none is redistributed here.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import subprocess
import sys
import tarfile
import urllib.parse
import urllib.request
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

# training/ is no package: its scripts import the loader as ``data``, as train_kinds.py does.
sys.path.insert(0, str(Path(__file__).resolve().parent))

from data import SOURCES, Source

_RAW = "https://raw.githubusercontent.com/{owner}/{name}/{commit}/{path}"
_TIMEOUT_S = 60


@dataclass(frozen=True)
class Wanted:
    """One file to fetch: its name in the data folder, its sum, and where it lies."""

    file: str
    sha256: str
    owner: str
    name: str
    commit: str
    path: str


def wanted(sources: Iterable[Source] = SOURCES) -> list[Wanted]:
    """Return every file the sources read, once each, with where its source's URL says it
    lies. A file read beside another (``Source.more``) lies in the same folder."""
    found: dict[str, Wanted] = {}
    for source in sources:
        parts = source.url.split("/")
        if len(parts) < 8 or parts[2] != "github.com" or parts[5] != "blob":
            raise ValueError(f"{source.name}: not a GitHub blob URL: {source.url}")
        # The URL quotes a path's blanks ("Womens%20Clothing..."); git names the file as it is.
        path = urllib.parse.unquote("/".join(parts[7:]))
        owner, name, commit = parts[3], parts[4], parts[6]
        for file, sha256 in ((source.file, source.sha256), *source.more):
            found.setdefault(file, Wanted(file, sha256, owner, name, commit, path))
    return list(found.values())


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _matching(blob: bytes, path: str, sha256: str) -> bytes | None:
    """Return the blob, or the member of the archive it is, whose sum is ``sha256``."""
    if _digest(blob) == sha256:
        return blob
    if path.endswith((".tar.gz", ".tgz")):
        try:
            with tarfile.open(fileobj=io.BytesIO(blob)) as archive:
                for member in archive.getmembers():
                    read = archive.extractfile(member) if member.isfile() else None
                    if read is not None and _digest(data := read.read()) == sha256:
                        return data
        except (tarfile.TarError, OSError, EOFError):
            return None
    if path.endswith(".zip"):
        try:
            with zipfile.ZipFile(io.BytesIO(blob)) as archive:
                for info in archive.infolist():
                    if not info.is_dir() and _digest(data := archive.read(info)) == sha256:
                        return data
        except (zipfile.BadZipFile, OSError, EOFError):
            return None
    return None


def from_url(want: Wanted) -> bytes | None:
    """Return the file as GitHub serves it at the recorded commit (None: not the file)."""
    path = urllib.parse.quote(want.path)
    url = _RAW.format(owner=want.owner, name=want.name, commit=want.commit, path=path)
    with urllib.request.urlopen(url, timeout=_TIMEOUT_S) as answer:
        return _matching(answer.read(), want.path, want.sha256)


def _git_dir(folder: Path, want: Wanted) -> Path | None:
    for base in (folder / f"{want.owner}+{want.name}", folder / want.owner / want.name):
        for candidate in (base / "repo" / ".git", base / "repo", base / ".git", base):
            if (candidate / "HEAD").is_file():
                return candidate
    return None


def _git(git_dir: Path, *args: str) -> bytes:
    done = subprocess.run(
        ["git", "--git-dir", str(git_dir), *args], capture_output=True, check=False
    )
    return done.stdout if done.returncode == 0 else b""


def _candidates(git_dir: Path, want: Wanted) -> Iterator[tuple[str, str]]:
    """Yield (commit, path) pairs to try: the recorded ones first, then every file of the
    recorded file's folder (a file read beside another has its own name), at the recorded
    commit and then at every other; the history is listed only if the recorded commit lacks
    the file."""
    folder = want.path.rpartition("/")[0]

    def in_folder(commit: str) -> Iterator[tuple[str, str]]:
        yield commit, want.path
        listing = _git(
            git_dir, "ls-tree", "-r", "--name-only", commit, *([folder] if folder else [])
        )
        for path in listing.decode("utf-8", "replace").splitlines():
            if path != want.path:
                yield commit, path

    yield from in_folder(want.commit)
    for commit in _git(git_dir, "rev-list", "--all").decode().split():
        if commit != want.commit:
            yield from in_folder(commit)


def from_git(folder: Path) -> Callable[[Wanted], bytes | None]:
    """Return a reader of the files from the clones in ``folder`` (see the module doc)."""

    def read(want: Wanted) -> bytes | None:
        git_dir = _git_dir(folder, want)
        if git_dir is None:
            return None
        tried: set[str] = set()
        for commit, path in _candidates(git_dir, want):
            blob_id = _git(git_dir, "rev-parse", f"{commit}:{path}").strip().decode()
            if not blob_id or blob_id in tried:
                continue
            tried.add(blob_id)
            found = _matching(_git(git_dir, "cat-file", "blob", blob_id), path, want.sha256)
            if found is not None:
                return found
        return None

    return read


def fetch(out: Path, read: Callable[[Wanted], bytes | None], wants: Sequence[Wanted]) -> list[str]:
    """Write every wanted file into ``out`` that is not there with its sum already; return the
    files that could not be had, each with the reason."""
    out.mkdir(parents=True, exist_ok=True)
    missing = []
    for want in wants:
        path = out / want.file
        if path.is_file() and _digest(path.read_bytes()) == want.sha256:
            continue
        try:
            data = read(want)
        except OSError as error:  # a dead mirror or no network: say which file, go on
            missing.append(f"{want.file}: {error}")
            continue
        if data is None:
            missing.append(
                f"{want.file}: no file with sha256 {want.sha256} in {want.owner}/{want.name}"
            )
            continue
        path.write_bytes(data)
    return missing


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True, help="the data folder to fill")
    parser.add_argument(
        "--from-git", type=Path, help="a folder of clones (owner+name), instead of GitHub"
    )
    args = parser.parse_args(argv)
    wants = wanted()
    read = from_git(args.from_git) if args.from_git else from_url
    missing = fetch(args.out, read, wants)
    for line in missing:
        print(f"missing: {line}", file=sys.stderr)
    print(f"{len(wants) - len(missing)} of {len(wants)} files in {args.out}, each sum checked")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
