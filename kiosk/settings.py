"""Settings: one declared schema for every option, stored as TOML, checked key by key.

A bad value never stops the kiosk: it is reported (file, key, what was wrong, what is used
instead) and the default is used for that key alone. Secrets never enter this file: they go to
the OS keyring (see ``kiosk.sync.credentials``).
"""

from __future__ import annotations

import copy
import os
import re
import shlex
import tempfile
import time
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import tomli_w

from kiosk.options import FEED_COMMON, OPTIONS, Option, check_feed
from kiosk.options import FEED_TYPES as _FEED_TYPES

__all__ = [
    "FEED_TYPES",
    "OPTIONS",
    "SETTINGS_VERSION",
    "FeedConfig",
    "Option",
    "Problem",
    "Settings",
    "SettingsError",
    "load_settings",
    "save_settings",
    "secret_variable",
]


SETTINGS_VERSION = 1
FEED_TYPES = tuple(_FEED_TYPES)
# Keys that would hold a secret; refused in the file, wherever they appear.
SECRET_KEYS = frozenset(
    {"token", "password", "api_key", "apikey", "secret", "bearer", "key_value", "client_secret"}
)


# Query parameters and headers that carry secrets by their name: "api_key", "X-Api-Key",
# "access_token", "Authorization", "sig"... A value under such a name in the file is refused.
# Keys by what they open ("appKey", "access_key", "subscription-key", "key"), not every name
# ending in "key": "sortKey" and "partition_key" are parameters an API may need in its address;
# and "author" or "is_private" are no secrets.
_KEY_PREFIXES = (
    r"api|app|access|client|subscription|dev|developer|user|licen[cs]e|master|consumer|signing"
    r"|encryption|private|shared|write|read|auth"
)
_SECRET_NAME = re.compile(
    r"token|secret|passw|passphrase|pwd|signature|cookie|session|credential|jwt|bearer|hmac"
    r"|^auth$|authori[sz]ation|[-_]auth$|oauth[-_]?(?:token|signature|verifier)"
    rf"|(?:^|{_KEY_PREFIXES})[-_]?key(?:[-_]?id)?$|^(?:key|sig|pass|pw|otp)$|[-_](?:sig|pass)$",
    re.IGNORECASE,
)
_TEMP_PREFIX = ".settings-"
# A temporary file older than this is left over from a save that was killed.
_STALE_TEMP_SECONDS = 60.0


def looks_secret(name: str) -> bool:
    """Whether a query parameter or header name usually carries a secret."""
    return bool(_SECRET_NAME.search(name.strip()))


class SettingsError(ValueError):
    """Settings that cannot be saved; the message says which key and why."""


_BY_KEY = {o.key: o for o in OPTIONS}


@dataclass(frozen=True, slots=True)
class FeedConfig:
    """One configured feed. ``options`` holds the type-specific keys (url, path, mapping...)."""

    name: str
    type: str
    enabled: bool = True
    poll_seconds: int = 300
    options: Mapping[str, Any] = field(default_factory=dict)

    def to_toml(self) -> dict[str, Any]:
        """Return the table this feed is written as."""
        return {
            "name": self.name,
            "type": self.type,
            "enabled": self.enabled,
            "poll_seconds": self.poll_seconds,
            **dict(self.options),
        }


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong in the settings file, and what the kiosk does instead."""

    file: Path
    key: str
    what: str
    used_instead: str

    def __str__(self) -> str:
        return f"{self.file}: {self.key}: {self.what}; using {self.used_instead}"


@dataclass(frozen=True, slots=True)
class Settings:
    """Every option's value, checked. Read with ``settings["display.window_days"]``."""

    values: Mapping[str, Any] = field(default_factory=dict)
    feeds: tuple[FeedConfig, ...] = ()
    # The [[feeds]] tables the file has that cannot run at all, each as "where: why" ("a
    # type misspelt"): with feeds asked for, the screen says they cannot run rather than
    # putting the demo's made-up customers on the wall.
    unusable_feeds: tuple[str, ...] = ()
    # Those tables as the file has them (less any secret), written back on every save: the
    # dialog cannot show them, and a save that dropped them put the demo on the wall.
    unusable_tables: tuple[Mapping[str, Any], ...] = field(default=(), compare=False)

    def __getitem__(self, key: str) -> Any:
        if key in self.values:
            return self.values[key]
        return copy.deepcopy(_BY_KEY[key].default)

    @property
    def profile(self) -> str:
        """'wall' or 'desk'."""
        return str(self["profile"])

    @property
    def wall(self) -> bool:
        """Whether this kiosk is an unattended floor screen."""
        return self.profile == "wall"

    def replace(self, **changes: Any) -> Settings:
        """Return a copy with options changed; keys use '__' for dots (display__theme=...).

        Raises:
            SettingsError: an unknown key or a value the schema refuses.
        """
        values = dict(self.values)
        feeds = self.feeds
        for name, value in changes.items():
            if name == "feeds":
                feeds = tuple(value)
                continue
            key = name.replace("__", ".")
            option = _BY_KEY.get(key)
            if option is None:
                raise SettingsError(f"unknown option {key!r}")
            error = option.check(value)
            if error:
                raise SettingsError(f"{key}: {error}")
            values[key] = value
        return Settings(values, feeds, self.unusable_feeds, self.unusable_tables)


