"""Split run-together hashtags into their words: #customerservice -> customer service.

How: a hashtag written in camel case (#CustomerService) is cut at its capitals. Otherwise it
is cut into words of the language's dictionary (the lemma tables of ``kiosk.analysis.lemmas``),
the fewest words possible, and of equally few the split whose words are longest (the sum of
their squared lengths, so #penisland is pen island); every word has three letters or more, or
two when it is a stop word (#fixit -> fix it). A hashtag in another language that its own
dictionary cannot cut is tried in English, and cut so when the caller says the words go
together (the analyser: when customers write two of them as a phrase). Customers of every
language tag in English, but short English words hide in any language's letters: #chromeos is
no "ch romeos", #starbucks no "star bucks". A hashtag that is a dictionary word itself, or
that cannot be cut that way into at most four words, stays whole (#iphone), and so does one
the admin listed (blocked, a stop word, a synonym): the lists speak of the whole word.

Names stay whole, because brands write their capitals inside one word:
- a capital after a lone letter or a two-letter piece that is no stop word (#iPhone, #eBay,
  #iOS5, #McDonalds, #WiFi);
- two pieces, the second a two-letter stop word (#LinkedIn, #CheckIn);
- one capital word (#Samsung, #Leeds): that is how a name is written, where a run-together
  phrase is all lower case (#customerservice); unless it cuts into words of four letters or
  more (#Alfaromeo).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache

from kiosk.analysis.lemmas import table
from kiosk.analysis.lexicon import stop_words
from kiosk.analysis.regexes import compile_pattern
from kiosk.analysis.text import normalize_token

__all__ = ["MAX_WORDS", "cut_at", "cut_hashtag", "split_hashtag"]

MAX_WORDS = 4
_MIN_LENGTH = 6
_MAX_LENGTH = 40
_CAMEL = compile_pattern(r"[A-Z]{2,}(?![a-z])|[A-Z]?[a-z]+|\d+")


def split_hashtag(
    written: str,
    language: str,
    whole: frozenset[str] = frozenset(),
    english: Callable[[list[str]], bool] | None = None,
) -> list[str] | None:
    """Return the pieces of a hashtag (without its "#") as written, or None to keep it whole.

    Args:
        written: the hashtag's text as the customer wrote it ("CustomerService").
        language: the language of the text it is in.
        whole: words that stay whole however they could be cut, in ``normalize_token`` form:
            the admin's listed words (a blocked "microsoft" must hide #Microsoft, not leave
            "Micro Soft").
        english: whether to take a cut into English words, for a hashtag its own language
            cannot cut (given the pieces); None: never.
    """
    found = cut_hashtag(written, language, whole, english)
    return None if found is None else found[0]


def cut_hashtag(
    written: str,
    language: str,
    whole: frozenset[str] = frozenset(),
    english: Callable[[list[str]], bool] | None = None,
) -> tuple[list[str], bool] | None:
    """Return what ``split_hashtag`` does, and whether the pieces are English words cut in
    another language's text; None to keep the hashtag whole."""
    if whole and normalize_token(written) in whole:
        return None
    found = _split(written, language)
    if found is None:
        return None
    pieces, borrowed = found
    if borrowed and (english is None or not english(list(pieces))):
        return None
    return list(pieces), borrowed


# Customers repeat their hashtags (#fail, #apple): each is cut once. The answer depends on the
# hashtag and the language's dictionary alone.
@lru_cache(maxsize=65_536)
def _split(written: str, language: str) -> tuple[tuple[str, ...], bool] | None:
    found = _pieces(written, language)
    return None if found is None else (tuple(found[0]), found[1])


def _pieces(written: str, language: str) -> tuple[list[str], bool] | None:
    """Return a hashtag's pieces, and whether they were cut in English in another language's
    text; None to keep it whole."""
    if not written.isalnum() or len(written) > _MAX_LENGTH:
        return None
    if not written.islower() and not written.isupper():
        pieces = _CAMEL.findall(written)
        if len(pieces) > 1 and "".join(pieces) == written:
            return None if _a_name(pieces, language) else (pieces, False)
    word = written.casefold()
    if len(word) < _MIN_LENGTH or len(word) != len(written) or not word.isalpha():
        return None
    words = table(language)
    if word in words:
        return None
    cut = _best_cut(word, language)
    borrowed = False
    if cut is None and language != "en" and word not in table("en"):
        # Customers of every language tag in English (#nexusprime in a French tweet); the
        # caller decides whether the words go together.
        cut = _best_cut(word, "en")
        borrowed = True
    if cut is None:
        return None
    if written[0].isupper() and written[1:].islower() and min(_lengths(cut)) < 4:
        # One capital word is how a name is written (#Samsung is not "Sam sung"); a name of
        # long words run together still splits (#Alfaromeo).
        return None
    return cut_at(written, cut), borrowed


def cut_at(written: str, ends: Sequence[int]) -> list[str]:
    """Return a hashtag cut into the pieces that end at ``ends`` (the last is its length)."""
    return [written[start:end] for start, end in zip((0, *ends), ends, strict=False)]


def _lengths(cut: list[int]) -> list[int]:
    return [end - start for start, end in zip([0, *cut], cut, strict=False)]


def _a_name(pieces: list[str], language: str) -> bool:
    """Whether camel-case pieces spell a brand's name rather than words run together."""
    stops = stop_words(language)
    words = table(language)
    for piece in pieces:
        if piece.isdigit():
            continue
        if len(piece) == 1 or (
            len(piece) == 2 and not piece.isupper() and piece.casefold() not in words
        ):
            # #iPhone, #eBay, #McDonalds, #WiFi; but #VWCares is VW cares, #BackInStock
            # three words (the stop list also holds country codes, "mc" among them).
            return True
    # A two-letter function word last (#LinkedIn, #CheckIn). One first is left to split:
    # kept whole, #NowWhat and #TheCove made terms of "nowwhat" and "thecove".
    last = pieces[-1].casefold()
    return len(pieces) == 2 and len(last) == 2 and last in stops


def _best_cut(word: str, language: str) -> list[int] | None:
    """Return where to cut a word into dictionary words (see the module docstring)."""
    words = table(language)
    stops = stop_words(language)
    size = len(word)
    # best[i]: (number of words, -sum of squared lengths, cut points) for word[:i].
    best: list[tuple[int, int, list[int]] | None] = [None] * (size + 1)
    best[0] = (0, 0, [])
    for i in range(size):
        here = best[i]
        if here is None or here[0] >= MAX_WORDS:
            continue
        for piece in words.known_prefixes(word[i:]):
            n = len(piece)
            if n < 2 or (n == 2 and piece not in stops):
                continue
            end = i + n
            candidate = (here[0] + 1, here[1] - n * n, [*here[2], end])
            found = best[end]
            if found is None or candidate[:2] < found[:2]:
                best[end] = candidate
    result = best[size]
    return None if result is None or result[0] < 2 else result[2]
