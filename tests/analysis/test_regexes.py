"""The lexicons' regular expressions, read from the cache a build writes (regexes.py)."""

from __future__ import annotations

import json
import logging
import marshal
import re
import subprocess
import sys
import zlib
from array import array
from datetime import UTC, datetime
from pathlib import Path

import pytest

from kiosk.analysis import regexes
from kiosk.analysis.lexicon import (
    LANGUAGES,
    at_first_letters,
    documents_cache_name,
    lexicon,
    read_documents,
)

ROOT = Path(__file__).resolve().parents[2]
TEXTS = [
    json.loads(line)["text"]
    for line in (ROOT / "benchmarks" / "data" / "eval_analysis.jsonl")
    .read_text("utf-8")
    .splitlines()
] + [
    "No pienso volver, una pena.",
    "Je n'y retournerai pas, à éviter !",
    "Die App stürzt ständig ab, funktioniert wieder nicht.",
    "It would be great if you added dark mode. Bug fixed, thanks!",
    "",
    "x" * 5000,
]


@pytest.fixture(scope="module")
def cache_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return regexes.write_cache(tmp_path_factory.mktemp("regex"))


def test_the_source_tree_holds_no_cache() -> None:
    # The tests run on what re.compile makes; the built app's cache is compared with it by
    # packaging/check_compiled.py.
    assert not (ROOT / "kiosk" / "analysis" / regexes.cache_name()).exists()
    assert regexes.cached_patterns() == 0


def test_every_lexicon_pattern_is_in_the_cache(cache_file: Path) -> None:
    table = regexes.read_cache(cache_file.read_bytes())
    for language in LANGUAGES:
        lex = lexicon(language)
        # As the lexicon compiles them: tried only at their first letters.
        for pattern, _ in lex.domain_pattern_list:
            assert (at_first_letters(pattern), int(re.IGNORECASE)) in table
        for pattern in lex.idea_cue_patterns:
            assert (at_first_letters(pattern), int(re.IGNORECASE)) in table


def test_every_pattern_a_module_compiles_on_import_is_in_the_cache(cache_file: Path) -> None:
    # As the module asked for it: text.py's links, kinds.py's cues, resolution.py's fears.
    from kiosk.analysis import kinds, resolution, text

    table = regexes.read_cache(cache_file.read_bytes())
    for pattern in (text._URL, text._TOKEN, kinds._WANT, kinds._NOT_PROPOSING):
        assert (pattern.pattern, int(pattern.flags) & ~int(re.UNICODE)) in table
    for pattern in resolution._FEARED.values():
        assert (pattern.pattern, int(re.IGNORECASE)) in table
    assert len(regexes._module_patterns()) >= 50


