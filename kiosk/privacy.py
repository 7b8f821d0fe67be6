"""Privacy on a public screen: initials for names, masked contact details, safe links.

Pure functions, no Qt: the drill-down applies them on the wall profile, and settings use
``check_link_template`` to refuse a CRM template that could run code or open local files.
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping
from itertools import pairwise
from urllib.parse import quote, urlsplit

__all__ = [
    "LINK_FIELDS",
    "SAFE_SCHEMES",
    "check_link_template",
    "fill_link",
    "initials",
    "mask_contacts",
    "mask_personal",
]

SAFE_SCHEMES = frozenset({"http", "https"})
# The fields a per-feed link template (``crm_url``) may use.
LINK_FIELDS = frozenset({"customer_id", "external_id", "feed_id"})

# From the start of a run only, and bounded as addresses are (64 before the @, 63 a label):
# tried at every letter of a 10,000-letter word, the open pattern took 0.4 s.
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63})+", re.UNICODE)
# An address spelled out to get past filters: "jane dot smith at gmail dot com".
SPELLED_EMAIL = re.compile(
    # Every part bounded, so that hostile text ("x dot x dot ..." for 20,000 characters) is
    # read in linear time; "at the dot com bubble" is no address.
    r"(?<!\w)[\w+-]{1,64}(?:\s{1,3}(?:dot|\(dot\)|\[dot\])\s{1,3}[\w+-]{1,64}){0,4}"
    r"\s{1,3}(?:at|\(at\)|\[at\])\s{1,3}(?!(?:the|this|that|it|a|an|my|our|your|their)\s)"
    r"[\w-]{1,64}(?:\s{1,3}(?:dot|\(dot\)|\[dot\])\s{1,3}[\w-]{1,64}){0,3}"
    r"\s{1,3}(?:dot|\(dot\)|\[dot\])\s{1,3}"
    r"(?:com|net|org|co|uk|io|de|fr|es|eu|info|biz|me|us|edu|gov)(?!\w)",
    re.IGNORECASE,
)
# A social account (@jane_doe, @jane.doe, @alice-smith.bsky.social): it finds the person as
# surely as an address does.
# Bounded like the addresses; never the "@" inside an address (masked first) or a word.
_HANDLE = re.compile(r"(?<![\w@.+-])@\w[\w.-]{0,62}(?<![.-])")
# Phone numbers: a run of digits with the usual separators, at least 7 digits in all; order
# numbers glued to letters (AB1234567) are left alone.
_PHONE = re.compile(r"(?<![\w])\+?\(?\d[\d\s().-]{5,}\d(?![\w])")
# Longer than any name's part: a "name" of 10,000 letters is no signature to look for.
_NAME_PART_CHARS = 40
# A word of a name as written ("smith-jones", "o'neil"): what one initial stands for.
_NAME_WORD = re.compile(r"[^\W\d_][\w'-]*")


def _initial_of(match: re.Match[str]) -> str:
    return match.group(0)[0] + "."


_NAME_SPLIT = re.compile(r"[\s,\x00-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069]+")
_DATE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[./-]\d{1,2}[./-]\d{2,4}")


def initials(name: str | None) -> str:
    """Return a name shortened to initials ("Ann-Marie O'Neil" -> "A. O."), or "Customer"."""
    if not name or not name.strip():
        return "Customer"
    parts = [p for p in re.split(r"\s+", name.strip()) if p]
    letters = [next((ch for ch in p if ch.isalpha()), "") for p in parts]
    shown = [f"{ch.upper()}." for ch in letters if ch]
    if not shown:
        return "Customer"
    return " ".join(shown[:1] + shown[-1:]) if len(shown) > 1 else shown[0]


def mask_contacts(text: str) -> str:
    """Replace e-mail addresses, social handles and phone numbers in customer text with
    neutral markers."""
    if "@" in text:
        text = _EMAIL.sub("[e-mail]", text)
        text = _HANDLE.sub("[handle]", text)
    if "dot" in text.lower():
        text = SPELLED_EMAIL.sub("[e-mail]", text)

    def phone(match: re.Match[str]) -> str:
        found = match.group(0)
        if _DATE.fullmatch(found.strip()):
            return found
        return "[phone]" if sum(ch.isdigit() for ch in found) >= 7 else found

    return _PHONE.sub(phone, text)


def mask_personal(text: str, name: str | None = None) -> str:
    """Mask contact details and the customer's own name (a signature) for a public screen.

    A name part matches case-sensitively, so "Will" in a signature is masked but "will" in a
    sentence is not. A name in capitals matches too, in its own order or as "LAST, FIRST"
    ("JANE SMITH"), and the whole name in its own order in any case ("jane smith"): on a
    public screen a customer's name showing weighs more than "will mark" read as a name
    (the customer Will Mark writing those two words, in that order, is the price).
    """
    text = mask_contacts(text)
    # A name's first eight parts, none longer than a name: a hostile "name" would otherwise
    # build a pattern per row shown, or one that scans for seconds.
    given: list[str] = []
    # Split on controls too: "Bob <PDI>Stone" is Bob Stone as shown (helper-42 saw "Stone"
    # kept, its part taken with the control in it).
    for part in _NAME_SPLIT.split(name or "")[:8]:
        if 2 <= len(part) <= _NAME_PART_CHARS and part[0].isalpha() and part not in given:
            given.append(part)
    if not given:
        return text

    upper = [p.upper() for p in given]
    if len(given) > 1 and any(p != q for p, q in zip(given, upper, strict=True)):
        capitals = "|".join(map(re.escape, sorted(set(upper), key=len, reverse=True)))
        one = re.compile(rf"(?<!\w)(?:{capitals})(?!\w)")
        whole = re.compile(rf"(?<!\w)(?:{capitals})(?:[\s,]{{1,3}}(?:{capitals}))+(?!\w)")

        def in_capitals(match: re.Match[str]) -> str:
            found = match.group(0)
            order = [upper.index(m.group(0)) for m in one.finditer(found)]
            forward = all(a < b for a, b in pairwise(order))
            last_first = len(order) == 2 and order[0] > order[1] and "," in found
            return one.sub(_initial_of, found) if forward or last_first else found

        text = whole.sub(in_capitals, text)
        every_part = r"\s{1,3}".join(map(re.escape, given))
        lower = re.compile(rf"(?<!\w){every_part}(?!\w)", re.IGNORECASE)
        text = lower.sub(lambda m: _NAME_WORD.sub(_initial_of, m.group(0)), text)
    alternatives = "|".join(map(re.escape, sorted(given, key=len, reverse=True)))
    return re.sub(rf"(?<!\w)(?:{alternatives})(?!\w)", _initial_of, text)


def _fields(template: str) -> list[str]:
    """Return the fields a template names; only plain ``{field}`` is allowed.

    Raises:
        ValueError: the template is malformed, or a field has a conversion or a format
            specification (``{customer_id:>200000000}`` would build a 200 MB string).
    """
    names = []
    for _, name, spec, conversion in string.Formatter().parse(template):
        if name is None:
            continue
        if spec or conversion:
            raise ValueError(f"{{{name}}} carries a format or conversion; write just {{{name}}}")
        names.append(name)
    return names


def check_link_template(template: str, allowed_fields: frozenset[str]) -> str | None:
    """Return what is wrong with a link template such as ``https://crm/x/{customer_id}``.

    Only http and https links may open from the kiosk: ``javascript:``, ``file:`` and other
    schemes are refused, because a link on a shared screen must never run code or open a
    local file.
    """
    template = template.strip()
    if not template:
        return None
    try:
        names = _fields(template)
    except ValueError as exc:
        return f"the template is malformed ({exc})"
    unknown = sorted(set(names) - allowed_fields)
    if unknown:
        return f"unknown field {{{unknown[0]}}}; use any of " + ", ".join(
            f"{{{f}}}" for f in sorted(allowed_fields)
        )
    scheme = urlsplit(template.split("{", 1)[0]).scheme.lower()
    if scheme not in SAFE_SCHEMES:
        shown = f"'{scheme}:' links are" if scheme else "a link without a scheme is"
        return f"{shown} not allowed; a link must start with http:// or https://"
    if fill_link(template, dict.fromkeys(allowed_fields, "x")) is None:
        return "the link has no host name"
    return None


def fill_link(template: str, values: Mapping[str, object]) -> str | None:
    """Fill a link template with URL-quoted values; None when the result is not a safe link.

    A value that is a dot segment ("." or "..") gives no link: quoting leaves dots alone, and
    a browser would resolve ``/customers/..`` to the parent page.
    """
    template = template.strip()
    if not template:
        return None
    try:
        wanted = _fields(template)
    except ValueError:
        return None
    quoted = {k: quote(str(v) if v is not None else "", safe="") for k, v in values.items()}
    if any(quoted.get(name) in ("", ".", "..") for name in wanted):
        return None
    try:
        url = template.format_map(quoted)
    except (KeyError, ValueError, IndexError):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:  # a value that reads as a broken IPv6 host ("[")
        return None
    if parts.scheme.lower() not in SAFE_SCHEMES or not parts.netloc:
        return None
    return url
