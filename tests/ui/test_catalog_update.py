"""A catalog pulled from the central reaches the screen without a restart."""

from __future__ import annotations

import dataclasses

from pytestqt.qtbot import QtBot

from kiosk.domain.catalog import Catalog
from kiosk.domain.session import Step
from tests.helpers.kiosk_window import WindowFactory, wait_for_step


def renamed(catalog: Catalog, version: str, title: str) -> Catalog:
    service = dataclasses.replace(catalog.services[0], title={"zh_CN": title, "en": title})
    return dataclasses.replace(catalog, version=version, services=(service,))


def test_new_catalog_shows_on_home_at_once(qtbot: QtBot, make_window: WindowFactory,
                                          ui_catalog: Catalog) -> None:
    window = make_window()
    service_id = ui_catalog.services[0].id
    window.set_catalog(renamed(ui_catalog, "test-2", "新办法"))
    assert window.catalog.version == "test-2"
    assert "新办法" in window.home.tiles[service_id].text()


def test_resident_midway_keeps_the_version_they_started_with(
        qtbot: QtBot, make_window: WindowFactory, ui_catalog: Catalog) -> None:
    window = make_window()
    service_id = ui_catalog.services[0].id
    window.session.start(service_id)
    window.session.accept_consent()
    wait_for_step(qtbot, window, Step.QUESTION)
    window.set_catalog(renamed(ui_catalog, "test-2", "新办法"))
    assert window.session.catalog.version == ui_catalog.version  # not swapped mid-form
    assert window.catalog.version == ui_catalog.version
    window.session.reset()
    wait_for_step(qtbot, window, Step.HOME)
    assert window.catalog.version == "test-2"
    assert "新办法" in window.home.tiles[service_id].text()
