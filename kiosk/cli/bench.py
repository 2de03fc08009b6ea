"""`kiosk bench`: the performance benchmark (kiosk/bench, docs/benchmarks.md)."""

from __future__ import annotations

from pathlib import Path

import click

from kiosk.cli.options import data_dir_option


def default_work_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_cache_dir("township-kiosk")) / "bench"


@click.command()
@data_dir_option
@click.option("--json", "as_json", is_flag=True, help="Print the JSON document, not the table.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Where to write the JSON (default: WORK_DIR/bench-results.json).")
@click.option("--work-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Scratch space; the million-row database (~1 GB) is cached here between "
                   "runs (default: DATA_DIR/bench if --data-dir is given, else the user "
                   "cache dir). The bench never touches the kiosk's own data.")
@click.option("--quick", is_flag=True,
              help="Small sizes and a 3 s outage instead of 60 s: a smoke run, not figures.")
@click.option("--only", "only", multiple=True,
              type=click.Choice(["startup", "submit", "sync", "reconnect", "ui", "speech",
                                 "memory", "scale", "handwriting"]),
              help="Run only these items (repeatable).")
@click.option("--downtime", type=float, default=None,
              help="Outage length of the reconnect item in seconds (default 60; --quick 3).")
@click.option("--no-fail", is_flag=True, help="Exit 0 even when a budget is missed.")
@click.pass_context
def bench(ctx: click.Context, data_dir: str | None, as_json: bool, out: Path | None,
          work_dir: Path | None, quick: bool, only: tuple[str, ...], downtime: float | None,
          no_fail: bool) -> None:
    """Measure start-up, submit, sync, reconnect, UI stalls, speech, memory, scale and
    handwriting,
    each against a baseline measured in the same run; print a table, write JSON.

    Exits 1 if a budget is missed (unless --no-fail). The full run takes about 20 minutes
    (ten 60 s outages); --quick about two.

    Example: kiosk bench --quick --only submit --only sync
    """
    from dataclasses import replace

    from kiosk.bench.report import all_passed, table, write_json
    from kiosk.bench.run import ITEMS, Sizes, run_items

    sizes = Sizes.quick_run() if quick else Sizes.full()
    if downtime is not None:
        sizes = replace(sizes, downtime_s=downtime)
    chosen = data_dir or (ctx.find_root().obj or {}).get("data_dir")
    work = work_dir or (Path(chosen) / "bench" if chosen else default_work_dir())
    target = out or work / "bench-results.json"
    items = run_items(work, sizes, only or ITEMS,
                      progress=lambda message: click.echo(message, err=True))
    write_json(target, items, sizes.as_dict())
    if as_json:
        click.echo(target.read_text(encoding="utf-8"))
    else:
        if sizes.downtime_s < 60:
            click.echo(f"NOTE: outage shortened to {sizes.downtime_s:g} s (the full run: 60 s)")
        if quick:
            click.echo("NOTE: --quick sizes; these are smoke figures, not the benchmark")
        click.echo(table(items))
        click.echo(f"\nJSON: {target}")
    if not no_fail and not all_passed(items):
        ctx.exit(1)
