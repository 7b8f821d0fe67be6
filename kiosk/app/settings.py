"""The settings of a running kiosk: the dialog (behind the admin PIN on the wall), what it
needs from the kiosk, and new settings taken at once by every part."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer

from kiosk.adminpin import PinGate
from kiosk.analysis import Vocabulary
from kiosk.analysis.pipeline import analysis_outdated, vocabulary_outdated
from kiosk.app.drill import Drilldown
from kiosk.app.feeds import Syncing
from kiosk.app.ideas import Ideas
from kiosk.app.loop import Answering
from kiosk.app.parts import Parts, kind_colors
from kiosk.app.wall import Wall
from kiosk.outbox.routes import secret_name
from kiosk.outbox.values import ReplyChannel
from kiosk.screens import ConnectionTest, Severity
from kiosk.settings import FeedConfig, Problem, SecretSource, Settings
from kiosk.sync import SyncError, set_secret
from kiosk.sync.credentials import (
    delete_secret,
    env_var_for,
    environment_secret,
    keyring_problem,
    keyring_secret,
    move_secret,
    secret_source,
)
from kiosk.sync.probe import probe_feed
from kiosk.sync.status import move_passes, stored_status
from kiosk.values import TermStat
from kiosk.views.theme import theme_named
from kiosk.viewstate import ViewState, parse_view

if TYPE_CHECKING:
    # Loaded on first use: most starts never open the settings.
    from kiosk.views.settings_dialog import SettingsDialog


def settings_view(
    settings: Settings, settings_path: Path | None, problems: list[Problem]
) -> ViewState:
    """Return the view the settings ask for: the wall's pinned view, or the last N days."""
    days = int(settings["display.window_days"])
    pinned = str(settings["wall.view"]).strip() if settings.wall else ""
    if not pinned:
        return ViewState(days=days)
    view, errors = parse_view(pinned)
    where = settings_path or Path("settings.toml")
    problems.extend(
        Problem(where, "wall.view", str(e), "the view without that part") for e in errors
    )
    return replace(view, open_term=None)


