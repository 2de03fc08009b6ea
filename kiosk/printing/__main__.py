"""`python -m kiosk.printing`: print a test receipt (see kiosk/printing/printer.py)."""

from kiosk.printing.printer import main

if __name__ == "__main__":   # importing it (the layering test imports every module) prints nothing
    raise SystemExit(main())
