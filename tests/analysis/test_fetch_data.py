"""The fetcher of the public labelled files takes each one by its sum, from a real git clone.

A repository is made here with ``git`` itself: a labelled file, a file of labels beside it
under another name, and an archive holding a third, as the real sources have them.
"""

from __future__ import annotations

import hashlib
import io
import subprocess
import tarfile
import zipfile
from pathlib import Path
from typing import Any

import pytest

from benchmarks.eval_analysis import training_module

_fetcher = training_module("fetch_data", "kinds_data_fetcher")
Source = _fetcher.Source
fetch, from_git, main, wanted = _fetcher.fetch, _fetcher.from_git, _fetcher.main, _fetcher.wanted

TEXTS = b"id,text,label\n1,Great crew,positive\n"
LABELS = b"2\n0\n"
INSIDE = b"tweet one\t1.5\n"


def _sum(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
        capture_output=True,
        check=True,
        text=True,
    )
    return done.stdout.strip()


def _archive() -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        info = tarfile.TarInfo("ground/tweets_GroundTruth.txt")
        info.size = len(INSIDE)
        archive.addfile(info, io.BytesIO(INSIDE))
    return buffer.getvalue()


@pytest.fixture
def clones(tmp_path: Path) -> tuple[Path, str]:
    """A folder of clones holding one repository, and the commit that has the files."""
    repo = tmp_path / "clones" / "someone+corpus"
    (repo / "data").mkdir(parents=True)
    _git(repo, "init", "-q")
    (repo / "data" / "val_text.txt").write_bytes(TEXTS)
    (repo / "data" / "val_labels.txt").write_bytes(LABELS)
    (repo / "extra.tar.gz").write_bytes(_archive())
    (repo / "Shop Reviews.csv").write_bytes(TEXTS)
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "data")
    commit = _git(repo, "rev-parse", "HEAD")
    # A later commit changes the file: the recorded commit's version is still the one taken.
    (repo / "data" / "val_text.txt").write_bytes(b"changed\n")
    _git(repo, "commit", "-q", "-am", "later")
    return tmp_path / "clones", commit


def _sources(commit: str, text_sum: str = _sum(TEXTS)) -> list[Any]:
    base = f"https://github.com/someone/corpus/blob/{commit}"
    return [
        Source(
            "tweets",
            "corpus-val_text.txt",
            text_sum,
            f"{base}/data/val_text.txt",
            lambda *raw: iter(()),
            more=(("corpus-val_labels.txt", _sum(LABELS)),),
        ),
        Source(
            "vader",
            "tweets_GroundTruth.txt",
            _sum(INSIDE),
            f"{base}/extra.tar.gz",
            lambda *raw: iter(()),
        ),
    ]


def test_every_file_is_taken_from_the_recorded_commit_by_its_sum(
    clones: tuple[Path, str], tmp_path: Path
) -> None:
    folder, commit = clones
    out = tmp_path / "data"
    assert fetch(out, from_git(folder), wanted(_sources(commit))) == []
    assert (out / "corpus-val_text.txt").read_bytes() == TEXTS
    # Read beside the texts under a name of its own, and taken out of an archive.
    assert (out / "corpus-val_labels.txt").read_bytes() == LABELS
    assert (out / "tweets_GroundTruth.txt").read_bytes() == INSIDE


def test_a_file_already_there_with_its_sum_is_left_as_it_is(
    clones: tuple[Path, str], tmp_path: Path
) -> None:
    folder, commit = clones
    out = tmp_path / "data"
    fetch(out, from_git(folder), wanted(_sources(commit)))
    before = (out / "corpus-val_text.txt").stat().st_mtime_ns
    assert fetch(out, from_git(folder), wanted(_sources(commit))) == []
    assert (out / "corpus-val_text.txt").stat().st_mtime_ns == before