class Configuring:
    """Opens the settings dialog and hands the settings it saves to every part.

    Args:
        parts: the kiosk's shared parts.
        wall: the wall (its admin PIN guards the dialog).
        syncing: the feeds' sync.
        answering: the compose form, the outbox and the delivery worker.
        drill: the desk's drill-down.
        set_view: show another view (when the settings change the one asked for).
        refresh: recompute every screen.
    """

    def __init__(
        self,
        parts: Parts,
        *,
        wall: Wall,
        ideas: Ideas,
        syncing: Syncing,
        answering: Answering,
        drill: Drilldown,
        set_view: Callable[[ViewState], None],
        refresh: Callable[[], None],
    ) -> None:
        self.parts = parts
        self._wall = wall
        self._ideas = ideas
        self._syncing = syncing
        self._answering = answering
        self._drill = drill
        self._set_view = set_view
        self._refresh = refresh
        self.dialog: SettingsDialog | None = None

    def open(self, page: str = "feeds") -> SettingsDialog | None:
        """Open the settings dialog (one at a time); on the wall, only after the admin PIN."""
        parts = self.parts
        if self.dialog is not None:
            self.dialog.raise_()
            self.dialog.activateWindow()
            return self.dialog
        if parts.settings.wall and not self._wall.admin_unlocked("open the settings"):
            return None
        if parts.settings_path is None:
            parts.model.notify("These settings come from no file: nothing can be saved.")
            return None
        from kiosk.views.settings_dialog import SettingsDialog

        dialog = SettingsDialog(
            parts.settings,
            parts.settings_path,
            KioskServices(parts, self._syncing, self._refresh),
            page=page,
            executor=parts.executor,
            parent=parts.window,
        )
        dialog.settings_saved.connect(self.apply)
        dialog.finished.connect(self._on_dialog_finished)
        self.dialog = dialog
        dialog.show()
        return dialog

    def _on_dialog_finished(self, _result: int) -> None:
        dialog, self.dialog = self.dialog, None
        if dialog is not None:
            dialog.tasks.shutdown()
            dialog.deleteLater()

    def apply_vocabulary(self, vocabulary: Vocabulary) -> None:
        """Re-analyse the stored items a vocabulary affects, on the task worker; every
        screen is recomputed when done, and shows the last cloud until then."""
        parts = self.parts
        parts.tasks.submit(
            "vocabulary",
            lambda: parts.analyze().set_vocabulary(vocabulary),
            lambda _count: self._refresh(),
        )

    def catch_up_vocabulary(self) -> bool:
        """Apply word lists edited while the kiosk was off (in the file, by hand) to the
        stored items, as a change in the dialog is applied, and read them again after an
        upgrade that reads feedback otherwise; return whether either was needed."""
        parts = self.parts
        vocabulary = Vocabulary.from_settings(parts.settings)
        if not (vocabulary_outdated(parts.store, vocabulary) or analysis_outdated(parts.store)):
            return False

        def catch_up() -> None:
            # Building the store's analysis applies the lists and reads the items again after
            # an upgrade itself (``StoreAnalysis``); one built before the lists changed is
            # switched as the dialog switches it.
            analysis = parts.analyze()
            if analysis.vocabulary_outdated():
                analysis.set_vocabulary(vocabulary)

        parts.tasks.submit("vocabulary", catch_up, lambda _done: self._refresh())
        return True

    def apply(self, settings: Settings) -> None:
        """Take new settings at once: the cloud, the feeds, the words, the privacy rules."""
        parts = self.parts
        old, parts.settings = parts.settings, settings
        self._wall.admin = PinGate(str(settings["wall.admin_pin"]))
        parts.dashboard.display_language = str(settings["display.language"])
        parts.cloud.apply_settings(settings)
        restyled = (settings["display.theme"], settings["display.palette"]) != (
            old["display.theme"],
            old["display.palette"],
        )
        if restyled:
            theme = theme_named(settings["display.theme"])
            parts.window.apply_theme(theme)
            parts.window.header.set_kind_colors(kind_colors(settings))
            # The ideas views paint their own colours: the window's style sheet misses them.
            self._ideas.apply_theme(theme)
        feeds_changed = self._syncing.apply_settings(settings)
        self._answering.apply_settings(settings, feeds_changed=feeds_changed)
        vocabulary = Vocabulary.from_settings(settings)
        if vocabulary != Vocabulary.from_settings(old):
            self.apply_vocabulary(vocabulary)
        if restyled:
            # An open panel drawn in the old colours would be unreadable on the new background.
            self._drill.rebuild_panel()
        else:
            # Built again with the new privacy rules the next time a word is opened.
            self._drill.forget_hidden_panel()
        problems: list[Problem] = []
        wanted = settings_view(settings, parts.settings_path, problems)
        if settings_view(old, parts.settings_path, []) != wanted:
            # The admin changed the period shown or the wall's pinned view.
            self._set_view(wanted)
        for problem in problems:
            parts.model.notify(str(problem), Severity.WARNING)
        if settings.profile != old.profile:
            parts.model.notify(
                f"The {settings.profile} profile takes effect at the next start.", Severity.INFO
            )
        self._refresh()


# The channels that keep a feed's secret under a name of its own (``secret_name``).
_SECRET_CHANNELS = (ReplyChannel.FIDER, ReplyChannel.EMAIL, ReplyChannel.WEBHOOK)
# What each channel's key is called in a message (Fider's is the feed's own key).
_KEY_WORDS = {
    ReplyChannel.FIDER: "key",
    ReplyChannel.EMAIL: "e-mail password",
    ReplyChannel.WEBHOOK: "webhook key",
}


@dataclass(frozen=True)
class _CarriedKey:
    """A key read from one feed's keyring entry, to be stored under a feed made from it."""

    source: str
    target: str
    channel: ReplyChannel
    secret: str = field(repr=False)


