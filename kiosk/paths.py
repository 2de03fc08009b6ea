"""Where the kiosk keeps things: the data directory and the assets shipped with the code."""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "township-kiosk"
DATA_DIR_ENV = "KIOSK_DATA_DIR"
ASSETS_DIR_ENV = "KIOSK_ASSETS_DIR"


def resolve_data_dir(option: str | os.PathLike[str] | None = None) -> Path:
    """The data directory: the `--data-dir` option, else $KIOSK_DATA_DIR, else the user data dir."""
    chosen = option or os.environ.get(DATA_DIR_ENV)
    if not chosen:
        import platformdirs  # only for the default: `kiosk run` is normally given the folder

        chosen = platformdirs.user_data_dir(APP_NAME)
    return Path(chosen).expanduser().resolve()


def user_cache_dir() -> Path:
    """The user's cache folder for the kiosk (what platformdirs.user_cache_dir says).

    On Linux this is the XDG rule itself ($XDG_CACHE_HOME if it is an absolute path, else
    ~/.cache), because importing platformdirs costs time at the window's start, which reads
    its parsed-TOML cache from here before the first frame; elsewhere platformdirs answers.
    """
    if sys.platform.startswith("linux"):
        base = os.environ.get("XDG_CACHE_HOME", "").strip()
        if not os.path.isabs(base):
            base = os.path.expanduser("~/.cache")
        return Path(base) / APP_NAME
    import platformdirs

    return Path(platformdirs.user_cache_dir(APP_NAME))


def ensure_data_dir(data_dir: Path) -> Path:
    """Create the data directory readable by the kiosk user only (it holds personal data)."""
    data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    return data_dir


def assets_dir() -> Path:
    """The `assets/` folder: next to the package in a checkout, or $KIOSK_ASSETS_DIR."""
    override = os.environ.get(ASSETS_DIR_ENV)
    if override:
        return Path(override)
    return Path(__file__).resolve().parent.parent / "assets"


def database_path(data_dir: Path) -> Path:
    return data_dir / "kiosk.sqlite3"


def config_path(data_dir: Path) -> Path:
    return data_dir / "config.toml"