def test_a_cached_pattern_finds_what_re_compile_finds(
    cache_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    table = regexes.read_cache(cache_file.read_bytes())
    monkeypatch.setattr(regexes, "_table", table)
    assert regexes.cached_patterns() == len(table) > 500
    for pattern, flags in table:
        cached = regexes.compile_pattern(pattern, flags)
        fresh = re.compile(pattern, flags)
        # Patterns compare equal when their programs, flags and sources are the same.
        assert cached == fresh and cached is not fresh
        assert cached.groupindex == fresh.groupindex
        for text in TEXTS:
            lowered = text.lower()
            assert [m.span() for m in cached.finditer(text)] == [
                m.span() for m in fresh.finditer(text)
            ]
            assert bool(cached.search(lowered)) == bool(fresh.search(lowered))


def test_a_pattern_not_in_the_cache_is_compiled(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(regexes, "_table", {})
    assert regexes.compile_pattern(r"\bnew (?:word|pattern)\b").search("a new word") is not None


def test_a_cache_from_another_interpreter_is_not_read(
    cache_file: Path, caplog: pytest.LogCaptureFixture
) -> None:
    header, entries = marshal.loads(cache_file.read_bytes())
    other = (header[0], header[1] + 1, *header[2:])
    with caplog.at_level(logging.INFO, logger="kiosk.analysis.regexes"):
        assert regexes.read_cache(marshal.dumps((other, entries))) == {}
        # Nor one of the earlier format, whose programs were lists of ints.
        older = (1, *header[1:])
        assert regexes.read_cache(marshal.dumps((older, entries))) == {}
    assert "another interpreter" in caplog.text


@pytest.mark.parametrize(
    "data", [b"", b"not a cache", zlib.compress(b"\x00\x01garbage"), marshal.dumps((1, 2, 3))]
)
def test_a_damaged_cache_is_not_read(data: bytes, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="kiosk.analysis.regexes"):
        assert regexes.read_cache(data) == {}
    assert "damaged" in caplog.text


def test_a_program_the_engine_refuses_is_compiled_afresh(monkeypatch: pytest.MonkeyPatch) -> None:
    pattern = r"\bdelivery\b"
    flags = int(re.IGNORECASE)
    final, code, groups, groupindex, indexgroup = regexes._program(pattern, flags)[2:]
    words = array(regexes._WORD, code)
    broken = (
        final,
        array(regexes._WORD, [999_999] * len(words)).tobytes(),
        groups,
        groupindex,
        indexgroup,
    )
    monkeypatch.setattr(regexes, "_table", {(pattern, flags): broken})
    assert regexes.compile_pattern(pattern, flags).search("Late DELIVERY") is not None


def test_the_build_writes_the_cache_with_its_own_interpreter(tmp_path: Path) -> None:
    # What setup.py runs (its _WRITE_CACHE), from a folder that is not the source tree.
    write = (
        "import sys; from pathlib import Path; from kiosk.analysis.regexes import write_cache;"
        " from kiosk.analysis.lexicon import write_documents;"
        " print(write_cache(Path(sys.argv[1]))); print(write_documents(Path(sys.argv[1])))"
    )
    assert write in (ROOT / "setup.py").read_text("utf-8").replace('"\n    "', "")
    done = subprocess.run(
        [sys.executable, "-c", write, str(tmp_path)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    patterns, documents = (Path(line) for line in done.stdout.split())
    assert patterns == tmp_path / regexes.cache_name()
    assert len(regexes.read_cache(patterns.read_bytes())) > 500
    assert documents == tmp_path / documents_cache_name()
    assert {"en", "fr", "de", "es", "common"} <= set(read_documents(documents.read_bytes()))


def test_an_entry_of_another_shape_is_compiled_afresh(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(regexes, "_table", {("late", 0): (0, [1, 2], 0, {})})
    assert regexes.compile_pattern("late").search("too late") is not None


def test_a_cache_that_lacks_a_lexicon_pattern_is_told(
    cache_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    table = regexes.read_cache(cache_file.read_bytes())
    monkeypatch.setattr(regexes, "_table", table)
    assert regexes.uncached_patterns() == 0
    monkeypatch.setattr(regexes, "_table", dict(list(table.items())[1:]))
    assert regexes.uncached_patterns() == 1


def test_the_build_parses_the_lexicons_as_the_files_read(tmp_path: Path) -> None:
    from importlib import resources

    from kiosk.analysis import lexicon as lexicon_module

    documents = lexicon_module.read_documents(lexicon_module.write_documents(tmp_path).read_bytes())
    package = resources.files("kiosk.assets.lexicon")
    files = [f for f in package.iterdir() if f.name.endswith(".toml")]
    assert sorted(documents) == sorted(f.name[:-5] for f in files) and "common" in documents
    for f in files:
        digest, document = documents[f.name[:-5]]
        assert document == lexicon_module.tomllib.loads(f.read_text("utf-8"))
        assert digest == lexicon_module._digest(f.read_bytes())


def test_a_parsed_lexicon_is_used_only_for_the_bytes_it_was_parsed_from(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # An English file edited after the build is read as edited, not as the build parsed it.
    from importlib import resources

    from kiosk.analysis import lexicon as lexicon_module

    read = lexicon_module._read.__wrapped__  # the uncached reader
    fresh = read("en")
    raw = resources.files("kiosk.assets.lexicon").joinpath("en.toml").read_bytes()
    stale = {"en": ("0" * 64, {"marker": "parsed from other bytes"})}
    monkeypatch.setattr(lexicon_module, "_built_documents", lambda: stale)
    assert read("en") == fresh
    built = {"en": (lexicon_module._digest(raw), {"marker": "parsed from these bytes"})}
    monkeypatch.setattr(lexicon_module, "_built_documents", lambda: built)
    assert read("en") == {"marker": "parsed from these bytes"}


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"not zlib",
        zlib.compress(marshal.dumps(((0, 0), {}))),
        zlib.compress(marshal.dumps("a string")),
    ],
)
def test_a_damaged_or_foreign_lexicon_cache_is_not_read(data: bytes) -> None:
    from kiosk.analysis.lexicon import read_documents

    assert read_documents(data) == {}


def test_the_source_tree_holds_no_parsed_lexicons() -> None:
    from kiosk.analysis.lexicon import built_documents, documents_cache_name

    assert not (ROOT / "kiosk" / "analysis" / documents_cache_name()).exists()
    assert built_documents() == 0


def test_a_parsed_lexicon_of_the_wrong_shape_is_parsed_again(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    # A cache with the file's digest but a document that cannot be a lexicon (forged, or
    # written by a bug) is logged and the file read instead, not a crash at start-up.
    from importlib import resources

    from kiosk.analysis import lexicon as lexicon_module

    raw = resources.files("kiosk.assets.lexicon").joinpath("en.toml").read_bytes()
    forged = {"en": (lexicon_module._digest(raw), {"idea_cues": 5})}
    monkeypatch.setattr(lexicon_module, "_built_documents", lambda: forged)
    lexicon_module._read.cache_clear()
    try:
        with caplog.at_level(logging.WARNING, logger="kiosk.analysis.lexicon"):
            found = lexicon_module.read_lexicon("en")
    finally:
        lexicon_module._read.cache_clear()
    assert found.idea_cue_patterns == lexicon("en").idea_cue_patterns
    assert "unusable" in caplog.text


def test_every_pattern_a_lexicon_compiles_while_reading_is_in_the_build_s_cache(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The cache is written from what ``Lexicon.compile_all`` compiles: a lazy pattern it
    misses is compiled in every fresh process (the headings of stop 68 cost 3% of a cold
    read of 1,177 tweets until they were added)."""
    from kiosk.analysis import Analyzer
    from kiosk.analysis import lexicon as lexicon_module
    from kiosk.model import Customer, Feedback, Kind, KindSource

    cached = set(regexes._lexicon_patterns())
    recorded: list[tuple[str, int]] = []
    lexicon_module.lexicon.cache_clear()
    monkeypatch.setattr(regexes, "_recording", recorded)
    try:
        texts = [
            ("en", "Pros: fast. Cons: price\nWhat could we improve? Honestly nothing."),
            ("en", "Thanks!\n\nOn Mon, 3 Jun 2024 at 10:00, Support <a@b.com> wrote:\n> Sorry"),
            ("en", "Food 9/10, service 2/10. Great app!!! Not. Used to love it, not anymore"),
            ("fr", "Points positifs : l'accueil. Points négatifs : le prix, aucun autre"),
            ("de", "Vorteile: Die Lieferung war schnell.\nNachteile: der Preis"),
            ("es", "Lo bueno: la comida. Lo malo: el precio, nada más"),
        ]
        Analyzer().read_batch(
            [
                Feedback(
                    feed_id="t",
                    external_id=str(n),
                    text=text,
                    created_at=datetime(2026, 1, 1, tzinfo=UTC),
                    customer=Customer(f"c{n}"),
                    kind=Kind.UNCLASSIFIED,
                    kind_source=KindSource.GIVEN,
                    language=language,
                )
                for n, (language, text) in enumerate(texts)
            ]
        )
    finally:
        lexicon_module.lexicon.cache_clear()
    assert recorded and set(recorded) <= cached
