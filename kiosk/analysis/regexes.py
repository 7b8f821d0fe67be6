"""The analysis's regular expressions, compiled when the app is built, not in every process.

A fresh process compiled some 450 lexicon patterns before it had read a few thousand texts:
about 0.2 s of a cold sync of 5,000 tweets, in Python's own regex parser; the analysis
modules' own patterns, compiled as they are imported, took another 20 ms. A built app (a
wheel, the bundle) carries ``regex-<interpreter>.cache``, written at build time by
``setup.py`` with ``write_cache``: each pattern's compiled program as ``re`` itself makes
it, which ``compile_pattern`` hands straight to the regex engine (1.9 MB, read in 2 ms).
The program is the engine's input format, so the cache is only read by the interpreter that
wrote it (its version, its engine's magic number and code size are checked); any other, a
missing file or a damaged one leaves ``compile_pattern`` compiling as ``re.compile`` does.
The source tree has no cache: the tests run without it, and ``packaging/check_compiled.py``
checks that the built app reads every text as they do.
"""

from __future__ import annotations

import importlib
import logging
import marshal
import pkgutil
import re
import sys
from array import array
from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from typing import Any

__all__ = [
    "built_cache",
    "cache_name",
    "cached_patterns",
    "compile_pattern",
    "read_cache",
    "uncached_patterns",
    "write_cache",
]

log = logging.getLogger(__name__)

# The engine and the parser that feed it are internal modules: reached by name, and only
# under the checks of ``_header``.
_sre: Any = importlib.import_module("_sre")
_parser: Any = importlib.import_module("re._parser")
_compiler: Any = importlib.import_module("re._compiler")

# 2: each program's code as the bytes of an array of code words, the file not compressed (a
# wheel and an installer compress it anyway): read in 2 ms, where format 1 took 24.
_FORMAT = 2
# The array type whose items are the engine's code words.
_WORD = "I" if array("I").itemsize == int(_sre.CODESIZE) else "L"
_PACKAGE = "kiosk.analysis"

# (pattern, flags) -> (flags, code, groups, groupindex, indexgroup), as ``_sre.compile`` takes
# them; None until the first pattern is asked for.
_table: dict[tuple[str, int], Any] | None = None
# What ``write_cache`` collects while it asks every lexicon for its patterns.
_recording: list[tuple[str, int]] | None = None


def cache_name(stem: str = "regex") -> str:
    """Return the name of a cache the build writes beside the analysis, for this interpreter
    ("regex-cpython-311.cache"; the parsed lexicons' is "lexicons-...", see lexicon.py)."""
    return f"{stem}-{sys.implementation.cache_tag}.cache"


def built_cache(stem: str) -> bytes | None:
    """Return the bytes of a cache the build wrote beside the analysis (``cache_name``), or
    None where there is none (the source tree) or it cannot be read (logged)."""
    try:
        resource = resources.files(_PACKAGE).joinpath(cache_name(stem))
        return resource.read_bytes() if resource.is_file() else None
    except Exception:  # unreadable: what it holds is made as usual
        log.warning("the build's %s cache is unreadable", stem, exc_info=True)
        return None


def _header() -> tuple[int, int, int, int]:
    return (_FORMAT, sys.hexversion, int(_sre.MAGIC), int(_sre.CODESIZE))


