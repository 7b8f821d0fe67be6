"""The command line: run the kiosk, render a snapshot, and the tools around them."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from kiosk import __version__
from kiosk.logs import setup_logging
from kiosk.options import PAGES, option
from kiosk.store import Store, StoreError

if TYPE_CHECKING:  # Qt loads lazily, so --help and errors stay quick.
    from PySide6.QtCore import QCoreApplication, QSize

    from kiosk.app import Kiosk
    from kiosk.launch import LaunchOptions
    from kiosk.viewstate import ViewState

log = logging.getLogger("kiosk.cli")

EXIT_OK = 0
EXIT_UNUSABLE = 2

_EPILOG = """\
files (override with --config and --data-dir):
  settings   Linux ~/.config/voc-kiosk/settings.toml, macOS ~/Library/Application Support/
             voc-kiosk/settings.toml, Windows %LOCALAPPDATA%\\voc-kiosk\\settings.toml
  data       the store voc-kiosk.sqlite3 in the platform data folder (or --data-dir)
  logs       voc-kiosk.log, rotated, in the platform log folder (or DATA_DIR/logs)
"""


def _size(text: str) -> tuple[int, int]:
    try:
        w, h = (int(p) for p in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not WIDTHxHEIGHT, e.g. 1920x1080") from None
    if not (16 <= w <= 16_384 and 16 <= h <= 16_384):
        raise argparse.ArgumentTypeError(f"{text!r}: each side must be 16 to 16384 pixels")
    return w, h


def _common(parser: argparse.ArgumentParser, *, command: bool = True) -> None:
    """Add the options every command takes, before or after the command's name.

    A command's parser would overwrite what was given before its name (``voc-kiosk --config
    FILE sync``) with its own default, so its defaults are left out: the main parser's stand.
    """

    def default(value: object) -> object:
        return argparse.SUPPRESS if command else value

    parser.add_argument(
        "--config", type=Path, metavar="FILE", default=default(None), help="settings file to use"
    )
    parser.add_argument(
        "--data-dir",
        type=Path,
        metavar="DIR",
        default=default(None),
        help="folder for the store, cache and logs",
    )
    # The choices come from the options' declarations, as the settings file's and the dialog's.
    parser.add_argument(
        "--profile",
        choices=option("profile").choices,
        default=default(None),
        help="wall: unattended floor screen; desk: laptop",
    )
    parser.add_argument(
        "--theme",
        choices=option("display.theme").choices,
        default=default(None),
        help="colour theme",
    )
    parser.add_argument(
        "--palette",
        choices=option("display.palette").choices,
        default=default(None),
        help="kind colours (colour-blind safe)",
    )
    parser.add_argument(
        "--log-level",
        default=default("INFO"),
        choices=("DEBUG", "INFO", "WARNING", "ERROR"),
        help="how much goes to the log file (default INFO)",
    )


def build_parser() -> argparse.ArgumentParser:
    """Return the parser for every command and option."""
    return _build_parsers()[0]


def _build_parsers() -> tuple[argparse.ArgumentParser, dict[str, argparse.ArgumentParser]]:
    """Return the main parser and each command's own parser, by name."""
    parser = argparse.ArgumentParser(
        prog="voc-kiosk",
        description="Voice-of-the-Customer wall display: what customers say, as a living cloud.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"voc-kiosk {__version__}")
    _common(parser, command=False)
    screen = parser.add_mutually_exclusive_group()
    screen.add_argument("--windowed", action="store_true", help="run in a window")
    screen.add_argument(
        "--fullscreen", action="store_true", help="run full screen (the wall profile's default)"
    )
    parser.add_argument(
        "--demo",
        nargs="?",
        const="static",
        choices=("static", "live"),
        help="show the bundled demo feed; 'live' adds new items every few seconds",
    )
    parser.add_argument(
        "--view",
        metavar="VIEW",
        help='open a shared view: the period, slices and word (e.g. "days=90&kind=complaint")',
    )
    parser.add_argument(
        "--quit-after",
        type=float,
        metavar="SECONDS",
        help="quit by itself after this many seconds (smoke tests, timed displays)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    snap = sub.add_parser(
        "snapshot", help="render the main view offscreen to a PNG, without showing a window"
    )
    _common(snap)
    snap.add_argument("--out", type=Path, required=True, metavar="FILE.png", help="image to write")
    snap.add_argument(
        "--size",
        type=_size,
        default=(1920, 1080),
        metavar="WxH",
        help="image size in pixels (default 1920x1080)",
    )
    snap.add_argument(
        "--demo", action="store_true", help="render the demo feed in a temporary store"
    )
    snap.add_argument(
        "--open",
        metavar="TERM",
        help="render with the drill-down of this term open (the top term with 'top')",
    )
    snap.add_argument(
        "--view",
        metavar="VIEW",
        help='render a shared view (as Share ▸ Copy this view gives it, "days=90&kind=complaint")',
    )
    snap.add_argument(
        "--movers", action="store_true", help="render what moved in place of the cloud"
    )
    snap.add_argument(
        "--find", metavar="WORD", help="render with a word found and picked out in the cloud"
    )
    snap.add_argument(
        "--compose",
        metavar="TERM",
        help="render the announcement form for this term (the top term with 'top'), with its"
        " recipient preview",
    )
    snap.add_argument(
        "--ideas",
        action="store_true",
        help="render the ideas by votes in place of the cloud (with --profile wall: the"
        " wall's ideas scene)",
    )
    snap.add_argument(
        "--settings",
        nargs="?",
        const="feeds",
        choices=tuple(PAGES),
        metavar="PAGE",
        help="render the settings dialog instead, open on a page: "
        + ", ".join(
            name if title.lower() == name else f"{name} (“{title}”)"
            for name, title in PAGES.items()
        ),
    )
    sync = sub.add_parser("sync", help="sync the feeds once, headless, and print what it did")
    _common(sync)
    sync.add_argument("--once", action="store_true", required=True, help="one pass, then exit")
    sync.add_argument("--feed", metavar="NAME", help="only this feed (even if disabled)")
    secret = sub.add_parser(
        "secret", help="store or remove a feed's secret in the OS keyring (never in a file)"
    )
    _common(secret)
    secret.add_argument("action", choices=("set", "delete"), help="what to do")
    secret.add_argument("feed", metavar="FEED", help="the feed's name in the settings")
    admin = sub.add_parser("admin", help="the wall's admin PIN (settings and leaving need it)")
    _common(admin)
    admin.add_argument(
        "action", choices=("set-pin", "clear-pin"), help="set (or change) or clear the PIN"
    )
    auto = sub.add_parser(
        "autostart",
        help="start the kiosk with the graphical session and bring it back after a crash "
        "(a systemd user unit and an autostart entry, Linux)",
    )
    _common(auto)
    auto.add_argument(
        "action",
        choices=("install", "remove", "status", "session"),
        help="install or remove both files, or say what is installed; 'session' is what the "
        "autostart entry runs at login",
    )
    outbox = sub.add_parser(
        "outbox",
        help="replies and announcements: list them, retry, cancel or confirm deliveries, send",
    )
    _common(outbox)
    outbox.add_argument(
        "action",
        choices=("list", "retry", "cancel", "confirm", "send"),
        help="list: the newest messages (or one with --message); retry: failed or unconfirmed"
        " deliveries again; cancel: deliveries not gone out; confirm: unconfirmed ones went out"
        " (you checked); send: deliver what is due now, in this process",
    )
    outbox.add_argument("--message", type=int, metavar="ID", help="one message (its #)")
    outbox.add_argument(
        "--recipient",
        type=int,
        action="append",
        metavar="ID",
        help="one delivery (its id in `outbox list --message ID`); repeat for more",
    )
    outbox.add_argument(
        "--state",
        action="append",
        choices=("queued", "sending", "sent", "failed", "cancelled", "unconfirmed"),
        help="list only deliveries in this state; repeat for more",
    )
    outbox.add_argument(
        "--limit", type=int, default=50, metavar="N", help="most lines to list (default 50)"
    )
    outbox.add_argument(
        "--by",
        metavar="NAME",
        help="who cancels or confirms (recorded with it; default: your login name)",
    )
    return parser, {
        "snapshot": snap,
        "sync": sync,
        "secret": secret,
        "admin": admin,
        "autostart": auto,
        "outbox": outbox,
    }


def _full_help() -> str:
    # argparse lists a command's options only in its own help; `--help` should show them all.
    parser, commands = _build_parsers()
    parts = [parser.format_help()]
    for name, command in commands.items():
        parts.append(f"\n=== voc-kiosk {name} ===\n{command.format_help()}")
    return "".join(parts)


def _report(problems: Sequence[object]) -> None:
    settings_log = logging.getLogger("kiosk.settings")
    for problem in problems:
        settings_log.warning("%s", problem)


def _open_store(path: Path, *, follow_zone: bool = True) -> Store | None:
    try:
        return Store(path, follow_zone=follow_zone)
    except StoreError as exc:
        print(f"voc-kiosk: {exc}", file=sys.stderr)
        return None


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the process exit code."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    try:
        return _command(args_list)
    except BrokenPipeError:
        # The reader went away (`voc-kiosk --help | head`): nothing is left to say, and the
        # interpreter's last flush must not print a traceback either.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141


def _command(args_list: list[str]) -> int:
    parser = build_parser()
    if args_list in (["--help"], ["-h"]):
        print(_full_help())
        return 0
    args = parser.parse_args(args_list)
    if args.command == "snapshot":
        return _snapshot(args)
    if args.command == "sync":
        return _sync(args)
    if args.command == "secret":
        return _secret(args)
    if args.command == "admin":
        return _admin(args)
    if args.command == "autostart":
        return _autostart(args)
    if args.command == "outbox":
        return _outbox(args)
    return _run(args)


def _outbox(args: argparse.Namespace) -> int:
    """``voc-kiosk outbox``: headless, no Qt."""
    import getpass

    from kiosk.delivery import commands
    from kiosk.launch import load
    from kiosk.outbox.values import DeliveryState

    paths, settings, problems = load(_launch_options(args, None))
    if not paths.store_file.exists():
        # A mistyped --data-dir would otherwise make a new, empty store there (and a log
        # folder) and report "the outbox is empty" about the wrong place.
        print(
            f"voc-kiosk: there is no store at {paths.store_file} (check --data-dir)",
            file=sys.stderr,
        )
        return 2
    setup_logging(paths.log_dir, args.log_level)
    _report(problems)
    chosen = {"message_id": args.message, "recipient_ids": args.recipient}
    if args.action in ("retry", "cancel", "confirm") and (args.message is None) == (
        args.recipient is None
    ):
        print(
            f"voc-kiosk: outbox {args.action} needs --message ID or --recipient ID (not both)",
            file=sys.stderr,
        )
        return 2
    by = args.by
    if not by:
        try:
            by = getpass.getuser()
        except (OSError, KeyError):
            by = "someone at the command line"
    # The outbox shows no days: an admin's shell in another TZ leaves the wall's days alone.
    store = _open_store(paths.store_file, follow_zone=False)
    if store is None:
        return 2
    code = 0
    try:
        if args.message is not None and store.outbox_message(args.message) is None:
            # A message that is not there, for any action: a script must not read "nothing
            # to retry" as done.
            print(f"voc-kiosk: there is no message #{args.message}", file=sys.stderr)
            return 1
        if args.action == "list":
            states = [DeliveryState(s) for s in args.state or ()]
            lines = commands.list_outbox(store, args.message, states=states, limit=args.limit)
        elif args.action == "retry":
            lines = [commands.retry(store, **chosen)]
        elif args.action == "cancel":
            lines = [commands.cancel(store, by=by, **chosen)]
        elif args.action == "confirm":
            lines = [commands.confirm(store, by=by, **chosen)]
        else:
            report = commands.send_now(
                store,
                settings.feeds,
                max_attempts=int(settings["outbox.max_attempts"]),
                backoff_base=float(settings["outbox.backoff_seconds"]),
            )
            lines = [str(report)]
            # As `sync --once` does: a cron job or a person sees that nothing went.
            code = 0 if report.ok else 1
    finally:
        store.close()
    for line in lines:
        print(line)
    return code


def _sync(args: argparse.Namespace) -> int:
    from kiosk.analysis import StoreAnalysis, Vocabulary
    from kiosk.launch import load
    from kiosk.sync import SyncError, run_once
    from kiosk.sync.service import FEED_REPORT

    config: Path | None = getattr(args, "config", None)
    if config is not None and not config.exists():
        # A file named on purpose and not there is a mistake (a typo, an unmounted share): a
        # scheduled sync must fail loudly, not sync no feed and say all is well.
        print(f"voc-kiosk: the settings file {config} does not exist", file=sys.stderr)
        return 2
    paths, settings, problems = load(_launch_options(args, None))
    setup_logging(paths.log_dir, args.log_level)
    # Each feed's report is printed below: the terminal needs it once, the log file keeps it.
    for handler in logging.getLogger("kiosk").handlers:
        if type(handler) is logging.StreamHandler:
            handler.addFilter(lambda record: not getattr(record, FEED_REPORT, False))
    _report(problems)
    if any(getattr(p, "key", None) == "(file)" for p in problems):
        # The app runs on defaults then; a sync would run no feed and say all is well. The
        # reason is the warning just printed.
        print(
            "voc-kiosk: no feeds were synced: the settings file cannot be read (above)",
            file=sys.stderr,
        )
        return 2
    store = _open_store(paths.store_file)
    if store is None:
        return 2
    try:
        analysis = StoreAnalysis(store, Vocabulary.from_settings(settings))
        reports = run_once(settings, store, feed=args.feed, after=analysis.analyze_into)
    except SyncError as exc:
        print(f"voc-kiosk: {exc}", file=sys.stderr)
        return 2
    finally:
        store.close()
    if not reports and settings.unusable_feeds and args.feed is None:
        # Feeds asked for and none can run: a scheduled sync must not say all is well.
        print(
            f"voc-kiosk: no feed was synced: none of the feeds in {paths.config_file} can run"
            f" ({'; '.join(settings.unusable_feeds)})",
            file=sys.stderr,
        )
        return 1
    if not reports:
        print(
            "no feeds are configured (the app shows the demo); add [[feeds]] to", paths.config_file
        )
    for report in reports:
        print(report)
    return 0 if all(r.ok for r in reports) else 1


def _secret(args: argparse.Namespace) -> int:
    import getpass

    from kiosk.launch import load
    from kiosk.sync import SyncError, delete_secret, set_secret
    from kiosk.sync.credentials import keyring_name

    _paths, settings, _problems = load(_launch_options(args, None))
    names = [f.name for f in settings.feeds]
    if args.feed not in names:
        known = ", ".join(names) or "none configured"
        print(f"voc-kiosk: there is no feed named {args.feed!r} (feeds: {known})", file=sys.stderr)
        return 2
    try:
        if args.action == "delete":
            found = delete_secret(args.feed)
            print(f"removed the secret of {args.feed}" if found else f"{args.feed} had no secret")
            return 0
        value = getpass.getpass(f"secret for feed {args.feed} (not shown): ")
        if not value:
            print("voc-kiosk: nothing entered; the secret was not changed", file=sys.stderr)
            return 2
        set_secret(args.feed, value)
    except SyncError as exc:
        print(f"voc-kiosk: {exc}", file=sys.stderr)
        return 2
    print(f"stored the secret of {args.feed} in the keyring ({keyring_name()}, service voc-kiosk)")
    return 0


def _admin(args: argparse.Namespace) -> int:
    import getpass

    from kiosk.adminpin import check_new_pin, hash_pin
    from kiosk.launch import load
    from kiosk.settings import save_settings

    paths, settings, problems = load(_launch_options(args, None))
    if any(getattr(p, "key", None) == "(file)" for p in problems):
        for found in problems:
            print(f"voc-kiosk: {found}", file=sys.stderr)
        print("voc-kiosk: fix the settings file first; the PIN was not changed", file=sys.stderr)
        return 2
    if args.action == "clear-pin":
        settings = settings.replace(wall__admin_pin="")
        message = "cleared the admin PIN: on the wall, anyone can now open the settings"
    else:
        pin = getpass.getpass("new admin PIN (digits, not shown): ")
        problem = check_new_pin(pin)
        if problem is None and getpass.getpass("the same PIN again: ") != pin:
            problem = "the two PINs differ"
        if problem is not None:
            print(f"voc-kiosk: {problem}; the PIN was not changed", file=sys.stderr)
            return 2
        settings = settings.replace(wall__admin_pin=hash_pin(pin))
        message = f"stored the admin PIN (as a salted hash) in {paths.config_file}"
    try:
        save_settings(settings, paths.config_file)
    except OSError as exc:
        print(f"voc-kiosk: could not write {paths.config_file} ({exc})", file=sys.stderr)
        return 1
    print(message)
    return 0


def _autostart(args: argparse.Namespace) -> int:
    from kiosk import autostart

    if not sys.platform.startswith("linux"):
        print("voc-kiosk: autostart is for Linux desktops (systemd, XDG)", file=sys.stderr)
        return 2
    files = autostart.AutostartFiles.for_user(os.environ)
    manager = autostart.UserManager()
    options = autostart.run_options(
        args.profile, args.config, args.data_dir, args.theme, args.palette
    )
    executable = autostart.installed_command()
    try:
        if args.action == "session":
            said = autostart.start_in_session(files, manager, os.environ)
            if said is None:
                # No systemd user manager to restart it: run the kiosk in this process.
                return main(options)
        elif args.action == "install":
            said = autostart.install(files, executable, options, manager)
        elif args.action == "remove":
            said = autostart.remove(files, manager)
        else:
            said = autostart.status(files, executable, manager)
    except (OSError, ValueError) as exc:
        print(f"voc-kiosk: {exc}", file=sys.stderr)
        return 2
    for line in said:
        print(line)
    return 0


def _launch_options(args: argparse.Namespace, demo: str | None) -> LaunchOptions:
    from kiosk.launch import LaunchOptions

    fullscreen = True if getattr(args, "fullscreen", False) else None
    if getattr(args, "windowed", False):
        fullscreen = False
    return LaunchOptions(
        config=args.config,
        data_dir=args.data_dir,
        profile=args.profile,
        fullscreen=fullscreen,
        demo=demo,
        theme=args.theme,
        palette=args.palette,
    )


def _quit_on_signals(app: QCoreApplication) -> list[int]:
    """Quit cleanly on SIGINT/SIGTERM (Ctrl+C, systemd stop) instead of dying mid-write.

    Returns:
        The signals received so far: one that came before the event loop ran (while the
        kiosk was starting) must still stop it, and ``exit()`` only ends a running loop.
    """
    import signal

    from PySide6.QtCore import QTimer

    received: list[int] = []

    def stop(sig: int, _frame: object) -> None:
        received.append(sig)
        # exit(), not quit(): quit() asks every window to close first, and the wall's window
        # refuses without the admin PIN; a service manager's stop must always stop it.
        app.exit(EXIT_OK)

    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, stop)
    # Python runs signal handlers only when it gets control; a slow tick gives it some.
    tick = QTimer(app)
    tick.timeout.connect(lambda: None)
    tick.start(250)
    return received


