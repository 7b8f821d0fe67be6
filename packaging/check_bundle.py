"""Check a built bundle (dist/voc-kiosk) holds what the app needs and none of what it must not.

Usage: build/venv/bin/python packaging/check_bundle.py [dist/voc-kiosk]

Prints the bundle's size and its largest parts; exits 1, naming each, when an asset, a module
or a Qt plugin the app needs is missing or a part that was left out on purpose is back. Run
with the build venv's Python, whose PyInstaller reads the modules in the bundle's archive
(with another Python only the files are checked).
"""

from __future__ import annotations

import fnmatch
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Needed: the platforms a screen, a snapshot and a Wayland session use; the text libraries'
# word lists, read from files at run time.
REQUIRED = [
    "voc-kiosk",
    "_internal/PySide6/Qt/plugins/platforms/libqxcb.so",
    "_internal/PySide6/Qt/plugins/platforms/libqwayland.so",
    "_internal/PySide6/Qt/plugins/platforms/libqoffscreen.so",
    "_internal/vaderSentiment/vader_lexicon.txt",
    "_internal/kiosk/assets/lexicon/en.lemmas",
    "_internal/kiosk/assets/lexicon/fr.accents",
    "_internal/kiosk/assets/lexicon/es.accents",
    "_internal/kiosk/assets/lexicon/en.toml",
    "_internal/kiosk/assets/lexicon/NOTICE.md",
    "_internal/kiosk/assets/models/kinds.npz",
    "_internal/kiosk/assets/models/kinds-es.npz",
    "_internal/kiosk/assets/models/kinds-fr.npz",
    # pyqtgraph 0.14's curves import these whatever draws them: without them a word's trend
    # cannot be drawn.
    "_internal/PySide6/QtOpenGL.abi3.so",
    "_internal/PySide6/QtOpenGLWidgets.abi3.so",
]
# Left out on purpose (pyinstaller.spec says why); a file whose path matches one is an error.
FORBIDDEN = [
    "_internal/keyrings/*",  # keyrings.alt: plaintext secrets
    "_internal/keyrings.alt*",
    "_internal/matplotlib/*",
    "_internal/PIL/*",
    "_internal/tkinter/*",
    "_internal/*/_tkinter*",
    "_internal/libgtk-3*",
    "_internal/libgdk-3*",
    "_internal/PySide6/Qt/plugins/platformthemes/libqgtk3.so",
    "_internal/PySide6/Qt/plugins/imageformats/*",
    "_internal/PySide6/Qt/translations/*",
    "_internal/PySide6/QtNetwork*",
    "_internal/PySide6/QtTest*",
    "_internal/PySide6/QtSvg*",
    "_internal/pytest/*",
    "_internal/_pytest/*",
    "_internal/hypothesis/*",
    "_internal/wordcloud/*",
    "_internal/simplemma/*",  # rebuilds the lemma tables (training/); not read at run time
    "_internal/stopwordsiso/*",
    "_internal/kiosk/assets/*.py",  # asset packages' code belongs in the archive, not beside
    "_internal/Inter-*",  # the old bug: assets at the bundle's top level
]


# Modules in the bundle's archive: needed, and left out on purpose (by name or package).
REQUIRED_MODULES = ["kiosk.cli", "kiosk.autostart", "keyring.backends.SecretService"]
FORBIDDEN_MODULES = [
    "keyrings",
    "matplotlib",
    "PIL",
    "tkinter",
    "pytest",
    "_pytest",
    "hypothesis",
    "wordcloud",
    "PyInstaller",
    "pyqtgraph.opengl",
    "pyqtgraph.console",
]


def archive_modules(executable: Path) -> set[str] | None:
    """Return the module names in the bundle's archive, or None without PyInstaller here."""
    try:
        from PyInstaller.archive.readers import CArchiveReader  # type: ignore[import-untyped]
    except ImportError:
        return None
    return set(CArchiveReader(str(executable)).open_embedded_archive("PYZ.pyz").toc)


