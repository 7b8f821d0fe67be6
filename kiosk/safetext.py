"""Customer text is data: safe to draw, to copy and to export, whatever it holds.

Pure functions, no Qt. Three hazards, one place:

- control characters (a NUL, an escape sequence) are drawn as a replacement mark;
- bidirectional controls: a right-to-left override (U+202E) in one customer's words must not
  reverse the rest of the screen, so every customer text shown is wrapped in a first-strong
  isolate (U+2068 ... U+2069), which ends whatever the text opened. A closer the text did
  not open (its own U+2069 would close our isolate early) is drawn as a replacement mark, and
  so is every override (U+202D, U+202E): it draws letters and figures backwards ("$1200"
  as "0021$"), which no customer means. The embeddings and isolates that phones and editors
  put around a number in Arabic or Hebrew text stay;
- spreadsheet formulas: a cell starting with ``=``, ``+``, ``-``, ``@`` (or a tab or carriage
  return before one) is run by Excel; exported and copied cells get a leading apostrophe.
"""

from __future__ import annotations

import html
import re

__all__ = [
    "FSI",
    "MARK",
    "PDI",
    "clean_name",
    "clean_text",
    "isolate",
    "literal_tooltip",
    "plain_tooltip",
    "spreadsheet_safe",
]

_CONTROL = {c: "\N{REPLACEMENT CHARACTER}" for c in range(32) if c not in (9, 10)}
_CONTROL.update({0x7F: "\N{REPLACEMENT CHARACTER}"})
MARK = "\N{REPLACEMENT CHARACTER}"
# Bidirectional controls: embeddings and overrides (U+202A-U+202E, closed by U+202C) and
# isolates (U+2066-U+2069, closed by U+2069).
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
_OPENS_EMBEDDING = frozenset("\u202a\u202b")
_OPENS_ISOLATE = frozenset("\u2066\u2067\u2068")
FSI = "\u2068"  # FIRST STRONG ISOLATE: the text takes the direction of its first letter
PDI = "\u2069"  # POP DIRECTIONAL ISOLATE: closes the isolate and everything opened inside it
# Characters a spreadsheet reads as the start of a formula, full-width forms included.
_FORMULA_START = frozenset("=+-@\t\r\uff1d\uff0b\uff0d\uff20")


def clean_text(text: str) -> str:
    """Return customer text safe to draw: control characters, overrides and bidirectional
    closers the text did not open shown as a replacement mark, one for one (offsets into the
    text still hold)."""
    text = text.translate(_CONTROL)
    if not _BIDI.search(text):
        return text
    chars = list(text)
    opened: list[str] = []  # "e" an embedding or override, "i" an isolate, innermost last
    for found in _BIDI.finditer(text):
        ch = found.group()
        if ch in _OPENS_EMBEDDING:
            opened.append("e")
        elif ch in _OPENS_ISOLATE:
            opened.append("i")
        elif ch == "\u202c" and opened and opened[-1] == "e":
            opened.pop()  # closes the embedding inside the current isolate, as UAX #9 does
        elif ch == PDI and "i" in opened:
            del opened[len(opened) - 1 - opened[::-1].index("i") :]  # and all inside it
        else:  # an override, or a closer of nothing
            chars[found.start()] = MARK
    return "".join(chars)


def clean_name(name: str) -> str:
    """Return a name safe to show on one line: breaks as spaces, controls as marks."""
    return clean_text(" ".join(name.split()))


def isolate(text: str) -> str:
    """Return text wrapped in a bidirectional isolate, so that nothing in it (an override, an
    unclosed embedding) changes the direction of what is shown after it."""
    return f"{FSI}{text}{PDI}"


def spreadsheet_safe(cell: str) -> str:
    """Return a cell that a spreadsheet shows as text, never runs as a formula."""
    return "'" + cell if cell[:1] in _FORMULA_START else cell


def plain_tooltip(text: str) -> str:
    """Return text as a tooltip that shows it literally.

    Qt renders a tooltip as rich text whenever it looks like markup, so ``<img src=...>`` in a
    customer's words would become an image: escape it inside a paragraph of our own.
    """
    return f"<p style='white-space:pre-wrap'>{html.escape(clean_text(text))}</p>"


def literal_tooltip(text: str) -> str:
    """Return text for a tooltip as it is, or escaped when it holds a ``<`` Qt could read as
    markup (a server's HTML error page in a feed's status, a customer's words)."""
    return plain_tooltip(text) if "<" in text else text
