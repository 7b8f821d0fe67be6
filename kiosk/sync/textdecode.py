"""Decode text files from shared drives: UTF-8 (with or without BOM), UTF-16, Windows-1252.

Detection is explicit: a BOM, then the NUL pattern of BOM-less UTF-16, then strict UTF-8, then
charset-normalizer. Whatever is not certain (no BOM and not UTF-8) is reported in a note, so a
person can set the ``encoding`` option when the guess is wrong; bytes nothing can read are an
error that says which option to set.
"""

from __future__ import annotations

import codecs
import hashlib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import BinaryIO

import charset_normalizer

from kiosk.sync.errors import SyncCancelled, SyncError

__all__ = ["DecodedText", "Scan", "choose_encoding", "decode_text", "scan"]

# What detection looks at: enough text for charset-normalizer to judge, little enough to be quick.
HEAD_BYTES = 256 * 1024
_READ = 1024 * 1024
_HIGH_BYTES = bytes(range(0x80, 0x100))
# Above this share of high bytes, a file that is not UTF-8 is not Western text either.
_WESTERN_HIGH_SHARE = 0.2
# Bytes Windows-1252 leaves undefined: a file holding one is not cp1252 text.
_NOT_CP1252 = re.compile(rb"[\x81\x8d\x8f\x90\x9d]")

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Single-byte families charset-normalizer confuses with each other on short Western text;
# Windows-1252 is what spreadsheet programs on Western Windows write, so it wins when it fits.
_WESTERN = {
    "cp1250", "cp1252", "cp1257", "latin_1", "iso8859_1", "iso8859_2", "iso8859_9",
    "iso8859_15", "iso8859_13", "cp850", "mac_roman", "mac_latin2", "cp1254", "ascii",
}  # fmt: skip
# Marks Western text has between two letters: "don’t", "l·l", "A–Z".
_IN_WORD_MARKS = frozenset("\u2019\u2018\u00b7\u2013\u2014")
_CP1252_NOTE = (
    "{what} is not UTF-8; read as Windows-1252 (detected; set encoding if letters look wrong)"
)


def _broken_words(text: str) -> int:
    """Count the places where a symbol beyond ASCII sits between two letters.

    Read in the wrong code page, a letter becomes a symbol ("ođđa" in ISO-8859-10 read as
    Windows-1252 is "o¹¹a", Polish "ładny" from Windows-1250 is "³adny"); Western text read
    as Windows-1252 has letters there.
    """
    count = 0
    i = 0
    end = len(text)
    while i < end:
        c = text[i]
        if c.isascii() or c.isalpha() or c in _IN_WORD_MARKS:
            i += 1
            continue
        j = i
        while j < end and not text[j].isascii() and not text[j].isalpha():
            j += 1
        if i > 0 and text[i - 1].isalpha() and j < end and text[j].isalpha():
            count += 1
        i = j
    return count


def _latin_script(text: str) -> bool:
    """Whether every letter beyond ASCII in the text is a Latin one (not Greek, Cyrillic...)."""
    return all(
        unicodedata.name(c, "").startswith("LATIN")
        for c in set(text)
        if not c.isascii() and c.isalpha()
    )


def _latin(match: charset_normalizer.CharsetMatch) -> bool:
    """Whether the detector's reading is in a Latin code page, or at least Latin letters."""
    return match.encoding in _WESTERN or _latin_script(str(match))


def _single_byte(data: bytes, cp1252_fits: bool) -> str | None:
    """Return the code page to read bytes that are not UTF-8 with, or None if none fits.

    charset-normalizer ranks the single-byte Latin code pages by chance on short text: it read
    "crème" and "señor" from a latin-1 file as ISO-8859-10 ("crčme", "seņor"). Windows-1252 is
    what spreadsheet programs on Western Windows write, so it is taken whenever all its bytes
    fit it, its reading breaks no word, and the detector's own pick is Latin script too; a
    Central European, Nordic or Baltic code page is taken only when the bytes say so: their
    Windows-1252 reading puts symbols inside words.
    """
    results = charset_normalizer.from_bytes(data)
    best = results.best()
    if best is None or best.encoding is None:
        return None
    if cp1252_fits and _latin(best) and not _broken_words(data.decode("cp1252")):
        return "cp1252"
    if best.encoding in _WESTERN or cp1252_fits:
        # The first reading, in the detector's order, that breaks no word.
        for match in results:
            if match.encoding != "cp1252" and not _broken_words(str(match)):
                return str(match.encoding)
    return str(best.encoding)


