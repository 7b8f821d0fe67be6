"""Profanity in the supported languages: never a cloud word, masked on the wall.

Our own short lists (no copied data set). Matching undoes the usual disguises (``sh1t``,
``f**k``, ``$hit``) and repeated letters, because a public screen showing a disguised swear
word in giant letters is as bad as showing the plain one.
"""

from __future__ import annotations

import re

from kiosk.analysis.regexes import compile_pattern

__all__ = ["count_profane", "is_profane", "mask_profanity"]

# Whole words only (after undoing disguises); short ones that are also innocent parts of
# other words ("ass" in "assistant") are never matched as prefixes.
_EXACT: frozenset[str] = frozenset(
    [
        "ass",
        "arse",
        "arsehole",
        "asshole",
        "bitch",
        "bitches",
        "bastard",
        "bastards",
        "bollocks",
        "bullshit",
        "cock",
        "crap",
        "crappy",
        "cunt",
        "dick",
        "dickhead",
        "fuck",
        "fucked",
        "fucker",
        "fuckers",
        "fucking",
        "fuckin",
        "fck",
        "fcking",
        "piss",
        "pissed",
        "prick",
        "shit",
        "shite",
        "shitty",
        "shithole",
        "slut",
        "twat",
        "wank",
        "wanker",
        "whore",
        "wtf",
        "stfu",
        "motherfucker",
        "damn",
        "goddamn",
        "merde",
        "putain",
        "pute",
        "connard",
        "connards",
        "connasse",
        "salaud",
        "salope",
        "enculé",
        "enculés",
        "encule",
        "foutre",
        "bordel",
        "chier",
        "chiant",
        "chiante",
        "emmerde",
        "emmerdes",
        "niquer",
        "nique",
        "batard",
        "bâtard",
        "scheiße",
        "scheisse",
        "scheiß",
        "scheiss",
        "scheißladen",
        "arsch",
        "arschloch",
        "arschlöcher",
        "fick",
        "ficken",
        "gefickt",
        "wichser",
        "kacke",
        "drecksladen",
        "drecks",
        "verdammt",
        "verdammte",
        "hurensohn",
        "mierda",
        "joder",
        "jodido",
        "jodida",
        "puta",
        "puto",
        "putas",
        "cabrón",
        "cabron",
        "coño",
        "gilipollas",
        "pendejo",
        "pendeja",
        "hostia",
        "carajo",
        "culo",
        "capullo",
    ]
)
# Stems that make a swear word whatever follows ("fucking", "Scheißservice").
_PREFIXES: tuple[str, ...] = (
    "fuck",
    "motherfuck",
    "bullshit",
    "shit",
    "scheiß",
    "scheiss",
    "arschloch",
    "wichs",
    "gilipoll",
    "enculé",
    "putain",
)
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "@": "a", "$": "s", "5": "s"})
_WORD = compile_pattern(r"[\w@$*#!]+")
_REPEATS = compile_pattern(r"(.)\1{2,}")
# f**k, sh*t, c*nt: letters with stars standing for the vowels.
_STARRED = compile_pattern(
    r"^(?:f[*#]+k|f[*#]+ck|fu[*#]+|sh[*#]+t|s[*#]+t|c[*#]+t|b[*#]+ch|f[*#]{2,})"
)


# Every word of every clause is asked about (the kinds count swearing): a plain dict, not
# ``lru_cache``, whose wrapper cost more than the answer in the compiled build. Emptied at
# this size, like the analyser's other word caches; a word longer than any real one is
# answered without being kept, so hostile text (a 20,000-character "word") cannot fill it.
_ANSWERS: dict[str, bool] = {}
_ANSWERS_SIZE = 65_536
_LONGEST_KEPT = 48


def is_profane(word: str) -> bool:
    """Return whether a single word is profanity in any supported language."""
    found = _ANSWERS.get(word)
    if found is None:
        found = _is_profane(word)
        if len(word) <= _LONGEST_KEPT:
            if len(_ANSWERS) >= _ANSWERS_SIZE:
                _ANSWERS.clear()
            _ANSWERS[word] = found
    return found


def _is_profane(word: str) -> bool:
    w = word.casefold().strip("!#")
    if not w:
        return False
    # Stars stand for letters only in words that have one ("f**k"): test those alone.
    if ("*" in w or "#" in w) and _STARRED.match(w):
        return True
    if not w.isalpha():
        w = w.translate(_LEET).replace("*", "").replace("#", "").replace("!", "")
    w = _REPEATS.sub(r"\1", w) if _REPEATS.search(w) else w
    return w in _EXACT or w.startswith(_PREFIXES)


def count_profane(text: str) -> int:
    """Return how many words of a text are profanity, disguised or not ("sh1t", "f**k")."""
    count = 0
    # A plain loop: the compiled build calls ``is_profane`` directly, where ``map`` would make
    # a Python call per word.
    for word in _WORD.findall(text):
        if is_profane(word):
            count += 1
    return count


def mask_profanity(text: str) -> str:
    """Return the text with each profane word replaced by its first letter and stars."""

    def mask(match: re.Match[str]) -> str:
        whole = match.group(0)
        word = whole.rstrip("!#")  # "merde!": the exclamation mark is punctuation
        if not is_profane(word):
            return whole
        return word[0] + "*" * (len(word) - 1) + whole[len(word) :]

    return _WORD.sub(mask, text)
