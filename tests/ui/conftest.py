"""UI test fixtures (defined in tests/helpers/kiosk_window.py, shared with tests/deploy)."""

from tests.helpers.kiosk_window import badge_code, db_path, make_window, ui_catalog  # noqa: F401
