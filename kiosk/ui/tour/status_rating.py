"""The 好差评 and 查进度 pictures of `kiosk tour` (see kiosk/ui/tour/tour.py).

The tour's window has the tour's own database, so the rating page appears after the receipt's
完成 exactly as for a resident, and the status look-up finds the application the tour just saved.
Nothing is rated: the tour shows the faces and the reasons, then skips.
"""

from __future__ import annotations

from collections.abc import Callable

from kiosk.domain.ratings import REASON_LEVELS
from kiosk.errors import KioskError
from kiosk.ui.shell.main_window import MainWindow

Shot = Callable[[str], None]
MISTYPED_NUMBER = "123412341235"   # twelve digits whose check digit is wrong


def rating_shots(window: MainWindow, shot: Shot) -> None:
    """After the receipt's 完成: the five faces, the reasons of a low level, then 跳过."""
    if not window.status_rating.rating_open():
        return
    page = window.pages.rating
    shot("rating")
    page.choose(min(REASON_LEVELS))
    first = next(iter(page.reasons.values()), None)
    if first is not None:
        first.click()   # one reason ticked, to show how a chosen one looks
    shot("rating-reasons")
    page.bar.skip.click()


def status_shots(window: MainWindow, shot: Shot, tracking_number: str,
                 settle: Callable[[], None]) -> None:
    """查进度 from home: the keypad with the number typed, the answer, and a mistyped number."""
    window.status_rating.open_status_lookup()
    page = window.pages.status
    if page.keypad is None:
        raise KioskError("the status look-up has no keypad")
    for digit in tracking_number:
        page.keypad.keys[digit].click()
    shot("status-typed")
    page.bar.next.click()
    window.tasks.wait(10_000)   # the look-up runs on a worker
    settle()
    shot("status-result")
    page.bar.next.click()       # 再查一个
    for digit in MISTYPED_NUMBER:
        page.keypad.keys[digit].click()
    page.bar.next.click()
    window.tasks.wait(10_000)
    settle()
    shot("status-mistyped")
    window.status_rating.close_status_lookup()
