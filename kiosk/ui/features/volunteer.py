"""Volunteer-assisted mode: sign in with a badge code, a banner while helping,
sign out (by hand, or by the idle time-out), every step in the audit log.

The way in is the 志愿者登录 button on the Help panel (Help is on every screen, F1 too). The badge
code is typed on the big keypad (shown as ●●●, said as "已输入 3 位") and checked on a worker by
`VolunteerRegistry.sign_in` (scrypt, ~50 ms a volunteer). Then `session.set_assistant(id)` makes
every application record who helped, and "志愿者 李明 正在帮忙" shows in the top bar (where the
hall's name is) on every screen until the volunteer signs out (志愿者退出 on the Help panel) or the
kiosk has been left alone for the idle time-out, which signs them out too.

Wrong codes: five in a row lock sign-in for five minutes. The count is kept in memory only (a
restart clears it, but restarting needs the technician's access to the machine); the PIN lock of
the technician panel is the one kept on disk.

Audit entries (role "volunteer"): sign_in / sign_out / timeout_sign_out with the volunteer's id
as actor; sign_in_failed / sign_in_locked with actor "unknown". Never the code itself. Each
application saved while a volunteer helps adds assisted_application (its tracking number and
id only), written by kiosk.ui.operations.saving once the application is stored.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.ui.bridges.audit_trail import AuditTrail
from kiosk.ui.screens.base import Screen
from kiosk.ui.shell.shell import Shell

if TYPE_CHECKING:
    from kiosk.privacy.volunteers import Volunteer

log = logging.getLogger(__name__)
MAX_WRONG_CODES = 5
LOCK_SECONDS = 300.0
ROLE = "volunteer"
UNKNOWN = "unknown"

SignInFn = Callable[[str], "Volunteer | None"]


@dataclass
class VolunteerAccess:
    """What volunteer mode needs: the badge check (runs on a worker) and the audit trail."""

    sign_in: SignInFn
    audit: AuditTrail | None = None
    clock: Callable[[], float] = field(default=time.monotonic)

    @classmethod
    def for_data_dir(cls, data_dir: Path) -> VolunteerAccess:
        def sign_in(code: str) -> Volunteer | None:
            # The registry (and hashlib's scrypt) when a badge is first shown, not at start.
            from kiosk.privacy.volunteers import VolunteerRegistry

            return VolunteerRegistry(data_dir).sign_in(code)

        return cls(sign_in, AuditTrail(data_dir))


class SignInGuard:
    """Counts wrong badge codes in a row; MAX_WRONG_CODES of them lock sign-in for a while."""

    def __init__(self, clock: Callable[[], float]) -> None:
        self._clock = clock
        self.wrong = 0
        self._locked_until = 0.0

    def locked_for(self) -> float:
        return max(0.0, self._locked_until - self._clock())

    def failed(self) -> bool:
        """One more wrong code; True if that locked sign-in."""
        self.wrong += 1
        if self.wrong >= MAX_WRONG_CODES:
            self.wrong = 0
            self._locked_until = self._clock() + LOCK_SECONDS
            return True
        return False

    def succeeded(self) -> None:
        self.wrong = 0


class VolunteerMode:
    """Who is helping at this kiosk (`volunteer`), signing them in and out, and their audit
    entries (`audit`, for the other features that act for a volunteer)."""

    def __init__(self, shell: Shell, access: VolunteerAccess | None) -> None:
        self._shell, self._access = shell, access
        self.volunteer: Volunteer | None = None
        self.sign_in_guard = SignInGuard(access.clock if access else time.monotonic)

    @property
    def available(self) -> bool:
        """Whether volunteers can sign in here at all."""
        return self._access is not None

    def page_built(self, name: str, page: Screen) -> None:
        p = self._shell.pages
        if name == "help":
            p.help.volunteer_sign_in_requested.connect(self.open_sign_in)
        elif name == "volunteer":
            p.volunteer.closed.connect(self._shell.overlay.close)
            p.volunteer.submitted.connect(self.submit_badge)
            p.volunteer.feedback.connect(self._shell.say)

    def new_resident(self) -> None:
        """Nothing: a volunteer goes on helping the next resident."""

    def audit(self, action: str, actor: str, **detail: object) -> None:
        access = self._access
        if access is not None and access.audit is not None:
            access.audit.record(ROLE, actor, action, **detail)

    def open_sign_in(self) -> None:
        """The Help panel's volunteer button: sign in, or (when signed in) sign out."""
        if self.volunteer is not None:
            self.sign_out()
            return
        if self._access is None:
            return
        page = self._shell.pages.volunteer
        page.present(self._shell.ctx)
        self._shell.overlay.show(page)
        self._show_lock_if_any()

    def _show_lock_if_any(self) -> bool:
        left = self.sign_in_guard.locked_for()
        if left <= 0:
            return False
        self._badge_problem(self._shell.ctx.t("ui.volunteer.locked",
                                              minutes=max(1, math.ceil(left / 60))))
        return True

    def _badge_problem(self, text: str) -> None:
        self._shell.pages.volunteer.show_problem(text)
        self._shell.say(text)

    def submit_badge(self, code: str) -> None:
        from kiosk.ui.screens.volunteer_sign_in import BADGE_DIGITS  # built with the page

        access, shell = self._access, self._shell
        if access is None or self._show_lock_if_any():
            return
        if len(code) != BADGE_DIGITS:
            self._badge_problem(shell.ctx.t("ui.volunteer.too_short", count=BADGE_DIGITS))
            return
        shell.pages.volunteer.set_busy(True)
        shell.say(shell.pages.volunteer.busy.words())
        check = access.sign_in
        shell.tasks.run(lambda: check(code), self._badge_checked, self._badge_failed)

    def _badge_checked(self, volunteer: Volunteer | None) -> None:
        shell = self._shell
        if volunteer is None:
            locked = self.sign_in_guard.failed()
            self.audit("sign_in_locked" if locked else "sign_in_failed", UNKNOWN)
            if not self._show_lock_if_any():
                self._badge_problem(shell.ctx.t("ui.volunteer.wrong"))
            return
        self.sign_in_guard.succeeded()
        self.volunteer = volunteer
        self.audit("sign_in", volunteer.id)
        shell.session.set_assistant(volunteer.id)   # renders the screen underneath, with banner
        shell.say(shell.ctx.t("ui.volunteer.signed_in", name=volunteer.name))

    def _badge_failed(self, error: Exception) -> None:
        log.error("checking a volunteer badge failed: %s", error)
        self._badge_problem(self._shell.ctx.t("ui.volunteer.failed"))

    def sign_out(self, *, timed_out: bool = False) -> None:
        volunteer = self.volunteer
        if volunteer is None:
            return
        self.volunteer = None
        self.audit("timeout_sign_out" if timed_out else "sign_out", volunteer.id)
        self._shell.session.set_assistant(None)    # renders the screen underneath, no banner
        if not timed_out:
            self._shell.say(self._shell.ctx.t("ui.volunteer.signed_out"))

    def banner_name(self) -> str | None:
        return self.volunteer.name if self.volunteer else None
