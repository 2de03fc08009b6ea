"""`kiosk reader test`: read one ID card and show its fields, the ID number masked."""

from __future__ import annotations

import logging
from typing import Any

import click

from kiosk.cli.lazy_group import LazyGroup
from kiosk.cli.options import EXIT_FAILED, data_dir_from, data_dir_option, emit

log = logging.getLogger(__name__)


@click.group(cls=LazyGroup)
def reader() -> None:
    """The ID card reader (docs/id-card-reader.md)."""


@click.command("test")
@data_dir_option
@click.option("--port", default=None, help="Serial port (default: the reader.port setting).")
@click.option("--wait", type=click.FloatRange(min=0), default=30.0, show_default=True,
              help="Seconds to wait for a card to be put down.")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def reader_test(ctx: click.Context, data_dir: str | None, port: str | None, wait: float,
                as_json: bool) -> None:
    """Read one card.  Example: kiosk reader test --port /dev/ttyUSB0 --wait 10 --json"""
    from kiosk.hall_time import HallTime
    from kiosk.identity.card_errors import CardReadError, NoReader
    from kiosk.identity.card_reader import CardReader
    from kiosk.settings import Settings

    folder = data_dir_from(ctx, data_dir)
    settings = Settings.load(folder)
    chosen = port or str(settings.get("reader.port"))
    try:
        if not chosen:
            raise NoReader("no reader port: give --port, or set it with "
                           "`kiosk config set reader.port /dev/ttyUSB0`")
        with CardReader.open(chosen, int(settings.get("reader.baud"))) as card_reader:
            fields = card_reader.read_card(wait, HallTime.for_data_dir(folder).today())
    except CardReadError as exc:
        log.info("reader test failed: %s", exc.kind)  # the kind only: messages stay general
        emit(as_json, {"reason": exc.reason, "message": str(exc)}, f"{exc.reason}: {exc}")
        ctx.exit(EXIT_FAILED)
    shown = shown_fields(fields)
    emit(as_json, shown, "\n".join(f"{key}: {value}" for key, value in shown.items()))


def shown_fields(fields: Any) -> dict[str, str]:
    """The card as a technician may see it: the ID number masked as on the review screen."""
    from kiosk.domain.fields import masked_id
    from kiosk.identity.card_fields import LONG_TERM

    return {
        "name": fields.name, "sex": fields.sex, "ethnicity": fields.ethnicity,
        "birth_date": fields.birth_date.isoformat(), "address": fields.address,
        "id_number": masked_id(fields.id_number),
        "issuing_authority": fields.issuing_authority,
        "valid_from": fields.valid_from.isoformat(),
        "valid_until": fields.valid_until.isoformat() if fields.valid_until else LONG_TERM,
        "card_type": fields.card_type,
    }