def _freeze_garbage() -> None:
    import gc

    gc.collect()
    gc.freeze()


def _run(args: argparse.Namespace) -> int:
    """Run the kiosk until it is closed or stopped; return the exit code.

    Exit codes: 0 (EXIT_OK) when it ran and was closed (the desk's window), stopped (SIGTERM,
    SIGINT) or timed out (--quit-after); 4 (``autostart.LEFT_BY_ADMIN``) when the admin closed
    the wall with the PIN, which the autostart unit does not restart; 2 (EXIT_UNUSABLE) when
    it never ran: no display, a view that cannot be read, or a store that never opened while
    the screen said why.
    """
    from PySide6.QtCore import QLibraryInfo, QTimer

    from kiosk.app import Kiosk, StoreOpener, ensure_app, install_exception_hooks
    from kiosk.display import display_problem
    from kiosk.launch import load
    from kiosk.views.theme import theme_named

    # Qt aborts the process, core dump and all, when it finds no screen: say what to do first.
    plugins = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath))
    problem = display_problem(os.environ, plugins, sys.platform)
    if problem is not None:
        print(f"voc-kiosk: {problem}", file=sys.stderr)
        return 2
    options = _launch_options(args, args.demo)
    paths, settings, problems = load(options)
    setup_logging(paths.log_dir, args.log_level)
    _report(problems)
    view = _view_of(args)
    if view is False:
        return EXIT_UNUSABLE
    app = ensure_app()
    # Before anything starts: a stop during start-up must not land in the middle of Qt's
    # calls as a KeyboardInterrupt (it crashed the wall once in a few stops).
    stopped = _quit_on_signals(app)
    opener = StoreOpener(
        paths.store_file,
        theme_named(settings["display.theme"]),
        wall=settings.wall,
        fullscreen=options.fullscreen,
    )
    running: list[Kiosk] = []

    def begin(store: Store) -> None:
        kiosk = Kiosk(
            settings,
            store,
            problems=problems,
            demo=options.demo,
            settings_path=paths.config_file,
            view=view or None,
        )
        running.append(kiosk)
        install_exception_hooks(kiosk.model)
        kiosk.start()
        if view and view.open_term:
            kiosk.open_drilldown(view.open_term)
        kiosk.show(options.fullscreen)

    store = opener.try_open()
    if store is None:
        # The screen says why and retries; the log (and stderr) have it once.
        opener.opened.connect(begin)
    else:
        begin(store)
    # A kiosk runs for weeks: once start-up garbage is gone, keep the long-lived objects out
    # of the collector's full passes (they stalled the UI during syncs).
    QTimer.singleShot(5000, _freeze_garbage)
    if args.quit_after is not None:
        QTimer.singleShot(round(args.quit_after * 1000), lambda: app.exit(EXIT_OK))
    try:
        code = EXIT_OK if stopped else app.exec()
    finally:
        opener.stop()
        for kiosk in running:
            kiosk.stop()
            kiosk.store.close()
    return code if running else EXIT_UNUSABLE


