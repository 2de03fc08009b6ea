"""Receipt printers: ESC/POS over USB, serial or network, the receipt layout, connection strings.

`python -m kiosk.printing CONNECTION [WIDTH]` prints a test receipt (kiosk/printing/printer.py).
"""