def _flatten(table: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in table.items():
        dotted = f"{prefix}{key}"
        if isinstance(value, dict) and dotted not in _BY_KEY:
            flat.update(_flatten(value, dotted + "."))
        else:
            flat[dotted] = value
    return flat


def _upgrade_0_to_1(doc: dict[str, Any]) -> dict[str, Any]:
    # Early hand-written files put the display options at the top level.
    display = doc.setdefault("display", {})
    for key in ("window_days", "max_words", "palette", "theme"):
        if key in doc and isinstance(display, dict):
            display.setdefault(key, doc.pop(key))
    return doc


# Upgrade steps: version -> function taking a document of that version to the next.
_UPGRADES: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {0: _upgrade_0_to_1}


def _check_feeds(
    raw: Any, path: Path, problems: list[Problem]
) -> tuple[tuple[FeedConfig, ...], tuple[str, ...], tuple[Mapping[str, Any], ...]]:
    """Return the feeds that can run, "where: why" for each table skipped, and those tables
    (less any secret) to write back."""
    if not isinstance(raw, list):
        problems.append(Problem(path, "feeds", "expected a list of [[feeds]] tables", "no feeds"))
        return (), ("feeds: expected a list of [[feeds]] tables",), ()
    feeds: list[FeedConfig] = []
    unusable: list[str] = []
    tables: list[Mapping[str, Any]] = []
    seen: set[str] = set()
    variables: dict[str, str] = {}
    for index, entry in enumerate(raw):
        before = len(problems)
        feed = _check_feed(entry, f"feeds[{index}]", path, problems, seen)
        if feed is None:
            why = problems[-1] if len(problems) > before else None
            unusable.append(f"{why.key}: {why.what}" if why else f"feeds[{index}]")
            if isinstance(entry, dict):
                tables.append(_without_secrets(entry))
            continue
        # "shop-api" and "Shop_API" would read one environment variable: one feed's secret
        # would go to the other's server.
        variable = secret_variable(feed.name)
        other = variables.get(variable)
        if other is not None:
            problems.append(
                Problem(
                    path,
                    f"feeds[{feed.name}].name",
                    f"reads the same secret variable ({variable}) as feed {other!r}: the names"
                    " differ only in case or punctuation; rename one",
                    "the first one only",
                )
            )
            continue
        variables[variable] = feed.name
        seen.add(feed.name)
        feeds.append(feed)
    return tuple(feeds), tuple(unusable), tuple(tables)


# Where a feed's key is found: the keyring, or the environment variable named after the feed
# (``secret_variable``), which nothing copies or moves.
SecretSource = Literal["keyring", "environment"]


def secret_variable(feed: str) -> str:
    """Return the environment variable that may carry a feed's secret."""
    return "VOC_KIOSK_SECRET_" + re.sub(r"[^A-Z0-9]", "_", feed.upper())


def _check_feed(
    entry: Any, where: str, path: Path, problems: list[Problem], seen: set[str]
) -> FeedConfig | None:
    """Check one [[feeds]] table against the declarations of its type (kiosk.options)."""
    if not isinstance(entry, dict):
        problems.append(Problem(path, where, "expected a table", "nothing (feed skipped)"))
        return None
    name = entry.get("name")
    if isinstance(name, str):
        name = name.strip()
    if not isinstance(name, str) or not name:
        problems.append(
            Problem(path, f"{where}.name", "missing or empty", "nothing (feed skipped)")
        )
        return None
    where = f"feeds[{name}]"
    if name in seen:
        problems.append(Problem(path, where, "a second feed with this name", "the first one only"))
        return None
    kind = entry.get("type")
    if kind not in FEED_TYPES:
        problems.append(
            Problem(
                path,
                f"{where}.type",
                f"{kind!r} is not one of {', '.join(FEED_TYPES)}",
                "nothing (feed skipped)",
            )
        )
        return None
    secrets = sorted(_secret_keys(entry))
    if secrets:
        problems.append(
            Problem(
                path,
                f"{where}.{secrets[0]}",
                "secrets do not belong in the settings file (store it in the keyring with"
                " the settings dialog or `voc-kiosk secret set`)",
                "no value for it (it is ignored)",
            )
        )
    own = {o.key: o for o in FEED_COMMON}
    enabled = entry.get("enabled", True)
    if own["enabled"].check(enabled):
        problems.append(Problem(path, f"{where}.enabled", "expected true or false", "true"))
        enabled = True
    poll = entry.get("poll_seconds", own["poll_seconds"].default)
    if own["poll_seconds"].check(poll):
        problems.append(
            Problem(path, f"{where}.poll_seconds", f"{poll!r} is not 5 to 86400 seconds", "300")
        )
        poll = own["poll_seconds"].default
    options = _without_secrets(
        {k: v for k, v in entry.items() if k not in {"name", "type", "enabled", "poll_seconds"}}
    )
    _drop_secret_parameters(options, where, path, problems)
    _values, found = check_feed(kind, options)
    for problem in found:
        problems.append(Problem(path, f"{where}.{problem.key}", problem.what, problem.used_instead))
        if problem.used_instead != "nothing (the feed cannot run)":
            options.pop(problem.key, None)
    return FeedConfig(name, kind, enabled, int(poll), options)


def _drop_secret_parameters(
    options: dict[str, Any], where: str, path: Path, problems: list[Problem]
) -> None:
    """Remove secrets written into a URL's query, ``params`` or ``headers``, saying how to keep
    them in the keyring instead. The feed then runs without them (and usually fails to
    authenticate, with a message that says so)."""
    name = where.removeprefix("feeds[").removesuffix("]")
    for key, value in list(options.items()):
        if not (key == "url" or key.endswith("_url")) or not isinstance(value, str):
            continue
        try:
            parts = urlsplit(value)
        except ValueError:
            continue  # "http://[::1": the option's own check says it is no address
        if "@" in parts.netloc:
            # http://user:password@host: requests would send it as Basic auth, from the file.
            problems.append(
                Problem(
                    path,
                    f"{where}.{key}",
                    "has a user name or password before the host, and secrets do not belong in"
                    ' the settings file; set auth = "basic" and username, then store the'
                    f" password with `voc-kiosk secret set {shlex.quote(name)}`",
                    "the address without them",
                )
            )
            parts = parts._replace(netloc=parts.netloc.rsplit("@", 1)[1])
            options[key] = urlunsplit(parts)
        pairs = parse_qsl(parts.query, keep_blank_values=True)
        secret = [k for k, _ in pairs if looks_secret(k)]
        if secret:
            problems.append(
                Problem(
                    path,
                    f"{where}.{key}",
                    f"the query parameter {secret[0]!r} looks like a secret, and secrets do not"
                    ' belong in the settings file; for the feed\'s url set auth = "query" and'
                    f" auth_param = {secret[0]!r}, then store it with"
                    f" `voc-kiosk secret set {shlex.quote(name)}`",
                    "the address without it",
                )
            )
            query = urlencode([(k, v) for k, v in pairs if not looks_secret(k)])
            options[key] = urlunsplit(parts._replace(query=query))
    for key, auth, hint in (
        ("params", "query", "auth_param"),
        ("headers", "header", "auth_header"),
    ):
        table = options.get(key)
        if not isinstance(table, dict):
            continue
        secret = sorted(k for k in table if isinstance(k, str) and looks_secret(k))
        if secret:
            problems.append(
                Problem(
                    path,
                    f"{where}.{key}.{secret[0]}",
                    "looks like a secret, and secrets do not belong in the settings file; set"
                    f' auth = "{auth}" and {hint} = {secret[0]!r}, then store it with'
                    f" `voc-kiosk secret set {shlex.quote(name)}`",
                    "nothing for it (it is not sent)",
                )
            )
            options[key] = {k: v for k, v in table.items() if k not in secret}


def _without_secrets(table: Mapping[str, Any]) -> dict[str, Any]:
    """Return a copy of a table with every secret key removed, in nested tables too."""
    return {
        k: _without_secrets(v) if isinstance(v, dict) else v
        for k, v in table.items()
        if k.lower() not in SECRET_KEYS
    }


def _secret_keys(table: Mapping[str, Any], prefix: str = "") -> set[str]:
    found: set[str] = set()
    for key, value in table.items():
        if key.lower() in SECRET_KEYS and value not in (None, ""):
            found.add(prefix + key)
        if isinstance(value, dict):
            found |= _secret_keys(value, f"{prefix}{key}.")
    return found


def load_settings(path: Path) -> tuple[Settings, list[Problem]]:
    """Read the settings file; return the settings and every problem found, key by key.

    A missing file is not a problem (defaults are used); an unreadable or invalid file is
    reported and the defaults are used for everything it would have set.
    """
    problems: list[Problem] = []
    _remove_stale_temp_files(path.parent)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Settings(), problems
    except OSError as exc:
        problems.append(Problem(path, "(file)", f"cannot be read ({exc.strerror})", "the defaults"))
        return Settings(), problems
    if not raw.strip():
        problems.append(Problem(path, "(file)", "is empty", "the defaults"))
        return Settings(), problems
    try:
        doc = tomllib.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        problems.append(Problem(path, "(file)", "is not UTF-8 text", "the defaults"))
        return Settings(), problems
    except tomllib.TOMLDecodeError as exc:
        problems.append(Problem(path, "(file)", f"is not valid TOML ({exc})", "the defaults"))
        return Settings(), problems
    except RecursionError:
        problems.append(
            Problem(path, "(file)", "is nested too deeply to read (thousands of levels)",
                    "the defaults")
        )  # fmt: skip
        return Settings(), problems

    version = doc.pop("version", 0)
    if isinstance(version, bool) or not isinstance(version, int) or version < 0:
        problems.append(Problem(path, "version", f"{version!r} is not a version", "version 0"))
        version = 0
    if version > SETTINGS_VERSION:
        problems.append(
            Problem(
                path,
                "version",
                f"written by a newer voc-kiosk (version {version}, this one knows"
                f" {SETTINGS_VERSION}); options it does not know are ignored",
                "what this version understands",
            )
        )
    while version < SETTINGS_VERSION:
        doc = _UPGRADES[version](doc)
        version += 1

    feeds, unusable, tables = _check_feeds(doc.pop("feeds", []), path, problems)
    values: dict[str, Any] = {}
    for key, value in _flatten(doc).items():
        option = _BY_KEY.get(key)
        if option is None:
            problems.append(Problem(path, key, "unknown option", "nothing (ignored)"))
            continue
        error = option.check(value)
        if error:
            problems.append(Problem(path, key, error, f"the default {option.default!r}"))
            continue
        values[key] = float(value) if option.value_type is float else value
    return Settings(values, feeds, unusable, tables), problems


def to_document(settings: Settings) -> dict[str, Any]:
    """Return the TOML document for these settings (only values that differ from defaults)."""
    doc: dict[str, Any] = {"version": SETTINGS_VERSION}
    for option in OPTIONS:
        value = settings[option.key]
        if value == option.default:
            continue
        parts = option.key.split(".")
        table = doc
        for part in parts[:-1]:
            table = table.setdefault(part, {})
        table[parts[-1]] = value
    if settings.feeds or settings.unusable_tables:
        doc["feeds"] = [
            *(feed.to_toml() for feed in settings.feeds),
            *(dict(table) for table in settings.unusable_tables),
        ]
    return doc


def save_settings(settings: Settings, path: Path) -> None:
    """Write the settings atomically: a temporary file in the same folder, then a rename.

    Raises:
        SettingsError: a feed carries a secret (it belongs in the keyring).
        OSError: the folder cannot be written.
    """
    doc = to_document(settings)
    for feed in doc.get("feeds", []):
        secrets = _secret_keys(feed)
        if secrets:
            raise SettingsError(
                f"feed {feed['name']!r}: {sorted(secrets)[0]} is a secret; store it in the"
                " keyring, not in the settings file"
            )
    path.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_temp_files(path.parent)
    fd, tmp = tempfile.mkstemp(prefix=_TEMP_PREFIX, suffix=".toml", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            tomli_w.dump(doc, fh)
            fh.flush()
            os.fsync(fh.fileno())
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _remove_stale_temp_files(folder: Path) -> None:
    """Remove the temporary files of saves that were killed before their rename.

    Only files older than a minute: a younger one may belong to a save happening right now
    in another process.
    """
    cutoff = time.time() - _STALE_TEMP_SECONDS
    try:
        leftovers = list(folder.glob(f"{_TEMP_PREFIX}*.toml"))
    except OSError:
        return
    for leftover in leftovers:
        try:
            if leftover.stat().st_mtime < cutoff:
                leftover.unlink()
        except OSError:
            continue
