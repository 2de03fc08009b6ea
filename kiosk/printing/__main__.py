"""`python -m kiosk.printing`: print a test receipt (see kiosk/printing/printer.py)."""

from kiosk.printing.printer import main

raise SystemExit(main())
