"""Optional mypyc build of kiosk.analysis.

Everything about the package is in pyproject.toml; this file only adds the compiled
extension modules when VOC_KIOSK_MYPYC=1, so an ordinary (editable) install stays pure
Python. A compiled wheel:

    VOC_KIOSK_MYPYC=1 pip wheel --no-deps --no-build-isolation -w wheels .

(--no-build-isolation: the build needs mypy, which is not in [build-system] requires.)
"""

import os
from pathlib import Path

from setuptools import setup

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

setup(ext_modules=ext_modules)
