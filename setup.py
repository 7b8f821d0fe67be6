"""Optional mypyc build of kiosk.analysis.

Everything about the package is in pyproject.toml; this file only adds the compiled
extension modules when VOC_KIOSK_MYPYC=1, so an ordinary (editable) install stays pure
Python. A compiled wheel:

    VOC_KIOSK_MYPYC=1 pip wheel --no-deps --no-build-isolation -w wheels .

(--no-build-isolation: the build needs mypy, which is not in [build-system] requires.)
"""

import os
import subprocess
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


# Imported from the build folder, where a compiled module of an earlier build may stand in for
# the .py file (so not run with -m, which needs the source).
_WRITE_CACHE = (
    "import sys; from pathlib import Path; from kiosk.analysis.regexes import write_cache;"
    " from kiosk.analysis.lexicon import write_documents;"
    " print(write_cache(Path(sys.argv[1]))); print(write_documents(Path(sys.argv[1])))"
)


class BuildWithRegexCache(build_py):
    """build_py, then the lexicons' compiled regular expressions (kiosk/analysis/regexes.py)
    and their parsed files (``write_documents`` in kiosk/analysis/lexicon.py) written beside
    the analysis, by this interpreter, the one the wheel is for. Not for an
    editable install: the source tree holds no cache, so the tests run without one. The
    analysis must import here, with its dependencies: the Makefile's builds
    (--no-build-isolation, in a venv that holds them) carry the cache; an isolated build may
    not, and its app then compiles its patterns at run time, as before."""

    def run(self) -> None:
        super().run()
        if self.dry_run or getattr(self, "editable_mode", False):
            return
        folder = Path(self.build_lib).resolve()
        target = folder / "kiosk" / "analysis"
        # A build folder used again must not pack the cache of the lexicons it held before.
        for stale in [*target.glob("regex-*.cache"), *target.glob("lexicons-*.cache")]:
            stale.unlink()
        path = os.pathsep.join(p for p in (str(folder), os.environ.get("PYTHONPATH")) if p)
        done = subprocess.run(
            [sys.executable, "-c", _WRITE_CACHE, str(target)],
            cwd=folder,
            env={**os.environ, "PYTHONPATH": path},
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            print(f"no regex cache in this build:\n{done.stderr[-2000:]}", file=sys.stderr)


ext_modules = []
if os.environ.get("VOC_KIOSK_MYPYC") == "1":
    from mypyc.build import mypycify

    here = Path(__file__).resolve().parent
    modules = sorted(
        str(path.relative_to(here))
        for path in (here / "kiosk" / "analysis").glob("*.py")
        if path.name != "__init__.py"
    )
    ext_modules = mypycify(modules, opt_level="3", debug_level="0")

setup(ext_modules=ext_modules, cmdclass={"build_py": BuildWithRegexCache})
