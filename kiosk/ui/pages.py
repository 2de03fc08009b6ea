"""The set of pages the window shows, built for one Theme and rebuilt when the look changes."""

from __future__ import annotations

from PySide6.QtWidgets import QStackedWidget

from kiosk.catalog import Catalog
from kiosk.session import Step
from kiosk.ui.screens.announcements import AnnouncementsScreen
from kiosk.ui.screens.base import Screen
from kiosk.ui.screens.consent import ConsentScreen
from kiosk.ui.screens.consultation import ConsultationScreen
from kiosk.ui.screens.consultation_results import ConsultationResultsScreen
from kiosk.ui.screens.help_panel import HelpPanel
from kiosk.ui.screens.home import HomeScreen
from kiosk.ui.screens.question import QuestionScreen
from kiosk.ui.screens.rating import RatingScreen
from kiosk.ui.screens.receipt import ReceiptScreen
from kiosk.ui.screens.review import ReviewScreen
from kiosk.ui.screens.sensitive_consent import SensitiveConsentScreen
from kiosk.ui.screens.status_lookup import StatusLookupScreen
from kiosk.ui.screens.timeout_panel import TimeoutPanel
from kiosk.ui.screens.volunteer_sign_in import VolunteerSignIn
from kiosk.ui.screens.volunteer_today import VolunteerTodayScreen
from kiosk.ui.theme import Theme


class Pages:
    def __init__(self, catalog: Catalog, theme: Theme, stack: QStackedWidget) -> None:
        self.theme = theme
        self.home = HomeScreen(catalog, theme)
        self.consent = ConsentScreen(theme)
        self.sensitive = SensitiveConsentScreen(theme)
        self.question = QuestionScreen(theme)
        self.review = ReviewScreen(theme)
        self.receipt = ReceiptScreen(theme)
        self.help = HelpPanel(theme)
        self.timeout = TimeoutPanel(theme)
        self.volunteer = VolunteerSignIn(theme)
        self.status = StatusLookupScreen(theme)
        self.rating = RatingScreen(theme)
        self.announcements = AnnouncementsScreen(theme)   # 看通知, over home
        self.consultation = ConsultationScreen(theme)     # 村民议事, over home
        self.consultation_results = ConsultationResultsScreen(theme)
        self.today = VolunteerTodayScreen(theme)   # a volunteer's 今天办的事
        self.by_step: dict[Step, Screen] = {
            Step.HOME: self.home, Step.CONSENT: self.consent,
            Step.SENSITIVE_CONSENT: self.sensitive, Step.QUESTION: self.question,
            Step.REVIEW: self.review, Step.SAVING: self.review, Step.RECEIPT: self.receipt}
        for page in self.all():
            stack.addWidget(page)

    def notice_pages(self) -> list[Screen]:
        return [self.announcements, self.consultation, self.consultation_results]

    def all(self) -> list[Screen]:
        return [self.home, self.consent, self.sensitive, self.question, self.review, self.receipt,
                self.help, self.timeout, self.volunteer, self.status, self.rating,
                self.today, *self.notice_pages()]

    def remove(self, stack: QStackedWidget) -> None:
        for page in self.all():
            page.leave()
            stack.removeWidget(page)
            page.hide()
            page.deleteLater()
