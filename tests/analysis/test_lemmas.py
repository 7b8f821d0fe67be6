"""Lemma tables built from simplemma's dictionaries, and our rules for words they lack."""

from __future__ import annotations

import subprocess
import sys

import pytest

from kiosk.analysis.lemmas import is_known, lemmatize, table


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
