"""The hidden gate on the kiosk window; the PIN dialog and panel load when it is first used."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from kiosk.ui.technician.gate import TechnicianGate

if TYPE_CHECKING:
    from kiosk.speech.api import SpeechStatus
    from kiosk.ui.bridges.tasks import TaskRunner


def install_technician_access(window: QWidget, *, data_dir: Path, tasks: TaskRunner,
                              language: str, speech_status: Callable[[], SpeechStatus | None],
                              wake_sync: Callable[[], None]) -> TechnicianGate:
    """The one call the composition root makes: the hidden gate on `window`, opening the flow."""
    gate = TechnicianGate(parent=window)
    gate.install(window)

    def open_flow() -> None:
        from kiosk.ui.technician.flow import open_technician_flow

        open_technician_flow(window, data_dir=data_dir, tasks=tasks, language=language,
                             speech_status=speech_status, wake_sync=wake_sync)

    gate.requested.connect(open_flow)
    return gate
