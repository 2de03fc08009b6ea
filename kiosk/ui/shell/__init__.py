"""The window's shell: main window, pages, context, keyboard, scanner, idle watch, kiosk mode."""