@dataclass(frozen=True, slots=True)
class DecodedText:
    """Text with the encoding used and, when it was not certain, a note for the person."""

    text: str
    encoding: str
    note: str | None = None
    nul_removed: int = 0
    # How bytes the encoding refuses are read: "strict" (an error), or WINDOWS_1252_BYTES.
    errors: str = "strict"


# A UTF-8 file with a line pasted from a Windows-1252 program ("\xc4rger \xfcber"): its
# UTF-8 is read as UTF-8 and only the bytes UTF-8 refuses as Windows-1252. Reading the whole
# file as a legacy code page instead turned every "café" stored before into "cafﾃｩ".
WINDOWS_1252_BYTES = "voc-kiosk-cp1252"


def _as_cp1252(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    bad = exc.object[exc.start : exc.end]
    return bytes(bad).decode("cp1252", errors="replace"), exc.end


codecs.register_error(WINDOWS_1252_BYTES, _as_cp1252)


def _looks_utf16(data: bytes) -> str | None:
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) / 2
    if odd > 0.3 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.3 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


@dataclass(frozen=True, slots=True)
class Scan:
    """What one streaming read of a file's bytes tells, without holding them in memory."""

    sha256: str
    size: int
    head: bytes
    utf8: bool
    cp1252: bool
    # Characters beyond ASCII that are valid UTF-8, and bytes that are not: a file with many
    # of the first and few of the second is UTF-8 with a stray line.
    utf8_letters: int = 0
    utf8_bad: int = 0
    # Bytes above ASCII: a few in a hundred in Western text, most of the text in Chinese,
    # Japanese, Korean, Cyrillic or Greek.
    high: int = 0


def scan(fh: BinaryIO, cancelled: Callable[[], bool] = lambda: False) -> Scan:
    """Read a binary file once: its digest, its first bytes, and which encodings fit it all.

    Raises:
        SyncCancelled: ``cancelled()`` became true during the read.
    """
    digest = hashlib.sha256()
    utf8 = codecs.getincrementaldecoder("utf-8")()
    # A second reading that goes on past a bad byte, to count how the file is made.
    lenient = codecs.getincrementaldecoder("utf-8")(errors="replace")
    utf8_ok = cp1252_ok = True
    letters = bad = high = 0
    head = b""
    size = 0
    while chunk := fh.read(_READ):
        if cancelled():
            raise SyncCancelled()
        digest.update(chunk)
        if len(head) < HEAD_BYTES:
            head += chunk[: HEAD_BYTES - len(head)]
        size += len(chunk)
        if utf8_ok:
            try:
                utf8.decode(chunk)
            except UnicodeDecodeError:
                utf8_ok = False
        if not chunk.isascii():
            high += len(chunk) - len(chunk.translate(None, _HIGH_BYTES))
            text = lenient.decode(chunk)
            wrong = text.count("\ufffd")
            bad += wrong
            # A character beyond ASCII takes one to three bytes more encoded than it counts
            # as; a replacement mark, two.
            letters += max(len(text.encode("utf-8", "surrogatepass")) - len(text) - 2 * wrong, 0)
        if cp1252_ok and _NOT_CP1252.search(chunk):
            cp1252_ok = False
    if utf8_ok:
        try:
            utf8.decode(b"", final=True)
        except UnicodeDecodeError:
            utf8_ok = False
    bad += lenient.decode(b"", final=True).count("\ufffd")
    return Scan(digest.hexdigest(), size, head, utf8_ok, cp1252_ok, letters, bad, high)


