"""Word lists the analysis needs beyond the libraries: filler, cues, domain sentiment, negation.

Written by us for customer feedback; short on purpose. The big general lists (stop words from
stopwordsiso, the English sentiment lexicon from VADER) come from maintained packages; these
lists only add what those packages do not know about customer service, and the other languages.
"""

from __future__ import annotations

import re
from functools import cache

import stopwordsiso

__all__ = [
    "ADJECTIVES",
    "ADJECTIVES_EN",
    "DERIVATIONS",
    "DOMAIN_VALENCE_EN",
    "EMOJI_VALENCE",
    "GENERIC_WORDS",
    "IDIOMS",
    "IDIOM_WORDS",
    "LANGUAGES",
    "NEGATORS",
    "NOUNS_LIKE_VERBS",
    "NOUN_TOO",
    "PHRASE_STARTERS",
    "PROBLEM_MODIFIERS",
    "TOPIC_KEEP",
    "VALENCE",
    "VERBS_EN",
    "VERB_CONTEXT_EN",
    "any_domain_pattern",
    "domain_patterns",
    "domain_score",
    "idea_cues",
    "stop_words",
]

LANGUAGES = ("en", "fr", "de", "es")

# Feedback filler: words that carry no topic in any customer's message.
_FILLER: dict[str, frozenset[str]] = {
    "en": frozenset(
        [
            "thanks",
            "thank",
            "thankyou",
            "please",
            "pls",
            "plz",
            "company",
            "hi",
            "hello",
            "hey",
            "dear",
            "regards",
            "cheers",
            "kind",
            "team",
            "guys",
            "folks",
            "lol",
            "omg",
            "ok",
            "okay",
            "yes",
            "yeah",
            "yep",
            "nope",
            "just",
            "really",
            "very",
            "also",
            "still",
            "again",
            "ever",
            "anything",
            "everything",
            "something",
            "nothing",
            "thing",
            "things",
            "stuff",
            "lot",
            "lots",
            "bit",
            "way",
            "time",
            "times",
            "day",
            "days",
            "week",
            "weeks",
            "month",
            "months",
            "year",
            "years",
            "today",
            "yesterday",
            "tomorrow",
            "morning",
            "evening",
            "night",
            "minute",
            "minutes",
            "hour",
            "hours",
            "second",
            "seconds",
            "moment",
            "get",
            "got",
            "getting",
            "go",
            "going",
            "gone",
            "went",
            "come",
            "came",
            "make",
            "made",
            "take",
            "took",
            "taken",
            "give",
            "gave",
            "say",
            "said",
            "tell",
            "told",
            "ask",
            "asked",
            "want",
            "wanted",
            "need",
            "needed",
            "try",
            "tried",
            "know",
            "think",
            "feel",
            "look",
            "looked",
            "use",
            "used",
            "keep",
            "keeps",
            "kept",
            "seem",
            "seems",
            "let",
            "put",
            "quick",
            "note",
            "thought",
            "honestly",
            "fair",
            "simple",
            "able",
            "sure",
            "whole",
            "same",
            "different",
            "first",
            "last",
            "next",
            "other",
            "another",
            "more",
            "most",
            "much",
            "many",
            "few",
            "every",
            "people",
            "person",
            "someone",
            "somebody",
            "anyone",
            "nobody",
            "everyone",
            "customer",
            "customers",
            "happen",
            "happened",
            "experience",
            "experiences",
        ]
    ),
    "fr": frozenset(
        [
            "merci",
            "heure",
            "heures",
            "svp",
            "stp",
            "bonjour",
            "bonsoir",
            "salut",
            "cordialement",
            "entreprise",
            "société",
            "vraiment",
            "très",
            "toujours",
            "encore",
            "chose",
            "choses",
            "jour",
            "jours",
            "semaine",
            "semaines",
            "mois",
            "an",
            "ans",
            "année",
            "fois",
            "faire",
            "fait",
            "avoir",
            "être",
            "aller",
            "dire",
            "mettre",
            "prendre",
            "vouloir",
            "pouvoir",
            "devoir",
            "falloir",
            "client",
            "clients",
            "personne",
            "quelqu",
            "gens",
            "rien",
            "tout",
            "tous",
            "toute",
            "toutes",
            "bien",
            "trop",
        ]
    ),
    "de": frozenset(
        [
            "danke",
            "bitte",
            "hallo",
            "grüße",
            "gruß",
            "firma",
            "unternehmen",
            "wirklich",
            "sehr",
            "immer",
            "noch",
            "mal",
            "ding",
            "dinge",
            "sache",
            "sachen",
            "tag",
            "tage",
            "woche",
            "wochen",
            "monat",
            "monate",
            "jahr",
            "jahre",
            "machen",
            "haben",
            "sein",
            "gehen",
            "sagen",
            "kommen",
            "geben",
            "nehmen",
            "wollen",
            "können",
            "müssen",
            "sollen",
            "kunde",
            "kunden",
            "leute",
            "jemand",
            "niemand",
            "alles",
            "etwas",
            "nichts",
            "viel",
            "zu",
        ]
    ),
    "es": frozenset(
        [
            "gracias",
            "favor",
            "hola",
            "saludos",
            "empresa",
            "compañía",
            "muy",
            "siempre",
            "todavía",
            "aún",
            "vez",
            "veces",
            "cosa",
            "cosas",
            "día",
            "días",
            "semana",
            "semanas",
            "mes",
            "meses",
            "año",
            "años",
            "hacer",
            "tener",
            "ser",
            "estar",
            "ir",
            "decir",
            "poner",
            "dar",
            "querer",
            "poder",
            "deber",
            "cliente",
            "clientes",
            "gente",
            "alguien",
            "nadie",
            "todo",
            "toda",
            "todos",
            "nada",
            "mucho",
            "demasiado",
        ]
    ),
}

