"""Deployment tests reuse the UI fixtures (a window saving to a real store)."""

from tests.ui.conftest import badge_code, db_path, make_window, ui_catalog  # noqa: F401
