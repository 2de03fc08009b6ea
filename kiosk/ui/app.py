"""The composition root of the kiosk UI: settings, catalog, store, sync bridge, window."""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.catalog import Catalog, load_catalog
from kiosk.errors import KioskError
from kiosk.i18n import DEFAULT_LANGUAGE, Translator
from kiosk.paths import database_path, ensure_data_dir
from kiosk.ui.main_window import MainWindow
from kiosk.ui.saving import store_saver
from kiosk.ui.screens.startup_error import StartupErrorScreen
from kiosk.ui.sync_bridge import RunnerFactory, SyncBridge
from kiosk.ui.theme import FALLBACK_FAMILIES, STANDARD

log = logging.getLogger(__name__)
SCREEN_SIZE = (1920, 1080)


@dataclass(frozen=True)
class KioskConfig:
    language: str = DEFAULT_LANGUAGE
    hall_name: str | None = None


def application() -> QApplication:
    """The one QApplication, with the kiosk's font (CJK first, then fallbacks)."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    font = QFont()
    font.setFamilies(list(FALLBACK_FAMILIES))
    font.setPixelSize(STANDARD.body_px)
    app.setFont(font)
    return app


def load_config(data_dir: Path) -> KioskConfig:
    """Language and hall name from the settings file (defaults if settings are unavailable)."""
    try:
        from kiosk.settings import Settings
    except ImportError:  # pragma: no cover - settings.py ships with the core
        return KioskConfig()
    settings = Settings.load(data_dir)
    return KioskConfig(language=str(settings.get("ui.language") or DEFAULT_LANGUAGE),
                       hall_name=str(settings.get("ui.hall_name") or "") or None)


def prepare(data_dir: Path) -> tuple[KioskConfig, Catalog]:
    """Everything that can fail before a resident sees anything; raises KioskError."""
    from kiosk.store import Store

    ensure_data_dir(data_dir)
    config = load_config(data_dir)
    catalog = load_catalog()
    Store.open(database_path(data_dir)).close()  # creates and migrates the database once
    return config, catalog


def show(window: QWidget, fullscreen: bool) -> None:
    if fullscreen:
        # Without a window manager (a bare X session on a kiosk, or Xvfb) a full-screen request
        # is not honoured, so cover the screen ourselves first.
        screen = window.screen() or QGuiApplication.primaryScreen()
        if screen is not None:
            window.setGeometry(screen.geometry())
        window.showFullScreen()
    else:
        window.resize(*SCREEN_SIZE)
        window.show()


@dataclass
class RunningKiosk:
    """What `start_kiosk` put on screen: the kiosk window, or the start-up error screen."""

    window: QWidget
    bridge: SyncBridge | None = None

    @property
    def ok(self) -> bool:
        return isinstance(self.window, MainWindow)

    def stop(self) -> None:
        if isinstance(self.window, MainWindow):
            self.window.shutdown()  # a save in progress finishes first
        if self.bridge is not None:
            self.bridge.stop()
        self.window.close()


def start_kiosk(data_dir: Path, *, fullscreen: bool = True,
                runner_factory: RunnerFactory | None = None) -> RunningKiosk:
    """Build and show the kiosk (or a plain start-up error); the caller runs the event loop."""
    application()
    try:
        config, catalog = prepare(data_dir)
    except KioskError as exc:
        log.error("the kiosk cannot start: %s", exc)
        error_screen = StartupErrorScreen(str(exc), Translator(DEFAULT_LANGUAGE))
        show(error_screen, fullscreen)
        return RunningKiosk(error_screen)
    bridge = SyncBridge(data_dir, runner_factory)
    window = MainWindow(catalog, store_saver(database_path(data_dir)),
                        language=config.language, hall_name=config.hall_name,
                        on_saved=bridge.wake)
    bridge.status_changed.connect(window.set_sync_status)
    bridge.start()
    show(window, fullscreen)
    return RunningKiosk(window, bridge)


def run_kiosk(data_dir: Path, *, fullscreen: bool = True,
              runner_factory: RunnerFactory | None = None) -> int:
    """Run the kiosk until its window closes; returns the exit status (1 if it could not start)."""
    app = application()
    kiosk = start_kiosk(data_dir, fullscreen=fullscreen, runner_factory=runner_factory)
    try:
        status = app.exec()
    finally:
        kiosk.stop()
    return status if kiosk.ok else 1
