"""Which encoding a file without a byte-order mark is read in, on real bytes of each kind."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from kiosk.store import Store
from kiosk.sync import run_once
from kiosk.sync.textdecode import choose_encoding, decode_text, scan
from tests.sync.conftest import feed, settings_with

HEADER = "id,text,date\n"
FRENCH = "Wow loved this place: café crème déçu señor Müller Ærø Øresund"
# Windows-1252's own letters and marks, beyond latin-1: the euro, curly quotes, a dash.
CURLY = "“Très bien” – 5 € for a crème brûlée… don’t change it"
# Northern Sami: "đ" and "ŋ" are letters in ISO-8859-10 and symbols in Windows-1252.
SAMI = "Giitu ođđa ságas! Mun lean buorre ja ođđa áigi boahtá. Ŋuolla lea buorre."


def _csv(text: str, rows: int = 40) -> str:
    return HEADER + "".join(f"{i},{text} {i},2026-11-{1 + i % 28:02d}\n" for i in range(rows))


def _chosen(data: bytes) -> tuple[str, str]:
    """Return (codec, text) as the CSV source reads the bytes."""
    found = scan(io.BytesIO(data))
    chosen = choose_encoding(found)
    return chosen.encoding, data.decode(chosen.encoding, errors=chosen.errors)


@pytest.mark.parametrize("codec", ["latin-1", "cp1252"])
def test_western_text_in_a_legacy_code_page_is_read_as_windows_1252(codec: str) -> None:
    # charset-normalizer ranks ISO-8859-10 first on these bytes ("crčme", "seņor").
    data = _csv(FRENCH).encode(codec)
    encoding, text = _chosen(data)
    assert encoding == "cp1252"
    assert "café crème déçu señor Müller Ærø" in text
    assert decode_text(data).text == data.decode("latin-1")


def test_windows_1252_with_euro_and_curly_quotes_keeps_them() -> None:
    data = _csv(CURLY).encode("cp1252")
    encoding, text = _chosen(data)
    assert encoding == "cp1252"
    assert CURLY in text
    assert CURLY in decode_text(data).text


def test_utf8_and_utf16_are_read_as_such() -> None:
    plain = _csv(FRENCH + " " + CURLY)
    assert _chosen(plain.encode("utf-8")) == ("utf-8", plain)
    encoding, text = _chosen(plain.encode("utf-16"))
    assert encoding == "utf-16" and text.lstrip("\ufeff") == plain
    encoding, text = _chosen(plain.encode("utf-16-le"))  # no byte-order mark
    assert encoding == "utf-16-le" and text == plain


def test_a_nordic_text_whose_windows_1252_reading_breaks_words_is_not_read_so() -> None:
    data = _csv(SAMI).encode("iso8859_10")
    encoding, text = _chosen(data)
    # Which Nordic or Baltic page fits is beyond what the bytes tell; that Windows-1252
    # turns "ođđa" into "o¹¹a" is not, and the note tells how to set the right one.
    assert encoding != "cp1252"
    assert "o¹¹a" not in text
    note = choose_encoding(scan(io.BytesIO(data))).note
    assert note is not None and "set encoding" in note


def test_a_latin_1_feed_is_stored_with_its_accents(tmp_path: Path, store: Store) -> None:
    path = tmp_path / "feedback.csv"
    path.write_bytes(_csv(FRENCH).encode("latin-1"))
    (report,) = run_once(settings_with(feed("survey", "csv", path=str(path))), store)
    assert report.ok, report.error
    assert any("read as Windows-1252" in note for note in report.notes)
    row = store.get("survey", "3")
    assert row is not None and row.feedback.text == f"{FRENCH} 3"
