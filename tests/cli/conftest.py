"""Commands run in-process (click's CliRunner) point the root logger at their data folders;
take those handlers away after each test, so later tests see the logging they set up."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from kiosk import logs


@pytest.fixture(autouse=True)
def _restore_root_logging() -> Iterator[None]:
    root = logging.getLogger()
    before = list(root.handlers)
    configured = set(logs._configured)
    yield
    for handler in list(root.handlers):
        if handler not in before:
            root.removeHandler(handler)
            handler.close()
    logs._configured.intersection_update(configured)
