"""The composition root of the kiosk UI: settings, catalog, store, sync bridge, window."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import QApplication, QWidget

from kiosk import crash_report
from kiosk.catalog import Catalog
from kiosk.catalog_cache import load_active_catalog
from kiosk.errors import KioskError
from kiosk.i18n import DEFAULT_LANGUAGE, Translator
from kiosk.paths import database_path, ensure_data_dir
from kiosk.speech import create_speaker
from kiosk.sync.status import SyncStatus
from kiosk.ui.context import ResidentDefaults
from kiosk.ui.kiosk_mode import apply_kiosk_mode
from kiosk.ui.main_window import MainWindow
from kiosk.ui.saving import store_saver
from kiosk.ui.screens.startup_error import StartupErrorScreen
from kiosk.ui.speech_bridge import SpeakerFactory, SpeechBridge
from kiosk.ui.sync_bridge import RunnerFactory, SyncBridge
from kiosk.ui.technician import install_technician_access
from kiosk.ui.theme import FALLBACK_FAMILIES, STANDARD
from kiosk.ui.window_volunteer import VolunteerAccess

log = logging.getLogger(__name__)
SCREEN_SIZE = (1920, 1080)
EXIT_CRASHED = 70  # EX_SOFTWARE


@dataclass(frozen=True)
class KioskConfig:
    language: str = DEFAULT_LANGUAGE
    hall_name: str | None = None
    defaults: ResidentDefaults = field(default_factory=ResidentDefaults)
    speech_enabled: bool = True
    sync_in_ui: bool = True  # False when the kiosk-sync service sends (install-service)


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
    language = str(settings.get("ui.language") or DEFAULT_LANGUAGE)
    defaults = ResidentDefaults(
        language=language, theme=str(settings.get("ui.theme")),
        text_size=str(settings.get("ui.text_size")),
        private_listening=bool(settings.get("speech.private_listening")),
        idle_timeout_s=float(settings.get("ui.idle_timeout_seconds")),
        idle_warning_s=float(settings.get("ui.idle_warning_seconds")))
    return KioskConfig(language=language,
                       hall_name=str(settings.get("ui.hall_name") or "") or None,
                       defaults=defaults, speech_enabled=bool(settings.get("speech.enabled")),
                       sync_in_ui=bool(settings.get("sync.run_in_ui")))


def prepare(data_dir: Path) -> tuple[KioskConfig, Catalog]:
    """Everything that can fail before a resident sees anything; raises KioskError."""
    from kiosk.store import Store

    ensure_data_dir(data_dir)
    config = load_config(data_dir)
    catalog = load_active_catalog(data_dir)
    Store.open(database_path(data_dir)).close()  # creates and migrates the database once
    return config, catalog


def follow_catalog(window: MainWindow, data_dir: Path, status: SyncStatus) -> None:
    """When sync installed a newer catalog, hand it to the window (a few ms of TOML reading)."""
    if status.catalog_version and status.catalog_version != window.catalog.version:
        try:
            window.set_catalog(load_active_catalog(data_dir))
        except KioskError:
            log.exception("the new catalog could not be loaded; keeping the current one")


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


def default_speaker_factory(enabled: bool) -> SpeakerFactory:
    return lambda on_event: create_speaker(on_event, enabled=enabled)


def volunteer_recorder(db_path: Path) -> Callable[[str, str | None], int]:
    """Records a volunteer call on the calling (worker) thread, with its own connection."""
    from kiosk.store import Store

    def record(screen: str, service_id: str | None) -> int:
        store = Store.open(db_path)
        try:
            return store.record_volunteer_request(screen, service_id)
        finally:
            store.close()

    return record


def start_kiosk(data_dir: Path, *, fullscreen: bool = True,
                runner_factory: RunnerFactory | None = None,
                speaker_factory: SpeakerFactory | None = None,
                kiosk_mode: bool = False) -> RunningKiosk:
    """Build and show the kiosk (or a plain start-up error); the caller runs the event loop."""
    application()
    try:
        config, catalog = prepare(data_dir)
    except KioskError as exc:
        log.error("the kiosk cannot start: %s", exc)
        error_screen = StartupErrorScreen(str(exc), Translator(DEFAULT_LANGUAGE))
        if kiosk_mode:
            apply_kiosk_mode(error_screen)
        else:
            show(error_screen, fullscreen)
        return RunningKiosk(error_screen)
    if runner_factory is None and not config.sync_in_ui:  # the kiosk-sync service sends
        from kiosk.sync.service import ServiceStatusWatcher

        runner_factory = ServiceStatusWatcher
    bridge = SyncBridge(data_dir, runner_factory)
    speech = SpeechBridge(speaker_factory or default_speaker_factory(config.speech_enabled))
    window = MainWindow(catalog, store_saver(database_path(data_dir)),
                        defaults=config.defaults, hall_name=config.hall_name,
                        on_saved=bridge.wake, speech=speech,
                        record_volunteer=volunteer_recorder(database_path(data_dir)),
                        volunteers=VolunteerAccess.for_data_dir(data_dir),
                        db_path=database_path(data_dir))
    bridge.status_changed.connect(window.set_sync_status)
    bridge.status_changed.connect(lambda status: follow_catalog(window, data_dir, status))
    bridge.start()
    install_technician_access(window, data_dir=data_dir, tasks=window.tasks,
                              language=config.language, speech_status=window.speech.status,
                              wake_sync=bridge.wake)
    if kiosk_mode:
        apply_kiosk_mode(window)
    else:
        show(window, fullscreen)
    log.info("kiosk window shown (pid %s, kiosk mode %s)", os.getpid(), kiosk_mode)
    return RunningKiosk(window, bridge)


def run_kiosk(data_dir: Path, *, fullscreen: bool = True,
              runner_factory: RunnerFactory | None = None,
              speaker_factory: SpeakerFactory | None = None, kiosk_mode: bool = False) -> int:
    """Run the kiosk until its window closes; returns the exit status (1 if it could not start,
    EXIT_CRASHED after an uncaught error: the watchdog then starts a fresh window)."""
    app = application()
    # An error nobody caught is written down (no personal data) and ends this run, so the
    # resident gets a fresh screen from the watchdog rather than a half-broken one.
    reporter = crash_report.install(data_dir, "ui", on_uncaught=lambda _e: app.exit(EXIT_CRASHED))
    kiosk = start_kiosk(data_dir, fullscreen=fullscreen, runner_factory=runner_factory,
                        speaker_factory=speaker_factory, kiosk_mode=kiosk_mode)
    try:
        status = app.exec()
    finally:
        kiosk.stop()
        reporter.close()
    return status if kiosk.ok else 1
