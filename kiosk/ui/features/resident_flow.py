"""Which window methods each page's signals go to, wired when Pages first builds the page."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kiosk.ui.screens.base import Screen

if TYPE_CHECKING:
    from kiosk.ui.shell.main_window import MainWindow


def wire_page(window: MainWindow, name: str, page: Screen) -> None:
    """Connect the page `name` (just built) to `window`; its mixins wire their own pages."""
    s, p = window._event, window.pages
    page.bar.repeat_clicked.connect(window.repeat)
    if name == "home":
        p.home.service_chosen.connect(lambda sid: s(lambda: window.session.start(sid)))
        p.home.feedback.connect(window.say)   # a page turned, a category opened or left
    elif name == "consent":
        p.consent.accepted.connect(lambda: s(window.session.accept_consent))
        p.consent.declined.connect(lambda: s(window.session.decline_consent))
    elif name == "sensitive":
        p.sensitive.accepted.connect(lambda: s(window.session.accept_sensitive_consent))
        p.sensitive.declined.connect(lambda: s(window.session.decline_consent))
        p.sensitive.back_requested.connect(lambda: s(window.session.back))
    elif name == "question":
        p.question.answered.connect(lambda raw: s(lambda: window.session.answer(raw)))
        p.question.skipped.connect(lambda: s(lambda: window.session.answer(None)))
        p.question.back_requested.connect(lambda: s(window.session.back))
        p.question.feedback.connect(window.say)
    elif name == "review":
        p.review.edit_requested.connect(lambda fid: s(lambda: window.session.edit(fid)))
        p.review.back_requested.connect(lambda: s(window.session.back))
        p.review.submit_requested.connect(window.submit)
        p.review.feedback.connect(window.say)
    elif name == "receipt":
        p.receipt.done.connect(window.finish_receipt)
    elif name == "help":
        p.help.closed.connect(window.close_overlay)
        p.help.volunteer_requested.connect(window.call_volunteer)
        p.help.volunteer_sign_in_requested.connect(window.open_volunteer_sign_in)
        p.help.rate_chosen.connect(window.speech.set_rate)
        p.help.volume_chosen.connect(window.speech.set_volume_index)
    elif name == "volunteer":
        p.volunteer.closed.connect(window.close_overlay)
        p.volunteer.submitted.connect(window.submit_badge)
        p.volunteer.feedback.connect(window.say)
    elif name == "timeout":
        p.timeout.extend.connect(window.extend_time)
    window._connect_feedback(name)
    window._connect_receipts(name)
    window._connect_consultations(name)