def _view_of(args: argparse.Namespace) -> ViewState | Literal[False] | None:
    """Return the view asked for on the command line (None: the settings' own); False when
    it cannot be read at all, after saying why."""
    from kiosk.viewstate import parse_view

    text = getattr(args, "view", None)
    if not text:
        return None
    view, errors = parse_view(text)
    for error in errors:
        print(f"voc-kiosk: --view: {error}", file=sys.stderr)
    if errors and view == parse_view("")[0]:
        return False
    return view


def _snapshot_settings(kiosk: Kiosk, page: str, out: Path, size: QSize) -> int:
    """Render the settings dialog, open on a page, to a PNG (without a wall's PIN)."""
    from PySide6.QtGui import QColor, QImage
    from PySide6.QtWidgets import QApplication

    from kiosk.app import KioskServices
    from kiosk.views.settings_dialog import SettingsDialog

    path = kiosk.settings_path or Path("settings.toml")
    dialog = SettingsDialog(
        kiosk.settings, path, KioskServices(kiosk.parts, kiosk.syncing, kiosk.refresh), page=page
    )
    try:
        dialog.resize(size)
        layout = dialog.layout()
        if layout is not None:
            layout.activate()
        image = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
        dialog.setStyleSheet(kiosk.window.styleSheet())
        # A dialog never shown lays its pages out at the first render; its scroll areas decide
        # whether they need a bar from the events that render posts. Let them, then draw
        # (else a bar decided at the default 640x480 covers the fields' right edge).
        dialog.render(image)
        QApplication.processEvents()
        image.fill(QColor(kiosk.window.theme.background))
        dialog.render(image)
        # The stubs want bytes for the format; PySide6 accepts only str at run time.
        if not image.save(str(out), "PNG"):  # type: ignore[call-overload]
            print(f"voc-kiosk: could not write the image {out}", file=sys.stderr)
            return 1
    finally:
        dialog.tasks.shutdown()
        dialog.deleteLater()
    print(f"wrote {out} ({size.width()}x{size.height()}, settings: {page})")
    return 0