def asset_packages() -> list[str]:
    """Return the kiosk.assets* packages pyproject.toml lists."""
    setuptools = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"][
        "setuptools"
    ]
    return [p for p in setuptools["packages"] if p.split(".")[:2] == ["kiosk", "assets"]]


def asset_files() -> list[str]:
    """Return the bundle paths of every asset the wheel would ship (pyproject's package data)."""
    setuptools = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"][
        "setuptools"
    ]
    mapped = setuptools.get("package-dir", {})
    globs = setuptools.get("package-data", {})
    found = []
    for package in setuptools["packages"]:
        if package != "kiosk.assets" and not package.startswith("kiosk.assets."):
            continue
        parts = package.split(".")
        prefix = next(
            ".".join(parts[:i]) for i in range(len(parts), 0, -1) if ".".join(parts[:i]) in mapped
        )
        folder = ROOT / mapped[prefix] / Path(*parts[len(prefix.split(".")) :])
        found_here = {p for g in globs.get(package, []) for p in folder.glob(g)}
        for path in sorted(found_here):
            if path.is_file() and path.suffix not in (".py", ".pyc"):
                found.append(str(Path("_internal", *parts, path.relative_to(folder))))
    return found


def compiled_analysis(bundle: Path, modules: set[str] | None) -> list[str]:
    """Return what is wrong with the compiled analysis in the bundle (see setup.py): each
    module of kiosk.analysis but its __init__ a compiled extension, none of them in the
    archive as Python, and mypyc's runtime beside them."""
    problems = []
    for path in sorted((ROOT / "kiosk" / "analysis").glob("*.py")):
        if path.name == "__init__.py":
            continue
        name = f"kiosk.analysis.{path.stem}"
        if not list((bundle / "_internal" / "kiosk" / "analysis").glob(f"{path.stem}.*.so")):
            problems.append(f"not compiled: {name} (build the bundle with `make dist`)")
        if modules is not None and name in modules:
            problems.append(f"bundled as Python, not compiled: module {name}")
    if not list((bundle / "_internal").glob("*__mypyc.*.so")):
        problems.append("missing: mypyc's runtime module (_internal/<hash>__mypyc.*.so)")
    return problems


def main(argv: list[str]) -> int:
    """Check the bundle; print its size and parts; return the exit code."""
    bundle = Path(argv[0] if argv else ROOT / "dist" / "voc-kiosk")
    files = sorted(p for p in bundle.rglob("*") if p.is_file() and not p.is_symlink())
    names = [str(p.relative_to(bundle)) for p in files]
    problems = [f"missing: {n}" for n in REQUIRED + asset_files() if not (bundle / n).is_file()]
    for pattern in FORBIDDEN:
        problems += [
            f"left out on purpose, yet bundled: {n}" for n in names if fnmatch.fnmatch(n, pattern)
        ]
    modules = archive_modules(bundle / "voc-kiosk") if (bundle / "voc-kiosk").is_file() else None
    if modules is not None:
        wanted = REQUIRED_MODULES + asset_packages()
        problems += [f"module missing: {m}" for m in wanted if m not in modules]
        for name in FORBIDDEN_MODULES:
            problems += [
                f"left out on purpose, yet bundled: module {m}"
                for m in sorted(modules)
                if m == name or m.startswith(name + ".")
            ]
    problems += compiled_analysis(bundle, modules)
    total = sum(p.stat().st_size for p in files)
    parts: dict[str, int] = {}
    for path, name in zip(files, names, strict=True):
        top = "/".join(
            name.split("/")[:3] if name.startswith("_internal/PySide6/") else name.split("/")[:2]
        )
        parts[top] = parts.get(top, 0) + path.stat().st_size
    counted = "modules unchecked" if modules is None else f"{len(modules)} modules"
    print(f"{bundle}: {total / 1e6:.0f} MB in {len(files)} files, {counted}")
    for name, size in sorted(parts.items(), key=lambda kv: -kv[1])[:15]:
        print(f"  {size / 1e6:7.1f} MB  {name}")
    for problem in problems:
        print(f"  PROBLEM {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
