"""`kiosk tour`: every screen as a picture, in every language, theme and size."""
