"""How customers write each term: the forms seen, and the label a term shows on the wall.

A term's key is the analysis' own form ("delivery"); its label is the form customers write most
("deliveries", "Leeds store", "iPhone"). The counts also tell the speller which terms are common.

Only a writing whose case is the writer's own decides how the label is written: a capital that
starts a sentence, the capitals of a headline in title case, of a shout or of a word written in
capitals for emphasis, a hashtag typed in lowercase and the pieces of one cut into words tell
nothing about the word ("#google", "#CustomerService", "Google Unveils New Phone", "the REFUND
came"). On the public
Sanders tweets, gathered by searching for hashtags, such writings made "google", "twitter" and
"android" the biggest words on the wall; mid-sentence, customers write "Google" 98 times in 100.
They still count how often the term is seen.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping

from kiosk.analysis.text import normalize_token, without_invisible

__all__ = ["LONGEST_ACRONYM", "SurfaceForms", "as_written", "inner_capital", "word_form"]

_SENTENCE_BREAK = frozenset(".!?\n:;")
# A word in capitals this long or shorter is taken as written ("ICS", "CEO"); a longer one is
# emphasis ("SALE", "REFUND").
LONGEST_ACRONYM = 3
# Terms remembered before the rarest are forgotten (about 1 KB each with their forms): a big
# file's typos, codes and names, each seen once, took 170 MB of a sync's memory for 150,000
# rows (issue 9: a sync stays under 200 MB), and a wall's analyser lives for weeks.
MAX_KEYS = 10_000


class SurfaceForms:
    """The written forms seen per term key, counted, and the most common one per key.

    Counts are plain dicts, not ``Counter``: every word of every item makes one when it is
    new, and in the compiled build a ``Counter()`` is an interpreted call costing as much as
    the counting itself.

    Args:
        frequent_at: a key seen this often is listed once in ``newly_frequent`` (for the
            speller, which corrects towards frequent terms only).
    """

    def __init__(self, frequent_at: int = 5) -> None:
        self._counts: dict[str, dict[str, int]] = {}
        self._best: dict[str, str] = {}
        self._totals: dict[str, int] = {}
        # Per key and language: the forms written in that language, and the most common one.
        self._languages: dict[str, dict[str, dict[str, int]]] = {}
        self._best_in: dict[tuple[str, str], str] = {}
        self.frequent_at = frequent_at
        self.max_keys = MAX_KEYS
        self._limit = MAX_KEYS
        # Set when a term seen in several languages gains a form (for what is saved).
        self.multilingual_changed = False
        # Keys that reached ``frequent_at`` since a reader last emptied the list.
        self.newly_frequent: list[str] = []
        # Keys merged into another term (see ``merge``): their forms are counted there.
        self._merged: dict[str, str] = {}
        # Per key, its writings whose case tells nothing (``add_uncased``), lowercase.
        self._uncased: dict[str, dict[str, int]] = {}
        self._uncased_best: dict[str, str] = {}
        # Per key, how often it was seen as a piece of a hashtag cut into words (``seen_apart``).
        self._pieces: dict[str, int] = {}
        # Keys written at least once with a capital inside a word ("YouTube"; ``_as_named``).
        self._named: set[str] = set()
        # Per key, its forms written as hashtags with the writer's case ("#OmniTouch").
        self._tagged: dict[str, dict[str, int]] = {}

    def __contains__(self, key: object) -> bool:
        return key in self._counts

    def add(self, key: str, form: str, language: str = "") -> None:
        """Count one use of a term written as ``form`` in a language."""
        if self._merged:
            key = self._merged.get(key, key)
        if language:
            # Per language first (the label shown in the display language); every word of
            # every item is counted here, so it is written out in one method.
            by_language = self._languages.get(key)
            if by_language is None:
                by_language = self._languages[key] = {}
            counter = by_language.get(language)
            if counter is None:
                counter = by_language[language] = {}
            n = counter[form] = counter.get(form, 0) + 1
            if n == 1 and len(by_language) > 1:
                self.multilingual_changed = True
            where = (key, language)
            best = self._best_in.get(where)
            if best != form and (best is None or n > counter[best]):
                self._best_in[where] = form
        counter = self._counts.get(key)
        if counter is None:
            if len(self._counts) >= self._limit:
                self._forget_rare()
            counter = self._counts[key] = {}
        n = counter[form] = counter.get(form, 0) + 1
        total = self._totals[key] = self._totals.get(key, 0) + 1
        if total == self.frequent_at:
            self.newly_frequent.append(key)
        best = self._best.get(key)
        if best != form and (best is None or n > counter[best]):
            self._best[key] = form

    def add_uncased(self, key: str, norm: str) -> None:
        """Count one use of a term whose case tells nothing about the word (see the module):
        it counts how often the term is seen, and labels it only while nothing else does."""
        if self._merged:
            key = self._merged.get(key, key)
        if key not in self._counts:
            # Kept with the others, so that the rare ones are forgotten with them.
            if len(self._counts) >= self._limit:
                self._forget_rare()
            self._counts[key] = {}
        counter = self._uncased.get(key)
        if counter is None:
            counter = self._uncased[key] = {}
        n = counter[norm] = counter.get(norm, 0) + 1
        best = self._uncased_best.get(key)
        if best != norm and (best is None or n > counter[best]):
            self._uncased_best[key] = norm
        total = self._totals[key] = self._totals.get(key, 0) + 1
        if total == self.frequent_at:
            self.newly_frequent.append(key)

    def _forget_rare(self) -> None:
        """Forget the terms seen once (or, when they are few, those not yet frequent).

        Their labels are already stored with their mentions; seen again, they are counted
        afresh. Frequent terms, which the speller corrects towards, are always kept; when
        nearly all are frequent, the limit doubles instead, so this runs rarely.
        """
        totals = self._totals
        rare = [k for k, n in totals.items() if n < 2]
        if len(rare) < len(totals) // 4:
            rare = [k for k, n in totals.items() if n < self.frequent_at]
        for key in rare:
            del self._counts[key]
            del totals[key]
            self._best.pop(key, None)
            self._uncased.pop(key, None)
            self._uncased_best.pop(key, None)
            self._pieces.pop(key, None)
            self._named.discard(key)
            self._tagged.pop(key, None)
            for language in self._languages.pop(key, {}):
                self._best_in.pop((key, language), None)
        self._limit = max(self.max_keys, 2 * len(totals))

    def add_word(
        self,
        key: str,
        surface: str,
        norm: str,
        gap: str,
        elisions: tuple[str, ...],
        language: str = "",
        *,
        cased: bool = True,
        hashtag: bool = False,
        piece: bool = False,
    ) -> None:
        """Count a word as written, its case only where it is the writer's own.

        Args:
            key: the term key.
            surface: the word as written.
            norm: the word normalised (``normalize_token``).
            gap: the text between the previous word and this one ("." at the start).
            elisions: the elided articles that are not part of the word ("l'").
            language: the text's language.
            cased: whether the text's capitals are the writer's choice, word by word (not a
                headline in title case, not a shout).
            hashtag: the word is a hashtag.
            piece: the word is one of those a run-together hashtag was cut into.
        """
        if piece or (hashtag and surface == surface.lower()):
            # "#google", "#CustomerService": hashtags are typed in lowercase, or in capitals to
            # cut them into words, whatever the word. "#Google" is the writer's own.
            self.add_uncased(key, norm)
            if piece:
                key = self._merged.get(key, key)
                self._pieces[key] = self._pieces.get(key, 0) + 1
            return
        if surface == norm and "'" not in surface:  # the common case: a plain lowercase word
            self.add(key, norm, language)
            return
        surface = without_invisible(surface)  # a label shows what the word says, nothing else
        first = gap != " " and not _SENTENCE_BREAK.isdisjoint(gap)
        if "'" in surface or "’" in surface:
            head, _, rest = surface.replace("’", "'").partition("'")
            if (head.casefold() + "'") in elisions:
                surface = rest  # "l'appli" reads as "appli" in a cloud
            elif rest.casefold() == "s":
                surface = head
            if not surface:
                return
            norm = normalize_token(surface)
        if not surface[:1].isupper() and surface.islower():
            self.add(key, norm, language)
            return
        # Capitalised as any word is at a sentence start, or in a headline or a shout, or a
        # longer word in capitals for emphasis ("the REFUND finally came"): that says nothing
        # about the word. Other capitals are the writer's: "iPhone", "ICS", "PC", and a capital
        # inside a word even in a headline, which never makes one ("New YouTube App").
        if (
            (not cased and not inner_capital(surface))
            or (first and (len(surface) == 1 or surface[1:].islower()))
            or (len(surface) > LONGEST_ACRONYM and surface.isupper())
        ):
            self.add_uncased(key, norm)
            return
        form = as_written(surface)
        if inner_capital(surface):
            self._named.add(self._merged.get(key, key))
        if hashtag:
            tagged = self._tagged.setdefault(self._merged.get(key, key), {})
            tagged[form] = tagged.get(form, 0) + 1
        self.add(key, form, language)

    def merge(self, key: str, into: str) -> None:
        """Count a term's forms, those seen and those to come, as forms of another term.

        Two terms customers write alike are one term (``kiosk.analysis.labels``): the label
        of the one kept is the form written most across both.
        """
        if key == into:
            return
        for merged, target in self._merged.items():
            if target == key:
                self._merged[merged] = into
        self._merged[key] = into
        counts = self._counts.pop(key, None)
        uncased = self._uncased.pop(key, None)
        self._uncased_best.pop(key, None)
        if uncased:
            theirs = self._uncased.setdefault(into, {})
            for form, n in uncased.items():
                theirs[form] = theirs.get(form, 0) + n
            self._uncased_best[into] = _best_form(theirs, self._uncased_best.get(into))
            self._counts.setdefault(into, {})
        languages = self._languages.pop(key, {})
        seen = self._totals.pop(key, 0)
        pieces = self._pieces.pop(key, 0)
        if pieces:
            self._pieces[into] = self._pieces.get(into, 0) + pieces
        if key in self._named:
            self._named.discard(key)
            self._named.add(into)
        tagged = self._tagged.pop(key, None)
        if tagged:
            theirs = self._tagged.setdefault(into, {})
            for form, n in tagged.items():
                theirs[form] = theirs.get(form, 0) + n
        self._best.pop(key, None)
        for language in languages:
            self._best_in.pop((key, language), None)
        if counts:
            mine = self._counts.setdefault(into, {})
            for form, n in counts.items():
                mine[form] = mine.get(form, 0) + n
            self._best[into] = _best_form(mine, self._best.get(into))
        if seen:
            before = self._totals.get(into, 0)
            total = self._totals[into] = before + seen
            if before < self.frequent_at <= total:
                self.newly_frequent.append(into)
        if languages:
            by_language = self._languages.setdefault(into, {})
            for language, forms in languages.items():
                mine = by_language.setdefault(language, {})
                for form, n in forms.items():
                    mine[form] = mine.get(form, 0) + n
                where = (into, language)
                self._best_in[where] = _best_form(mine, self._best_in.get(where))
            if len(by_language) > 1:
                self.multilingual_changed = True

    def label(self, key: str) -> str:
        """Return the most common written form of a term: of the writings whose case is the
        writer's, else of all (its key when never seen)."""
        best = self._best.get(key)
        if best is not None:
            return self._as_named(key, self._spelled(key, best))
        return self._uncased_best.get(key, key)

    def label_in(self, key: str, language: str) -> str | None:
        """Return the form of a term written most in a language (None if never seen in it)."""
        found = self._best_in.get((key, language))
        return None if found is None else self._as_named(key, self._spelled(key, found))

    def _as_named(self, key: str, form: str) -> str:
        """Return ``form``, or the same word with a capital inside it when customers write that
        at least half as often: "YouTube", not "Youtube" (4 to 5 on the Sanders tweets, in
        English). Nobody types a capital inside a word by chance; many writers capitalise a
        name's first letter only, out of habit. A word its writers keep in lowercase is a
        common word, whoever wrote it otherwise ("homework", not "HomeWork")."""
        if key not in self._named or not form[:1].isupper() or not form[1:].islower():
            return form
        counts = self._counts.get(key, {})
        spelled = normalize_token(form)
        named, most = form, 0
        for variant, n in counts.items():
            if n > most and inner_capital(variant) and normalize_token(variant) == spelled:
                named, most = variant, n
        # Twice at least: one mocking "AmAzOn" is no spelling of Amazon.
        return named if most >= 2 and 2 * most >= counts.get(form, 0) else form

    def _spelled(self, key: str, form: str) -> str:
        """Return ``form``, or the spelling customers write more where all their writings are
        counted, in the case the writers chose for it where they did.

        Writings whose case tells nothing still say how a word is spelled: 13 "#tecnologia"
        outweigh 2 "#Tegnologia", though only these were written with a capital (helper-54).
        """
        other = self._uncased_best.get(key)
        if other is None:
            return form
        mine = normalize_token(form)
        if other == mine:
            return form
        uncased = self._uncased[key]
        cased = self._counts.get(key, {})
        if _written(other, uncased, cased) <= _written(mine, uncased, cased):
            return form
        top, found = 0, other
        for variant, n in cased.items():
            if n > top and normalize_token(variant) == other:
                top, found = n, variant
        return found

    def written_in(self, key: str) -> Mapping[str, Mapping[str, int]]:
        """Return how often each form of a term was written, per language (read only)."""
        return self._languages.get(key, {})

    def forms_by_language(self, key: str) -> dict[str, set[str]]:
        """Return the forms of a term seen per language."""
        return {lang: set(c) for lang, c in self._languages.get(key, {}).items()}

    def multilingual(
        self, limit: int = 500, per_language: int = 5
    ) -> dict[str, dict[str, list[str]]]:
        """Return the terms seen in several languages (the most used first, at most
        ``limit``) with each language's most common forms."""
        keys = [k for k, langs in self._languages.items() if len(langs) > 1]
        keys.sort(key=lambda k: -self._totals.get(k, 0))
        return {
            k: {
                lang: _most_common(counter, per_language)
                for lang, counter in sorted(self._languages[k].items())
            }
            for k in keys[:limit]
        }

    def forms(self, key: str) -> set[str]:
        """Return every written form seen for a term."""
        return set(self._counts.get(key, ())) | set(self._uncased.get(key, ()))

    def cased(self, key: str) -> bool:
        """Whether a term was ever written where its case was the writer's."""
        return key in self._best

    def written(self, key: str, form: str) -> int:
        """Return how often a term was written as ``form``, where its case was the writer's."""
        return self._counts.get(self._merged.get(key, key), {}).get(form, 0)

    def written_apart(self, key: str, form: str) -> int:
        """Return how often a term was written as ``form`` as a word, not a hashtag: a
        hashtag kept whole because of such writings must not count as one (helper-57)."""
        key = self._merged.get(key, key)
        return self.written(key, form) - self._tagged.get(key, {}).get(form, 0)

    def seen(self, key: str) -> int:
        """Return how often a term has been seen."""
        return self._totals.get(key, 0)

    def seen_apart(self, key: str) -> int:
        """Return how often a term has been seen other than as a piece of a hashtag cut into
        words: what says customers write it as a word of its own."""
        return self._totals.get(key, 0) - self._pieces.get(key, 0)