# Time, number and interjection words: when and how much, never what.
_FILLER_MORE: dict[str, str] = {
    "en": """summer winter winters spring autumn lunchtime mornings evenings nights weekend town
        meh wow ugh hmm argh oops yay ha haha age ages job son daughter wife husband mum dad""",
    "fr": """matin matins soir soirs soirée nuit journée temps fois un deux trois quatre cinq six
        sept huit neuf dix samedi dimanche lundi mardi mercredi jeudi vendredi semaine""",
    "de": """morgen abend abends nacht stunde stunden minute minuten zwei drei vier fünf sechs
        zehn zwanzig samstag sonntag montag dienstag mittwoch donnerstag freitag mal""",
    "es": """mañana tarde noche noches hora horas minuto minutos dos tres cuatro cinco seis diez
        veinte treinta sábado sábados domingo domingos lunes martes otra otro vez""",
}
for _lang, _words in _FILLER_MORE.items():
    _FILLER[_lang] = _FILLER[_lang] | frozenset(_words.split())

# Words that a generic stop-word list drops but that are what customers talk about.
TOPIC_KEEP: frozenset[str] = frozenset(
    [
        "order",
        "orders",
        "website",
        "site",
        "line",
        "room",
        "value",
        "page",
        "home",
        "information",
        "help",
        "store",
        "shop",
        "price",
        "prices",
        "service",
        "staff",
        "account",
        "card",
        "parts",
        "part",
        "size",
        "sizes",
        "system",
        "call",
        "calls",
        "name",
        "email",
        "number",
        "phone",
        "message",
        "messages",
        "box",
    ]
)

# Words with little to say on their own in a cloud, whatever the language list thinks.
GENERIC_WORDS: frozenset[str] = frozenset(
    [
        "option",
        "options",
        "weekend",
        "weekends",
        "weekday",
        "weekdays",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "minute",
        "guess",
        "problem",
        "problems",
        "issue",
        "issues",
        "question",
        "questions",
        "answer",
        "answers",
        "reason",
        "way",
    ]
)

# Verb lemmas folded into the noun customers use for the same topic, so "delivered",
# "deliveries" and "delivery" are one term. simplemma lemmatises inflection, not derivation.
DERIVATIONS: dict[str, dict[str, str]] = {
    "en": {
        "deliver": "delivery",
        "ship": "shipping",
        "pay": "payment",
        "install": "installation",
        "cancel": "cancellation",
        "book": "booking",
        "package": "packaging",
        "track": "tracking",
        "reorder": "reordering",
    },
    "fr": {"livrer": "livraison", "rembourser": "remboursement", "commander": "commande"},
    "de": {"liefern": "lieferung", "bestellen": "bestellung", "erstatten": "erstattung"},
    "es": {"entregar": "entrega", "reembolsar": "reembolso", "pedir": "pedido"},
}

# Common English verbs (lemmas): what customers did or want done, rarely the topic itself.
VERBS_EN: frozenset[str] = frozenset(
    [
        "add",
        "allow",
        "answer",
        "apply",
        "arrive",
        "ask",
        "become",
        "begin",
        "believe",
        "break",
        "bring",
        "buy",
        "call",
        "cancel",
        "care",
        "change",
        "charge",
        "check",
        "choose",
        "clean",
        "close",
        "come",
        "complain",
        "contact",
        "continue",
        "cost",
        "cover",
        "decide",
        "deserve",
        "die",
        "do",
        "eat",
        "email",
        "end",
        "enjoy",
        "expect",
        "explain",
        "fail",
        "fall",
        "feel",
        "fill",
        "find",
        "finish",
        "fit",
        "fix",
        "follow",
        "forget",
        "gain",
        "give",
        "go",
        "happen",
        "hang",
        "hate",
        "have",
        "hear",
        "help",
        "hold",
        "hope",
        "ignore",
        "improve",
        "include",
        "keep",
        "know",
        "last",
        "learn",
        "leave",
        "let",
        "lie",
        "like",
        "listen",
        "live",
        "log",
        "look",
        "lose",
        "love",
        "make",
        "manage",
        "mean",
        "meet",
        "mention",
        "miss",
        "move",
        "need",
        "notice",
        "offer",
        "open",
        "own",
        "phone",
        "pick",
        "place",
        "plan",
        "play",
        "promise",
        "provide",
        "pull",
        "purchase",
        "push",
        "put",
        "reach",
        "read",
        "realise",
        "realize",
        "receive",
        "recommend",
        "refuse",
        "reject",
        "release",
        "remain",
        "remember",
        "remove",
        "reorder",
        "repeat",
        "reply",
        "report",
        "request",
        "require",
        "resolve",
        "respond",
        "rest",
        "return",
        "ring",
        "run",
        "save",
        "say",
        "see",
        "seem",
        "sell",
        "send",
        "serve",
        "set",
        "show",
        "sign",
        "sit",
        "solve",
        "sort",
        "speak",
        "spend",
        "stand",
        "start",
        "stay",
        "stop",
        "suggest",
        "supply",
        "suppose",
        "switch",
        "take",
        "talk",
        "tell",
        "thank",
        "think",
        "throw",
        "touch",
        "try",
        "turn",
        "understand",
        "update",
        "upgrade",
        "use",
        "visit",
        "wait",
        "walk",
        "want",
        "waste",
        "watch",
        "wear",
        "wish",
        "work",
        "worry",
        "write",
    ]
)

