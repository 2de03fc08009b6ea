"""`kiosk --data-dir X <any command>` uses X.

The command tree is walked, so a command added later is checked without touching this file:
every leaf must take `--data-dir`, and the folder its code receives when the folder is given
before the command name must be that folder. Commands that read or write state are also run for
real with the platform's default data directory pointed at an empty temporary folder, which must
stay empty while the named folder fills.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner

from kiosk.cli import main
from tests.helpers.consultation_catalog import catalog_with_road


def leaves(group: click.Group, path: tuple[str, ...] = ()
           ) -> Iterator[tuple[tuple[str, ...], click.Command]]:
    ctx = click.Context(group)
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        assert command is not None
        if isinstance(command, click.Group):
            yield from leaves(command, (*path, name))
        else:
            yield (*path, name), command


def sample_value(param: click.Parameter, scratch: Path) -> str:
    """A value click accepts for a required parameter, whatever its type."""
    kind = param.type
    if isinstance(kind, click.Choice):
        return str(kind.choices[0])
    if isinstance(kind, (click.types.IntParamType, click.types.FloatParamType)):
        return "1"
    if isinstance(kind, click.DateTime):
        return "2030-01-01"
    if isinstance(kind, click.Path):
        if kind.dir_okay and not kind.file_okay:
            (scratch / "folder").mkdir(exist_ok=True)
            return str(scratch / "folder")
        (scratch / "file").write_text("{}\n", encoding="utf-8")
        return str(scratch / "file")
    if isinstance(kind, click.File):
        (scratch / "file").write_text("{}\n", encoding="utf-8")
        return str(scratch / "file")
    return "x"


def required_args(command: click.Command, scratch: Path) -> list[str]:
    args: list[str] = []
    for param in command.params:
        if not param.required:
            continue
        if isinstance(param, click.Option):
            args += [param.opts[0], sample_value(param, scratch)]
        else:
            args.append(sample_value(param, scratch))
    return args


ALL_LEAVES = sorted(leaves(main), key=lambda item: item[0])


@pytest.fixture
def fake_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The platform's default data directory, moved to an empty temporary folder."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.delenv("KIOSK_DATA_DIR", raising=False)
    return home


def files_under(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


def test_the_walk_finds_the_commands_of_every_module() -> None:
    names = {" ".join(path) for path, _ in ALL_LEAVES}
    for expected in ("status", "config set", "central add-kiosk", "central serve",
                     "central import", "queue show", "audit list", "crashes list", "bench"):
        assert expected in names


@pytest.mark.parametrize(("path", "command"), ALL_LEAVES, ids=[" ".join(p) for p, _ in ALL_LEAVES])
def test_every_command_receives_the_top_level_data_dir(
        path: tuple[str, ...], command: click.Command, tmp_path: Path, fake_home: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    assert any(p.name == "data_dir" for p in command.params), \
        f"`kiosk {' '.join(path)}` has no --data-dir (use kiosk.cli.data_dir_option)"
    chosen = tmp_path / "chosen"
    other = tmp_path / "from-env"
    received: list[Any] = []

    def record(*_args: Any, **params: Any) -> None:
        received.append(params["data_dir"])

    monkeypatch.setattr(command, "callback", record)
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    args = ["--data-dir", str(chosen), *path, *required_args(command, scratch)]
    result = CliRunner().invoke(main, args, env={"KIOSK_DATA_DIR": str(other)})
    assert result.exit_code == 0, result.output
    assert [Path(d) for d in received] == [chosen]   # typed on the line: beats $KIOSK_DATA_DIR


def test_a_data_dir_after_the_command_name_still_wins(tmp_path: Path, fake_home: Path) -> None:
    top, own = tmp_path / "top", tmp_path / "own"
    result = CliRunner().invoke(main, ["--data-dir", str(top), "config", "set", "--data-dir",
                                       str(own), "central.kiosk_id", "hall-07"])
    assert result.exit_code == 0, result.output
    assert "hall-07" in (own / "config.toml").read_text(encoding="utf-8")
    assert not (top / "config.toml").exists()


def test_state_goes_to_the_named_folder_and_never_to_the_default(tmp_path: Path,
                                                                  fake_home: Path) -> None:
    chosen = tmp_path / "county"
    runner = CliRunner()

    def kiosk(*args: str, stdin: str | None = None) -> str:
        result = runner.invoke(main, ["--data-dir", str(chosen), *args], input=stdin)
        assert result.exit_code == 0, (args, result.output)
        return result.output

    token = json.loads(kiosk("central", "add-kiosk", "hall-01", "--json"))["token"]
    assert json.loads(kiosk("central", "applications", "--json")) == []
    kiosk("central", "announce", "--zh", "周六开门", "--en", "Open Saturday")
    assert "周六开门" in kiosk("central", "announcements")
    kiosk("central", "add-operator", "office", "--json")
    kiosk("config", "set", "central.kiosk_id", "hall-01")
    kiosk("config", "set", "--", "central.token", token)
    assert json.loads(kiosk("config", "show", "--json", "--reveal"))["central.token"] == token
    assert json.loads(kiosk("status", "--json"))["counts"] is not None
    kiosk("volunteer", "add", "li-ming", "李明")
    assert [v["id"] for v in json.loads(kiosk("volunteer", "list", "--json"))] == ["li-ming"]
    assert json.loads(kiosk("queue", "list", "--json")) == []
    entries = json.loads(kiosk("audit", "list", "--json"))
    assert {e["action"] for e in entries} >= {"config.set", "volunteer.add"}
    # The rest of the central's commands, on the same central database.
    source = catalog_with_road(tmp_path / "catalog-next", dt.date.today())
    assert "2026.12.1 published" in kiosk("central", "publish-catalog", str(source))
    assert "central" in kiosk("central", "migrate")
    assert json.loads(kiosk("central", "ratings", "--json")) == {}
    results = json.loads(kiosk("central", "consultation-results", "--all", "--json"))
    assert "village_road" in {r["consultation_id"] for r in results}  # the published catalog
    [notice] = json.loads(kiosk("central", "announcements", "--json"))
    kiosk("central", "withdraw", str(notice["id"]))
    assert json.loads(kiosk("central", "announcements", "--json"))[0]["withdrawn_at"]
    kiosk("keys", "rotate")
    json.loads(kiosk("purge", "--json"))
    kiosk("crashes", "list")
    (tmp_path / "usb").mkdir()
    kiosk("export", "--to", str(tmp_path / "usb"))

    stored = files_under(chosen)
    for expected in ("central.sqlite3", "config.toml", "kiosk.sqlite3"):
        assert expected in stored
    assert files_under(fake_home) == [], "something was written to the default data directory"