def _best_form(counts: dict[str, int], best: str | None) -> str:
    """Return the form counted most; among equals the one that was best (as ``add`` keeps
    the first to reach a count), else the first counted."""
    top = max(counts.values())
    if best is not None and counts.get(best) == top:
        return best
    return next(form for form, n in counts.items() if n == top)


def _written(spelling: str, uncased: dict[str, int], cased: dict[str, int]) -> int:
    """Return how often a spelling was written, in any case."""
    total = uncased.get(spelling, 0)
    for form, n in cased.items():
        if normalize_token(form) == spelling:
            total += n
    return total


def _most_common(counts: dict[str, int], n: int) -> list[str]:
    """Return the ``n`` forms counted most, the first seen first among equals."""
    return [form for form, _ in sorted(counts.items(), key=lambda kv: -kv[1])[:n]]


def inner_capital(word: str) -> bool:
    """Whether a word has a capital after its first letter and is not all capitals
    ("iPhone", "YouTube", "OmniTouch"): a spelling nobody types by chance and no headline's
    title case makes.

    Not a capital after a hyphen or an apostrophe ("E-Commerce" in a headline), the shift key
    held a letter too long ("SAmsung", "GOogle"), nor case alternated to mock ("AmAzOn",
    "SeRvIcE"): none of these is how a name is spelled (helper-57).
    """
    rest = word[1:]
    if rest == rest.lower() or word.isupper():
        return False
    found = False
    for part in word.replace("'", "-").split("-"):
        tail = part[1:]
        if tail == tail.lower():
            continue
        if len(part) > 3 and part[:2].isupper() and part[2:].islower():
            return False
        found = True
    if not found:
        return False
    flanked = 0
    for i in range(1, len(word) - 1):
        if word[i].islower() and word[i - 1].isupper() and word[i + 1].isupper():
            flanked += 1
    return flanked < 3  # "SeRvIcE"; "LuLaRoe" and "NaNoWriMo" are names


