"""Township Kiosk."""
