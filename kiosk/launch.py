"""What a command starts from: the paths, and the settings with the command line on top.

Qt-free, so a headless command (``sync``, ``secret``) reads its settings without loading a
widget toolkit.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kiosk.paths import Paths
from kiosk.settings import Problem, Settings, load_settings

__all__ = ["LaunchOptions", "apply_overrides", "load"]


@dataclass(frozen=True, slots=True)
class LaunchOptions:
    """What the command line asked for; None means 'as the settings say'."""

    config: Path | None = None
    data_dir: Path | None = None
    profile: str | None = None
    fullscreen: bool | None = None
    demo: str | None = None  # "static" or "live"
    theme: str | None = None
    palette: str | None = None


def apply_overrides(settings: Settings, options: LaunchOptions) -> Settings:
    """Return the settings with the command line's choices on top."""
    changes: dict[str, object] = {}
    if options.profile:
        changes["profile"] = options.profile
    if options.theme:
        changes["display__theme"] = options.theme
    if options.palette:
        changes["display__palette"] = options.palette
    return settings.replace(**changes) if changes else settings


def load(options: LaunchOptions) -> tuple[Paths, Settings, list[Problem]]:
    """Resolve the paths and read the settings, with the command line on top."""
    paths = Paths.resolve(options.config, options.data_dir)
    settings, problems = load_settings(paths.config_file)
    return paths, apply_overrides(settings, options), problems
