"""Lemma tables built from simplemma's dictionaries, and our rules for words they lack."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.analysis.lemmas import BARE_ACCENTS, is_known, lemmatize, table, with_accents

ROOT = Path(__file__).resolve().parents[2]
ACCENTED = sorted(BARE_ACCENTS)


@pytest.mark.parametrize(
    ("word", "language", "lemma"),
    [
        ("deliveries", "en", "delivery"),
        ("notifications", "en", "notification"),
        ("e-mails", "en", "e-mail"),
        ("livraisons", "fr", "livraison"),
        ("lieferungen", "de", "lieferung"),
        ("rückerstattungen", "de", "rückerstattung"),
        ("pedidos", "es", "pedido"),
        ("escríbanme", "es", "escribir"),
        ("resetearlo", "es", "resetear"),
        # Read case-folded, "Straße" is "strasse": the street, not Swiss "Strass" (rhinestone).
        ("strasse", "de", "strasse"),
        ("strassen", "de", "strasse"),
        ("zorblaxes", "en", "zorblaxes"),
        ("reorganisationments", "en", "reorganisationment"),
    ],
)
def test_lemmas(word: str, language: str, lemma: str) -> None:
    assert lemmatize(word, language) == lemma


def test_known_words() -> None:
    assert is_known("delivery", "en") and is_known("livraison", "fr")
    assert not is_known("zorblax", "en")
    assert "customer" in table("en") and "zorblax" not in table("en")


def test_a_language_without_a_table_keeps_its_words() -> None:
    assert lemmatize("katten", "nl") == "katten"
    assert not is_known("kat", "nl")


def test_reading_feedback_needs_neither_numpy_nor_simplemma() -> None:
    # Each costs a cold start: numpy 0.15 to 0.35 s to import, simplemma seconds per language.
    code = (
        "import sys\n"
        "from datetime import UTC, datetime\n"
        "from kiosk.analysis import Analyzer\n"
        "from kiosk.model import Customer, Feedback\n"
        "fb = Feedback(feed_id='f', external_id='1', text='Die Lieferung kam zu spät, the app"
        " crashed', created_at=datetime(2026, 1, 1, tzinfo=UTC), customer=Customer('c'))\n"
        "assert Analyzer().analyze(fb)\n"
        "print(sorted(m for m in ('numpy', 'simplemma', 'stopwordsiso') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize(
    ("typed", "language", "word"),
    [
        ("entrees", "fr", "entrées"),
        ("gout", "fr", "goût"),
        ("delicieuses", "fr", "délicieuses"),
        ("decu", "fr", "déçu"),
        ("cancelacion", "es", "cancelación"),
        ("informacion", "es", "información"),
        # Known as typed: "ano" is a word of its own, not "año"; "cote" is a rating.
        ("ano", "es", "ano"),
        ("cote", "fr", "cote"),
        # A spelling two words share stays as typed: "pâtes" (pasta) or "pâtés"; so do the
        # dictionary's two spellings "événement" and "évènement", each its own lemma.
        ("pates", "fr", "pates"),
        ("evenement", "fr", "evenement"),
        # Accented already, unknown, or a language that keeps its accents.
        ("entrées", "fr", "entrées"),
        ("zorblax", "fr", "zorblax"),
        ("cafe", "en", "cafe"),
        ("schon", "de", "schon"),
    ],
)
def test_a_word_typed_without_accents_is_the_one_word_they_make(
    typed: str, language: str, word: str
) -> None:
    assert with_accents(typed, language) == word


@pytest.mark.parametrize("language", ACCENTED)
def test_the_shipped_accent_tables_are_what_the_lemma_tables_make(
    language: str, tmp_path: Path
) -> None:
    # build_lemmas.py derives them from the lemma tables: the shipped files are what it makes.
    build = importlib.util.spec_from_file_location(
        "build_lemmas", ROOT / "training/build_lemmas.py"
    )
    assert build is not None and build.loader is not None
    module = importlib.util.module_from_spec(build)
    build.loader.exec_module(module)
    lexicon = ROOT / "assets" / "lexicon"
    for suffix in ("lemmas", "lemma-ops"):
        shutil.copy(lexicon / f"{language}.{suffix}", tmp_path)
    assert module.build_accents(language, tmp_path) > 50_000
    made = (tmp_path / f"{language}.accents").read_bytes()
    assert made == (lexicon / f"{language}.accents").read_bytes()