# Words after which an ambiguous verb/noun ("help", "call", "order") is being used as a verb.
VERB_CONTEXT_EN: frozenset[str] = frozenset(
    """
    to can could will would should must may might cannot can't couldn't won't wouldn't
    didn't don't doesn't i you we they he she it please not never just also always
    nobody somebody someone anyone who which that
    """.split()  # noqa: SIM905 - a word list reads better as words
)

# More verbs, seen in customers' writing where the inflection gave no hint.
VERBS_EN = VERBS_EN | frozenset(
    """
    upload download carry collect drive compare type soak load promise act drop expire
    advertise test print cook knock double treat share enter exit join smell suit
    left took went came got gave sent told said made bought brought thought found kept
    broke spoke rang ran sat stood wrote ate drove forgot felt heard met sold taken given
    """.split()  # noqa: SIM905 - a word list reads better as words
)

# Verbs that are just as often the noun customers mean ("a call", "the update"); dropped only
# when inflected as a verb ("called", "updating").
NOUN_TOO: frozenset[str] = frozenset(
    [
        "call",
        "email",
        "phone",
        "help",
        "update",
        "upgrade",
        "return",
        "charge",
        "care",
        "cost",
        "log",
        "report",
        "request",
        "release",
        "purchase",
        "supply",
        "switch",
        "set",
        "offer",
        "plan",
        "fix",
        "change",
        "order",
        "check",
        "hold",
        "reply",
        "answer",
        "visit",
        "place",
        "play",
        "rest",
        "run",
        "sign",
        "start",
        "stop",
        "work",
    ]
)
# Nouns with a verb's ending in French and Spanish.
NOUNS_LIKE_VERBS: frozenset[str] = frozenset(
    [
        "panier",
        "dossier",
        "courrier",
        "quartier",
        "plaisir",
        "premier",
        "métier",
        "clavier",
        "lugar",
        "hogar",
        "mujer",
        "taller",
        "collar",
        "placer",
    ]
)

# Set phrases whose words are not terms: "spot on" says nothing about spots.
IDIOMS: dict[str, re.Pattern[str]] = {
    "en": re.compile(
        r"\b(?:spot on|over the moon|rip[- ]off|above and beyond|well done|keep it up|in no time"
        r"|takes? ages|for ages|good job|great job|out of date|fair enough|to be fair"
        r"|at the end of the day|first class|second to none|top notch|a lot)\b",
        re.IGNORECASE,
    ),
    "fr": re.compile(r"\b(?:rien à (?:redire|signaler)|en trois fois|tous les soirs)\b", re.I),
    "de": re.compile(r"\b(?:in ordnung|nie wieder)\b", re.IGNORECASE),
    "es": re.compile(r"\b(?:vale (?:mucho )?la pena|darse de baja|otra vez)\b", re.IGNORECASE),
}

# Words every idiom of a language contains one of: a cheap test before the regex.
IDIOM_WORDS: dict[str, frozenset[str]] = {
    "en": frozenset(
        """
        spot moon rip beyond done keep time ages job date enough fair end class none notch lot
        """.split()  # noqa: SIM905 - a word list reads better as words
    ),
    "fr": frozenset(["redire", "signaler", "fois", "soirs"]),
    "de": frozenset(["ordnung", "wieder"]),
    "es": frozenset(["pena", "baja", "vez"]),
}

# Words that say little alone but start the phrases customers use: "customer service",
# "online banking", "live chat", "dark mode", "free shipping", "opening hours".
PHRASE_STARTERS: frozenset[str] = frozenset(
    """
    customer online live dark self front free quiet opening smart kids kid gluten vegan
    vegetarian mobile contactless loyalty guest next same express standard home
    """.split()  # noqa: SIM905 - a word list reads better as words
)

