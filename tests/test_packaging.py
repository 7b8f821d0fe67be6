"""The package as it is built: every module of kiosk/ is in the wheel and under a contract."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_every_package_of_kiosk_is_built() -> None:
    listed = set(_pyproject()["tool"]["setuptools"]["packages"])
    found = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "kiosk").rglob("__init__.py")
    }
    assert found - listed == set(), "add these to [tool.setuptools] packages in pyproject.toml"


def _asset_folder(package: str, mapped: dict[str, str]) -> Path:
    """Return the folder setuptools builds an asset package from (its own or a parent's map)."""
    parts = package.split(".")
    for i in range(len(parts), 0, -1):
        prefix = ".".join(parts[:i])
        if prefix in mapped:
            return ROOT / mapped[prefix] / Path(*parts[i:])
    return ROOT / Path(*parts)


def test_every_asset_folder_is_a_listed_package() -> None:
    # pyinstaller.spec and the wheel both take the kiosk.assets* packages from this list: a
    # folder of assets/ left off it would be missing from the bundle and the wheel alike.
    setuptools = _pyproject()["tool"]["setuptools"]
    listed = {p for p in setuptools["packages"] if p.split(".")[:2] == ["kiosk", "assets"]}
    found = {
        ".".join(("kiosk", *init.parent.relative_to(ROOT).parts))
        for init in (ROOT / "assets").rglob("__init__.py")
    }
    assert found - listed == set(), "add these to [tool.setuptools] packages in pyproject.toml"
    for package in listed:
        folder = _asset_folder(package, setuptools.get("package-dir", {}))
        assert (folder / "__init__.py").is_file(), f"{package}: no {folder}/__init__.py"
        assert package in setuptools.get("package-data", {}), f"{package}: no package-data"


def test_the_bundle_leaves_out_the_test_extra() -> None:
    # make dist builds in a venv of the app and the dist extra: nothing of the test extra
    # (keyrings.alt would turn a missing keyring into a plaintext file of secrets).
    extras = _pyproject()["project"]["optional-dependencies"]
    names = " ".join(extras["dist"]).lower()
    assert "pyinstaller" in names
    for package in ("keyrings.alt", "wordcloud", "pytest", "voc-kiosk[test]"):
        assert package not in names
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "pip install --quiet '.[dist]'" in makefile


def test_the_bundle_installs_the_app_compiled_and_never_editable() -> None:
    # An editable install would leave the compiled modules out (PyInstaller then bundles the
    # .py files), and a compiled module built into the source tree would hide later edits.
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = makefile.split("$(COMPILED):", 1)[1].split("\n\n", 1)[0]
    assert "VOC_KIOSK_MYPYC=1" in recipe
    assert " -e " not in recipe and "--editable" not in recipe
    assert "dist: $(COMPILED)" in makefile
    setup = (ROOT / "setup.py").read_text(encoding="utf-8")
    assert 'os.environ.get("VOC_KIOSK_MYPYC") == "1"' in setup
