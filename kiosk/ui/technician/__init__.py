"""The technician panel: a hidden gate, a PIN, then settings, Test connection, queue and health.

Wiring (in the composition root, `kiosk/ui/app.py`, after the window is made)::

    install_technician_access(window, data_dir=data_dir, tasks=window.tasks,
                              language=config.language, speech_status=window.speech.status,
                              wake_sync=bridge.wake)
"""

from kiosk.ui.technician.flow import (
    TechnicianOverlay,
    install_technician_access,
    open_technician_flow,
)
from kiosk.ui.technician.gate import TechnicianGate
from kiosk.ui.technician.panel import TechnicianPanel
from kiosk.ui.technician.pin_dialog import PinDialog

__all__ = ["PinDialog", "TechnicianGate", "TechnicianOverlay", "TechnicianPanel",
           "install_technician_access", "open_technician_flow"]
