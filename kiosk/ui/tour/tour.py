"""`kiosk tour`: screenshots of every screen of a sample application, for review and the manual.

Offscreen, 1920×1080. First the README set in `out_dir` (standard colours and size): the first
service (elderly_allowance if present) through home, consent, each question with a sample answer
(and one wrong ID number to show an error), review and receipt, one question of each field type
that service lacks, then the English home screen and first question. Pictures added later carry
a letter after the number of the one they follow, so the numbered set keeps its names: the
separate consent for sensitive data (02b), the home screen after declining it (02c), the volunteer
sign-in and the assisted banner on the ID question, and the review with the ID number shown
(the plain review shows it masked), the receipt after 打印凭条 with no printer set up (the fault
said, the PDF kept), a volunteer's 今天办的事 page, 好差评 (the faces, the reasons of a low
level) and 查进度 (typed, the answer, a mistyped number; kiosk/ui/tour/status_rating.py).
Then, unless `matrix` is False, every screen — including saving, help with a volunteer called,
and the time-out warning — for each language × colour theme × text size in
`out_dir/<language>/<theme>-<size>/`.
One window is reused throughout; only its look and language change. The volunteer is a stand-in
(TOUR_VOLUNTEER, badge TOUR_BADGE) that exists only in the tour: no registry or audit log is used.
Home shows stand-in notices throughout, and after the English pictures come 村民议事 (question,
suggestion, check, thank you, results) and 看通知 (kiosk/ui/tour/consultations.py).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import QApplication

from kiosk.domain.catalog import Catalog, Field, FieldType, Service, load_catalog
from kiosk.domain.samples import sample_answer
from kiosk.domain.session import Step
from kiosk.errors import KioskError
from kiosk.i18n import LANGUAGES
from kiosk.paths import database_path, ensure_data_dir
from kiosk.privacy.volunteers import Volunteer
from kiosk.ui.features.volunteer import VolunteerAccess
from kiosk.ui.inputs.keypad_input import KeypadInput
from kiosk.ui.look.theme import COLOUR_THEMES, TEXT_SIZES
from kiosk.ui.operations.receipt_jobs import ReceiptSetup
from kiosk.ui.operations.saving import SaveFn, store_saver
from kiosk.ui.shell.context import ResidentDefaults
from kiosk.ui.shell.main_window import MainWindow
from kiosk.ui.tour.consultations import TOUR_BOARD, consultation_shots
from kiosk.ui.tour.home import category_shots
from kiosk.ui.tour.status_rating import rating_shots, status_shots

PREFERRED_SERVICE = "elderly_allowance"
WRONG_ID_NUMBER = "110105194912310021"  # right length and birth date, wrong check digit
TOUR_BADGE = "20261103"
TOUR_VOLUNTEER = Volunteer("tour-volunteer", "李明")


def tour_sign_in(code: str) -> Volunteer | None:
    return TOUR_VOLUNTEER if code == TOUR_BADGE else None


class _Tour:
    def __init__(self, app: QApplication, window: MainWindow, save: SaveFn) -> None:
        self.app, self.window, self.save = app, window, save
        self.out_dir = Path()
        self.paths: list[Path] = []
        self._count = 0
        self._letter = 0
        self.numbered = True   # the README set: later additions get a letter, not a number

    def into(self, folder: Path, *, numbered: bool = False) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.out_dir, self._count, self._letter, self.numbered = folder, 0, 0, numbered

    def settle(self) -> None:
        for _ in range(3):
            self.app.processEvents()
            QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)

    def shot(self, name: str, *, added: bool = False) -> None:
        """The next picture; `added` ones in the README set are lettered (02b, 02c…)."""
        self.settle()
        if added and self.numbered and self._count:
            self._letter += 1
            path = self.out_dir / f"{self._count:02d}{chr(ord('a') + self._letter)}-{name}.png"
        else:
            self._count += 1
            self._letter = 0
            path = self.out_dir / f"{self._count:02d}-{name}.png"
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
        if self.window.session.step is Step.SENSITIVE_CONSENT:
            self.window.sensitive_consent.agree.click()

    def consents(self, service: Service) -> None:
        """Both consents; once declined (home offers the counter), then agreed."""
        self.window.home.tiles[service.id].click()
        self.shot("consent")
        self.next()
        if self.window.session.step is not Step.SENSITIVE_CONSENT:
            return
        self.shot("sensitive-consent", added=True)
        self.window.sensitive_consent.disagree.click()
        self.shot("home-declined", added=True)
        self.window.home.tiles[service.id].click()
        self.next()
        self.window.sensitive_consent.agree.click()

    def volunteer(self, field: Field) -> None:
        """A volunteer signs in on this question (the code shows as dots), the banner shows."""
        self.window.open_help()
        self.window.help_panel.sign_in.click()
        keypad = self.window.volunteer_page.keypad
        if keypad is None:
            raise KioskError("the volunteer sign-in has no keypad")
        for digit in TOUR_BADGE[:5]:
            keypad.keys[digit].click()
        self.shot("volunteer-sign-in", added=True)
        for digit in TOUR_BADGE[5:]:
            keypad.keys[digit].click()
        self.window.volunteer_page.bar.next.click()
        self.window.tasks.wait(10_000)  # the badge is checked on a worker
        self.settle()
        self.shot(f"question-{field.id}-assisted", added=True)
        self.window.volunteer_mode.sign_out()

    def walk(self, service: Service, *, extras: bool = False) -> None:
        self.shot("home")
        self.consents(service)
        shown_error = False
        while self.window.session.step is Step.QUESTION:
            field = self.field()
            if field.type is FieldType.ID_NUMBER and not shown_error:
                self.fill(WRONG_ID_NUMBER)
                self.next()
                self.shot(f"question-{field.id}-error")
                shown_error = True
            self.fill(sample_answer(field))
            self.shot(f"question-{field.id}")
            if field.type is FieldType.ID_NUMBER:
                if extras:
                    self.help_and_timeout()
                self.volunteer(field)
            self.next()
        self.shot("review")
        for button in self.window.review.reveal_buttons.values():
            button.click()   # the resident asks to see the ID number
            self.window.review.scroller.ensureWidgetVisible(button)
            self.shot("review-id-shown", added=True)
        submission = self.window.session.begin_submit()  # the saving screen, held still
        if extras:
            self.shot("saving")
        receipt = self.save(submission, self.window.ctx.language)
        self.window.session.submit_succeeded(receipt)
        self.shot("receipt")
        self.receipt_extras()
        self.next()
        added = lambda name: self.shot(name, added=True)  # noqa: E731 - a one-line adapter
        rating_shots(self.window, added)          # 好差评 after 完成, then skipped
        status_shots(self.window, added, receipt.tracking_number, self.settle)   # 查进度

    def receipt_extras(self) -> None:
        """打印凭条 with no printer set up (the fault, the PDF kept), then a volunteer's
        今天办的事 with this receipt in it."""
        self.window.receipt.print_button.click()
        self.window.tasks.wait(10_000)   # printing and the PDF run on a worker
        self.shot("receipt-print-fault", added=True)
        self.window.open_help()
        self.window.help_panel.sign_in.click()
        keypad = self.window.volunteer_page.keypad
        if keypad is None:
            raise KioskError("the volunteer sign-in has no keypad")
        for digit in TOUR_BADGE:
            keypad.keys[digit].click()
        self.window.volunteer_page.bar.next.click()
        self.window.tasks.wait(10_000)
        self.settle()
        self.window.open_help()
        self.window.help_panel.today.click()
        self.window.tasks.wait(10_000)   # the lists are read on a worker
        self.shot("volunteer-today", added=True)
        self.window.close_overlay()
        self.window.volunteer_mode.sign_out()

    def help_and_timeout(self) -> None:
        self.window.open_help()
        self.shot("help")
        self.window.help.call_volunteer()
        self.shot("help-volunteer-called")
        self.window.close_overlay()
        self.window.show_timeout_warning()
        self.shot("timeout-warning")
        self.window.help.extend_time()

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


def render_tour(out_dir: Path, data_dir: Path, language: str = "zh_CN", *, matrix: bool = True,
                languages: Sequence[str] = LANGUAGES, themes: Sequence[str] = COLOUR_THEMES,
                sizes: Sequence[str] = TEXT_SIZES) -> list[Path]:
    """Render every screen to PNG files under `out_dir`; returns their paths in order."""
    if QApplication.instance() is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from kiosk.ui.app import application, load_config

    app = application()
    ensure_data_dir(data_dir)
    catalog = load_catalog()
    try:
        hall_name = load_config(data_dir).hall_name
    except KioskError:
        hall_name = None
    service = next((s for s in catalog.services if s.id == PREFERRED_SERVICE),
                   catalog.services[0])
    from kiosk.store.store import Store

    with Store.open(database_path(data_dir)) as store:   # stand-in notices, read like real ones
        store.replace_announcements(TOUR_BOARD.announcements)
    save = store_saver(database_path(data_dir))
    window = MainWindow(catalog, save, defaults=ResidentDefaults(language=language),
                        hall_name=hall_name, volunteers=VolunteerAccess(tour_sign_in),
                        db_path=database_path(data_dir))   # ratings and 查进度 use it
    window.receipts.set_receipt_setup(ReceiptSetup(data_dir))   # kept PDFs and the volunteer's page
    window.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
    window.resize(1920, 1080)
    window.show()
    window.idle.stop()  # nothing times out while the tour takes its pictures
    window.consultations.refresh_board()          # the home screen shows the (stand-in) notices
    window.tasks.wait(10_000)
    tour = _Tour(app, window, save)
    try:
        tour.into(out_dir, numbered=True)
        tour.walk(service)
        tour.other_types(catalog, {f.type for f in service.fields})
        tour.english(service)
        consultation_shots(window, tour.shot)   # 村民议事, its results, 看通知
        category_shots(window, tour.shot)       # home with the services in categories
        for lang in languages if matrix else ():
            for colours in themes:
                for size in sizes:
                    window.apply_defaults(ResidentDefaults(lang, colours, size))
                    window.idle.stop()
                    tour.into(out_dir / lang / f"{colours}-{size}")
                    tour.walk(service, extras=True)
                    tour.other_types(catalog, {f.type for f in service.fields})
    finally:
        window.shutdown()
        window.close()
        window.deleteLater()
    return tour.paths
