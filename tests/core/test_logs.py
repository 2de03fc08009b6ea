"""kiosk/logs.py: the kiosk window starts logging before log rotation is loaded."""

from __future__ import annotations

import json
import logging
import logging.handlers
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk import logs


@pytest.fixture()
def root_handlers() -> Iterator[None]:
    root = logging.getLogger()
    before = list(root.handlers)
    yield
    for handler in root.handlers:
        if handler not in before:
            root.removeHandler(handler)
            handler.close()
    logs._configured.clear()


def _file_handlers() -> list[logging.FileHandler]:
    return [h for h in logging.getLogger().handlers if isinstance(h, logging.FileHandler)]


@pytest.mark.usefixtures("root_handlers")
def test_the_late_rotation_keeps_one_file_and_every_line(tmp_path: Path) -> None:
    path = logs.configure_logging(tmp_path, rotate=False)
    assert not any(isinstance(h, logging.handlers.RotatingFileHandler) for h in _file_handlers())
    logging.getLogger("kiosk.test").warning("before the first frame")
    logs.enable_rotation()
    handlers = [h for h in _file_handlers() if Path(h.baseFilename) == path]
    assert len(handlers) == 1
    assert isinstance(handlers[0], logging.handlers.RotatingFileHandler)
    assert handlers[0].maxBytes == logs.MAX_BYTES
    logging.getLogger("kiosk.test").warning("after it")
    messages = [json.loads(line)["message"] for line in path.read_text("utf-8").splitlines()]
    assert messages[-2:] == ["before the first frame", "after it"]


@pytest.mark.usefixtures("root_handlers")
def test_the_default_rotates_from_the_start(tmp_path: Path) -> None:
    path = logs.configure_logging(tmp_path)
    rotating = [h for h in _file_handlers() if Path(h.baseFilename) == path]
    assert len(rotating) == 1
    assert isinstance(rotating[0], logging.handlers.RotatingFileHandler)
