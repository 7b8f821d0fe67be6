"""Cut feedback text into clauses and tokens, with spans into the original text.

Spans always index the text exactly as the customer wrote it (drill-down highlights them), so
normalisation (NFKC, case, quotes, repeated letters) is applied per token, never to the whole
text before cutting it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import Final

from kiosk.analysis.regexes import compile_pattern
from kiosk.privacy import SPELLED_EMAIL

__all__ = [
    "INVISIBLE",
    "MAX_TEXT_CHARS",
    "Clause",
    "clauses",
    "excluded_spans",
    "junk_reason",
    "link_spans",
    "normalize_token",
    "normalize_tokens",
    "one_space",
    "reply_start",
    "signature",
    "tidy",
    "tokens",
    "without_invisible",
    "words_and_starts",
]

# Longer texts are cut here: a pasted log file or a 1 MB rant says nothing more useful for the
# cloud after the first pages, and analysing it whole would stall a sync batch (or, as a
# labelled item, the fitting of the local layer).
MAX_TEXT_CHARS = 20_000
# A word, with inner apostrophes and hyphens ("can't", "l'appli", "follow-up").
_TOKEN = compile_pattern(r"\w+(?:['’‘ʼ\-]\w+)*")
# Characters that show nothing, left inside words by copy and paste or a word processor (a
# soft hyphen, a zero-width space or joiner, a stray byte-order mark): "wid\u200bget" is one
# word, "widget", not two. Texts that have one are cut with the second pattern, and the
# normalised word leaves them out.
INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
_TOKEN_INVISIBLE = compile_pattern(rf"\w+(?:(?:['’‘ʼ\-]|[{INVISIBLE}]+)\w+)*")
# Contact details and links: never terms, and their parts must not become terms either.
# Links, e-mail addresses, @handles and web addresses ("example.com/help"). Each is found from
# what it cannot do without ("://", "@", ".com") and grown from there: a pattern that starts
# with a character class ("[\w.+-]+@") is tried at every position of the text, which made
# this the costliest step of reading a tweet.
_URL = compile_pattern(r"(?:https?://|www\.)\S+", re.IGNORECASE)
# A link written without its scheme: a host, then a path ("bit.ly/nEJbyE", "YouTube.com/x");
# not one inside a link already found ("http://bit.ly/..."), nor an e-mail address's domain.
# The top-level domain in lowercase, of two or three letters: "ok.Food/drinks" and
# "the Mac.Apps/tools" are sentences missing a space (helper-54), not links.
_BARE_LINK = compile_pattern(r"(?<![\w@/.:\-])(?:[A-Za-z0-9\-]+\.)+[a-z]{2,3}/\S*")
_EMAIL_DOMAIN = compile_pattern(r"@[\w\-]+(?:\.[\w\-]+)+")
_HANDLE = compile_pattern(r"@\w+")
_TLD = compile_pattern(r"\.(?:com|org|net|co\.uk|de|fr|es|io)\b", re.IGNORECASE)
_PATH = compile_pattern(r"/\S*")
# Markup pasted into a form or a post, as it is or escaped ("<img src=x onerror=...>",
# "&lt;b&gt;"): a tag with attributes, a closing tag, and a script or a style sheet whole are
# no words of the customer's; the text between tags is. A tag without an attribute stays
# words: developers write about "<option> and <textarea> elements", and "<i hate this app>"
# is an aside. Only HTML's own tag names count. Each pattern stops at the next "<", so a
# text of a thousand unclosed tags is read once, not a thousand times.
_TAGS = (
    "a|abbr|audio|b|base|big|blockquote|body|br|button|center|code|div|em|embed|font|form"
    "|h[1-6]|head|header|footer|hr|html|i|iframe|img|input|label|li|link|main|marquee|meta"
    "|nav|object|ol|option|p|pre|s|script|section|select|small|span|strong|style|sub|sup|svg"
    "|table|tbody|td|textarea|th|tr|u|ul|video"
)
_IN_TAG = r"(?:(?!<|&lt;|>|&gt;).)"
_MARKUP = compile_pattern(
    rf"(?:<|&lt;)(?:{_TAGS})[\s/]{_IN_TAG}{{0,500}}?={_IN_TAG}{{0,2000}}?(?:>|&gt;)"
    rf"|(?:<|&lt;)/(?:{_TAGS})\s*(?:>|&gt;)",
    re.IGNORECASE | re.DOTALL,
)
_SCRIPT_OPEN = compile_pattern(r"(?:<|&lt;)(?:script|style)\b", re.IGNORECASE)
_SCRIPT_CLOSE = compile_pattern(r"(?:<|&lt;)/(?:script|style)\s*(?:>|&gt;)", re.IGNORECASE)
_WORD_CHAR = compile_pattern(r"\w")
_SENTENCE_END = r"[.!?;…。！？]+(?=\s|$|[\"'”’)])|\n+|\s[-–—]\s"
_CONTRAST = (
    r"but|however|although|though|whereas|except|sadly|unfortunately|shame|"
    r"otherwise|other than|apart from|aside from|"
    r"mais|cependant|pourtant|toutefois|par contre|malheureusement|"
    r"aber|jedoch|allerdings|trotzdem|leider|"
    r"pero|sin embargo|aunque|lamentablemente|"
    r"sondern|sino"
)
_BREAKS = compile_pattern(
    rf"(?P<end>{_SENTENCE_END})|(?P<comma>(?!:[^\s,:()])(?!(?<=\d),\d)[,:()]+)"
    rf"|(?P<contrast>\b(?:{_CONTRAST})\b(?<!\bto shame)(?<!\banything but))",
    re.IGNORECASE,
)
# The same breaks as _SENTENCE_END and commas, found by a plain character scan (much faster
# than the lookahead) and checked in Python. The lookahead lets the engine skip the characters
# that start no break; a dash counts only with white space on both sides (" - "), which is
# checked in Python, where trying "\s" at every space would cost more than the rest.
_BREAK_CHARS = compile_pattern(r"(?=[.!?;…。！？,:()\n\-–—])(?:[.!?;…。！？]+|[,:()]+|\n+|[-–—])")
_ENDERS_CHARS = frozenset(".!?;…。！？")
# The white space outside ASCII that str.split() splits on. A French keyboard types a narrow
# no-break space before "!", "?" and ":" ("Je change de banque !"), and pasted text brings
# no-break, thin and ideographic spaces; our phrase rules are written with plain spaces.
_WIDE_SPACES = (
    "\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u2028\u2029\u202f\u205f\u3000"
)
# Every other character str.split() takes for white space: the ASCII controls a CSV export or
# a pasted form may carry (vertical tab, form feed, the four separators) and the wide ones.
_ODD_SPACES = "\t\n\r\x0b\x0c\x1c\x1d\x1e\x1f" + _WIDE_SPACES
_ODD_SPACE = compile_pattern(f"[{_ODD_SPACES}]")
_AFTER_END = frozenset(" \"'”’)" + _ODD_SPACES)
_CONTRAST_WORDS = frozenset(w for w in _CONTRAST.split("|") if " " not in w)
_CONTRAST_PAIRS = frozenset(tuple(w.split()) for w in _CONTRAST.split("|") if " " in w)
_CONTRAST_HEADS = _CONTRAST_WORDS | {a for a, _ in _CONTRAST_PAIRS}
# Customers use a few thousand distinct words; normalising each once is enough. Emptied at
# this size (about 2 MB): every distinct token of a big file (typos, codes) passes through.
_NORMALIZED: dict[str, str] = {}
_NORMALIZED_SIZE = 20_000
_REPEAT3 = compile_pattern(r"(\w)\1{2,}")
_WHITESPACE = str.maketrans("\t\n\r", "   ")
_INVISIBLE_GONE = str.maketrans(dict.fromkeys(INVISIBLE))
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", **dict.fromkeys(INVISIBLE)})


class Clause:
    """A stretch of text that carries one kind; ``sentence`` numbers the sentence it is in.

    ``joined`` says whether it may take the kind of its neighbour in the sentence (a comma
    joins, "but" does not); ``contrast`` whether it opens with "but", "although" and the like.

    Read-only (``Final``). A plain class, not a NamedTuple: compiled, making one is a native
    call, where a NamedTuple's ``__new__`` is interpreted, once per clause of every item.
    """

    __slots__ = ("contrast", "end", "joined", "sentence", "start")

    def __init__(
        self, start: int, end: int, sentence: int, joined: bool, contrast: bool = False
    ) -> None:
        self.start: Final = start
        self.end: Final = end
        self.sentence: Final = sentence
        self.joined: Final = joined
        self.contrast: Final = contrast

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Clause) and self._fields() == other._fields()

    def __hash__(self) -> int:
        return hash(self._fields())

    def __repr__(self) -> str:
        return (
            f"Clause(start={self.start}, end={self.end}, sentence={self.sentence},"
            f" joined={self.joined}, contrast={self.contrast})"
        )

    def _fields(self) -> tuple[int, int, int, bool, bool]:
        return (self.start, self.end, self.sentence, self.joined, self.contrast)


# Contrast words that turn nothing after these: "puts the big chains to shame" is praise that
# goes on, "The service was anything but friendly" one complaint (stop 65; not "Great food,
# shame about the service", "Nothing but problems": "nothing" would deny them).
_NO_TURN_AFTER = {"shame": "to", "but": "anything"}


# "Otherwise" that turns nothing: "or else" before what would have happened ("Great app!
# Otherwise I'd still be using spreadsheets", "..., otherwise we would have missed our
# flight"), and "differently" after what was said or was ("the checkout says otherwise", "the
# reality was otherwise"). helper-146's review, stop 67.
_OR_ELSE_AFTER = compile_pattern(
    r"\W*(?:[\w’']+\s+){0,3}?(?:would|will|could|might|wouldn[’']?t|won[’']?t|can[’']?t"
    r"|couldn[’']?t|shall)\b|\W*(?:[\w’']+\s+){0,2}?\w+[’'](?:d|ll)\b",
    re.IGNORECASE,
)
_SAID_BEFORE = compile_pattern(
    r"\b(?:says?|said|suggests?|suggested|proved?|proves|proven|was|were|is|are|be|been"
    r"|thinks?|thought|believes?|believed|claims?|claimed|indicates?|indicated|shows?|showed"
    r"|states?|stated|told|tells?|reads|looks?|looked|decided|knew|know|seems?|seemed)\W*$",
    re.IGNORECASE,
)


def _or_else(text: str, start: int, end: int) -> bool:
    """Whether the "otherwise" at ``start:end`` means "or else" or "differently" (see
    ``_OR_ELSE_AFTER``), no turn; False for any other contrast word."""
    if text[start:end].lower() != "otherwise":
        return False
    return (
        _OR_ELSE_AFTER.match(text, end, min(len(text), end + 40)) is not None
        or _SAID_BEFORE.search(text, max(0, start - 16), start) is not None
    )


def _no_turn(words: Sequence[str], at: int) -> bool:
    """Whether the contrast word at ``at`` turns nothing (``_NO_TURN_AFTER``)."""
    before = _NO_TURN_AFTER.get(words[at])
    return before is not None and at > 0 and words[at - 1] == before


def clauses(
    text: str,
    starts: Sequence[int] | None = None,
    words: Sequence[str] | None = None,
    cuts: Sequence[tuple[int, str]] = (),
) -> list[Clause]:
    """Return the clauses of a text in order, covering it from start to end.

    Args:
        text: the text.
        starts: where its words start, when the caller has them already, with
        words: the words, case-folded; finding "but" among them is cheaper than searching
            the text for it again.
        cuts: more breaks, as (offset, "end" or "comma"): a heading of a structured review
            starts a sentence of its own, though the line joined it to the text before
            ("great screen Cons: battery life").
    """
    if words is None or starts is None:
        events = [
            (m.start() if m.lastgroup == "contrast" else m.end(), m.lastgroup or "")
            for m in _BREAKS.finditer(text)
            if m.lastgroup != "contrast" or not _or_else(text, m.start(), m.end())
        ]
    else:
        events = _break_events(text)
        if not _CONTRAST_HEADS.isdisjoint(words):
            for i, word in enumerate(words):
                if (
                    word in _CONTRAST_WORDS
                    and not _no_turn(words, i)
                    and not (
                        word == "otherwise" and _or_else(text, starts[i], starts[i] + len(word))
                    )
                ) or (i + 1 < len(words) and (word, words[i + 1]) in _CONTRAST_PAIRS):
                    events.append((starts[i], "contrast"))
            # At one offset a contrast comes after the break ending there ("Great food!\nBut
            # the service was slow"), as the one pattern finds them; sorted by name, "contrast"
            # came first and the break that followed cleared it.
            events.sort(key=_event_order)
    if cuts:
        events = sorted([*events, *cuts], key=_event_order)
    result: list[Clause] = []
    start = 0
    sentence = 0
    joined = False
    contrast = False
    for cut, kind in events:
        if cut > start and text[start:cut].strip():
            result.append(Clause(start, cut, sentence, joined, contrast))
            start = cut
            contrast = False
        if kind == "end":
            sentence += 1
            joined = False
            contrast = False
        elif kind == "contrast":
            joined = False
            contrast = True
        else:
            joined = kind == "comma" and not contrast
    if start < len(text) and text[start:].strip():
        result.append(Clause(start, len(text), sentence, joined, contrast))
    return result


def _event_order(event: tuple[int, str]) -> tuple[int, bool]:
    return event[0], event[1] == "contrast"


_STRAIGHT_APOSTROPHES = str.maketrans("’‘´ʼ", "''''")
_ID_LIKE = compile_pattern(r"\b([Ii])d ((?:really |also |much )?(?:like|love|prefer))\b")


def tidy(text: str) -> str:
    """Return a text with curly apostrophes made straight, runs of white space made one space
    and "Id like" given its apostrophe: our phrase rules are written with "'" and single
    spaces, while a phone types "I’d love" or "Id love" and a blanked handle leaves a gap
    ("Thanks @united for nothing"). The length may change: callers keep no offsets into it."""
    if "’" in text or "‘" in text or "´" in text or "ʼ" in text:
        text = text.translate(_STRAIGHT_APOSTROPHES)
    # Any white space but the plain one is not printable: one pass in C rules most texts out.
    if "  " in text or (not text.isprintable() and _ODD_SPACE.search(text) is not None):
        text = " ".join(text.split())
    if (
        "d like" in text
        or "d love" in text
        or "d prefer" in text
        or "d really" in text
        or "d also" in text
        or "d much" in text
    ):
        # Typed without its apostrophe: "Id like to be able to...", "Id really love a dark mode".
        text = _ID_LIKE.sub(r"\1'd \2", text)
    return text


_SPACE_RUN = compile_pattern(r"[^\S\n]{2,}|[^\S \n]")


def one_space(text: str) -> str:
    """Return a text with each run of white space within a line (a blanked handle, a tab, a
    no-break space) made one plain space, as ``tidy`` does, but with its ends and its line
    breaks kept: clauses made so still join as the text did ("fixed," + " then it came back"),
    and a line may still start a clause of its own ("Works again\nUntil this morning")."""
    return _SPACE_RUN.sub(" ", text)


def _break_events(text: str) -> list[tuple[int, str]]:
    """Return where sentences end and commas cut a text, as (offset, "end" or "comma")."""
    events: list[tuple[int, str]] = []
    size = len(text)
    pos = 0
    search = _BREAK_CHARS.search
    while (m := search(text, pos)) is not None:
        start, end = m.span()
        first = text[start]
        if first in "-–—":
            # " - " only: the space before must not belong to the break before.
            if start > pos and text[start - 1].isspace() and end < size and text[end].isspace():
                events.append((end + 1, "end"))
                pos = end + 1
            else:
                pos = end
            continue
        pos = end
        if first == ":" and end - start == 1 and end < size and not text[end].isspace():
            continue  # "http://", "10:30": a colon inside a link or a time cuts nothing
        if (
            first == ","
            and end - start == 1
            and start > 0
            and end < size
            and text[start - 1].isdecimal()
            and text[end].isdecimal()
        ):
            continue  # "2,000", "$1,299": a comma inside a number cuts nothing
        if first in ",:()":
            events.append((end, "comma"))
        elif first in _ENDERS_CHARS and end < size and text[end] not in _AFTER_END:
            continue  # "3.5", "e.g": a full stop inside a word or number
        else:
            events.append((end, "end"))
    return events


def link_spans(text: str) -> list[tuple[int, int]]:
    """Return the spans of the links (``http://``, ``www.``, ``bit.ly/...``) in a text, in
    order."""
    spans: list[tuple[int, int]] = []
    if "://" in text or "www." in text or "WWW." in text:
        spans.extend(m.span() for m in _URL.finditer(text))
    if "/" in text:
        spans.extend(m.span() for m in _BARE_LINK.finditer(text))
        spans.sort()
    return spans


def excluded_spans(text: str, links: list[tuple[int, int]] | None = None) -> list[tuple[int, int]]:
    """Return the spans of URLs, e-mail addresses, web addresses, @handles and markup, in
    order (``links``: the text's ``link_spans``, when the caller has them; they are not
    changed).

    A span may lie inside another (the address inside a link); callers only ask whether a
    word is inside one, or blank them all.
    """
    spans = link_spans(text) if links is None else list(links)
    if "@" in text:
        _addresses(text, spans)
    if "." in text:
        _web_addresses(text, spans)
    if "<" in text or "&lt;" in text:
        spans.extend(m.span() for m in _MARKUP.finditer(text))
        _scripts(text, spans)
    if "dot" in text or "DOT" in text or "Dot" in text:
        spans.extend(m.span() for m in SPELLED_EMAIL.finditer(text))
    if _may_reply(text):
        _replies(text, spans)
    if len(spans) > 1:
        spans.sort()
    return spans


# What an e-mail brings besides the customer's words: the message it answers, quoted below
# a header ("On Mon, 3 Jun 2024 at 10:00, Support <help@shop.com> wrote:", "-----Original
# Message-----", "Le 3 juin 2024 à 10:00, ... a écrit :", "Am 03.06.2024 um 10:00 schrieb
# ...:", "El lun, 3 jun 2024 a las 10:00, ... escribió:"), or line by line after "> ", and
# a phone's line ("Sent from my iPhone", "Get Outlook for Android"). Support inboxes export
# whole threads: the company's own "We are sorry your parcel was lost" was read as the
# customer's complaint, and "iPhone" became a term of the wall. A header names a time, so
# "On time delivery, I wrote: 5 stars" is none.
_REPLY_HINTS = ("wrote", "Original Message", "écrit", "schrieb", "escribió")
# And on a line of its own: a quote, a phone's line, a signature.
_REPLY_LINE_HINTS = (
    ">",
    "Sent from",
    "sent from",
    "Envoyé de",
    "Von meinem",
    "Enviado desde",
    "Get Outlook",
    "\n-- ",
)


def _may_reply(text: str) -> bool:
    """Whether a text may hold a reply's header, a quote or a phone's line (most texts are
    told by a few substring tests; the lines' hints only where the text has lines)."""
    return any(hint in text for hint in _REPLY_HINTS) or (
        ("\n" in text or text[:1] == ">") and any(hint in text for hint in _REPLY_LINE_HINTS)
    )


_REPLY_HEADER = compile_pattern(
    r"(?:^|(?<=[\n.!?]))[ \t>]*(?:On|Le|Am|El)\b[^\n\d]{0,100}\d[^\n]{0,200}?"
    r"\b(?:wrote|a écrit|schrieb|escribió)[^\n:]{0,80}:"
    r"|-{2,}[ \t]*(?:Original Message|Message d'origine|Ursprüngliche Nachricht"
    r"|Mensaje original)[ \t]*-{2,}"
    r"|\n-- ?\n",
    re.IGNORECASE,
)
_QUOTED_LINE = compile_pattern(r"(?m)^[ \t]*>[^\n]*")
_DEVICE_LINE = compile_pattern(
    r"(?im)^[ \t]*(?:sent from (?:my |mail for |yahoo |outlook )|envoyé de mon |von meinem"
    r" |enviado desde mi |get outlook for )[^\n]{0,60}$"
)


def reply_start(text: str) -> int:
    """Return where the customer's own words of an e-mail end (the text's length: they do
    not): at the header of the message it answers (``_REPLY_HEADER``), or before the lines
    that end it that are quoted or a phone's ("Sent from my iPhone"). Never at the start: a
    text that is all quotes is read whole."""
    if not _may_reply(text):
        return len(text)
    header = _REPLY_HEADER.search(text)
    end = len(text) if header is None else header.start()
    while True:
        body = text[:end].rstrip()
        line = body.rfind("\n") + 1
        last = body[line:].strip()
        if not last or not (last.startswith(">") or _DEVICE_LINE.fullmatch(last) is not None):
            break
        end = line
    return end if text[:end].strip() else len(text)


# The name a customer signs with, after a closing at the end of the text: "..., thanks, John",
# "Kind regards,\nMaria Lopez", "Merci,\nJean", "Viele Grüße\nAnna", "Saludos, Carlos".
# A feed with no name field put the customer's name on the wall ("Thanks, John": "John").
# The closing opens a line or follows a sentence's end, a comma or a line break follows it, and
# the name is one to three capitalised words that end the text, with no "!" ("Thanks, Delta!"
# thanks the company).
_SIGN_OFF = compile_pattern(
    r"(?:^|(?<=[.!?\n]))[^\S\n]*(?i:(?:many |kind |best |warm |warmest )?(?:thanks|thank you"
    r"|regards|wishes)(?: again| in advance)?|cheers|best|sincerely|yours(?: truly| sincerely)?"
    r"|thx|merci(?: d'avance| d’avance| beaucoup)?|cordialement|bien à vous|bonne journée"
    r"|(?:viele |liebe |beste |freundliche |mit freundlichen )?grüßen?|(?:viele |liebe |beste"
    r" |freundliche )?grüsse|mfg|lg|danke(?: schön)?|(?:un )?saludos?(?: cordiales)?"
    r"|atentamente|gracias)[^\S\n]*(?:,[^\S\n]*\n?|\n)[^\S\n]*"
    r"(?P<name>[A-ZÀ-ÖØ-Þ][\w'’-]*\.?(?:[^\S\n]+[A-ZÀ-ÖØ-Þ][\w'’-]*\.?){0,2})[^\S\n]*\.?\s*$"
)
# How far from the end a closing can start, and from the comma or line break after it.
_SIGN_OFF_REACH = 80
_CLOSING_REACH = 40


def signature(text: str) -> tuple[int, int] | None:
    """Return where the name a customer signs with is (``_SIGN_OFF``), or None."""
    end = len(text.rstrip())
    tail = max(0, end - _SIGN_OFF_REACH)
    cut = max(text.rfind(",", tail, end), text.rfind("\n", tail, end))
    if cut < 0 or not text[cut + 1 : end].lstrip()[:1].isupper():
        return None  # most texts end with no capitalised words after a comma or a line
    found = _SIGN_OFF.search(text, max(tail, cut - _CLOSING_REACH))
    if found is None or found.group("name").rstrip(".").isupper():
        return None  # a name in capitals is a company's: "Thanks, KLM"
    return found.span("name")


def _replies(text: str, spans: list[tuple[int, int]]) -> None:
    """Add what an e-mail quotes or signs with (``_REPLY_HEADER``): from a reply's header to
    the end, each quoted line, and a phone's line."""
    header = _REPLY_HEADER.search(text)
    if header is not None:
        spans.append((header.start(), len(text)))
        text = text[: header.start()]
    if ">" in text:
        quoted = [m.span() for m in _QUOTED_LINE.finditer(text)]
        # A text that is all quotes is read whole (``reply_start``).
        starts = [0, *(e for _, e in quoted)]
        ends = [*(s for s, _ in quoted), len(text)]
        if any(_WORD_CHAR.search(text, s, e) for s, e in zip(starts, ends, strict=True)):
            spans.extend(quoted)
    if "\n" in text or text.lstrip()[:4].lower() in ("sent", "envo", "von ", "envi", "get "):
        spans.extend(m.span() for m in _DEVICE_LINE.finditer(text))


def _scripts(text: str, spans: list[tuple[int, int]]) -> None:
    """Add each script or style element whole, its opening tag to its closing one (each
    searched once, forward: hostile text of unclosed "<script" costs one pass)."""
    pos = 0
    while True:
        opened = _SCRIPT_OPEN.search(text, pos)
        if opened is None:
            return
        closed = _SCRIPT_CLOSE.search(text, opened.end())
        if closed is None:
            return
        spans.append((opened.start(), closed.end()))
        pos = closed.end()


def _is_word_char(ch: str) -> bool:
    return _WORD_CHAR.match(ch) is not None


def _addresses(text: str, spans: list[tuple[int, int]]) -> None:
    """Add the e-mail addresses and @handles: both grown from their "@"."""
    at = text.find("@")
    while at >= 0:
        start = at
        while start > 0 and (text[start - 1] in ".+-" or _is_word_char(text[start - 1])):
            start -= 1
        found = _EMAIL_DOMAIN.match(text, at) if start < at else None
        if found is not None:
            spans.append((start, found.end()))
        elif at == 0 or (text[at - 1] != "@" and not _is_word_char(text[at - 1])):
            handle = _HANDLE.match(text, at)
            if handle is not None:
                spans.append(handle.span())
        at = text.find("@", at + 1)


def _web_addresses(text: str, spans: list[tuple[int, int]]) -> None:
    """Add the web addresses ("example.com/help"): grown back from their top-level domain."""
    for m in _TLD.finditer(text):
        dot = m.start()
        start = dot
        while start > 0 and (text[start - 1] == "-" or _is_word_char(text[start - 1])):
            start -= 1
        # The name starts at its first letter or digit (a word boundary), not at a hyphen.
        while start < dot and text[start] == "-":
            start += 1
        if start < dot:
            path = _PATH.match(text, m.end())
            spans.append((start, m.end() if path is None else path.end()))


def tokens(text: str) -> list[re.Match[str]]:
    """Return the word matches of a text."""
    return list(_token_pattern(text).finditer(text))


def _has_invisible(text: str) -> bool:
    # Nearly every text has none: looking is cheaper than the slower pattern or a translate.
    return not text.isascii() and any(ch in text for ch in INVISIBLE)


def _token_pattern(text: str) -> re.Pattern[str]:
    """Return the pattern that cuts this text into words (see ``INVISIBLE``)."""
    return _TOKEN_INVISIBLE if _has_invisible(text) else _TOKEN


def without_invisible(text: str) -> str:
    """Return text without the characters that show nothing (see ``INVISIBLE``)."""
    return text.translate(_INVISIBLE_GONE) if _has_invisible(text) else text


def words_and_starts(text: str) -> tuple[list[str], list[int]]:
    """Return the words of a text as written and where each starts (``tokens``, cheaper).

    Between two words there is no word character, and a word starts with one: looking each
    word up after the end of the one before finds it where the pattern did.
    """
    words = _token_pattern(text).findall(text)
    starts = []
    pos = 0
    find = text.find
    for word in words:
        pos = find(word, pos)
        starts.append(pos)
        pos += len(word)
    return words, starts


def normalize_tokens(raw: list[str]) -> list[str]:
    """Return ``normalize_token`` of every word (each distinct word normalised once)."""
    cache = _NORMALIZED
    return [cache.get(w) or normalize_token(w) for w in raw]


def normalize_token(raw: str) -> str:
    """Return a token in comparable form: NFKC, case-folded, plain apostrophes, no stretching.

    Letters repeated three times or more ("sooo", "loooove") are cut to two; callers that know
    the language try one as well ("goood" -> "good" but "loove" -> "love").
    """
    found = _NORMALIZED.get(raw)
    if found is not None:
        return found
    token = raw if raw.isascii() else unicodedata.normalize("NFKC", raw).translate(_APOSTROPHES)
    token = token.casefold()
    if _REPEAT3.search(token):
        token = _REPEAT3.sub(r"\1\1", token)
    if len(_NORMALIZED) >= _NORMALIZED_SIZE:
        _NORMALIZED.clear()
    _NORMALIZED[raw] = token
    return token


# Why a text of symbols alone is not read for terms ("😡😡", "👍 10/10"): its emoji still
# give it a kind (``Analyzer``).
NO_WORDS = "no words (only symbols, numbers or emoji)"


def junk_reason(text: str) -> str | None:
    """Return why a text is not worth analysing (no words, binary junk), or None."""
    if not text.strip():
        return "empty text"
    sample = text[:4000]
    if sample.isprintable() or sample.translate(_WHITESPACE).isprintable():
        # No control or unassigned characters: only words can be missing.
        if any(ch.isalpha() for ch in sample):
            return None
        return NO_WORDS
    odd = 0
    letters = 0
    for ch in sample:
        if ch.isalpha():
            letters += 1
        elif ch in "\t\n\r":
            continue
        else:
            cat = unicodedata.category(ch)
            if cat in ("Cc", "Cs", "Co", "Cn") or ch == "\ufffd":
                odd += 1
    if letters == 0:
        return NO_WORDS
    if odd > 0.1 * len(sample):
        return f"looks like binary data ({odd} control or invalid characters in {len(sample)})"
    return None
