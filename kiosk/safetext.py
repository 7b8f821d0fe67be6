"""Customer text is data: safe to draw, to copy and to export, whatever it holds.

Pure functions, no Qt. Three hazards, one place:

- control characters (a NUL, an escape sequence) are drawn as a replacement mark;
- bidirectional controls: a right-to-left override (U+202E) in one customer's words must not
  reverse the rest of the screen, so every customer text shown is wrapped in a first-strong
  isolate (U+2068 ... U+2069), which ends whatever the text opened; and the text's own
  embeddings, overrides and isolates are drawn as a replacement mark too, since its own
  U+2069 would close our isolate early (and an override in a name spells it backwards);
- spreadsheet formulas: a cell starting with ``=``, ``+``, ``-``, ``@`` (or a tab or carriage
  return before one) is run by Excel; exported and copied cells get a leading apostrophe.
"""

from __future__ import annotations

import html

__all__ = [
    "FSI",
    "PDI",
    "clean_text",
    "isolate",
    "literal_tooltip",
    "plain_tooltip",
    "spreadsheet_safe",
]

_CONTROL = {c: "\N{REPLACEMENT CHARACTER}" for c in range(32) if c not in (9, 10)}
_CONTROL.update({0x7F: "\N{REPLACEMENT CHARACTER}"})
# Embeddings, overrides (U+202A-U+202E) and isolates (U+2066-U+2069); a mark for each keeps
# every offset into the text where it was.
_CONTROL.update(
    {c: "\N{REPLACEMENT CHARACTER}" for c in [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]}
)
FSI = "\u2068"  # FIRST STRONG ISOLATE: the text takes the direction of its first letter
PDI = "\u2069"  # POP DIRECTIONAL ISOLATE: closes the isolate and everything opened inside it
# Characters a spreadsheet reads as the start of a formula, full-width forms included.
_FORMULA_START = frozenset("=+-@\t\r\uff1d\uff0b\uff0d\uff20")


def clean_text(text: str) -> str:
    """Return customer text safe to draw: control characters and bidirectional controls shown
    as a replacement mark, one for one (offsets into the text still hold)."""
    return text.translate(_CONTROL)


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