# Adjectives that are not terms on their own, in the other languages (English below).
ADJECTIVES: dict[str, frozenset[str]] = {
    "en": frozenset(),
    "fr": frozenset(
        """
        petit petite grand grande nouveau nouvelle nouveaux propre ponctuel ponctuelle rangé
        interminable gratuit gratuite habituel habituelle sombre végétarien végétariens
        végétarienne impossible possible dernier dernière premier première seul seule
        """.split()  # noqa: SIM905 - a word list reads better as words
    ),
    "de": frozenset(
        """
        kostenlos kostenloser kostenlose kostenloses neu neue neuer neues alt alte groß
        große klein kleine letzte letzten erste ersten vegetarisch vegetarische
        """.split()  # noqa: SIM905 - a word list reads better as words
    ),
    "es": frozenset(
        """
        gratis gratuito gratuita oscuro oscura vegetariano vegetarianos vegetariana útil
        electrónico electrónica imposible posible nuevo nueva nuevos pequeño pequeña grande
        último última primero primera online
        """.split()  # noqa: SIM905 - a word list reads better as words
    ),
}

# Common English adjectives that describe rather than name what a customer talks about.
ADJECTIVES_EN: frozenset[str] = frozenset(
    """
    cold hot warm dirty clean filthy impossible handy fine quiet noisy loud cheap big small
    large tiny long short easy hard difficult simple clear busy empty full ready available
    open closed new old wet dry early fresh stale right whole real main certain possible
    proper properly huge massive extra usual normal regular general special local
    nice lovely decent okay fair poor able unable due sorry glad happy unhappy
    """.split()  # noqa: SIM905 - a word list reads better as words
)

# Problem words that name an issue (late delivery, missing item) rather than only colour it:
# these may start a phrase, while plain praise or blame words ("great", "awful") may not.
PROBLEM_MODIFIERS: frozenset[str] = frozenset(
    [
        "late",
        "delayed",
        "missing",
        "damaged",
        "broken",
        "wrong",
        "lost",
        "faulty",
        "cancelled",
        "failed",
        "double",
        "slow",
        "hidden",
        "extra",
    ]
)

# VADER knows general English; customer service has its own bad news. Merged into its lexicon.
DOMAIN_VALENCE_EN: dict[str, float] = {
    "late": -1.6,
    "later": 0.0,
    "slow": -1.5,
    "slower": -1.6,
    "delayed": -1.5,
    "overdue": -1.5,
    "unbearable": -2.5,
    "expensive": -1.2,
    "overpriced": -2.0,
    "overcharged": -2.0,
    "soaked": -1.2,
    "crashes": -1.8,
    "crashing": -1.8,
    "crashed": -1.8,
    "freezes": -1.5,
    "rejecting": -1.3,
    "rejected": -1.3,
    "unhelpful": -2.0,
    "unreliable": -1.8,
    "useless": -2.0,
    "unusable": -2.0,
    "faulty": -1.8,
    "joke": -1.5,
    "shame": -1.4,
    "please": 0.0,
    "sort": 0.0,
    "polite": 1.8,
    "patient": 1.5,
    "quick": 1.2,
    "quickly": 1.0,
    "fast": 1.3,
    "faster": 0.4,
    "speedy": 1.5,
    "prompt": 1.4,
    "tidy": 1.2,
    "smoothly": 1.5,
    "spot": 0.0,
    "reliable": 1.5,
    "knowledgeable": 1.6,
    "attentive": 1.6,
    "efficient": 1.6,
    "sorted": 1.0,
    "recommend": 1.8,
    "cleaner": 1.0,
    "ignored": -1.6,
    "nobody": -0.6,
    "hung": -0.5,
    "unanswered": -1.5,
    "rip": -1.5,
    "scam": -2.5,
    "nightmare": -2.5,
    "filthy": -2.3,
    "stale": -1.5,
    "noisy": -1.3,
    "squashed": -1.2,
    "leaks": -1.4,
    "leaking": -1.4,
    "spammy": -1.5,
    "patchy": -1.2,
    "impossible": -1.5,
    "inconsistent": -1.2,
    "downhill": -1.6,
    "unstaffed": -1.5,
    "rushed": -1.2,
    "overcrowded": -1.6,
    "chaotic": -1.8,
    "confusing": -1.4,
    "wilted": -1.3,
    "scratched": -1.3,
    "scratch": -1.0,
    "blocked": -1.2,
    "spinning": -0.5,
    "lower": 0.0,
    "cheaper": 0.8,
    "convenient": 1.6,
    "handy": 1.5,
    "incredible": 2.5,
    "competitive": 1.0,
    "spotless": 2.0,
    "accurate": 1.2,
    "painless": 1.8,
    "smooth": 1.4,
    "simple": 0.8,
    "tasty": 1.8,
    "fixed": 1.0,
    "solved": 1.5,
    "holidays": 0.0,
    "holiday": 0.0,
    "support": 0.0,
    "no": -0.4,
    "👍": 2.0,
    "👎": -2.0,
    "😊": 2.0,
    "🙂": 1.5,
    "😀": 2.0,
    "😃": 2.0,
    "😁": 2.0,
    "😍": 2.5,
    "❤": 2.5,
    "❤️": 2.5,
    "👏": 2.0,
    "🎉": 2.0,
    "😡": -2.5,
    "😠": -2.2,
    "🤬": -3.0,
    "🙁": -1.5,
    "😞": -1.8,
    "😢": -1.5,
    "😤": -1.8,
    "💩": -2.2,
}

