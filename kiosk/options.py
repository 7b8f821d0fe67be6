"""Every option of the kiosk, declared once: type, default, bounds, choices, meaning, secret or not.

The settings file's loader, the settings dialog's pages and fields, the command line's choices
and the README's option table all come from these declarations (as Picard's options and
qutebrowser's configdata do), so an option is checked one way wherever it is set. Each feed type
declares its own options the same way; :func:`check_feed` is the one check for a feed.

Qt-free and network-free.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from kiosk.model import MAPPABLE_FIELDS, RatingScale
from kiosk.privacy import LINK_FIELDS, check_link_template
from kiosk.urls import is_web_url, parse_origin
from kiosk.viewstate import parse_view

__all__ = [
    "FEED_TYPES",
    "OPTIONS",
    "PAGES",
    "REPLY_OPTIONS",
    "FeedType",
    "Option",
    "OptionProblem",
    "answers_a_question",
    "check_feed",
    "feed_questions",
    "guess_answers",
    "markdown_table",
    "option",
    "split_questions",
]

Check = Callable[[Any], str | None]


@dataclass(frozen=True, slots=True)
class Option:
    """One declared option: where it lives, its type, default, bounds and meaning.

    Attributes:
        key: the dotted key in the file (``display.window_days``), or a feed option's key.
        label: the few words a person reads beside the field.
        secret: never written to the file: it goes to the keyring.
        required: a feed option that must be set.
        required_when: (other key, value): required when the other option has that value.
        shown_when: (other key, values): the field matters only when the other option has one
            of these values (the dialog hides it otherwise).
        check_value: a further check beyond type, bounds and choices.
        page: the dialog page (or a feed form's group) the option is shown on.
        widget: how the dialog asks for it ("url", "path", "password", "lines", "mapping",
            "table", "synonyms"); the type decides when empty.
        advanced: shown under "Advanced" in a feed form.
    """

    key: str
    value_type: type
    default: Any
    description: str
    label: str = ""
    choices: tuple[Any, ...] | None = None
    # What the dialog shows for each choice, where the value alone says too little.
    choice_labels: tuple[str, ...] | None = None
    minimum: float | None = None
    maximum: float | None = None
    # What the dialog shows at the minimum, where that value means something else than a
    # number (an SMTP port of 0 shows "auto (by security)", not "0").
    minimum_label: str = ""
    item_type: type | None = None
    secret: bool = False
    required: bool = False
    required_when: tuple[str, Any] | None = None
    shown_when: tuple[str, tuple[Any, ...]] | None = None
    check_value: Check | None = None
    page: str = ""
    widget: str = ""
    advanced: bool = False

    def choice_label(self, value: Any) -> str:
        """Return what the dialog shows for a choice: its label, else the value itself."""
        labels, choices = self.choice_labels or (), self.choices or ()
        at = choices.index(value) if value in choices else -1
        return labels[at] if 0 <= at < len(labels) else str(value)

    @property
    def title(self) -> str:
        """The label, or the key made readable."""
        return self.label or self.key.rsplit(".", 1)[-1].replace("_", " ").capitalize()

    def coerce(self, value: Any) -> Any:
        """Return the value as the option's type where that loses nothing (5 -> 5.0)."""
        if self.value_type is float and isinstance(value, int) and not isinstance(value, bool):
            return float(value)
        return value

    def check(self, value: Any) -> str | None:
        """Return what is wrong with a value, or None when it is acceptable."""
        value = self.coerce(value)
        if self.value_type is not bool and isinstance(value, bool):
            return f"expected {_type_name(self.value_type)}, got a true/false value"
        if not isinstance(value, self.value_type):
            return f"expected {_type_name(self.value_type)}, got {_shown(value)}"
        if self.choices is not None and value not in self.choices:
            return f"{_shown(value)} is not one of {', '.join(map(repr, self.choices))}"
        if self.minimum is not None and isinstance(value, int | float) and value < self.minimum:
            return f"{value!r} is below the minimum {self.minimum:g}"
        if self.maximum is not None and isinstance(value, int | float) and value > self.maximum:
            return f"{value!r} is above the maximum {self.maximum:g}"
        if self.item_type is not None and isinstance(value, list):
            bad = [v for v in value if not isinstance(v, self.item_type)]
            if bad:
                return f"every entry must be {_type_name(self.item_type)}, got {_shown(bad[0])}"
        if self.item_type is not None and isinstance(value, dict):
            for k, v in value.items():
                if not isinstance(v, list) or not all(isinstance(x, self.item_type) for x in v):
                    return f"{k!r} must map to a list of {_type_name(self.item_type)}"
        if self.check_value is not None:
            try:
                return self.check_value(value)
            except ValueError as exc:
                # A value a parser below refuses ("http://[::1": "Invalid IPv6 URL") is a bad
                # value of this option, never a reason to stop loading the settings.
                return f"{_shown(value)} cannot be read ({exc})"
        return None


@dataclass(frozen=True, slots=True)
class OptionProblem:
    """One option that was not acceptable, and what is used instead."""

    key: str
    what: str
    used_instead: str


def _check_view(value: Any) -> str | None:
    """A pinned view must read whole: a wall nobody watches would drop a bad part quietly."""
    if not isinstance(value, str) or not value.strip():
        return None
    _view, errors = parse_view(value)
    return "; ".join(str(e) for e in errors) or None


def _type_name(value_type: type) -> str:
    return {
        str: "text",
        int: "a whole number",
        float: "a number",
        bool: "true or false",
        list: "a list",
        dict: "a table",
    }.get(value_type, value_type.__name__)


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


# --- checks shared by several options -----------------------------------------------------------


def _web_url(value: Any) -> str | None:
    if value and not is_web_url(str(value)):
        return f"{_shown(value)} must start with http:// or https:// and name a host"
    return None


def _origins(value: Any) -> str | None:
    for entry in value:
        if parse_origin(entry) is None:
            return f"{entry!r} is not an origin such as https://cdn.example.com"
    return None


def _link_template(value: Any) -> str | None:
    return check_link_template(value, LINK_FIELDS) if value else None


def _mapping(value: Any) -> str | None:
    for name, where in value.items():
        if name not in MAPPABLE_FIELDS:
            return f"unknown field {name!r} (fields are {', '.join(MAPPABLE_FIELDS)})"
        ok = isinstance(where, str) or (
            name == "text" and isinstance(where, list) and all(isinstance(w, str) for w in where)
        )
        if not ok:
            return f"{name} must name one field (text may list several), got {_shown(where)}"
    return None


def _defaults(value: Any) -> str | None:
    unknown = [name for name in value if name not in MAPPABLE_FIELDS]
    return f"unknown field {unknown[0]!r}" if unknown else None


def _scalars(value: Any) -> str | None:
    for name, item in value.items():
        if isinstance(item, dict | list):
            return f"{name!r} must be a single value, got {_shown(item)}"
    return None


def _address(value: Any) -> str | None:
    # The full check (kiosk.outbox.mail) runs when the test is sent; this catches a name or a
    # typo before it is saved.
    if value and ("@" not in value or any(ch.isspace() for ch in value.strip())):
        return f"{value!r} is not an e-mail address (name@example.com)"
    return None


def _encoding(value: Any) -> str | None:
    if value != "auto":
        try:
            info = codecs.lookup(value)
        except LookupError:
            return f"{value!r} is not a known text encoding"
        # rot13, hex, base64 and zlib are codecs too, but not of bytes into text.
        if not getattr(info, "_is_text_encoding", True):
            return f"{value!r} is not a text encoding (it is a {info.name} transform)"
    return None


def _delimiter(value: Any) -> str | None:
    if value not in ("auto", "tab", "\\t") and len(value) != 1:
        return f"{value!r} must be one character, tab or auto"
    return None


# --- the kiosk's own options ---------------------------------------------------------------------

# The settings dialog's pages, in order, with their titles.
PAGES: dict[str, str] = {
    "feeds": "Feeds",
    "display": "Display",
    "privacy": "Privacy",
    "analysis": "Words",
    "store": "Store and sync",
    "outbox": "Answering",
    "wall": "Wall",
}

OPTIONS: tuple[Option, ...] = (
    Option(
        "profile",
        str,
        "desk",
        "wall: full screen, unattended, privacy on; desk: a window with full details.",
        label="Profile",
        choices=("wall", "desk"),
        page="wall",
    ),
    Option(
        "display.window_days",
        int,
        30,
        "How many days of feedback the cloud shows.",
        label="Days shown",
        minimum=1,
        maximum=365,
        page="display",
    ),
    Option(
        "display.max_words",
        int,
        150,
        "The most words the cloud shows.",
        label="Most words",
        minimum=10,
        maximum=1000,
        page="display",
    ),
    Option(
        "display.palette",
        str,
        "standard",
        "Kind colours: standard (green/orange/red) or colorblind (blue/orange/purple).",
        label="Colours",
        choices=("standard", "colorblind"),
        page="display",
    ),
    Option(
        "display.theme",
        str,
        "dark",
        "Dark or light background.",
        label="Theme",
        choices=("dark", "light"),
        page="display",
    ),
    Option(
        "display.vertical_words",
        bool,
        False,
        "Allow some words to be set vertically (harder to read from across a room).",
        label="Vertical words",
        page="display",
    ),
    Option(
        "display.idle_drift",
        bool,
        True,
        "Let the cloud drift slowly when idle, so no pixel stays lit for hours.",
        label="Drift when idle",
        page="display",
    ),
    Option(
        "display.language",
        str,
        "en",
        "The language words are shown in when one word gathers several languages"
        " (refund, Rückerstattung, reembolso).",
        label="Language of the words",
        choices=("en", "fr", "de", "es"),
        page="display",
    ),
    Option(
        "privacy.min_customers",
        int,
        3,
        "On the wall, a word backed by fewer customers opens no individual feedback.",
        label="Fewest customers to show feedback",
        minimum=1,
        maximum=1000,
        page="privacy",
    ),
    Option(
        "privacy.idle_close_seconds",
        int,
        60,
        "On the wall, an open drill-down closes itself after this many idle seconds.",
        label="Close details after (s)",
        minimum=5,
        maximum=3600,
        page="privacy",
    ),
    Option(
        "privacy.mask_on_wall",
        bool,
        True,
        "On the wall, shorten names to initials and mask e-mail addresses and phone numbers.",
        label="Mask names and contacts on the wall",
        page="privacy",
    ),
    Option(
        "analysis.synonyms",
        dict,
        {},
        "Words merged into one, a line each: the word the cloud shows, a colon, then the"
        " words it takes in, separated by commas (delivery: shipping, courier, parcel). In"
        ' the settings file: delivery = ["shipping", "courier", "parcel"] under'
        " [analysis.synonyms].",
        label="Words that mean the same",
        item_type=str,
        page="analysis",
        widget="synonyms",
    ),
    Option(
        "analysis.block_list",
        list,
        [],
        "Words kept off the cloud, one per line: a brand name everyone mentions, a word not"
        " fit for a wall. Their forms go too (refund also hides refunds).",
        label="Never show",
        item_type=str,
        page="analysis",
        widget="lines",
    ),
    Option(
        "analysis.stop_words",
        list,
        [],
        "Filler words that say nothing in your feedback (please, thanks, app), one per line,"
        " added to every language's own list of such words. Like Never show, they leave the"
        " cloud; the two lists only keep apart why.",
        label="Ignore",
        item_type=str,
        page="analysis",
        widget="lines",
    ),
    Option(
        "store.keep_days",
        int,
        400,
        "Feedback older than this many days is removed from the kiosk's store (a rolling"
        " window; the source keeps everything); a sync does not store items already older,"
        " and says how many it left out.",
        label="Keep feedback for (days)",
        minimum=30,
        maximum=3650,
        page="store",
    ),
    Option(
        "sync.max_response_mb",
        int,
        50,
        "Largest response a feed may send, in megabytes; longer ones are cut and reported.",
        label="Largest answer (MB)",
        minimum=1,
        maximum=2048,
        page="store",
    ),
    Option(
        "wall.max_words",
        int,
        40,
        "The most words the wall shows: fewer, bigger words read from across a room.",
        label="Most words on the wall",
        minimum=5,
        maximum=300,
        page="wall",
    ),
    Option(
        "wall.min_word_height",
        float,
        3.0,
        "The smallest word on the wall, in percent of the screen's height (3 is 32 px at"
        " 1080p, readable from about 3 m).",
        label="Smallest word (% of height)",
        minimum=1.0,
        maximum=10.0,
        page="wall",
    ),
    Option(
        "wall.min_word_customers",
        int,
        3,
        "On the wall, a word needs at least this many customers to be shown.",
        label="Fewest customers for a word",
        minimum=1,
        maximum=1000,
        page="wall",
    ),
    Option(
        "wall.scene_seconds",
        int,
        45,
        "An unattended wall moves on between scenes (the cloud, the biggest mover, ideas,"
        " what we are doing) after this many seconds; 0 keeps the cloud.",
        label="Change scene every (s)",
        minimum=0,
        minimum_label="never",
        maximum=3600,
        page="wall",
    ),
    Option(
        "wall.pause_seconds",
        int,
        120,
        "After a touch or a key, the wall stays on what is shown for this many seconds.",
        label="Pause after a touch (s)",
        minimum=5,
        maximum=3600,
        page="wall",
    ),
    Option(
        "outbox.sender",
        str,
        "",
        "The name replies and announcements are signed with ({sender}); empty: the login name"
        " of the person at the desk.",
        label="Sign messages as",
        page="outbox",
    ),
    Option(
        "outbox.test_address",
        str,
        "",
        'Where "Send a test to me" sends a test of a message before it goes out; remembered'
        " after the first test.",
        label="Test messages to",
        check_value=_address,
        page="outbox",
    ),
    Option(
        "outbox.confirm_above",
        int,
        50,
        "A message to more customers than this asks for a second confirmation before it goes.",
        label="Confirm twice above",
        minimum=1,
        maximum=100_000,
        page="outbox",
    ),
    Option(
        "outbox.max_attempts",
        int,
        8,
        "A delivery that failed for a passing reason (a server down, a busy mailbox) is tried"
        " again this many times in all, then waits for a person to retry it.",
        label="Attempts per delivery",
        minimum=1,
        maximum=50,
        page="outbox",
    ),
    Option(
        "outbox.backoff_seconds",
        int,
        30,
        "Seconds before a failed delivery is tried again; the wait doubles with each attempt"
        " (with some jitter), up to an hour.",
        label="First retry after (s)",
        minimum=1,
        maximum=3600,
        page="outbox",
    ),
    Option(
        "wall.view",
        str,
        "",
        "A view pinned to the wall, as the desk's Share ▸ Copy this view gives it"
        ' ("days=7&kind=complaint"); empty shows the last "Days shown" days of everything.',
        label="Pinned view",
        check_value=_check_view,
        page="wall",
    ),
    Option(
        "wall.admin_pin",
        str,
        "",
        "The wall's admin PIN, as a salted slow hash (set it in the settings dialog or with"
        " `voc-kiosk admin set-pin`); without one the wall says how to set it.",
        label="Admin PIN",
        page="wall",
        widget="pin",
    ),
)
_BY_KEY = {o.key: o for o in OPTIONS}


def option(key: str) -> Option:
    """Return the declaration of a top-level option.

    Raises:
        KeyError: no such option.
    """
    return _BY_KEY[key]


# --- feeds ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FeedType:
    """A kind of source, with every option a feed of it takes."""

    name: str
    label: str
    description: str
    options: tuple[Option, ...] = field(default=())

    def option(self, key: str) -> Option | None:
        """Return the declaration of one of this type's options."""
        return next((o for o in self.options if o.key == key), None)


# Every feed, whatever its source, has these (the settings file keeps them beside the type).
FEED_COMMON: tuple[Option, ...] = (
    Option(
        "name",
        str,
        "",
        "The feed's name, unique among the feeds.",
        label="Name",
        required=True,
        page="feed",
    ),
    Option(
        "enabled", bool, True, "Whether the kiosk syncs this feed.", label="Enabled", page="feed"
    ),
    Option(
        "poll_seconds",
        int,
        300,
        "How often the feed is read, in seconds (each screen adds a little jitter).",
        label="Read every (s)",
        minimum=5,
        maximum=86_400,
        page="feed",
    ),
    Option(
        "crm_url",
        str,
        "",
        "A link from a customer's feedback to your CRM, with {customer_id}, {external_id} or"
        " {feed_id}: https://crm.example.com/customers/{customer_id}.",
        label="CRM link",
        check_value=_link_template,
        page="feed",
        widget="url",
        advanced=True,
    ),
    *(
        # How the feed's customers are answered (kiosk.outbox.routes reads these).
        Option(
            "reply",
            str,
            "auto",
            "How this feed's customers are answered: fider (a comment on their post, or a"
            " status change for an idea), email (SMTP), webhook (a signed JSON POST), record"
            " (answered elsewhere: only mark the items answered) or none. auto: fider for a"
            " Fider feed, record for the demo, none otherwise.",
            label="Answer customers by",
            choices=("auto", "fider", "email", "webhook", "record", "none"),
            page="reply",
        ),
        Option(
            "smtp_host",
            str,
            "",
            "The SMTP server's host name.",
            label="SMTP server",
            required_when=("reply", "email"),
            shown_when=("reply", ("email",)),
            page="reply",
        ),
        Option(
            "smtp_port",
            int,
            0,
            "The SMTP server's port; 0: 587 for starttls, 465 for tls, 25 for none.",
            label="SMTP port",
            minimum=0,
            minimum_label="auto (by security)",
            maximum=65535,
            shown_when=("reply", ("email",)),
            page="reply",
        ),
        Option(
            "smtp_security",
            str,
            "starttls",
            "starttls (upgrade a plain connection, port 587), tls (TLS from the start, port"
            " 465) or none (plain text; with a login, only to a server on this machine).",
            label="SMTP security",
            choices=("starttls", "tls", "none"),
            shown_when=("reply", ("email",)),
            page="reply",
        ),
        Option(
            "smtp_username",
            str,
            "",
            "The SMTP login; empty for a server that takes mail without one. The password is"
            ' the keyring entry "FEED:smtp" (`voc-kiosk secret set "FEED:smtp"`).',
            label="SMTP login",
            shown_when=("reply", ("email",)),
            page="reply",
        ),
        Option(
            "smtp_from",
            str,
            "",
            'The sender, optionally with a name: "Acme Support <support@acme.example>".',
            label="Send as",
            required_when=("reply", "email"),
            shown_when=("reply", ("email",)),
            page="reply",
        ),
        Option(
            "smtp_reply_to",
            str,
            "",
            "Where customers' replies go (empty: the sender).",
            label="Replies go to",
            shown_when=("reply", ("email",)),
            page="reply",
            advanced=True,
        ),
        Option(
            "smtp_timeout",
            float,
            60.0,
            "Seconds one message may take, connection included, whatever the server does.",
            label="SMTP timeout (s)",
            minimum=1,
            maximum=600,
            shown_when=("reply", ("email",)),
            page="reply",
            advanced=True,
        ),
        Option(
            "smtp_ca_bundle",
            str,
            "",
            "A CA certificate file to trust for the SMTP server (a company's own CA).",
            label="SMTP CA file",
            shown_when=("reply", ("email",)),
            page="reply",
            widget="path",
            advanced=True,
        ),
        Option(
            "webhook_url",
            str,
            "",
            "Where each message is POSTed as JSON; https, or http to this machine. Signed"
            ' with HMAC-SHA256 by the keyring entry "FEED:webhook".',
            label="Webhook address",
            required_when=("reply", "webhook"),
            shown_when=("reply", ("webhook",)),
            page="reply",
            widget="url",
        ),
        Option(
            "webhook_timeout",
            float,
            30.0,
            "Seconds one webhook call may take, whatever the receiver does.",
            label="Webhook timeout (s)",
            minimum=1,
            maximum=600,
            shown_when=("reply", ("webhook",)),
            page="reply",
            advanced=True,
        ),
        Option(
            "webhook_ca_bundle",
            str,
            "",
            "A CA certificate file to trust for the webhook's host.",
            label="Webhook CA file",
            shown_when=("reply", ("webhook",)),
            page="reply",
            widget="path",
            advanced=True,
        ),
    ),
)

# The reply options, by key (kiosk.outbox.routes reads a feed's values with them).
REPLY_OPTIONS: tuple[Option, ...] = tuple(o for o in FEED_COMMON if o.page == "reply")

# The common options kept among a feed's options in the file (the others are FeedConfig's own).
FEED_IN_OPTIONS = tuple(o for o in FEED_COMMON if o.key not in ("name", "enabled", "poll_seconds"))

_HTTP_LIMITS: tuple[Option, ...] = (
    Option(
        "connect_timeout",
        float,
        10.0,
        "Seconds to wait for a connection.",
        label="Connect timeout (s)",
        minimum=0.01,
        maximum=300,
        page="limits",
        advanced=True,
    ),
    Option(
        "read_timeout",
        float,
        30.0,
        "Seconds to wait for the server between two reads.",
        label="Read timeout (s)",
        minimum=0.01,
        maximum=3600,
        page="limits",
        advanced=True,
    ),
    Option(
        "total_timeout",
        float,
        300.0,
        "Seconds one request may take in all, whatever the server does.",
        label="Total timeout (s)",
        minimum=0.1,
        maximum=86_400,
        page="limits",
        advanced=True,
    ),
    Option(
        "pass_timeout",
        float,
        3600.0,
        "Seconds one pass of the feed may take in all, whatever the servers do; a longer pass"
        " stops, keeping every page it stored, and the next pass resumes where it stopped.",
        label="Pass time limit (s)",
        minimum=1.0,
        maximum=604_800,
        page="limits",
        advanced=True,
    ),
    Option(
        "max_response_mb",
        float,
        0.0,
        "Largest answer in megabytes; 0 takes the kiosk's sync.max_response_mb.",
        label="Largest answer (MB)",
        minimum=0.0,
        minimum_label="the kiosk's limit",
        maximum=4096,
        page="limits",
        advanced=True,
    ),
    Option(
        "ca_bundle",
        str,
        "",
        "A PEM certificate file for a company proxy that inspects traffic (TLS is always"
        " verified).",
        label="CA bundle",
        page="limits",
        widget="path",
        advanced=True,
    ),
    Option(
        "follow_hosts",
        list,
        [],
        "Other origins (https://cdn.example.com) whose next-page links and redirects may be"
        " followed, without the feed's credentials.",
        label="Other hosts to follow",
        item_type=str,
        check_value=_origins,
        page="limits",
        widget="lines",
        advanced=True,
    ),
)

# The question a feed's texts answer (``Vocabulary.answers``, ``feed_questions``).
_ANSWERS = Option(
    "answers",
    str,
    "any",
    "The question the texts answer, where a survey asks one per column: any (the words"
    ' alone decide), compliment ("What did you like?"), complaint ("What went wrong?") or'
    ' idea ("What should we add?"). An answer whose words have no kind of their own ("The'
    ' parking", "Breakfast") takes the question\'s; where they have one, they decide'
    ' ("Nothing, it was perfect" is no complaint), and an answer that says nothing ("n/a",'
    ' "None") takes no kind. A kind the source gives, or a rating, comes first.',
    label="Texts answer",
    choices=("any", "compliment", "complaint", "idea"),
    choice_labels=(
        "any question (the words decide)",
        "what was good (compliments)",
        "what went wrong (complaints)",
        "what to add or change (ideas)",
    ),
    page="mapping",
)

_MAPPING: tuple[Option, ...] = (
    Option(
        "mapping",
        dict,
        {},
        "Where each field of an item is in a record: a dotted path for JSON (user.name), a"
        " column for CSV; text may list several to join. Fields: " + ", ".join(MAPPABLE_FIELDS),
        label="Fields",
        check_value=_mapping,
        page="mapping",
        widget="mapping",
    ),
    Option(
        "defaults",
        dict,
        {},
        'Fixed values for fields the records lack (kind = "idea").',
        label="Fixed values",
        check_value=_defaults,
        page="mapping",
        widget="table",
        advanced=True,
    ),
    Option(
        "date_formats",
        list,
        [],
        "Extra strptime patterns for dates (ISO 8601, epoch numbers, and Twitter's and e-mail's"
        " dates with English month names are always read; '01/12/2026' needs \"%d/%m/%Y\" or"
        ' "%m/%d/%Y" here).',
        label="Date formats",
        item_type=str,
        page="mapping",
        widget="lines",
        advanced=True,
    ),
    Option(
        "rating_scale",
        str,
        "auto",
        "How to read a rating field: auto (from its name; one not named for stars is settled by"
        " its values: a 0 makes it thumbs, a 2 to 5 stars, and a 1 counts only once they"
        " have), stars (1-5, also CSAT), stars10,"
        " nps (0-10), thumbs or percent. Where the source gives no kind, the rating decides"
        ' between praise and a problem; words that ask for something ("would be 5 stars if it'
        ' had a widget") make the item an idea.',
        label="Rating scale",
        choices=("auto", *(s.value for s in RatingScale)),
        page="mapping",
    ),
    _ANSWERS,
)

# What a text column's name says its answers are: "What did you like?", "Pros",
# "Positive_Review" (compliments); "What went wrong?", "What could we do better?", "Cons"
# (complaints); "Any suggestions?", "What should we add?" (ideas). Not "Comments", "Issue"
# or "Feedback": those say nothing of a kind.
_ASKS = (
    (
        "compliment",
        re.compile(
            r"\b(?:like|liked|likes|enjoy|enjoyed|love|loved|best|good|great|positive|pros?"
            r"|praise|well|happy|impressed)\b"
        ),
    ),
    (
        "complaint",
        re.compile(
            r"\b(?:dislike|disliked|dislikes|wrong|worst|improve|improved|improvement|better"
            r"|bad|negative|cons?|complain\w*|frustrat\w*|disappoint\w*|unhappy|annoy\w*)\b"
        ),
    ),
    (
        "idea",
        re.compile(r"\b(?:suggest\w*|ideas?|wish|wishes|add|feature|features|missing)\b"),
    ),
)


def guess_answers(column: str) -> str | None:
    """Return the kind a text column's name says its answers lean to ("What went wrong?" ->
    "complaint"; see ``_ASKS``), or None where it says none or more than one ("What would
    you like us to improve?")."""
    words = re.sub(r"[_\-.]+|(?<=[a-z])(?=[A-Z])", " ", column).casefold()
    # "Would you like us to..." asks; it is no liking. "What didn't you like?" is a dislike.
    words = re.sub(r"\b(?:would|do) you like\b", " ", words)
    words = re.sub(
        r"\b(?:didn'?t|did not|don'?t|do not|not)\s+(?:you\s+|we\s+)?(?:like|enjoy|love)\b",
        " dislike ",
        words,
    )
    found = [kind for kind, asks in _ASKS if asks.search(words)]
    return found[0] if len(found) == 1 else None


def _named_as_question(column: str) -> bool:
    """Whether a text column's name asks a question ("How was your stay?")."""
    return "?" in column


def _question_kind(options: Mapping[str, Any]) -> str | None:
    """The kind a feed's ``answers`` option says its question leans to (None: any)."""
    kind = options.get("answers")
    return kind if kind != _ANSWERS.default and kind in (_ANSWERS.choices or ()) else None


def _text_column(options: Mapping[str, Any]) -> str | None:
    """A feed's one text column (None: none, or several joined)."""
    mapping = options.get("mapping")
    column = mapping.get("text") if isinstance(mapping, Mapping) else None
    return column if isinstance(column, str) else None


def answers_a_question(options: Mapping[str, Any]) -> bool:
    """Whether a feed's texts answer a question: its ``answers`` option names the kind the
    question leans to, or its one text column is named as a question ("How was your stay?"
    leans to none, but is as often left unanswered). The sync counts blank answers apart."""
    column = _text_column(options)
    return _question_kind(options) is not None or (
        column is not None and _named_as_question(column)
    )


def split_questions(text: Any) -> list[tuple[str, str | None]]:
    """Return, for texts mapped from several columns of which two or more ask a question (a
    name that says what its answers are, or ends in "?"), each column with the kind its name
    says its answers lean to (None: the words decide); else nothing. Read joined, an answer
    cannot lean to its own question: "The parking" under "What went wrong?" is no praise for
    sitting beside "The staff" under "What did you like?". The settings dialog offers to make
    one feed of each (``SettingsDialog.split_feed``)."""
    if not isinstance(text, list | tuple):
        return []
    columns = [c for c in text if isinstance(c, str) and c.strip()]
    found = [(c, guess_answers(c)) for c in dict.fromkeys(columns)]
    asked = sum(1 for column, kind in found if kind is not None or _named_as_question(column))
    return found if len(found) > 1 and asked > 1 else []


def feed_questions(feeds: Iterable[Any]) -> dict[str, str]:
    """Return, for each feed whose ``answers`` option names a question, that question as the
    drill-down shows it: the text column's own name where it is one ("“What went wrong?”"),
    else the choice's words ("what went wrong")."""
    found: dict[str, str] = {}
    for feed in feeds:
        options = getattr(feed, "options", {}) or {}
        kind = _question_kind(options)
        if kind is None:
            continue
        column = _text_column(options)
        if column is not None and (_named_as_question(column) or guess_answers(column) == kind):
            found[str(feed.name)] = f"“{column}”"
        else:
            found[str(feed.name)] = _ANSWERS.choice_label(kind).split(" (")[0]
    return found


HTTP_OPTIONS: tuple[Option, ...] = (
    Option(
        "url",
        str,
        "",
        "The endpoint, http:// or https://.",
        label="Address",
        required=True,
        check_value=_web_url,
        page="connection",
        widget="url",
    ),
    Option(
        "auth",
        str,
        "none",
        "How to sign in: none, bearer (Authorization: Bearer <key>), basic (username and the"
        " secret as password), header (the secret in the header named auth_header) or query"
        " (the secret in the query parameter named auth_param).",
        label="Sign in with",
        choices=("none", "bearer", "basic", "header", "query"),
        page="connection",
    ),
    Option(
        "secret",
        str,
        "",
        "The token, key or password; it goes to the keyring, never to the file.",
        label="Key or password",
        secret=True,
        page="connection",
        widget="password",
        shown_when=("auth", ("bearer", "basic", "header", "query")),
    ),
    Option(
        "username",
        str,
        "",
        "The user name for basic sign-in.",
        label="User name",
        required_when=("auth", "basic"),
        shown_when=("auth", ("basic",)),
        page="connection",
    ),
    Option(
        "auth_header",
        str,
        "",
        "The header that carries the key (X-Api-Key).",
        label="Key header",
        required_when=("auth", "header"),
        shown_when=("auth", ("header",)),
        page="connection",
    ),
    Option(
        "auth_param",
        str,
        "",
        "The query parameter that carries the key (api_key).",
        label="Key parameter",
        required_when=("auth", "query"),
        shown_when=("auth", ("query",)),
        page="connection",
    ),
    Option(
        "params",
        dict,
        {},
        "Query parameters sent with the first request (no secrets).",
        label="Query parameters",
        check_value=_scalars,
        page="connection",
        widget="table",
        advanced=True,
    ),
    Option(
        "headers",
        dict,
        {},
        "Extra request headers (no secrets).",
        label="Headers",
        check_value=_scalars,
        page="connection",
        widget="table",
        advanced=True,
    ),
    Option(
        "records",
        str,
        "",
        "Dotted path to the list of records in the answer"
        " (data.items); empty when the answer is the list itself.",
        label="Records are at",
        page="records",
    ),
    Option(
        "pagination",
        str,
        "none",
        "How pages follow each other: none; next_field (a field holds the next page's link,"
        " or a token with next_param); link_header (RFC 8288); page (page number); offset.",
        label="Paging",
        choices=("none", "next_field", "link_header", "page", "offset"),
        page="paging",
    ),
    Option(
        "next_field",
        str,
        "next",
        "Dotted path of the next page's link or token.",
        label="Next page is at",
        shown_when=("pagination", ("next_field",)),
        page="paging",
    ),
    Option(
        "next_param",
        str,
        "",
        "The query parameter a next-page token goes in (when the"
        " next field holds a token, not a link).",
        label="Token parameter",
        shown_when=("pagination", ("next_field",)),
        page="paging",
    ),
    Option(
        "page_param",
        str,
        "page",
        "The page number's query parameter.",
        label="Page parameter",
        shown_when=("pagination", ("page",)),
        page="paging",
    ),
    Option(
        "size_param",
        str,
        "per_page",
        "The page size's query parameter.",
        label="Size parameter",
        shown_when=("pagination", ("page",)),
        page="paging",
    ),
    Option(
        "offset_param",
        str,
        "offset",
        "The offset's query parameter.",
        label="Offset parameter",
        shown_when=("pagination", ("offset",)),
        page="paging",
    ),
    Option(
        "limit_param",
        str,
        "limit",
        "The limit's query parameter.",
        label="Limit parameter",
        shown_when=("pagination", ("offset",)),
        page="paging",
    ),
    Option(
        "page_size",
        int,
        100,
        "Records per page (page and offset paging).",
        label="Page size",
        minimum=1,
        maximum=100_000,
        shown_when=("pagination", ("page", "offset")),
        page="paging",
    ),
    Option(
        "first_page",
        int,
        1,
        "The number of the first page (0 or 1).",
        label="First page",
        minimum=0,
        maximum=1,
        shown_when=("pagination", ("page",)),
        page="paging",
    ),
    Option(
        "max_pages",
        int,
        10_000,
        "The most pages one pass reads (a guard against a source that never ends).",
        label="Most pages",
        minimum=1,
        maximum=10_000_000,
        page="paging",
        advanced=True,
    ),
    Option(
        "since_param",
        str,
        "",
        "Incremental reads: the query parameter that takes the newest change seen so far.",
        label="Since parameter",
        page="paging",
        advanced=True,
    ),
    Option(
        "since_format",
        str,
        "iso",
        "How the since value is written: iso, epoch or epoch_ms.",
        label="Since format",
        choices=("iso", "epoch", "epoch_ms"),
        page="paging",
        advanced=True,
    ),
    Option(
        "snapshot",
        bool,
        False,
        "Every pass returns everything, so items missing from a complete read are withdrawn"
        " (a read that loses more than half of them only when the next one does too: an outage"
        " answering [] empties nothing).",
        label="Each read is complete",
        page="paging",
        advanced=True,
    ),
    *_MAPPING,
    *_HTTP_LIMITS,
)

FIDER_OPTIONS: tuple[Option, ...] = (
    Option(
        "url",
        str,
        "",
        "The board's address, https://feedback.example.com.",
        label="Board address",
        required=True,
        check_value=_web_url,
        page="connection",
        widget="url",
    ),
    Option(
        "auth",
        str,
        "bearer",
        "bearer (the board's API key) or none for a public board.",
        label="Sign in with",
        choices=("bearer", "none"),
        page="connection",
    ),
    Option(
        "secret",
        str,
        "",
        "The board's API key (Administration, API keys); it goes to the"
        " keyring, never to the file.",
        label="API key",
        secret=True,
        page="connection",
        widget="password",
        shown_when=("auth", ("bearer",)),
    ),
    Option(
        "compliment_tags",
        list,
        [],
        "Tag slugs that make a post a compliment.",
        label="Compliment tags",
        item_type=str,
        page="records",
        widget="lines",
    ),
    Option(
        "complaint_tags",
        list,
        [],
        "Tag slugs that make a post a complaint (every other post is an idea).",
        label="Complaint tags",
        item_type=str,
        page="records",
        widget="lines",
    ),
    *_HTTP_LIMITS,
)

CSV_PRESETS = ("auto", "google_forms", "typeform", "surveymonkey", "microsoft_forms", "none")
CSV_OPTIONS: tuple[Option, ...] = (
    Option(
        "path",
        str,
        "",
        "The file, on this computer or a shared drive (~ allowed); or set url.",
        label="File",
        required_when=("url", ""),
        page="connection",
        widget="path",
    ),
    Option(
        "url",
        str,
        "",
        "The file's web address; or set path.",
        label="Address",
        check_value=_web_url,
        page="connection",
        widget="url",
    ),
    Option(
        "encoding",
        str,
        "auto",
        "The text encoding: auto (detected, and said) or a codec such as cp1252 or utf-16.",
        label="Encoding",
        check_value=_encoding,
        page="records",
    ),
    Option(
        "delimiter",
        str,
        "auto",
        "The separator: auto, a character, or tab.",
        label="Separator",
        check_value=_delimiter,
        page="records",
    ),
    Option(
        "preset",
        str,
        "auto",
        "Ready column names of survey exports.",
        label="Export from",
        choices=CSV_PRESETS,
        page="records",
    ),
    Option(
        "snapshot",
        bool,
        True,
        "Rows that vanish from a complete read are withdrawn (more than half of them only when"
        " the next read loses them too: a file caught half-written empties nothing).",
        label="Each read is complete",
        page="records",
        advanced=True,
    ),
    *_MAPPING,
    *_HTTP_LIMITS,
)

DEMO_OPTIONS: tuple[Option, ...] = (
    Option(
        "seed",
        int,
        2026,
        "The same seed gives the same customers and stories.",
        label="Seed",
        minimum=0,
        maximum=2**31,
        page="records",
        advanced=True,
    ),
    Option(
        "count",
        int,
        5000,
        "How many items the demo holds.",
        label="Items",
        minimum=0,
        maximum=5_000_000,
        page="records",
    ),
    Option(
        "days",
        int,
        120,
        "Over how many days before today.",
        label="Days",
        minimum=1,
        maximum=3650,
        page="records",
    ),
    Option(
        "trickle",
        int,
        3,
        "New items each later read adds (0 to stop).",
        label="New items per read",
        minimum=0,
        minimum_label="none",
        maximum=1000,
        page="records",
    ),
    Option(
        "follow_calendar",
        bool,
        True,
        "On a new day, the same items are dated anew.",
        label="Move on with the calendar",
        page="records",
        advanced=True,
    ),
)

FEED_TYPES: dict[str, FeedType] = {
    "http": FeedType("http", "Web API (JSON)", "Any REST API that answers in JSON.", HTTP_OPTIONS),
    "fider": FeedType(
        "fider", "Fider board", "The posts of a Fider feedback board.", FIDER_OPTIONS
    ),
    "csv": FeedType("csv", "CSV file", "A CSV export on a drive or at a web address.", CSV_OPTIONS),
    "demo": FeedType("demo", "Demo", "The bundled demo feedback.", DEMO_OPTIONS),
}


def check_feed(
    feed_type: str, options: Mapping[str, Any]
) -> tuple[dict[str, Any], list[OptionProblem]]:
    """Check a feed's options against its type's declarations; the one check for a feed.

    Returns:
        Every declared option's value (the default where one was missing or wrong), without
        secrets, and every problem found: wrong type, out of bounds, not a choice, a further
        check failing, a required option missing, an unknown key.
    """
    declared = FEED_TYPES[feed_type]
    checked = (*FEED_IN_OPTIONS, *declared.options)
    values: dict[str, Any] = {}
    problems: list[OptionProblem] = []
    for opt in checked:
        if opt.secret:
            continue
        if opt.key not in options or options[opt.key] is None:
            values[opt.key] = _copy(opt.default)
            continue
        raw = options[opt.key]
        if isinstance(raw, str):
            raw = raw.strip()
        error = opt.check(raw)
        if error:
            problems.append(OptionProblem(opt.key, error, _default_said(opt)))
            values[opt.key] = _copy(opt.default)
        else:
            values[opt.key] = opt.coerce(raw)
    for opt in checked:
        if opt.secret or values.get(opt.key) not in ("", None):
            continue
        if opt.required:
            problems.append(OptionProblem(opt.key, "missing", "nothing (the feed cannot run)"))
        elif opt.required_when is not None:
            other, when = opt.required_when
            if values.get(other) == when:
                said = f"{other} is {when!r}" if when else f"{other} is not set"
                problems.append(
                    OptionProblem(opt.key, f"missing ({said})", "nothing (the feed cannot run)")
                )
    known = {o.key for o in (*FEED_COMMON, *declared.options)}
    for key in sorted(set(options) - known):
        problems.append(OptionProblem(key, "unknown option", "nothing (ignored)"))
    return values, problems


def _copy(value: Any) -> Any:
    return type(value)(value) if isinstance(value, list | dict) else value


def _default_said(opt: Option) -> str:
    return "no value" if opt.default in ("", [], {}) else f"the default {opt.default!r}"


def markdown_table(options: Iterable[Option] = OPTIONS) -> str:
    """Return the README's table of options, from the declarations."""
    rows = ["| option | type | default | meaning |", "|---|---|---|---|"]
    for opt in options:
        kind = _type_name(opt.value_type)
        if opt.choices:
            kind = " / ".join(map(str, opt.choices))
        elif opt.minimum is not None and opt.maximum is not None:
            kind += f", {opt.minimum:g} to {opt.maximum:g}"
        default = f"`{opt.default!r}`" if opt.default not in ("", [], {}) else "(none)"
        rows.append(f"| `{opt.key}` | {kind} | {default} | {opt.description} |")
    return "\n".join(rows)


if __name__ == "__main__":  # the README's tables: python -m kiosk.options
    print(markdown_table())
    print("\nEvery feed (`[[feeds]]`, beside its type):\n")
    print(markdown_table(FEED_COMMON))
    for feed_type in FEED_TYPES.values():
        print(f'\n{feed_type.label} (`type = "{feed_type.name}"`):\n')
        print(markdown_table(o for o in feed_type.options if not o.secret))
