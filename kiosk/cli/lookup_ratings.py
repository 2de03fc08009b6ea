"""`kiosk lookup` and `kiosk ratings`: a resident's status and the rating summary, from the
kiosk's own database (work offline; never print a resident's answers)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from kiosk.cli.options import EXIT_FAILED, data_dir_from, data_dir_option, emit
from kiosk.domain.ratings import LEVELS, REASONS
from kiosk.domain.status_words import LookupOutcome, format_time, look_up
from kiosk.hall_time import HallTime
from kiosk.i18n import LANGUAGES, Translator
from kiosk.paths import database_path
from kiosk.store.store import Store

if TYPE_CHECKING:
    from kiosk.cli.paper_sheets import EntryReport


@click.command()
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
    folder = data_dir_from(ctx, data_dir)
    with Store.open(database_path(folder)) as store:
        found = look_up(store, tracking_number)
    words, hall = Translator(language), HallTime.for_data_dir(folder)   # the hall's zone
    data = found.to_json(words)
    lines = [f"tracking number: {found.tracking_number or tracking_number}",
             f"status: {found.status or found.outcome}", f"words: {data['words']}"]
    if found.message:
        lines.append(f"office message: {found.message}")
    lines.append(f"next step: {data['next_step']}")
    if found.outcome is LookupOutcome.FOUND:
        lines.append(f"updated: {format_time(found.updated_at, language, hall) or 'unknown'}")
    if found.outcome is not LookupOutcome.INVALID_NUMBER:
        lines.append("last heard from the central: "
                     f"{format_time(found.checked_at, language, hall) or 'never'}")
    emit(as_json, data, "\n".join(lines))
    if found.outcome is not LookupOutcome.FOUND:
        ctx.exit(EXIT_FAILED)


@click.command()
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


@click.command()
@data_dir_option
@click.option("--file", "sheet", required=True, type=click.File("r", encoding="utf-8"),
              help='JSON lines {"tracking_number", "level", "reasons", "id"?}; - for stdin.')
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def rate(ctx: click.Context, data_dir: str | None, sheet: Any, as_json: bool) -> None:
    """Enter 好差评 ratings collected on paper; they are sent like those made on screen.

    One JSON object per line: {"tracking_number": "602372174343", "level": 2, "reasons":
    ["waited_too_long"], "id": "sheet-4-line-2"}; the service is the application's own. A
    line whose "id" (or application and rating) was entered before records nothing new.
    Example: kiosk rate --file ratings.jsonl
    """
    from kiosk.cli.paper_sheets import enter_ratings

    with Store.open(database_path(data_dir_from(ctx, data_dir))) as store:
        report = enter_ratings(store, sheet.read())
    _finish(ctx, report, "rating(s)", as_json, EXIT_FAILED)


@click.command()
@data_dir_option
@click.option("--file", "sheet", required=True, type=click.File("r", encoding="utf-8"),
              help='JSON lines {"consultation", "option", "suggestion"?, "cast_on", "id"?}; '
                   "- for stdin.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def vote(ctx: click.Context, data_dir: str | None, sheet: Any, as_json: bool) -> None:
    """Enter 村民议事 votes cast on paper; they are sent like those made on screen.

    One JSON object per line: {"consultation": "street_lights", "option": "clinic",
    "suggestion": "…", "cast_on": "2026-11-27", "id": "box-2-slip-17"}. A vote cast by the
    closing day counts even when entered after it. A line whose "id" was entered before
    records nothing new.  Example: kiosk vote --file votes.jsonl
    """
    from kiosk.cli.paper_sheets import enter_votes
    from kiosk.domain.active_catalog import load_active_catalog

    folder = data_dir_from(ctx, data_dir)
    with Store.open(database_path(folder)) as store:
        report = enter_votes(store, load_active_catalog(folder), sheet.read())
    _finish(ctx, report, "vote(s)", as_json, EXIT_FAILED)


def _finish(ctx: click.Context, report: EntryReport, what: str, as_json: bool,
            failed: int) -> None:
    """Each bad line on stderr by number; the counts; exit non-zero if any line was bad."""
    for number, words in report.problems:
        click.echo(f"line {number}: {words}" if number else words, err=True)
    text = f"{len(report.recorded)} {what} recorded"
    if report.already:
        text += f", {report.already} already recorded before (nothing new)"
    emit(as_json, report.as_dict(), text)
    if report.problems:
        bad = len([n for n, _ in report.problems if n])
        if bad:
            click.echo(f"{bad} line(s) not recorded; fix them and enter the file again "
                       "(lines already recorded are not recorded twice).", err=True)
        ctx.exit(failed)


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