def compile_pattern(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """Return ``re.compile(pattern, flags)``, from the build's cache where it has it."""
    flags = int(flags)
    if _recording is not None:
        _recording.append((pattern, flags))
    table = _table if _table is not None else _load()
    found = table.get((pattern, flags))
    if found is not None:
        try:
            final, code, groups, groupindex, indexgroup = found
            compiled: re.Pattern[str] = _sre.compile(
                pattern, final, array(_WORD, code).tolist(), groups, groupindex, indexgroup
            )
            return compiled
        except Exception:  # an entry of another shape, or a program the engine refuses
            log.debug("regex cache entry refused for %.60r", pattern, exc_info=True)
    return re.compile(pattern, flags)


def cached_patterns() -> int:
    """Return how many patterns the loaded cache holds (0: none, as in the source tree)."""
    return len(_table if _table is not None else _load())


def uncached_patterns() -> int:
    """Return how many of the lexicons' and the modules' patterns the loaded cache lacks (a
    build's cache written from other lexicons than those it ships would lack some)."""
    table = _table if _table is not None else _load()
    return len(set(_lexicon_patterns() + _module_patterns()) - set(table))


def _load() -> dict[tuple[str, int], Any]:
    global _table
    table: dict[tuple[str, int], Any] = {}
    data = built_cache("regex")
    if data is not None:
        table = read_cache(data)
    _table = table
    return table


def read_cache(data: bytes) -> dict[tuple[str, int], Any]:
    """Return the entries of a cache file's bytes by (pattern, flags): none where another
    interpreter wrote it or the bytes are damaged (then the patterns are compiled as usual)."""
    try:
        header, entries = marshal.loads(data)
        if tuple(header) != _header():
            log.info("regex cache written by another interpreter; compiling patterns")
            return {}
        return {(str(e[0]), int(e[1])): tuple(e[2:]) for e in entries}
    except Exception:
        log.warning("regex cache damaged; compiling patterns", exc_info=True)
        return {}


def _program(pattern: str, flags: int) -> tuple[Any, ...]:
    """Return what ``_sre.compile`` takes for a pattern, made as ``re.compile`` makes it."""
    parsed = _parser.parse(pattern, flags)
    # The program as the engine's own unsigned words (``_header`` checks their size): read
    # back as one block of bytes, where a list of ints was most of the cache's read time.
    code = array(_WORD, [int(op) for op in _compiler._code(parsed, flags)]).tobytes()
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    final = int(flags | parsed.state.flags)
    return (pattern, flags, final, code, parsed.state.groups - 1, groupindex, tuple(indexgroup))


def write_cache(folder: Path, patterns: Iterable[tuple[str, int]] | None = None) -> Path:
    """Write the cache of every lexicon and module pattern (or of ``patterns``) into
    ``folder``; return its path. Run by the build (``setup.py``) with the interpreter the app
    will run on."""
    if patterns is None:
        patterns = _lexicon_patterns() + _module_patterns()
    found = sorted(set(patterns))
    entries = [_program(pattern, flags) for pattern, flags in found]
    path = folder / cache_name()
    path.write_bytes(marshal.dumps((_header(), entries)))
    return path


def _module_patterns() -> list[tuple[str, int]]:
    """Return every (pattern, flags) the analysis modules compile as they are imported (a
    module's patterns, and those in a dict of them), as ``compile_pattern`` is asked."""
    package = importlib.import_module(_PACKAGE)
    # Every module, also those the package does not import itself (pipeline.py).
    for info in pkgutil.iter_modules(package.__path__, _PACKAGE + "."):
        importlib.import_module(info.name)
    found: list[tuple[str, int]] = []
    for name, module in list(sys.modules.items()):
        if not name.startswith(_PACKAGE + "."):
            continue
        for value in list(vars(module).values()):
            for item in value.values() if isinstance(value, dict) else (value,):
                if isinstance(item, re.Pattern) and isinstance(item.pattern, str):
                    # What the module passed: re.compile adds UNICODE to a text pattern.
                    found.append((item.pattern, int(item.flags) & ~int(re.UNICODE)))
    return found


def _lexicon_patterns() -> list[tuple[str, int]]:
    """Return every (pattern, flags) the lexicons of every language compile, as they compile
    them: a new lexicon of each compiles all its patterns while ``compile_pattern`` records."""
    global _recording
    from kiosk.analysis.lexicon import LANGUAGES, read_lexicon

    recorded: list[tuple[str, int]] = []
    _recording = recorded
    try:
        for language in LANGUAGES:
            read_lexicon(language).compile_all()
    finally:
        _recording = None
    return recorded
