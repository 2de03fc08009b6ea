"""Colours and sizes in one place, and the Qt stylesheet made from them.

The numbers come from /work/shared/design/VISUAL.md. Painted widgets (tiles, QR code, error banner)
read the same `Theme` value, so a larger or high-contrast theme is one new `Theme`, not new code.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

FONT_FAMILY = "Noto Sans CJK SC"
FALLBACK_FAMILIES = ("Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", "sans-serif")


@dataclass(frozen=True)
class Theme:
    name: str
    text: str = "#1A1A1A"
    background: str = "#FFFFFF"
    muted_text: str = "#3D3D3D"          # 11.6:1 on white; still ≥ 36 px
    bar_background: str = "#F2F6FC"
    primary_text: str = "#FFFFFF"
    primary_background: str = "#0B3D91"
    primary_pressed: str = "#082C69"
    tile_text: str = "#0B3D91"
    tile_background: str = "#F2F6FC"
    tile_pressed: str = "#D9E4F5"
    tile_border: str = "#0B3D91"
    error_text: str = "#FFFFFF"
    error_background: str = "#7A1F1F"
    focus: str = "#FF8C00"
    disabled_text: str = "#595959"
    disabled_background: str = "#EDEDED"
    body_px: int = 36
    heading_px: int = 48
    key_px: int = 48
    display_px: int = 72
    tracking_px: int = 96
    technician_px: int = 24             # volunteers' status line, not for residents
    icon_px: int = 96
    border_px: int = 4
    focus_px: int = 6
    radius_px: int = 16
    target_px: int = 96                 # height of buttons and keys (floor is 72)
    gap_px: int = 24
    margin_px: int = 48

    def scaled(self, factor: float, name: str) -> Theme:
        """The Large / Extra-large themes: type and targets grow, colours stay."""
        def grow(value: int) -> int:
            return round(value * factor)
        return replace(self, name=name, body_px=grow(self.body_px),
                       heading_px=grow(self.heading_px), key_px=grow(self.key_px),
                       display_px=grow(self.display_px), icon_px=grow(self.icon_px),
                       target_px=grow(self.target_px))


STANDARD = Theme("standard")
HIGH_CONTRAST = Theme(
    "high_contrast", text="#FFD400", background="#000000", muted_text="#FFD400",
    bar_background="#000000", primary_text="#000000", primary_background="#FFD400",
    primary_pressed="#E6BF00", tile_text="#FFD400", tile_background="#000000",
    tile_pressed="#333333", tile_border="#FFD400", focus="#00FFFF",
    disabled_text="#BFBFBF", disabled_background="#262626")
THEMES = {t.name: t for t in (STANDARD, HIGH_CONTRAST)}


def stylesheet(theme: Theme) -> str:
    """The stylesheet for the whole window; widgets pick rules with a `role` property."""
    t = theme
    families = f'"{FONT_FAMILY}"'  # one family: QSS takes no list; the app font has fallbacks
    return f"""
QWidget {{ font-family: {families}; font-size: {t.body_px}px; color: {t.text}; }}
QWidget#KioskRoot, QStackedWidget, QScrollArea, QScrollArea > QWidget > QWidget {{
    background: {t.background};
}}
QWidget#TopBar {{ background: {t.bar_background}; border-bottom: 2px solid {t.tile_border}; }}
QWidget#TopBar QLabel {{ background: transparent; }}
QLabel[role="hall"] {{ font-weight: bold; }}
QLabel[role="heading"] {{ font-size: {t.heading_px}px; font-weight: bold; }}
QLabel[role="help"], QLabel[role="step"] {{ color: {t.muted_text}; }}
QLabel[role="status"] {{ font-size: {t.technician_px}px; color: {t.muted_text}; }}
QLabel[role="answer"] {{ font-weight: bold; }}
QLabel[role="big"] {{ font-size: {t.heading_px}px; font-weight: bold; }}
QLabel[role="tracking"] {{
    font-size: {t.tracking_px}px; font-weight: bold; color: {t.text};
    font-family: {families};
}}
QLabel[role="display"] {{
    font-size: {t.display_px}px; font-weight: bold; background: {t.background};
    border: {t.border_px}px solid {t.tile_border}; border-radius: {t.radius_px}px;
    padding: 8px 24px;
}}
QLabel[role="display"][empty="true"] {{
    font-size: {t.body_px}px; font-weight: normal; color: {t.muted_text};
}}
QFrame[role="card"] {{
    background: {t.tile_background}; border-radius: {t.radius_px}px;
}}
QFrame[role="card"] QLabel {{ background: transparent; }}
QPushButton {{
    min-height: {t.target_px}px; min-width: {t.target_px}px; padding: 0px 32px;
    font-size: {t.body_px}px; color: {t.tile_text}; background: {t.tile_background};
    border: {t.border_px}px solid {t.tile_border}; border-radius: {t.radius_px}px;
}}
QPushButton:pressed {{ background: {t.tile_pressed}; }}
QPushButton[role="primary"] {{
    color: {t.primary_text}; background: {t.primary_background}; font-weight: bold;
}}
QPushButton[role="primary"]:pressed {{ background: {t.primary_pressed}; }}
QPushButton[role="key"] {{
    font-size: {t.key_px}px; font-weight: bold; padding: 0px; min-width: 150px;
}}
QPushButton[role="small"] {{ min-height: 72px; padding: 0px 24px; }}
QPushButton:focus {{ border: {t.focus_px}px solid {t.focus}; }}
QPushButton:disabled {{
    color: {t.disabled_text}; background: {t.disabled_background};
    border-color: {t.disabled_text};
}}
QLineEdit, QPlainTextEdit {{
    font-size: {t.key_px}px; color: {t.text}; background: {t.background};
    border: {t.border_px}px solid {t.tile_border}; border-radius: {t.radius_px}px;
    padding: 8px 16px; min-height: {t.target_px}px;
}}
QLineEdit:focus, QPlainTextEdit:focus {{ border: {t.focus_px}px solid {t.focus}; }}
QScrollBar:vertical {{ width: 48px; background: {t.bar_background}; }}
QScrollBar::handle:vertical {{
    background: {t.tile_border}; min-height: 96px; border-radius: 12px; margin: 6px;
}}
QScrollBar::add-line:vertical, QScrollBar::sub-line:vertical {{ height: 0px; }}
"""