# Multi-word bad news VADER scores as neutral; weights added to the clause score.
_DOMAIN_PATTERNS_EN: tuple[tuple[str, float], ...] = (
    (r"\bstill (?:waiting|no|not|nothing|haven'?t|hasn'?t)\b", -1.8),
    (r"\bfor (?:\w+ )?(?:days|weeks|hours|months) now\b", -1.6),
    (r"\b(?:never|not) (?:arrived|turned up|came|showed up|received|got back|delivered)\b", -2.0),
    (r"\bno (?:updates?|refund|reply|response|answer|one|show)\b", -1.5),
    (r"\btook \w+ (?:days|weeks|hours)\b", -1.0),
    (r"\b(?:days|weeks) late\b", -1.0),
    (
        r"\b(?:far |way |much )?too (?:expensive|high|slow|long|much|many|late|small|big|hot"
        r"|cold|quickly|soon|short|low|loud|few|little|busy|complicated)\b",
        -2.5,
    ),
    (r"\bhung up\b", -1.8),
    (r"\bcharged (?:twice|double)\b", -2.0),
    (r"\bkeeps? (?:crashing|failing|logging|freezing|rejecting|breaking)\b", -1.6),
    (r"\bon hold for\b", -1.4),
    (r"\b(?:not|isn'?t|wasn'?t) (?:good )?enough\b", -1.6),
    (r"\bwaste of\b", -1.8),
    (r"\bout of stock\b", -1.0),
    (r"\bcouldn'?t (?:answer|help|find)\b", -1.4),
    (r"\bignored\b", -0.4),
    (r"\bsort it out\b", -1.2),
    (r"\bsorry\b", 0.0),
    (r"\bspot on\b", 1.8),
    (r"\babove and beyond\b", 2.5),
    (r"\bwell done\b", 1.8),
    (r"\bkeep it up\b", 1.8),
    (r"(?<!not )(?<!never )(?<!n't )(?<!been )\bon time\b", 1.4),
    (r"\bnext (?:day|morning)\b", 0.8),
    (r"\bsorted (?:it|my|everything|the)\b", 1.2),
    (r"\bin minutes\b", 1.0),
    (r"\bvalue for money\b", 1.5),
    (
        r"\bnever (?:works?|finds?|arrived|came|answers?|replie[sd]|calls? back|happened|right"
        r"|got|received|turned up|showed up|there|on time|fixed)\b",
        -1.8,
    ),
    (
        r"\b(?:didn'?t|did not|doesn'?t|does not|don'?t|won'?t|wouldn'?t|isn'?t|not) (?:even )?"
        r"(?:work|working|return|reply|answer|call|arrive|turn up|load|open|print|respond"
        r"|apologi[sz]e|fit)\b",
        -1.6,
    ),
    (r"\bstopped (?:working|sending|responding)\b", -1.6),
    (r"\b(?:takes?|took|taking) (?:ages|forever|hours|weeks|months)\b", -1.6),
    (r"\bwaited (?:\w+ )?(?:minutes|hours|ages|days|weeks)\b", -1.4),
    (r"\b(?:without|with no) (?:an? )?(?:warning|answer|reply|notice|reason|explanation)\b", -2.6),
    (r"\btiming out\b|\blogs? me out\b|\bgone downhill\b|\bnot once\b", -2.2),
    (r"\b(?:going|gone|went|go) up\b", -0.8),
    (
        r"\b(?:couldn'?t|could not|can'?t|cannot) (?:be (?:happier|better)|fault"
        r"|praise .{0,30}enough|recommend .{0,30}enough|ask for (?:more|better))\b",
        3.0,
    ),
    (r"\bover the moon\b|\bin no time\b|\bno hidden\b", 2.0),
    (r"\bno (?:issues|problems?|complaints?|fuss|hassle)\b", 2.0),
    (r"\bhardly (?:anyone|anybody|any)\b|\bmassive queue\b", -1.5),
    (r"\bneeds? (?:more|better)\b", -0.9),
    (r"\bdown again\b|\bis down\b", -1.8),
    (r"\bsolved my problem\b|\bsorted (?:my|the) problem\b|\bfixed (?:my|the) problem\b", 3.0),
)

_DOMAIN_PATTERNS: dict[str, tuple[tuple[str, float], ...]] = {
    "en": _DOMAIN_PATTERNS_EN,
    "fr": (
        (r"\bavec \w+ jours? de retard\b", -1.0),
        (r"\btoujours (?:en attente|pas)\b", -1.6),
        (r"\bne répond (?:jamais|pas)\b", -1.6),
        (r"\bà l'heure\b", 1.4),
        (r"\bplus jamais\b|\bne reviendrai\b|\bjamais reçu\b", -2.0),
        (r"\brien à (?:redire|signaler)\b", 2.0),
    ),
    "de": (
        (r"\bzu (?:spät|lange|teuer|langsam)\b", -1.6),
        (r"\bimmer noch (?:nicht|kein)\b", -1.6),
        (r"\bpünktlich\b", 1.2),
        (r"\bnie wieder\b|\bnie angekommen\b|\bnie erreichbar\b", -2.0),
        (r"\bzu (?:hoch|klein|laut|kalt|voll|wenig)\b", -1.8),
        (r"\bfällt .{0,25}\baus\b|\bausfall", -1.6),
        (r"\bin ordnung\b", 1.2),
    ),
    "es": (
        (r"\b(?:llegó|llega) \w+ (?:días|semanas) tarde\b", -1.0),
        (r"\bnunca (?:contesta|responde|llegó)\b", -1.6),
        (r"\btodavía no\b", -1.4),
        (r"\ba tiempo\b", 1.2),
        (r"\bno vuelvo\b|\bnunca más\b|\bno ha llegado\b|\bno llegó\b", -2.0),
        (r"\bvale (?:mucho )?la pena\b", 2.0),
        (r"\bimposible\b", -1.6),
    ),
}


