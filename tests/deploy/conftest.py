"""Deployment tests reuse the UI fixtures (a window saving to a real store)."""

from tests.helpers.kiosk_window import badge_code, db_path, make_window, ui_catalog  # noqa: F401