def choose_encoding(found: Scan, encoding: str = "auto", what: str = "the file") -> DecodedText:
    """Return the codec to read a scanned file with (``text`` empty) and the note to show.

    Raises:
        SyncError: no encoding fits, or a byte-order mark contradicts the bytes.
    """
    if encoding != "auto":
        return DecodedText("", encoding)
    data = found.head
    for bom, codec in _BOMS:
        if data.startswith(bom):
            if codec == "utf-8-sig" and not found.utf8:
                return _mixed(codec, found, what)  # said to be UTF-8, with lines from elsewhere
            return DecodedText("", codec)
    utf16 = _looks_utf16(data)
    if utf16:
        return DecodedText(
            "", utf16, f"{what} has no byte-order mark; read as {utf16.upper()} (detected)"
        )
    if found.utf8:
        return DecodedText("", "utf-8")
    # UTF-8 with lines from a Windows program: each byte UTF-8 refuses is read as Windows-1252
    # alone. A valid UTF-8 letter almost never happens by chance in Western legacy text,
    # and where all is Windows-1252 this reads it the same. Chinese (GBK, Big5) or Korean
    # (EUC-KR) holds chance UTF-8 too, but most of its bytes are high ones.
    mixed = _mixed("utf-8", found, what)
    western_bytes = found.high < _WESTERN_HIGH_SHARE * max(found.size, 1)
    if found.utf8_letters and western_bytes and found.utf8_bad <= 4 * found.utf8_letters:
        return mixed
    if found.utf8_letters and western_bytes:
        best = charset_normalizer.from_bytes(data).best()
        if best is not None and _latin(best):
            return mixed
    picked = _single_byte(data, found.cp1252)
    if picked is None:
        raise SyncError(
            f"the text encoding of {what} could not be told (it is not UTF-8, UTF-16 or"
            ' Windows-1252); set encoding (for example encoding = "cp1252") in the feed',
            transient=False,
        )
    if picked == "cp1252":
        return DecodedText("", "cp1252", _CP1252_NOTE.format(what=what))
    return DecodedText(
        "",
        picked,
        f"{what} is not UTF-8; read as {picked} (detected; set encoding if letters look wrong)",
    )


def _mixed(codec: str, found: Scan, what: str) -> DecodedText:
    """Return UTF-8 (with or without its mark) whose refused bytes read as Windows-1252."""
    return DecodedText(
        "",
        codec,
        f"{what} is UTF-8 but for {found.utf8_bad:,} bytes, read as Windows-1252 (lines"
        " written by another program)",
        errors=WINDOWS_1252_BYTES,
    )


def decode_text(data: bytes, encoding: str = "auto", what: str = "the file") -> DecodedText:
    """Return the text of ``data`` in the given or detected encoding.

    NUL characters (left by some exporters) are removed and counted.

    Raises:
        SyncError: the bytes are not text in the given encoding, or no encoding fits.
    """
    if encoding != "auto":
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise SyncError(
                f"{what} is not {encoding} text (byte {exc.start} does not fit); set encoding"
                ' to what the file uses, or "auto"',
                transient=False,
            ) from exc
        return _clean(DecodedText(text, encoding))
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return _clean(DecodedText(data.decode(codec), codec))
            except UnicodeDecodeError as exc:
                raise SyncError(
                    f"{what} starts with a {codec} byte-order mark but is not {codec} text",
                    transient=False,
                ) from exc
    utf16 = _looks_utf16(data)
    if utf16:
        try:
            return _clean(
                DecodedText(
                    data.decode(utf16),
                    utf16,
                    f"{what} has no byte-order mark; read as {utf16.upper()} (detected)",
                )
            )
        except UnicodeDecodeError:
            pass
    try:
        return _clean(DecodedText(data.decode("utf-8"), "utf-8"))
    except UnicodeDecodeError:
        pass
    picked = _single_byte(data, not _NOT_CP1252.search(data))
    if picked is None:
        raise SyncError(
            f"the text encoding of {what} could not be told (it is not UTF-8, UTF-16 or"
            ' Windows-1252); set encoding (for example encoding = "cp1252") in the feed',
            transient=False,
        )
    if picked == "cp1252":
        note = _CP1252_NOTE.format(what=what)
    else:
        note = (
            f"{what} is not UTF-8; read as {picked} (detected; set encoding if letters look wrong)"
        )
    return _clean(DecodedText(data.decode(picked), picked, note))


def _clean(decoded: DecodedText) -> DecodedText:
    nul = decoded.text.count("\x00")
    if not nul:
        return decoded
    return DecodedText(
        decoded.text.replace("\x00", ""), decoded.encoding, decoded.note, nul_removed=nul
    )
