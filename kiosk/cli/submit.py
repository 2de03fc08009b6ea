"""`kiosk catalog` and `kiosk submit`: the services, and applications queued without the screen
(paper forms from home visits, kiosk/cli/answers_file.py reads them)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import click

from kiosk.cli.options import EXIT_FAILED, data_dir_from, data_dir_option, emit
from kiosk.paths import database_path

# The store (sqlite_utils, cryptography), the catalog and the answer checks are imported by the
# commands that use them, so listing the commands (help) stays quick.


@click.command()
@data_dir_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def catalog(ctx: click.Context, data_dir: str | None, as_json: bool) -> None:
    """List the services and their fields.  Example: kiosk catalog --json"""
    from kiosk.domain.active_catalog import load_active_catalog

    loaded = load_active_catalog(data_dir_from(ctx, data_dir))
    if as_json:
        emit(True, loaded.to_json(), "")
        return
    lines = [f"catalog version {loaded.version}"]
    for service in loaded.services:
        lines.append(f"\n{service.id}  {service.title['zh_CN']} / {service.title['en']}")
        for field in service.fields:
            required = "required" if field.required else "optional"
            choices = f"  [{', '.join(c.value for c in field.choices)}]" if field.choices else ""
            lines.append(f"  {field.id:<28} {field.type.value:<11} {required}{choices}")
    click.echo("\n".join(lines))


@click.command()
@data_dir_option
@click.option("--service", "service_id", required=True, help="Service id (see `kiosk catalog`).")
@click.option("--answers", "answers_file", required=True, type=click.File("r", encoding="utf-8"),
              help="JSON object of answers keyed by field id, or JSON lines; - for stdin.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON objects.")
@click.pass_context
def submit(ctx: click.Context, data_dir: str | None, service_id: str, answers_file: Any,
           as_json: bool) -> None:
    """Queue applications without the screen (e.g. paper forms from home visits).

    Example: kiosk submit --service elderly_allowance --answers form.json
    """
    from kiosk.cli.answers_file import parse_answers
    from kiosk.domain.active_catalog import load_active_catalog
    from kiosk.domain.fields import AnswersInvalid, validate_answers
    from kiosk.i18n import Translator
    from kiosk.store.store import Store

    folder = data_dir_from(ctx, data_dir)
    loaded = load_active_catalog(folder)
    service = loaded.service(service_id)
    records = parse_answers(answers_file.read(), answers_file.name)
    english = Translator("en")
    saved: list[dict[str, str]] = []
    failed = 0
    with Store.open(database_path(folder)) as store:
        for record in records:
            try:
                clean = validate_answers(service, record.answers)
            except AnswersInvalid as exc:
                failed += 1
                for error in exc.errors:
                    click.echo(f"record {record.line}: {error.field_id}: "
                               f"{_cli_words(english, error.key, error.params)}", err=True)
                continue
            consent = {"method": "paper_form_entered_by_cli",
                       "recorded_at": dt.datetime.now(dt.UTC).isoformat()}
            receipt = store.save_answers(service.id, loaded.version, clean, consent, "zh_CN")
            saved.append({"tracking_number": receipt.tracking_number, "id": receipt.application_id})
            if not as_json:
                click.echo(receipt.tracking_number)
    if as_json:
        emit(True, saved, "")
    if failed:
        click.echo(f"{failed} of {len(records)} record(s) not queued; fix them and submit again.",
                   err=True)
        ctx.exit(EXIT_FAILED)


def _cli_words(words: Any, key: str, params: dict[str, Any]) -> str:
    """An answer check's message for the terminal (cli.<key>: "answer "yes" or "no""), not the
    screen's ("Please tap Yes or No"); the screen's words if the CLI has none of its own."""
    cli_key = f"cli.{key}"
    text = str(words.t(cli_key, **params))
    return text if text != cli_key else str(words.t(key, **params))