class KioskServices:
    """What the settings dialog needs from the running kiosk (its ``SettingsServices``).

    Args:
        parts: the kiosk's shared parts.
        syncing: the feeds' sync (each feed's status).
    """

    def __init__(self, parts: Parts, syncing: Syncing, refresh: Callable[[], None]) -> None:
        self._parts = parts
        self._syncing = syncing
        self._refresh = refresh

    def feed_status(self, name: str) -> str:
        """Return one line on a feed: last sync, items, last error."""
        sync = self._syncing.sync
        status = sync.service.statuses().get(name) if sync is not None else None
        if status is None:
            # Before the first pass (and in a snapshot): what the store kept of the last one.
            status = stored_status(self._parts.store, name)
        return status.describe() if status is not None else "not synced yet"

    def secret_source(self, feed: str) -> SecretSource | None:
        """Where a feed's own key is: the keyring, its environment variable, or None."""
        return secret_source(feed)

    def keyring_problem(self) -> str | None:
        """Why secrets cannot go to a keyring here, or None."""
        return keyring_problem()

    def secret_variable(self, feed: str) -> str:
        """The environment variable that may carry a feed's secret."""
        return env_var_for(feed)

    def secret_in_environment(self, feed: str) -> bool:
        """Whether the environment variable of a feed's secret is set where the kiosk runs."""
        return environment_secret(feed) is not None

    def feeds_changed(
        self,
        renamed: Mapping[str, str],
        removed: Sequence[str],
        copies: Mapping[str, Sequence[str]] | None = None,
        typed: Collection[str] = (),
        names: Collection[str] = (),
    ) -> None:
        """Carry renamed feeds' items and secrets over, take removed feeds' items off the
        wall and their secrets out of the keyring, and give the feeds made from another (One
        feed per question and Duplicate: ``copies``, each source's new names) that one's
        keys, but for the key of a feed in ``typed``, whose typed key the dialog stores next
        (the dialog calls it once the file is saved; ``names``: the feeds the file has). The
        store's part runs on the worker, before the refresh the new settings ask for."""
        parts = self._parts
        # The keys to copy are read first and written last: a copy may take its source's
        # name, or a removed feed's, and must outlive their deletion. A key that could not be
        # read is not deleted either.
        carried, unread = self._carried_keys(copies or {}, typed)
        # Removed feeds first: a renamed feed may take a removed one's name, and keeps what
        # it brings. Then every key through a name no feed has, so that swaps (a <-> b) and
        # chains (a -> b -> c) each land on the feed their form now names.
        for name in removed:
            if name in unread:
                continue
            for channel in _SECRET_CHANNELS:
                delete_secret(secret_name(name, channel))
        moving = {old: f"\u2060moving\u2060{old}" for old in renamed}
        for step in (
            [(old, moving[old]) for old in renamed],
            [(moving[old], new) for old, new in renamed.items()],
        ):
            for source, target in step:
                for channel in _SECRET_CHANNELS:
                    try:
                        move_secret(secret_name(source, channel), secret_name(target, channel))
                    except SyncError as exc:
                        parts.model.notify(exc.message, Severity.WARNING)
        for old, new in renamed.items():
            for channel in _SECRET_CHANNELS:
                # A key the environment gives stays under the old name's variable, which this
                # feed no longer reads: the admin has to move it.
                before = env_var_for(secret_name(old, channel))
                after = env_var_for(secret_name(new, channel))
                if before == after or environment_secret(secret_name(old, channel)) is None:
                    continue
                now = (
                    f"; {after} is set: make sure it holds this feed's key"
                    if environment_secret(secret_name(new, channel)) is not None
                    else f". Set {after} where the kiosk starts, and restart it"
                )
                parts.model.notify(
                    f"Feed {old!r} is now {new!r}: its key came from {before}, which it no"
                    f" longer reads{now}.",
                    Severity.WARNING,
                )
        self._write_carried(carried, renamed, names)
        store = parts.store
        moves = dict(renamed)
        gone = list(removed)

        def job() -> int:
            # Through names no feed has, so that swaps (A <-> B) and chains (A -> B -> C) move
            # every feed's items to where its form now says, none onto another's.
            # Removed feeds first: a renamed one may take a removed one's name.
            removed_items = sum(store.remove_feed(name) for name in gone)
            for old in moves:
                store.rename_feed(old, f"\x00{old}")
            for old, new in moves.items():
                store.rename_feed(f"\x00{old}", new)
            # The last pass's status follows (the settings dialog and header show it).
            move_passes(store, moves, gone)
            return removed_items

        def done(items: int) -> None:
            sync = self._syncing.sync
            if sync is not None:
                # The service took the new names before their statuses moved in the store.
                sync.service.reread_statuses(moves.values())
            self._refresh()  # every number, without the removed feed's items
            if gone:
                names = ", ".join(repr(n) for n in gone)
                parts.model.notify(
                    f"Removed feed {names}: its {items:,} item{'s' if items != 1 else ''}"
                    " left the wall, and its secrets the keyring."
                )

        def when_read() -> None:
            # A pass under an old name ends with the settings it began with and would write
            # its items back under that name: the store's part waits for it.
            sync = self._syncing.sync
            if sync is not None and any(sync.service.reading(n) for n in (*moves, *gone)):
                QTimer.singleShot(1000, when_read)
                return
            parts.tasks.submit("feeds-changed", job, done)

        # After the new settings reach the sync service (the dialog saves, then applies).
        QTimer.singleShot(0, when_read)

    def _carried_keys(
        self, copies: Mapping[str, Sequence[str]], typed: Collection[str]
    ) -> tuple[list[_CarriedKey], set[str]]:
        """Return the keys to give the feeds made from another, read from the keyring, and
        the sources whose keys could not be read (kept where they are; the admin is told). A
        key the environment gives cannot be copied: the admin is told which variables to
        set."""
        parts = self._parts
        carried: list[_CarriedKey] = []
        unread: set[str] = set()
        for source, targets in copies.items():
            for channel in _SECRET_CHANNELS:
                entry = secret_name(source, channel)
                own = entry == source
                wanted = [t for t in targets if not (own and t in typed)]
                if not wanted:
                    continue
                what = _KEY_WORDS[channel]
                try:
                    secret = keyring_secret(entry)
                except SyncError as exc:
                    unread.add(source)
                    parts.model.notify(
                        f"The {what} of feed {source!r} was not copied to"
                        f" {', '.join(repr(t) for t in wanted)}: {exc.message}. It stays in"
                        " the keyring; type it into each new feed's form.",
                        Severity.WARNING,
                    )
                    continue
                if secret is not None:
                    carried.extend(_CarriedKey(source, t, channel, secret) for t in wanted)
                    continue
                variable = env_var_for(entry)
                if environment_secret(entry) is not None:
                    needed = ", ".join(env_var_for(secret_name(t, channel)) for t in wanted)
                    parts.model.notify(
                        f"The {what} of feed {source!r} comes from {variable}, which its new"
                        f" feeds do not read: set {needed} to it where the kiosk starts, and"
                        " restart it.",
                        Severity.WARNING,
                    )
        return carried, unread

    def _write_carried(
        self,
        carried: Sequence[_CarriedKey],
        renamed: Mapping[str, str],
        names: Collection[str],
    ) -> None:
        """Store each key read by ``_carried_keys`` under its new feed; one the keyring
        refuses goes back under its source's name, unless another feed has that name now
        (renamed to it, or a new feed in ``names``), so that no key is lost nor given to
        another feed (the admin is told)."""
        for key in carried:
            try:
                set_secret(secret_name(key.target, key.channel), key.secret)
            except SyncError as exc:
                what = _KEY_WORDS[key.channel]
                kept = ""
                # Not under a name another feed has now (renamed to it, or a new feed's).
                if key.source not in renamed.values() and key.source not in names:
                    try:
                        set_secret(secret_name(key.source, key.channel), key.secret)
                        kept = f"; it stays in the keyring under {key.source!r}"
                    except SyncError:
                        pass
                self._parts.model.notify(
                    f"Feed {key.target!r} did not get the {what} of {key.source!r}:"
                    f" {exc.message}{kept}.",
                    Severity.WARNING,
                )

    def store_secret(self, feed: str, secret: str) -> str | None:
        """Store a feed's secret; return what went wrong, or None."""
        try:
            set_secret(feed, secret)
        except SyncError as exc:
            return exc.message
        return None

    def probe(self, feed: FeedConfig, secret: str | None) -> ConnectionTest:
        """Read a feed's first page and report (called on a worker thread)."""
        limit = float(self._parts.settings["sync.max_response_mb"])
        return probe_feed(feed, secret=secret, max_response_mb=limit)

    def current_terms(self) -> Sequence[TermStat]:
        """The words on the cloud now."""
        return self._parts.model.snapshot.terms