def as_written(surface: str) -> str:
    """Return a word as its writer cased it, its letters normalised as a term's are
    ("ÉcoleDirecte" keeps both its capitals)."""
    if surface.isascii():
        return surface
    form = normalize_token(surface)
    if surface.isupper():
        # A capital sharp s has no case-folded form of its own: "STRAẞE" stays as written.
        return surface if "ẞ" in surface else form.upper()
    letters = unicodedata.normalize("NFKC", surface)
    if len(letters) == len(form):
        return "".join(c.upper() if w.isupper() else c for c, w in zip(form, letters, strict=True))
    if "ß" in letters.lower() and letters.lower().casefold() == form:
        # Case-folding wrote "ß" as "ss": "Straße" is shown as written, not "Strasse".
        return letters if surface[0].isupper() else letters.lower()
    if surface[0].isupper():
        return form[0].upper() + form[1:]
    return form


def word_form(
    text: str, start: int, surface: str, elisions: tuple[str, ...], *, named: bool = False
) -> str:
    """Return how a word reads inside a phrase label: capitalised only as a name would be, or
    as its writer capitalised it where that is the writer's own, as a word's label is
    (``SurfaceForms.add_word``): "SQL Server", "iPhone update", not "sql Server".

    ``named``: the word starts a phrase whose later words its writer capitalised, so its own
    capital is the name's even at a sentence start ("Kanye West is rude", helper-58).
    """
    surface = without_invisible(surface).replace("’", "'")
    head, apostrophe, rest = surface.partition("'")
    if apostrophe and (head.casefold() + "'") in elisions:
        surface = rest
    elif apostrophe and rest.casefold() == "s":
        surface = head  # "the fleet's paint": fleet paint
    if not surface:
        return surface
    if inner_capital(surface) or (len(surface) <= LONGEST_ACRONYM and surface.isupper()):
        return as_written(surface)
    if surface[:1].isupper() and all(p[1:] == p[1:].lower() for p in surface.split("-")):
        if named:
            return as_written(surface)
        before = text[:start].rstrip(" \"'“‘(")[-1:]
        if before and before not in ".!?\n:;":
            return as_written(surface)  # "Apple Pay", "Leeds store", "T-Mobile bill"
    return normalize_token(surface)
