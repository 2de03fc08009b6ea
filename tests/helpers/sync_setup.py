"""Setting up a kiosk for the sync tests: queued applications, numbers, central settings."""

from __future__ import annotations

from pathlib import Path

from kiosk.central.server import RunningCentral
from kiosk.domain.catalog import Catalog
from kiosk.domain.samples import sample_answers
from kiosk.domain.tracking import check_digit
from kiosk.settings import Settings
from kiosk.store.store import Store


def queue(store: Store, catalog: Catalog, n: int, **changes: object) -> list[str]:
    answers = {**sample_answers(catalog.service("suggestion")), **changes}
    return [store.save_answers("suggestion", catalog.version, answers, {"m": "t"},
                               "zh_CN").application_id for _ in range(n)]


def held_ids(central: RunningCentral) -> list[str]:
    return sorted(a["id"] for a in central.storage.list_applications())


def number(n: int) -> str:
    body = f"{60237217400 + n:011d}"
    return body + check_digit(body)


def configure(data_dir: Path, url: str, kiosk_id: str, token: str) -> None:
    settings = Settings.load(data_dir)
    for key, value in (("central.url", url), ("central.kiosk_id", kiosk_id),
                       ("central.token", token)):
        settings.set(key, value)
