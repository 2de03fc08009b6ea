"""A resident's known personal data, and where on disk it must never appear in plain text."""

from __future__ import annotations

from pathlib import Path

from kiosk.domain.catalog import Catalog
from kiosk.domain.fields import id_number_check_digit
from kiosk.domain.samples import sample_answers
from kiosk.store.store import Store

ID_BODY = "36072519580317004"


KNOWN_ID = ID_BODY + id_number_check_digit(ID_BODY)


KNOWN_PHONE = "13907971234"


KNOWN_NAME = "赖秋菊"


def needles() -> list[bytes]:
    texts = [KNOWN_ID, KNOWN_PHONE, KNOWN_NAME]
    found = [t.encode("utf-8") for t in texts]
    found += [t.encode("utf-16-le") for t in texts]
    found += [KNOWN_NAME.encode("gb18030")]
    return found


def files_containing_personal_data(folder: Path) -> list[str]:
    hits = []
    for path in folder.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            hits += [f"{path.name}: {n!r}" for n in needles() if n in data]
    return hits


def save_known(store: Store, catalog: Catalog, copies: int = 3) -> list[str]:
    answers = {**sample_answers(catalog.service("elderly_allowance")),
               "id_number": KNOWN_ID, "phone": KNOWN_PHONE, "full_name": KNOWN_NAME}
    return [store.save_answers("elderly_allowance", catalog.version, answers, {}, "zh_CN")
            .application_id for _ in range(copies)]
