"""`python -m kiosk.ui.screen_probe`: what Qt says about the screen, as one JSON line.

Run by `kiosk doctor` (kiosk/deploy/machine_check.py) in a subprocess, because nothing outside
kiosk/ui may load Qt.
"""

from __future__ import annotations

import json
import sys

from PySide6.QtGui import QGuiApplication


def probe() -> dict[str, object]:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    screen = QGuiApplication.primaryScreen()
    if screen is None:
        return {"platform": QGuiApplication.platformName(), "screens": 0}
    size, physical = screen.size(), screen.physicalSize()
    ratio = screen.devicePixelRatio()
    del app
    return {"platform": QGuiApplication.platformName(),
            "screens": len(QGuiApplication.screens()),
            # logical pixels: the unit of the theme's sizes (a 96 px button is 96 of these)
            "width_px": size.width(), "height_px": size.height(),
            "width_mm": round(physical.width(), 1), "height_mm": round(physical.height(), 1),
            "device_pixel_ratio": ratio}


if __name__ == "__main__":
    print(json.dumps(probe()))
