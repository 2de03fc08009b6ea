"""`kiosk tour`: screenshots of every screen of a sample application, for review and the manual.

Offscreen, 1920×1080. Walks the first service (elderly_allowance if present) through home,
consent, each question with a sample answer (and one wrong ID number to show an error), review
and receipt, saving to a real store in `data_dir`; then one question of each field type the first
service lacks, and the English home screen and first question.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, Qt, QTimer, SignalInstance
from PySide6.QtWidgets import QApplication

from kiosk.catalog import Catalog, Field, FieldType, Service, load_catalog
from kiosk.errors import KioskError
from kiosk.paths import database_path, ensure_data_dir
from kiosk.samples import sample_answer
from kiosk.session import Step
from kiosk.ui.inputs.keypad_input import KeypadInput
from kiosk.ui.main_window import MainWindow
from kiosk.ui.saving import store_saver

PREFERRED_SERVICE = "elderly_allowance"
WRONG_ID_NUMBER = "110105194912310021"  # right length and birth date, wrong check digit
SAVE_TIMEOUT_MS = 30_000


def _wait_until(condition: Callable[[], bool], signal: SignalInstance, timeout_ms: int) -> None:
    if condition():
        return
    loop = QEventLoop()

    def check(*_args: object) -> None:
        if condition():
            loop.quit()

    signal.connect(check)
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()
    signal.disconnect(check)
    if not condition():
        raise KioskError("the tour timed out waiting for the application to be saved")


class _Tour:
    def __init__(self, app: QApplication, window: MainWindow, out_dir: Path) -> None:
        self.app, self.window, self.out_dir = app, window, out_dir
        self.paths: list[Path] = []

    def settle(self) -> None:
        for _ in range(3):
            self.app.processEvents()
            QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)

    def shot(self, name: str) -> None:
        self.settle()
        path = self.out_dir / f"{len(self.paths) + 1:02d}-{name}.png"
        if not self.window.grab().save(str(path)):
            raise KioskError(f"could not write the screenshot {path}")
        self.paths.append(path)

    def field(self) -> Field:
        field = self.window.session.view.field
        if field is None:
            raise KioskError("the tour expected a question screen")
        return field

    def fill(self, raw: object) -> None:
        entry = self.window.question.input
        if entry is None:
            raise KioskError("the question screen has no input")
        if isinstance(entry, KeypadInput):
            entry.keypad.clear()
            entry.type_keys(str(raw))  # as a finger would, key by key
        else:
            entry.set_raw(raw)

    def next(self) -> None:
        self.window.current_screen().bar.next.click()

    def open_service(self, service: Service) -> None:
        self.window.home.tiles[service.id].click()
        self.window.consent.bar.next.click()

    def walk(self, service: Service) -> None:
        self.shot("home")
        self.window.home.tiles[service.id].click()
        self.shot("consent")
        self.next()
        while self.window.session.step is Step.QUESTION:
            field = self.field()
            if field.type is FieldType.ID_NUMBER and not any("error" in p.name
                                                             for p in self.paths):
                self.fill(WRONG_ID_NUMBER)
                self.next()
                self.shot(f"question-{field.id}-error")
            self.fill(sample_answer(field))
            self.shot(f"question-{field.id}")
            self.next()
        self.shot("review")
        self.next()
        _wait_until(lambda: self.window.session.step is Step.RECEIPT,
                    self.window.view_changed, SAVE_TIMEOUT_MS)
        self.shot("receipt")
        self.next()

    def other_types(self, catalog: Catalog, seen: set[FieldType]) -> None:
        """One screenshot for each field type the first service does not use."""
        for field_type in FieldType:
            if field_type in seen:
                continue
            found = next(((s, f) for s in catalog.services for f in s.fields
                          if f.type is field_type), None)
            if found is None:
                continue
            service, wanted = found
            self.open_service(service)
            while self.field().id != wanted.id:
                self.fill(sample_answer(self.field()))
                self.next()
            self.fill(sample_answer(wanted))
            self.shot(f"question-{service.id}-{wanted.id}")
            self.window.session.reset()

    def english(self, service: Service) -> None:
        self.window.set_language("en")
        self.shot("en-home")
        self.open_service(service)
        self.shot(f"en-question-{self.field().id}")
        self.window.session.reset()


def render_tour(out_dir: Path, data_dir: Path, language: str = "zh_CN") -> list[Path]:
    """Render every screen to PNG files in `out_dir`; returns their paths in order."""
    if QApplication.instance() is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from kiosk.ui.app import application, load_config

    app = application()
    out_dir.mkdir(parents=True, exist_ok=True)
    ensure_data_dir(data_dir)
    catalog = load_catalog()
    try:
        hall_name = load_config(data_dir).hall_name
    except KioskError:
        hall_name = None
    service = next((s for s in catalog.services if s.id == PREFERRED_SERVICE),
                   catalog.services[0])
    from kiosk.store import Store

    Store.open(database_path(data_dir)).close()
    window = MainWindow(catalog, store_saver(database_path(data_dir)), language=language,
                        hall_name=hall_name)
    window.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
    window.resize(1920, 1080)
    window.show()
    tour = _Tour(app, window, out_dir)
    try:
        tour.walk(service)
        tour.other_types(catalog, {f.type for f in service.fields})
        tour.english(service)
    finally:
        window.shutdown()
        window.close()
        window.deleteLater()
    return tour.paths