def test_a_file_whose_sum_no_version_has_is_missing_and_nothing_is_written(
    clones: tuple[Path, str], tmp_path: Path
) -> None:
    folder, commit = clones
    out = tmp_path / "data"
    missing = fetch(out, from_git(folder), wanted(_sources(commit, text_sum="0" * 64)))
    assert len(missing) == 1 and missing[0].startswith("corpus-val_text.txt: no file with")
    assert not (out / "corpus-val_text.txt").exists()
    # The others are fetched all the same.
    assert (out / "corpus-val_labels.txt").read_bytes() == LABELS


def test_a_repository_with_no_clone_is_named_as_missing(tmp_path: Path) -> None:
    missing = fetch(tmp_path / "data", from_git(tmp_path / "none"), wanted(_sources("a" * 40)))
    assert len(missing) == 3
    assert all("someone/corpus" in line for line in missing)


def test_a_file_whose_name_has_a_blank_is_found_by_its_quoted_url(
    clones: tuple[Path, str], tmp_path: Path
) -> None:
    folder, commit = clones
    url = f"https://github.com/someone/corpus/blob/{commit}/Shop%20Reviews.csv"
    source = Source("shop", "shop-reviews.csv", _sum(TEXTS), url, lambda *raw: iter(()))
    (want,) = wanted([source])
    assert want.path == "Shop Reviews.csv"
    out = tmp_path / "data"
    assert fetch(out, from_git(folder), [want]) == []
    assert (out / "shop-reviews.csv").read_bytes() == TEXTS


def test_a_source_not_on_github_is_refused() -> None:
    source = Source("x", "x.csv", "0" * 64, "https://example.com/x.csv", lambda *raw: iter(()))
    with pytest.raises(ValueError, match="not a GitHub blob URL"):
        wanted([source])


def test_the_real_sources_name_each_file_once_with_a_commit() -> None:
    wants = wanted()
    assert len({w.file for w in wants}) == len(wants)
    assert all(len(w.commit) == 40 and len(w.sha256) == 64 for w in wants)


def test_the_command_says_what_is_missing_and_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--out", str(tmp_path / "data"), "--from-git", str(tmp_path / "none")]) == 1
    captured = capsys.readouterr()
    assert "missing: " in captured.err
    assert f"0 of {len(wanted())} files" in captured.out


def test_each_file_of_a_zip_archive_is_taken_by_its_sum(tmp_path: Path) -> None:
    """Two files read together, both inside one archive (NLTK's pros and cons lists)."""
    pros, cons = b"<Pros>cheap ink</Pros>\n", b"<Cons>slow printing</Cons>\n"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("pros_cons/", b"")
        archive.writestr("pros_cons/IntegratedPros.txt", pros)
        archive.writestr("pros_cons/IntegratedCons.txt", cons)
    repo = tmp_path / "clones" / "someone+lists"
    repo.mkdir(parents=True)
    _git(repo, "init", "-q")
    (repo / "lists.zip").write_bytes(buffer.getvalue())
    (repo / "broken.zip").write_bytes(b"PK not a zip")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "data")
    commit = _git(repo, "rev-parse", "HEAD")
    base = f"https://github.com/someone/lists/blob/{commit}"
    sources = [
        Source(
            "lists",
            "IntegratedPros.txt",
            _sum(pros),
            f"{base}/lists.zip",
            lambda *raw: iter(()),
            more=(("IntegratedCons.txt", _sum(cons)),),
        ),
        Source("broken", "broken.txt", _sum(b"x"), f"{base}/broken.zip", lambda *raw: iter(())),
    ]
    out = tmp_path / "data"
    missing = fetch(out, from_git(tmp_path / "clones"), wanted(sources))
    assert (out / "IntegratedPros.txt").read_bytes() == pros
    assert (out / "IntegratedCons.txt").read_bytes() == cons
    # An archive that is not one is a file with no such sum, named as missing.
    assert len(missing) == 1 and missing[0].startswith("broken.txt")
