"""Sample answers for a service as JSON, the way `kiosk submit --answers` reads them."""

from __future__ import annotations

import json

from kiosk.domain.catalog import Catalog
from kiosk.domain.samples import sample_answers


def answers_json(catalog: Catalog, service: str, **changes: object) -> str:
    answers: dict[str, object] = dict(sample_answers(catalog.service(service)))
    answers.update(changes)
    return json.dumps(answers, ensure_ascii=False)
