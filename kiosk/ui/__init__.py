"""The touch-screen front end (Qt). Only this package imports PySide6.

Screens render the core's `SessionView` and send it events; they hold no flow logic of their own.
Entry points: `kiosk.ui.app.run_kiosk` (the kiosk) and `kiosk.ui.tour.tour.render_tour`
(screenshots).
"""
