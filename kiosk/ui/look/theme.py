"""Colours and sizes in one place, and the Qt stylesheet made from them.

The numbers come from /work/shared/design/VISUAL.md. Painted widgets (tiles, QR code, error banner)
read the same `Theme` value, so a bigger or high-contrast look is one new `Theme`, not new code.
`theme_for(colours, size)` combines one of two colour themes with one of three text sizes.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

FONT_FAMILY = "Noto Sans CJK SC"
FALLBACK_FAMILIES = ("Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", "sans-serif")
LINE_HEIGHT = 1.35   # baseline to baseline, as a multiple of the font's pixel size (≥ 1.3)
TEXT_SIZES = ("standard", "large", "extra_large")
COLOUR_THEMES = ("standard", "high_contrast")
# Keypad keys beside the words (widgets/keypad_layout.py): as wide as before at the standard
# size; at 大字 as wide as they are high, so the words keep room.
SIDE_KEY_WIDTH = 168


@dataclass(frozen=True)
class Theme:
    """Colours, sizes and spacing of one look (colour scheme × text size); see VISUAL.md."""

    name: str
    text: str = "#1A1A1A"
    background: str = "#FFFFFF"
    muted_text: str = "#3D3D3D"          # 10.9:1 on white; still ≥ 36 px
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
    notice_text: str = "#FFFFFF"         # "staff are coming", the time-out warning
    notice_background: str = "#0B3D91"
    # VISUAL.md asked for #FF8C00, which is only 2.3:1 on white; this darker orange is 5.5:1.
    focus: str = "#B34700"
    disabled_text: str = "#444444"
    disabled_background: str = "#EDEDED"
    size: str = "standard"
    body_px: int = 36
    heading_px: int = 48
    key_px: int = 48
    display_px: int = 72
    tracking_px: int = 96
    bar_px: int = 36                    # top bar words and buttons
    bar_height: int = 120
    technician_px: int = 24             # volunteers' status line, not for residents
    icon_px: int = 96
    border_px: int = 4
    focus_px: int = 6
    radius_px: int = 16
    target_px: int = 96                 # height of buttons and keys (floor is 72)
    gap_px: int = 24
    margin_px: int = 48

    @property
    def key(self) -> tuple[str, str]:
        return self.name, self.size


STANDARD = Theme("standard")
HIGH_CONTRAST = Theme(
    "high_contrast", text="#FFD400", background="#000000", muted_text="#FFD400",
    bar_background="#000000", primary_text="#000000", primary_background="#FFD400",
    primary_pressed="#E6BF00", tile_text="#FFD400", tile_background="#000000",
    tile_pressed="#333333", tile_border="#FFD400", error_text="#FFFFFF",
    error_background="#7A1F1F", notice_text="#000000", notice_background="#FFD400",
    focus="#00FFFF", disabled_text="#BFBFBF", disabled_background="#262626")
THEMES = {t.name: t for t in (STANDARD, HIGH_CONTRAST)}

# body, heading, key, display, tracking, bar text, bar height, icon, target
_SIZES: dict[str, tuple[int, ...]] = {
    "standard": (36, 48, 48, 72, 96, 36, 120, 96, 96),
    "large": (48, 64, 64, 80, 96, 40, 128, 112, 104),
    "extra_large": (72, 96, 80, 96, 96, 48, 144, 128, 128),
}


def theme_for(colours: str = "standard", size: str = "standard") -> Theme:
    """One of the two colour themes at one of the three text sizes (unknown names: standard)."""
    base = THEMES.get(colours, STANDARD)
    numbers = _SIZES.get(size, _SIZES["standard"])
    body, heading, key, display, tracking, bar, bar_height, icon, target = numbers
    return replace(base, size=size if size in _SIZES else "standard", body_px=body,
                   heading_px=heading, key_px=key, display_px=display, tracking_px=tracking,
                   bar_px=bar, bar_height=bar_height, icon_px=icon, target_px=target)


def text_pairs(theme: Theme) -> list[tuple[str, str, str]]:
    """Every (what, text colour, background colour) pair a resident can see on screen."""
    t = theme
    return [
        ("body", t.text, t.background), ("help", t.muted_text, t.background),
        ("top bar", t.text, t.bar_background), ("status", t.muted_text, t.bar_background),
        ("card", t.text, t.tile_background), ("card label", t.muted_text, t.tile_background),
        ("tile", t.tile_text, t.tile_background), ("tile pressed", t.tile_text, t.tile_pressed),
        ("primary", t.primary_text, t.primary_background),
        ("primary pressed", t.primary_text, t.primary_pressed),
        ("selected tile", t.primary_text, t.primary_background),
        ("error", t.error_text, t.error_background),
        ("notice", t.notice_text, t.notice_background),
        ("disabled", t.disabled_text, t.disabled_background),
    ]


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
QWidget#TopBar QLabel {{ background: transparent; font-size: {t.bar_px}px; }}
QWidget#TopBar QPushButton {{ font-size: {t.bar_px}px; min-height: 88px; padding: 0px 20px; }}
QLabel[role="hall"] {{ font-weight: bold; }}
QLabel[role="heading"] {{ font-size: {t.heading_px}px; font-weight: bold; }}
QLabel[role="help"], QLabel[role="step"] {{ color: {t.muted_text}; }}
QLabel[role="step"] {{ font-size: {t.bar_px}px; }}
QWidget#TopBar QLabel[role="status"], QLabel[role="status"] {{
    font-size: {t.technician_px}px; color: {t.muted_text};
}}
QLabel[role="answer"] {{ font-weight: bold; }}
QLabel[role="big"] {{ font-size: {t.heading_px}px; font-weight: bold; }}
QLabel[role="tracking"] {{
    font-size: {t.tracking_px}px; font-weight: bold; color: {t.text};
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
QFrame[role="notice"] {{ background: {t.notice_background}; border-radius: {t.radius_px}px; }}
QFrame[role="notice"] QLabel {{
    color: {t.notice_text}; background: transparent; font-weight: bold;
}}
QPushButton {{
    min-height: {t.target_px}px; min-width: {t.target_px}px; padding: 0px 32px;
    font-size: {t.body_px}px; color: {t.tile_text}; background: {t.tile_background};
    border: {t.border_px}px solid {t.tile_border}; border-radius: {t.radius_px}px;
    margin: {t.focus_px - t.border_px}px;
}}
QPushButton:pressed {{ background: {t.tile_pressed}; }}
QPushButton[role="primary"] {{
    color: {t.primary_text}; background: {t.primary_background}; font-weight: bold;
}}
QPushButton[role="primary"]:pressed {{ background: {t.primary_pressed}; }}
QPushButton[role="key"] {{
    font-size: {t.key_px}px; font-weight: bold; padding: 0px; min-width: {t.target_px + 48}px;
}}
QPushButton[role="small"] {{ min-height: 72px; padding: 0px 24px; }}
QPushButton[side="true"] {{
    min-width: {SIDE_KEY_WIDTH if t.size == "standard" else t.target_px}px;
    min-height: {min(t.target_px, 112)}px;
}}
QPushButton[side="true"][role="small"] {{
    font-size: {max(36, t.body_px * 2 // 3)}px; padding: 0px 12px;
}}
QPushButton:checked {{ color: {t.primary_text}; background: {t.primary_background}; }}
QPushButton:focus {{ border: {t.focus_px}px solid {t.focus}; margin: 0px; }}
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
QScrollBar:vertical {{ width: 72px; background: {t.bar_background}; }}
QScrollBar::handle:vertical {{
    background: {t.tile_border}; min-height: 96px; border-radius: 12px; margin: 8px;
}}
QScrollBar::add-line:vertical, QScrollBar::sub-line:vertical {{ height: 0px; }}
"""