@cache
def _domain_alternation(language: str) -> tuple[re.Pattern[str], dict[str, float]]:
    """Return every domain pattern of a language as one alternation, a named group each."""
    weights = {}
    branches = []
    for i, (pattern, weight) in enumerate(_DOMAIN_PATTERNS.get(language, ())):
        weights[f"p{i}"] = weight
        branches.append(f"(?P<p{i}>{pattern})")
    return re.compile("|".join(branches) or "(?!)", re.IGNORECASE), weights


def domain_score(language: str, text: str) -> float:
    """Return the summed weights of the domain patterns found in a text (each counted once).

    One pass of one pattern, not one search per pattern: the patterns rarely overlap, and
    this runs on every clause.
    """
    if not any_domain_pattern(language).search(text):
        return 0.0
    pattern, weights = _domain_alternation(language)
    found = {m.lastgroup for m in pattern.finditer(text)}
    return sum(weights[g] for g in found if g is not None)


@cache
def domain_patterns(language: str) -> tuple[tuple[re.Pattern[str], float], ...]:
    """Return the compiled multi-word sentiment patterns of a language."""
    return tuple((re.compile(p, re.IGNORECASE), w) for p, w in _DOMAIN_PATTERNS.get(language, ()))


@cache
def any_domain_pattern(language: str) -> re.Pattern[str]:
    """Return one pattern matching wherever any domain pattern might: a cheap first test.

    Every domain pattern starts at a word boundary; saying so once in front of the
    alternatives lets the engine skip the positions inside words instead of trying each
    alternative there (a third of the cost on English clauses).
    """
    patterns = [p.pattern for p, _ in domain_patterns(language)]
    if not patterns:
        return re.compile("(?!)")
    joined = "|".join(f"(?:{p})" for p in patterns)
    if all(_starts_at_boundary(p) for p in patterns):
        # Only a word start with a letter can open a match: the lookahead lets the engine
        # skip the other positions without trying every alternative (half the cost).
        joined = rf"\b(?=[^\W\d_])(?:{joined})"
    return re.compile(joined, re.IGNORECASE)


def _starts_at_boundary(pattern: str) -> bool:
    """Whether every match of a pattern starts at a word boundary: each top-level branch
    opens with ``\\b``, after negative lookbehinds at most."""
    depth = 0
    branches = [""]
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            branches[-1] += pattern[i : i + 2]
            i += 2
            continue
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            branches.append("")
            i += 1
            continue
        branches[-1] += ch
        i += 1
    return all(re.sub(r"^(?:\(\?<![^()]*\))*", "", branch).startswith("\\b") for branch in branches)


# Our sentiment lexicons for the languages VADER does not cover: lemma -> valence (-4..4).
VALENCE: dict[str, dict[str, float]] = {
    "fr": {
        **dict.fromkeys(
            [
                "bon",
                "bonne",
                "bien",
                "super",
                "génial",
                "excellent",
                "excellente",
                "parfait",
                "parfaite",
            ],
            2.2,
        ),
        **dict.fromkeys(
            ["rapide", "aimable", "gentil", "gentille", "sympa", "agréable", "efficace"], 1.8
        ),
        **dict.fromkeys(
            ["merveilleux", "formidable", "top", "impeccable", "adorer", "aimer", "ravi", "ravie"],
            2.6,
        ),
        **dict.fromkeys(
            ["satisfait", "satisfaite", "content", "contente", "recommander", "qualité"], 1.5
        ),
        **dict.fromkeys(
            ["mauvais", "mauvaise", "nul", "nulle", "horrible", "affreux", "catastrophe"], -2.4
        ),
        **dict.fromkeys(
            ["lent", "lente", "retard", "abîmé", "abîmée", "cassé", "cassée", "perdu", "perdue"],
            -1.7,
        ),
        **dict.fromkeys(
            ["déçu", "déçue", "décevant", "décevante", "inacceptable", "scandaleux"], -2.3
        ),
        **dict.fromkeys(
            ["cher", "chère", "problème", "erreur", "impoli", "impolie", "désagréable"], -1.4
        ),
        **dict.fromkeys(["attente", "jamais"], -0.8),
    },
    "de": {
        **dict.fromkeys(
            ["gut", "super", "toll", "prima", "klasse", "perfekt", "ausgezeichnet", "hervorragend"],
            2.3,
        ),
        **dict.fromkeys(
            ["schnell", "freundlich", "nett", "hilfsbereit", "angenehm", "zuverlässig"], 1.8
        ),
        **dict.fromkeys(["zufrieden", "empfehlen", "lieben", "begeistert", "danke"], 1.8),
        **dict.fromkeys(["schlecht", "schrecklich", "furchtbar", "katastrophal", "mies"], -2.4),
        **dict.fromkeys(
            ["langsam", "spät", "verspätet", "verspätung", "kaputt", "beschädigt", "defekt"], -1.7
        ),
        **dict.fromkeys(
            ["unfreundlich", "enttäuscht", "enttäuschend", "ärgerlich", "unverschämt"], -2.2
        ),
        **dict.fromkeys(["teuer", "problem", "fehler", "falsch"], -1.4),
    },
    "es": {
        **dict.fromkeys(
            ["bueno", "buena", "bien", "genial", "excelente", "perfecto", "perfecta", "estupendo"],
            2.2,
        ),
        **dict.fromkeys(
            ["rápido", "rápida", "amable", "simpático", "simpática", "agradable", "eficiente"], 1.8
        ),
        **dict.fromkeys(
            ["contento", "contenta", "encantado", "encantada", "recomendar", "satisfecho"], 1.8
        ),
        **dict.fromkeys(
            ["malo", "mala", "mal", "horrible", "terrible", "fatal", "pésimo", "pésima"], -2.4
        ),
        **dict.fromkeys(
            ["lento", "lenta", "tarde", "retraso", "roto", "rota", "dañado", "dañada", "perdido"],
            -1.7,
        ),
        **dict.fromkeys(
            ["decepcionado", "decepcionante", "inaceptable", "maleducado", "grosero"], -2.2
        ),
        **dict.fromkeys(["caro", "cara", "problema", "error"], -1.4),
        **dict.fromkeys(["demasiado"], -0.6),
    },
}

