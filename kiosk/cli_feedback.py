"""`kiosk lookup` and `kiosk ratings`: a resident's status and the rating summary, from the
kiosk's own database (work offline; never print a resident's answers)."""

from __future__ import annotations

import click

from kiosk.i18n import LANGUAGES, Translator
from kiosk.paths import database_path
from kiosk.ratings import LEVELS, REASONS
from kiosk.status_words import LookupOutcome, format_time, look_up
from kiosk.store import Store


def register(main: click.Group) -> None:
    from kiosk.cli import EXIT_FAILED, data_dir_from, data_dir_option, emit

    @main.command()
    @data_dir_option
    @click.argument("tracking_number")
    @click.option("--language", type=click.Choice(LANGUAGES), default="zh_CN",
                  show_default=True, help="Language of the words for the resident.")
    @click.option("--json", "as_json", is_flag=True, help="Print JSON.")
    @click.pass_context
    def lookup(ctx: click.Context, data_dir: str | None, tracking_number: str, language: str,
               as_json: bool) -> None:
        """Where an application is, in the words the kiosk says to the resident.

        Uses the last status this kiosk pulled from the central (works offline); exits 1 when
        the number is mistyped or not on this kiosk.  Example: kiosk lookup 6023-7217-4343
        """
        with Store.open(database_path(data_dir_from(ctx, data_dir))) as store:
            found = look_up(store, tracking_number)
        words = Translator(language)
        data = found.to_json(words)
        lines = [f"tracking number: {found.tracking_number or tracking_number}",
                 f"status: {found.status or found.outcome}", f"words: {data['words']}"]
        if found.message:
            lines.append(f"office message: {found.message}")
        lines.append(f"next step: {data['next_step']}")
        if found.outcome is LookupOutcome.FOUND:
            lines.append(f"updated: {format_time(found.updated_at, language) or 'unknown'}")
        if found.outcome is not LookupOutcome.INVALID_NUMBER:
            lines.append("last heard from the central: "
                         f"{format_time(found.checked_at, language) or 'never'}")
        emit(as_json, data, "\n".join(lines))
        if found.outcome is not LookupOutcome.FOUND:
            ctx.exit(EXIT_FAILED)

    @main.command()
    @data_dir_option
    @click.option("--json", "as_json", is_flag=True, help="Print JSON.")
    @click.pass_context
    def ratings(ctx: click.Context, data_dir: str | None, as_json: bool) -> None:
        """好差评 given on this kiosk, per service: count per level (5 best), average, reasons.

        Example: kiosk ratings --json
        """
        with Store.open(database_path(data_dir_from(ctx, data_dir))) as store:
            summary = store.rating_summary()
            counts = store.outbox_counts("ratings")
        emit(as_json, {"services": summary, "states": counts}, _summary_text(summary))


def _summary_text(summary: dict[str, dict[str, object]]) -> str:
    if not summary:
        return "no ratings"
    lines = []
    for service, entry in summary.items():
        levels = entry["levels"]
        reasons = entry["reasons"]
        assert isinstance(levels, dict) and isinstance(reasons, dict)  # noqa: S101 - for mypy
        lines.append(f"{service}: {entry['count']} rating(s), average {entry['average']}; "
                     + ", ".join(f"{level}★ {levels[str(level)]}" for level in LEVELS))
        given = [f"{code} {reasons[code]}" for code in REASONS if reasons[code]]
        if given:
            lines.append("  reasons: " + ", ".join(given))
    return "\n".join(lines)
