"""The technician's look: the standard theme's colours at reading size (26 px), finger-sized
targets (≥ 72 px). Applied on the panel's root, so it wins over the resident window's stylesheet.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from kiosk.ui.look.theme import FONT_FAMILY, STANDARD

TEXT_PX = 26
SMALL_PX = 22
HEADING_PX = 34
TARGET_PX = 72
GAP_PX = 24
MARGIN_PX = 48
# Verdict badges: never colour alone, always a sign and words beside them.
OK_BACKGROUND = "#1B5E20"   # 7.9:1 with white
WARN_BACKGROUND = "#7A4B00"   # 7.0:1 with white
FAIL_BACKGROUND = STANDARD.error_background
SKIPPED_BACKGROUND = "#5A5A5A"


def stylesheet() -> str:
    t = STANDARD
    return f"""
QWidget {{ font-family: "{FONT_FAMILY}"; font-size: {TEXT_PX}px; color: {t.text}; }}
QWidget#TechnicianRoot, QWidget#TechnicianRoot QStackedWidget, QScrollArea,
QScrollArea > QWidget > QWidget {{ background: {t.background}; }}
QWidget#TechnicianHeader {{
    background: {t.bar_background}; border-bottom: 2px solid {t.tile_border};
}}
QWidget#TechnicianSidebar {{ background: {t.bar_background}; }}
QLabel {{ background: transparent; }}
QLabel[role="title"] {{ font-size: {HEADING_PX}px; font-weight: bold; }}
QLabel[role="heading"] {{ font-size: 30px; font-weight: bold; }}
QLabel[role="help"], QLabel[role="hint"] {{ color: {t.muted_text}; font-size: {SMALL_PX}px; }}
QLabel[role="error"] {{ color: {t.error_background}; font-weight: bold; }}
QLabel[role="value"] {{ font-weight: bold; }}
QLabel[role="badge"] {{
    color: #FFFFFF; font-size: 30px; font-weight: bold; border-radius: 28px;
    min-width: 56px; max-width: 56px; min-height: 56px; max-height: 56px;
}}
QLabel[role="badge"][verdict="pass"] {{ background: {OK_BACKGROUND}; }}
QLabel[role="badge"][verdict="warn"] {{ background: {WARN_BACKGROUND}; }}
QLabel[role="badge"][verdict="fail"] {{ background: {FAIL_BACKGROUND}; }}
QLabel[role="badge"][verdict="skipped"], QLabel[role="badge"][verdict="waiting"] {{
    background: {SKIPPED_BACKGROUND};
}}
QLabel[role="display"] {{
    font-size: 48px; font-weight: bold; background: {t.background}; letter-spacing: 8px;
    border: {t.border_px}px solid {t.tile_border}; border-radius: {t.radius_px}px;
    padding: 8px 24px; min-height: 96px;
}}
QFrame[role="card"] {{ background: {t.tile_background}; border-radius: {t.radius_px}px; }}
QFrame[role="card"] QLabel {{ background: transparent; }}
QPushButton {{
    min-height: {TARGET_PX}px; min-width: {TARGET_PX}px; padding: 0px 28px;
    font-size: {TEXT_PX}px; color: {t.tile_text}; background: {t.tile_background};
    border: 3px solid {t.tile_border}; border-radius: 12px;
}}
QPushButton:pressed {{ background: {t.tile_pressed}; }}
QPushButton[role="primary"] {{
    color: {t.primary_text}; background: {t.primary_background}; font-weight: bold;
}}
QPushButton[role="primary"]:pressed {{ background: {t.primary_pressed}; }}
QPushButton[role="key"] {{ font-size: 44px; font-weight: bold; min-height: 112px; }}
QPushButton[role="key_word"] {{ min-height: 112px; }}
QPushButton[wide="true"] {{ min-width: 220px; }}
QPushButton[role="nav"] {{
    text-align: left; padding: 0px 24px; min-height: 88px; border-width: 2px;
}}
QPushButton[role="nav"]:checked {{
    color: {t.primary_text}; background: {t.primary_background}; font-weight: bold;
}}
QPushButton:focus {{ border: 4px solid {t.focus}; }}
QPushButton:disabled {{
    color: {t.disabled_text}; background: {t.disabled_background}; border-color: {t.disabled_text};
}}
QLineEdit {{
    font-size: {TEXT_PX}px; color: {t.text}; background: {t.background};
    border: 3px solid {t.tile_border}; border-radius: 12px; padding: 4px 16px;
    min-height: {TARGET_PX - 12}px;
}}
QLineEdit:focus {{ border: 4px solid {t.focus}; }}
QLineEdit[invalid="true"] {{ border: 4px solid {t.error_background}; }}
QScrollBar:vertical {{ width: 40px; background: {t.bar_background}; }}
QScrollBar::handle:vertical {{
    background: {t.tile_border}; min-height: 72px; border-radius: 10px; margin: 6px;
}}
QScrollBar::add-line:vertical, QScrollBar::sub-line:vertical {{ height: 0px; }}
"""


def label(text: str = "", role: str | None = None, *, wrap: bool = True) -> QLabel:
    made = QLabel(text)
    if role:
        made.setProperty("role", role)
    made.setWordWrap(wrap)
    return made


def button(text: str, role: str | None = None, *, wide: bool = False) -> QPushButton:
    made = QPushButton(text)
    if role:
        made.setProperty("role", role)
    if wide:
        made.setProperty("wide", True)
    made.setAccessibleName(text)
    return made


def set_property(widget: QWidget, name: str, value: object) -> None:
    """Change a property the stylesheet selects on, and make the style notice."""
    if widget.property(name) == value:
        return
    widget.setProperty(name, value)
    widget.style().unpolish(widget)
    widget.style().polish(widget)
