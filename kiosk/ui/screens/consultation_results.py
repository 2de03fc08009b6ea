"""村民议事 results: what everybody chose, once a consultation has closed.

Each option gets its words, a bar as long as its share of the votes and the number of votes in
big type (never the bar alone: the number and the words carry the meaning). Spoken as "…，12 票。"
sentences, then which option had the most votes and when the kiosk last received the results
from the central (all kiosks' votes are counted there). Over the home screen, like Help.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QHBoxLayout, QSizePolicy, QVBoxLayout, QWidget

from kiosk.domain.consultations import Consultation, ConsultationResult
from kiosk.domain.status_words import format_time
from kiosk.ui.look.spoken import sentences
from kiosk.ui.look.theme import Theme
from kiosk.ui.screens.base import Screen, clear_layout
from kiosk.ui.shell.context import UiContext
from kiosk.ui.widgets.words import Words


class VoteBar(QWidget):
    """A bar filled to `share` (0–1) inside an outline, so an empty bar still shows its length."""

    def __init__(self, share: float, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.share = max(0.0, min(1.0, share))
        self._theme = theme
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setFixedHeight(theme.body_px)

    def sizeHint(self) -> QSize:
        return QSize(400, self._theme.body_px)

    def minimumSizeHint(self) -> QSize:
        return QSize(self._theme.target_px, self._theme.body_px)

    def paintEvent(self, event: QPaintEvent) -> None:
        t = self._theme
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        half = t.border_px / 2
        outline = QRectF(self.rect()).adjusted(half, half, -half, -half)
        painter.setPen(QPen(QColor(t.tile_border), t.border_px))
        painter.setBrush(QColor(t.tile_background))
        painter.drawRoundedRect(outline, 8, 8)
        if self.share > 0:
            filled = QRectF(outline.left(), outline.top(),
                            max(outline.height(), outline.width() * self.share), outline.height())
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(t.tile_border))
            painter.drawRoundedRect(filled, 8, 8)
        painter.end()


def votes_text(count: int, ctx: UiContext) -> str:
    return (ctx.t("consultations.results.votes_one") if count == 1
            else ctx.t("consultations.results.votes", count=count))


class ConsultationResultsScreen(Screen):
    closed = Signal()

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(theme, parent=parent)
        self.rows: dict[str, tuple[Words, VoteBar, Words]] = {}   # option → label, bar, count
        self.top = Words(role="answer")
        self.updated = Words(role="help")
        self.consultation: Consultation | None = None
        self.result: ConsultationResult | None = None
        self.bar.back_clicked.connect(self.closed)

    def present(self, consultation: Consultation, result: ConsultationResult,
                ctx: UiContext) -> None:
        self.consultation, self.result = consultation, result
        self.set_texts(ctx.tr.text(consultation.question),
                       ctx.t("consultations.results.help", total=result.total)
                       if result.total else ctx.t("consultations.results.nobody"))
        for kept in (self.top, self.updated):
            self.body.removeWidget(kept)
        clear_layout(self.body)
        self.rows = {}
        most = max(result.counts.values(), default=0)
        # Every number gets the room of the widest, so the bars all start and end together.
        font = QFont(self.font())
        font.setPixelSize(ctx.theme.heading_px)
        font.setBold(True)
        number_px = max(QFontMetrics(font).horizontalAdvance(
            votes_text(int(result.counts.get(o.value, 0)), ctx)) for o in consultation.options)
        for option in consultation.options:
            count = int(result.counts.get(option.value, 0))
            label = Words(ctx.tr.text(option.label), role="answer")
            bar = VoteBar(count / most if most else 0.0, ctx.theme)
            bar.setAccessibleName(ctx.t("consultations.results.line",
                                        option=label.words(), votes=votes_text(count, ctx)))
            number = Words(votes_text(count, ctx), role="big")
            number.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            number.setMinimumWidth(number_px + 8)
            row = QHBoxLayout()
            row.setSpacing(ctx.theme.gap_px)
            row.addWidget(bar, 1)
            row.addWidget(number)
            box = QVBoxLayout()
            box.setSpacing(4)
            box.addWidget(label)
            box.addLayout(row)
            self.body.addLayout(box)
            self.rows[option.value] = (label, bar, number)
        # In the page before they are shown: shown without a parent they were a window of
        # their own for a moment, and took the keyboard away from the kiosk's.
        self.body.addWidget(self.top)
        self.body.addWidget(self.updated)
        winners = [self.rows[o.value][0].words() for o in consultation.options
                   if most and result.counts.get(o.value, 0) == most]
        self.top.set_words(ctx.t("consultations.results.top",
                                 options=ctx.t("consultations.results.or").join(winners))
                           if winners else "")
        self.top.setVisible(bool(winners))
        when = format_time(result.pulled_at, ctx.language, ctx.hall)
        self.updated.set_words(ctx.t("consultations.results.updated", time=when) if when else "")
        self.updated.setVisible(bool(when))
        self.body.addStretch(1)
        self.bar.configure(back=ctx.t("consultations.nav.back"), next_=None)

    def spoken(self, ctx: UiContext) -> str:
        lines = [bar.accessibleName() for _label, bar, _number in self.rows.values()]
        return sentences([self.heading.words(), self.help.words(), *lines, self.top.words(),
                          self.updated.words(), ctx.t("consultations.results.help_more")])

    def help_spoken(self, ctx: UiContext) -> str:
        return ctx.t("consultations.results.help_more")

    def leave(self) -> None:
        self.consultation = self.result = None
