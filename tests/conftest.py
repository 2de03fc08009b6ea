from __future__ import annotations

import os
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # tests never need a real screen
# Parsed-TOML cache (kiosk/cache/toml.py): the tests' own, not the user's ~/.cache.
os.environ.setdefault("KIOSK_CACHE_DIR", tempfile.mkdtemp(prefix="kiosk-test-cache-"))

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk import logs
from kiosk.domain.catalog import Catalog, load_catalog
from kiosk.store.store import Store


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return load_catalog()


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "kiosk-data"
    folder.mkdir()
    return folder


@pytest.fixture
def store(data_dir: Path) -> Store:
    opened = Store.open(data_dir / "kiosk.sqlite3")
    yield opened
    opened.close()


@pytest.fixture(autouse=True)
def _restore_root_logging() -> Iterator[None]:
    """Commands run in-process (click's CliRunner) point the root logger at their data folders;
    take those handlers away after each test, so later tests see the logging they set up."""
    root = logging.getLogger()
    before = list(root.handlers)
    configured = set(logs._configured)
    yield
    for handler in list(root.handlers):
        if handler not in before:
            root.removeHandler(handler)
            handler.close()
    logs._configured.intersection_update(configured)
