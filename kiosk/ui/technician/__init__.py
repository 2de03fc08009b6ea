"""The technician panel: a hidden gate, a PIN, then settings, Test connection, queue and health.

Wiring (in the composition root, `kiosk/ui/app.py`, after the first frame)::

    install_technician_access(window, data_dir=data_dir, tasks=window.tasks,
                              language=config.language, speech_status=window.speech.status,
                              wake_sync=bridge.wake)

The names below are imported on first use (PEP 562), so installing the gate
(`kiosk.ui.technician.access`) does not load the panel until a technician opens it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kiosk.ui.technician.access import install_technician_access
    from kiosk.ui.technician.flow import TechnicianOverlay, open_technician_flow
    from kiosk.ui.technician.gate import TechnicianGate
    from kiosk.ui.technician.panel import TechnicianPanel
    from kiosk.ui.technician.pin_dialog import PinDialog

_WHERE = {"install_technician_access": "access", "TechnicianOverlay": "flow",
          "open_technician_flow": "flow", "TechnicianGate": "gate", "TechnicianPanel": "panel",
          "PinDialog": "pin_dialog"}

__all__ = ["PinDialog", "TechnicianGate", "TechnicianOverlay", "TechnicianPanel",
           "install_technician_access", "open_technician_flow"]


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_WHERE[name]}"), name)