def _snapshot_compose(kiosk: Kiosk, term: str, out: Path, size: QSize) -> int:
    """Render the announcement form for a term, with its recipient preview, to a PNG."""
    from PySide6.QtGui import QColor, QImage

    dialog = kiosk.open_announcement(term)
    if dialog is None:
        print("voc-kiosk: the wall never composes: use the desk profile", file=sys.stderr)
        return 2
    try:
        dialog.hide()  # rendered offscreen, never shown
        dialog.what_edit.setPlainText(
            "We moved to a courier with next-day slots, and we refund the delivery charge of"
            " every late order."
        )
        dialog.when_edit.setText("from 1 August")
        dialog.replan()
        dialog.resize(size)
        layout = dialog.layout()
        if layout is not None:
            layout.activate()
        image = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(QColor(kiosk.window.theme.background))
        dialog.render(image)
        # The stubs want bytes for the format; PySide6 accepts only str at run time.
        if not image.save(str(out), "PNG"):  # type: ignore[call-overload]
            print(f"voc-kiosk: could not write the image {out}", file=sys.stderr)
            return 1
    finally:
        dialog.done(0)
    print(f"wrote {out} ({size.width()}x{size.height()}, composing to everyone behind {term})")
    return 0


def _snapshot(args: argparse.Namespace) -> int:
    import tempfile

    from PySide6.QtCore import QSize

    from kiosk.app import Kiosk, ensure_app
    from kiosk.launch import load
    from kiosk.views.tasks import synchronous

    # A snapshot never needs a screen: render offscreen unless told otherwise.
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    options = _launch_options(args, "static" if args.demo else None)
    paths, settings, problems = load(options)
    setup_logging(None if args.demo else paths.log_dir, args.log_level)
    _report(problems)
    with tempfile.TemporaryDirectory(prefix="voc-kiosk-snapshot-") as tmp:
        store_path = Path(tmp) / "demo.sqlite3" if args.demo else paths.store_file
        store = _open_store(store_path)
        if store is None:
            return 2
        view = _view_of(args)
        if view is False:
            store.close()
            return 2
        app = ensure_app()
        kiosk = Kiosk(
            settings,
            store,
            problems=problems,
            demo=options.demo,
            executor=synchronous,
            settings_path=paths.config_file,
            view=view,
        )
        width, height = args.size
        try:
            kiosk.window.prepare_offscreen(QSize(width, height))
            kiosk.start(sync=False)
            if kiosk.demo_mode is None:
                # Nothing connects for a picture: say what it shows, not "connecting".
                kiosk.model.set_connection("snapshot")
            app.processEvents()
            if args.movers:
                kiosk.show_movers()
                app.processEvents()
            if args.find:
                kiosk.window.prepare_offscreen(QSize(width, height))
                kiosk.cloud.flush()
                if kiosk.explore is not None:
                    kiosk.explore.find_edit.setText(args.find)
                kiosk.find_word(args.find)
                app.processEvents()
            opened = args.open or (view.open_term if view else None)
            if opened:
                terms = kiosk.model.snapshot.terms
                if opened == "top" and terms:
                    kiosk.open_drilldown(terms[0].key)
                elif (view is not None and opened == view.open_term) or any(
                    t.key == opened for t in terms
                ):
                    kiosk.open_drilldown(opened)
                elif shown := [t for t in terms if t.label.casefold() == opened.casefold()]:
                    kiosk.open_drilldown(shown[0].key)  # as the cloud writes it
                else:
                    # A word as the cloud shows it ("Ice Cream", "Google"): found as the find
                    # box finds it, through its labels and spellings, or said not to be there.
                    kiosk.open_found(opened)
                    app.processEvents()
                    found = kiosk.exploring.found
                    if found is None or found.key is None:
                        why = found.reason if found is not None and found.reason else ""
                        print(
                            f"voc-kiosk: {opened!r} is not a word of this view"
                            + (f": {why}" if why else ".")
                            + " The snapshot shows the cloud.",
                            file=sys.stderr,
                        )
                app.processEvents()
            if args.ideas:
                kiosk.show_ideas()
                app.processEvents()
            if args.settings:
                return _snapshot_settings(kiosk, args.settings, args.out, QSize(width, height))
            if args.compose:
                terms = kiosk.model.snapshot.terms
                term = terms[0].key if args.compose == "top" and terms else args.compose
                return _snapshot_compose(kiosk, term, args.out, QSize(width, height))
            kiosk.snapshot(args.out, QSize(width, height))
        except OSError as exc:
            print(f"voc-kiosk: {exc}", file=sys.stderr)
            return 1
        finally:
            kiosk.stop()
            kiosk.window.deleteLater()
            store.close()
    print(f"wrote {args.out} ({width}x{height})")
    return 0