# More of the words customers use, found while writing the evaluation set's neighbours.
VALENCE["fr"].update(
    {
        **dict.fromkeys(["sale", "bruyant", "bruyante", "dégoûtant", "dégoûtante"], -2.0),
        **dict.fromkeys(
            ["incomplet", "incomplète", "erroné", "erronée", "bloqué", "bloquée"], -1.6
        ),
        **dict.fromkeys(["manquer", "manque", "coupe", "plante", "panne", "mal", "pire"], -1.4),
        **dict.fromkeys(["magnifique", "délicieux", "délicieuse", "adorable", "bravo"], 2.5),
        **dict.fromkeys(["compétent", "compétente", "patient", "patiente", "compréhensif"], 1.8),
        **dict.fromkeys(["clair", "claire", "avantageux", "avantageuse", "souriant"], 1.5),
        **dict.fromkeys(["souriante", "souriants", "disponible", "disponibles", "stable"], 1.3),
        **dict.fromkeys(["fonctionner", "fonctionne", "reçu", "recevoir", "réglé"], 1.5),
        **dict.fromkeys(["réactivité", "accueil", "merci"], 1.2),
        **dict.fromkeys(["putain", "merde"], -2.5),
    }
)
VALENCE["de"].update(
    {
        **dict.fromkeys(["schmutzig", "laut", "eklig", "unvollständig", "kompliziert"], -1.8),
        **dict.fromkeys(
            ["fehlen", "fehlt", "ewig", "kalt", "spinnt", "verloren", "ausfallen"], -1.4
        ),
        **dict.fromkeys(["fällt", "warten", "musste"], -0.6),
        **dict.fromkeys(["schön", "lecker", "aufmerksam", "übersichtlich", "sauber"], 2.0),
        **dict.fromkeys(["lohnt", "geklappt", "klappt", "kompetent", "hilfe"], 1.5),
        **dict.fromkeys(["funktioniert", "angekommen", "erreichbar", "ordnung"], 1.5),
        **dict.fromkeys(["beschwerden", "beschwerde"], -1.5),
        **dict.fromkeys(["scheiße", "scheisse", "scheiß", "scheißladen", "mist"], -2.5),
    }
)
VALENCE["es"].update(
    {
        **dict.fromkeys(["sucio", "sucia", "ruidoso", "ruidosa", "asqueroso", "asquerosos"], -2.0),
        **dict.fromkeys(["incompleto", "incompleta", "faltar", "faltan", "tardando", "frío"], -1.4),
        **dict.fromkeys(["fríos", "frías", "fría", "complicado", "complicadísimo", "falla"], -1.4),
        **dict.fromkeys(["esperar", "corta"], -0.8),
        **dict.fromkeys(["delicioso", "deliciosa", "atento", "atenta", "limpio", "limpia"], 2.0),
        **dict.fromkeys(["precioso", "preciosa", "correcto", "puntual", "profesional"], 1.8),
        **dict.fromkeys(["funciona", "funcionar", "llegó", "ayuda", "clara", "claro"], 1.5),
        **dict.fromkeys(["queja", "quejas"], -1.5),
        **dict.fromkeys(["mierda", "joder"], -2.5),
    }
)

# Emoji speak every language.
EMOJI_VALENCE: dict[str, float] = {
    k: v for k, v in DOMAIN_VALENCE_EN.items() if not k.isascii() and not k[0].isalpha()
}

