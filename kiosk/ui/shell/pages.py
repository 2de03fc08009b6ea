"""The set of pages the window shows, built for one Theme and rebuilt when the look changes.

Only home is built at once (it is the first frame); every other page is built, added to the
stack and handed to `on_built` (the window wires its signals there) the first time it is asked
for, and its module is imported then too. `all()` still gives every page (building the rest);
`built()` gives only those that exist, for code that must not build pages just to look at them.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from kiosk.domain.catalog import Catalog
from kiosk.domain.session import Step
from kiosk.ui.look.theme import Theme
from kiosk.ui.screens.base import Screen
from kiosk.ui.screens.home import HomeScreen

if TYPE_CHECKING:
    from PySide6.QtWidgets import QStackedWidget

    from kiosk.ui.screens.announcements import AnnouncementsScreen
    from kiosk.ui.screens.consent import ConsentScreen
    from kiosk.ui.screens.consultation import ConsultationScreen
    from kiosk.ui.screens.consultation_results import ConsultationResultsScreen
    from kiosk.ui.screens.help_panel import HelpPanel
    from kiosk.ui.screens.question import QuestionScreen
    from kiosk.ui.screens.rating import RatingScreen
    from kiosk.ui.screens.receipt import ReceiptScreen
    from kiosk.ui.screens.review import ReviewScreen
    from kiosk.ui.screens.sensitive_consent import SensitiveConsentScreen
    from kiosk.ui.screens.status_lookup import StatusLookupScreen
    from kiosk.ui.screens.timeout_panel import TimeoutPanel
    from kiosk.ui.screens.volunteer_sign_in import VolunteerSignIn
    from kiosk.ui.screens.volunteer_today import VolunteerTodayScreen

# name → (module under kiosk.ui.screens, class); each takes the Theme. In the order of `all()`.
SCREENS: dict[str, tuple[str, str]] = {
    "consent": ("consent", "ConsentScreen"),
    "sensitive": ("sensitive_consent", "SensitiveConsentScreen"),
    "question": ("question", "QuestionScreen"),
    "review": ("review", "ReviewScreen"),
    "receipt": ("receipt", "ReceiptScreen"),
    "help": ("help_panel", "HelpPanel"),
    "timeout": ("timeout_panel", "TimeoutPanel"),
    "volunteer": ("volunteer_sign_in", "VolunteerSignIn"),
    "status": ("status_lookup", "StatusLookupScreen"),
    "rating": ("rating", "RatingScreen"),
    "today": ("volunteer_today", "VolunteerTodayScreen"),        # a volunteer's 今天办的事
    "announcements": ("announcements", "AnnouncementsScreen"),   # 看通知, over home
    "consultation": ("consultation", "ConsultationScreen"),      # 村民议事, over home
    "consultation_results": ("consultation_results", "ConsultationResultsScreen"),
}
# The heavier pages of one resident's application: dropped when home is back (consent stays:
# every application starts there, and its prompt is timed, docs/benchmarks.md item 6a).
RESIDENT_PAGES = ("question", "review", "receipt", "rating")
STEP_PAGES: dict[Step, str] = {
    Step.HOME: "home", Step.CONSENT: "consent", Step.SENSITIVE_CONSENT: "sensitive",
    Step.QUESTION: "question", Step.REVIEW: "review", Step.SAVING: "review",
    Step.RECEIPT: "receipt"}
OnBuilt = Callable[[str, Screen], None]


def _page(name: str) -> property:
    return property(lambda self: self.get(name))


class Pages:
    def __init__(self, catalog: Catalog, theme: Theme, stack: QStackedWidget,
                 on_built: OnBuilt | None = None) -> None:
        self.theme, self._stack, self.on_built = theme, stack, on_built
        self.home = HomeScreen(catalog, theme)
        self._built: dict[str, Screen] = {"home": self.home}
        stack.addWidget(self.home)

    def get(self, name: str) -> Any:
        """The page `name`, built (and handed to `on_built`) if this is the first time."""
        page = self._built.get(name)
        if page is None:
            module, cls = SCREENS[name]
            factory = getattr(importlib.import_module(f"kiosk.ui.screens.{module}"), cls)
            page = cast(Screen, factory(self.theme))
            self._built[name] = page
            self._stack.addWidget(page)
            if self.on_built is not None:
                self.on_built(name, page)
        return page

    consent: ConsentScreen = cast(Any, _page("consent"))
    sensitive: SensitiveConsentScreen = cast(Any, _page("sensitive"))
    question: QuestionScreen = cast(Any, _page("question"))
    review: ReviewScreen = cast(Any, _page("review"))
    receipt: ReceiptScreen = cast(Any, _page("receipt"))
    help: HelpPanel = cast(Any, _page("help"))
    timeout: TimeoutPanel = cast(Any, _page("timeout"))
    volunteer: VolunteerSignIn = cast(Any, _page("volunteer"))
    status: StatusLookupScreen = cast(Any, _page("status"))
    rating: RatingScreen = cast(Any, _page("rating"))
    today: VolunteerTodayScreen = cast(Any, _page("today"))
    announcements: AnnouncementsScreen = cast(Any, _page("announcements"))
    consultation: ConsultationScreen = cast(Any, _page("consultation"))
    consultation_results: ConsultationResultsScreen = cast(Any, _page("consultation_results"))

    def is_built(self, name: str) -> bool:
        return name in self._built

    def shown(self, page: Screen | None, name: str) -> bool:
        """Whether `page` is the page `name` (False, without building it, if it was never made)."""
        return page is not None and self._built.get(name) is page

    def for_step(self, step: Step) -> Screen:
        return cast(Screen, self.get(STEP_PAGES[step]))

    def built_for_step(self, step: Step) -> Screen | None:
        return self._built.get(STEP_PAGES[step])

    def notice_pages(self) -> list[Screen]:
        return [self.announcements, self.consultation, self.consultation_results]

    def all(self) -> list[Screen]:
        """Every page, in a fixed order (builds those not built yet)."""
        return [self.home, *(cast(Screen, self.get(name)) for name in SCREENS)]

    def built(self) -> list[Screen]:
        return list(self._built.values())

    def drop(self, names: tuple[str, ...], keep: Screen | None = None) -> None:
        """Tear down the built pages `names` (all but `keep`); they are built again on use."""
        for name in names:
            page = self._built.get(name)
            if page is not None and page is not keep:
                del self._built[name]
                self._discard(page)

    def remove(self, stack: QStackedWidget) -> None:
        for page in self.built():
            self._discard(page, stack)
        self._built.clear()

    def _discard(self, page: Screen, stack: QStackedWidget | None = None) -> None:
        page.leave()
        (stack or self._stack).removeWidget(page)
        page.hide()
        page.deleteLater()
