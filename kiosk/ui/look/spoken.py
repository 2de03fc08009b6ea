"""What the kiosk says aloud, built from the same catalog words the screen shows.

Personal data never goes to the loudspeaker: an ID number, a phone number or any field the
catalog marks `sensitive` is spoken as "已输入 18 位" (how many characters) unless the kiosk has a
headset fitted (`speech.private_listening`). Numbers people copy down, like the tracking number,
are read digit by digit in their groups.
"""

from __future__ import annotations

from collections.abc import Iterable

from kiosk.domain.catalog import Field, FieldType
from kiosk.domain.fields import Answer
from kiosk.ui.look.formatting import answer_text
from kiosk.ui.shell.context import UiContext

PRIVATE_TYPES = (FieldType.ID_NUMBER, FieldType.PHONE)


def is_private(field: Field) -> bool:
    return field.sensitive or field.type in PRIVATE_TYPES


_CJK_ENDS = ("。", "！", "？", "：", "；", "，")


def sentences(parts: Iterable[str]) -> str:
    """Join non-empty parts into one utterance, one sentence after another: Chinese sentences
    follow each other without a space (a space after 。 looks like a mistake on screen)."""
    joined = ""
    for part in (p.strip() for p in parts if p and p.strip()):
        gap = "" if not joined or joined.endswith(_CJK_ENDS) else " "
        joined += gap + part
    return joined


def digit_by_digit(grouped: str, ctx: UiContext) -> str:
    """'6023 7217 4343' → '6 0 2 3，7 2 1 7，4 3 4 3' so each digit is said on its own."""
    separator = ctx.t("ui.speech.group_separator")
    return separator.join(" ".join(group) for group in grouped.split())


def entered_count(ctx: UiContext, text: str) -> str:
    return ctx.t("ui.speech.entered_count", count=len(text.replace(" ", "")))


def spoken_entry(field: Field, text: str, ctx: UiContext) -> str:
    """What was typed so far, said safely."""
    if not text:
        return ctx.t("ui.speech.nothing_entered")
    if is_private(field) and not ctx.private_listening:
        return entered_count(ctx, text)
    return ctx.t("ui.speech.entered", text=" ".join(text) if field.type in PRIVATE_TYPES
                 else text)


def spoken_answer(field: Field, answer: Answer | None, ctx: UiContext) -> str:
    """One line of the review, said safely: '身份证号码：已输入 18 位'."""
    if answer is not None and is_private(field) and not ctx.private_listening:
        shown = entered_count(ctx, str(answer))
    else:
        shown = answer_text(field, answer, ctx.tr)
    return ctx.t("ui.speech.answer", label=ctx.tr.text(field.label), answer=shown)


def options_sentence(labels: list[str], ctx: UiContext) -> str:
    if not labels:
        return ""
    return ctx.t("ui.speech.options", options=ctx.t("ui.speech.list_separator").join(labels))