# Words that flip the valence of what follows (within a few words), per language.
NEGATORS: dict[str, frozenset[str]] = {
    "en": frozenset(
        [
            "not",
            "no",
            "never",
            "nothing",
            "nobody",
            "none",
            "cannot",
            "cant",
            "can't",
            "don't",
            "dont",
        ]
    ),
    "fr": frozenset(["ne", "n", "pas", "jamais", "aucun", "aucune", "rien", "sans"]),
    "de": frozenset(["nicht", "kein", "keine", "keinen", "keiner", "nie", "niemals", "ohne"]),
    "es": frozenset(["no", "nunca", "jamás", "ningún", "ninguna", "nada", "sin", "tampoco"]),
}

# Suggestion cues: a clause with one of these is an idea, whatever its sentiment words say.
_IDEA_CUES: dict[str, tuple[str, ...]] = {
    "en": (
        r"\b(?:it|that|this|which) (?:would|'d|will) be (?:great|nice|good|helpful|useful|lovely"
        r"|better|handy|ideal|amazing|brilliant|awesome|a plus)\b",
        r"\bwould (?:be (?:great|nice|good|better|helpful|useful|handy|ideal|amazing|brilliant)"
        r"|love to see|like to see|save|help|make (?:it|life|things))\b",
        r"\byou (?:should|could|guys should|need to|ought to|might want to) (?!be ashamed|have)",
        r"\bplease (?:add|consider|introduce|bring|offer|include|allow|let|make it|provide|give"
        r"|stock|use|start|support|enable|think about|put)\b",
        r"\b(?:could|can|would) you (?:please )?(?:add|consider|introduce|offer|include|allow"
        r"|make|provide|bring|stock|start|support|enable|put)\b",
        r"\bi wish\b",
        r"\bwish (?:it|you|there|they|we)\b",
        r"\bwould be (?:really |very |so |much )(?:great|nice|good|better|helpful|useful|handy)\b",
        r"\b(?:could|can) you (?:please )?(?:send|let|give|show|tell|have)\b",
        r"\bwhy not\b",
        r"\bhow about\b",
        r"\bwhat about (?:adding|a|an|offering)\b",
        r"\bsuggest(?:ion)?\b",
        r"\bfeature request\b",
        r"\bwould love (?:a|an|the|to|if|it if)\b",
        r"\bi'?d love (?:a|an|the|to|if|it if)\b",
        r"\b(?:an|the) option to\b",
        r"\bconsider (?:adding|offering|introducing|making)\b",
        r"\bmaybe (?:add|offer|introduce|you could)\b",
    ),
    "fr": (
        r"\b(?:ce|il) serait (?:bien|bon|génial|super|pratique|utile|top|idéal|chouette)\b",
        r"\bserait (?:bien|génial|super|pratique|utile|top|idéal)\b",
        r"\bil faudrait\b",
        r"\bpourquoi (?:pas|ne pas)\b",
        r"\bvous devriez\b",
        r"\bj'aimerais\b",
        r"\bpourriez[- ]vous\b",
        r"\bmerci d'ajouter\b",
        r"\bsuggestion\b",
        r"\bje (?:suggère|propose)\b",
        r"\bj'aimerais\b|\bje voudrais\b",
        r"\bce serait\b",
        r"\bajoutez\b",
    ),
    "de": (
        r"\b(?:es )?wäre (?:toll|schön|super|gut|klasse|praktisch|hilfreich|besser|nett|cool)\b",
        r"\b(?:ihr solltet|sie sollten|man sollte|man könnte)\b",
        r"\bwarum nicht\b",
        r"\bich wünsche mir\b",
        r"\bwünschenswert\b",
        r"\b(?:könntet ihr|könnten sie)\b",
        r"\bvorschlag\b",
        r"\bbitte (?:fügt|fügen|bietet|bieten)\b",
    ),
    "es": (
        r"\bsería (?:genial|bueno|buena idea|útil|ideal|estupendo|mejor|perfecto|fantástico)\b",
        r"\bdeberían\b",
        r"\bpor qué no\b",
        r"\bojalá\b",
        r"\bme gustaría\b",
        r"\bestaría bien\b",
        r"\bpodrían (?:añadir|agregar|poner|incluir|ofrecer)\b",
        r"\bsugerencia\b",
        r"\bpor favor (?:añadan|agreguen|pongan|incluyan)\b",
    ),
}


@cache
def idea_cues(language: str) -> re.Pattern[str]:
    """Return the compiled suggestion-cue pattern of a language (English if unknown)."""
    return re.compile("|".join(_IDEA_CUES.get(language, _IDEA_CUES["en"])), re.IGNORECASE)


@cache
def stop_words(language: str) -> frozenset[str]:
    """Return the stop words of a language: stopwordsiso's list, our filler, minus topics."""
    try:
        base = set(stopwordsiso.stopwords(language))
    except Exception:  # an unknown code: the library raises rather than returning nothing
        base = set()
    base |= _FILLER.get(language, frozenset())
    base |= GENERIC_WORDS
    if language == "en":
        base -= TOPIC_KEEP
    return frozenset(w.casefold() for w in base)
