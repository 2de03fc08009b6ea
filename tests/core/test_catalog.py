from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kiosk.catalog import Catalog, FieldType, load_catalog
from kiosk.errors import CatalogError, UnknownServiceError


def test_shipped_catalog_has_four_services_with_every_field_type(catalog: Catalog) -> None:
    ids = [s.id for s in catalog.services]
    assert ids[:4] == ["elderly_allowance", "medical_insurance", "disability_subsidy",
                       "suggestion"]
    assert catalog.version
    types = {f.type for s in catalog.services for f in s.fields}
    assert types == set(FieldType)


def test_every_text_is_bilingual(catalog: Catalog) -> None:
    for service in catalog.services:
        for field in service.fields:
            for text in (field.label, field.prompt, field.help):
                assert text["zh_CN"] and text["en"]


def test_unknown_service_names_the_known_ones(catalog: Catalog) -> None:
    with pytest.raises(UnknownServiceError, match="elderly_allowance"):
        catalog.service("pension_for_cats")


@pytest.fixture
def catalog_copy(tmp_path: Path, catalog: Catalog) -> Path:
    assert catalog.source is not None
    target = tmp_path / "catalog"
    shutil.copytree(catalog.source, target)
    return target


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_bad_field_type_names_file_service_and_field(catalog_copy: Path) -> None:
    path = catalog_copy / "services" / "elderly_allowance.toml"
    _edit(path, 'type = "date"', 'type = "datum"')
    with pytest.raises(CatalogError) as caught:
        load_catalog(catalog_copy)
    message = str(caught.value)
    assert "services/elderly_allowance.toml" in message
    assert "service 'elderly_allowance'" in message
    assert "field 'birth_date'" in message
    assert "datum" in message


def test_missing_translation_is_reported(catalog_copy: Path) -> None:
    path = catalog_copy / "services" / "suggestion.toml"
    text = path.read_text(encoding="utf-8")
    lines = [ln for ln in text.splitlines() if not ln.startswith("en =")]
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(CatalogError, match="has no en text"):
        load_catalog(catalog_copy)


def test_broken_toml_is_reported_with_file_name(catalog_copy: Path) -> None:
    (catalog_copy / "services" / "medical_insurance.toml").write_text("id = [", encoding="utf-8")
    with pytest.raises(CatalogError, match=r"medical_insurance.toml.*not valid TOML"):
        load_catalog(catalog_copy)


def test_manifest_listing_a_missing_service_file(catalog_copy: Path) -> None:
    _edit(catalog_copy / "catalog.toml", '"suggestion"', '"suggestion", "ghost_service"')
    with pytest.raises(CatalogError, match="ghost_service"):
        load_catalog(catalog_copy)


def test_validation_key_that_does_not_fit_the_type(catalog_copy: Path) -> None:
    path = catalog_copy / "services" / "medical_insurance.toml"
    _edit(path, "integer = true", "integer = true\nmax_length = 3")
    with pytest.raises(CatalogError, match=r"field 'family_members_count'.*do not apply"):
        load_catalog(catalog_copy)


def test_to_json_lists_fields_and_choices(catalog: Catalog) -> None:
    data = catalog.to_json()
    service = next(s for s in data["services"] if s["id"] == "elderly_allowance")
    village = next(f for f in service["fields"] if f["type"] == "choice")
    assert len(village["choices"]) >= 2
    assert {"id", "type", "required", "choices"} <= set(village)


def test_a_catalog_read_again_comes_from_the_parse_cache_and_sees_edits(
        catalog_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KIOSK_CACHE_DIR", str(tmp_path / "cache"))
    first = load_catalog(catalog_copy)
    assert list((tmp_path / "cache" / "toml").glob("*.marshal"))   # parsed once per content
    assert load_catalog(catalog_copy) == first
    _edit(catalog_copy / "services" / "suggestion.toml", "zh_CN = ", "zh_CN = \"改\" #")
    changed = load_catalog(catalog_copy)
    assert changed.service("suggestion") != first.service("suggestion")


def test_broken_utf8_is_reported_as_not_valid_toml(catalog_copy: Path) -> None:
    (catalog_copy / "services" / "suggestion.toml").write_bytes(b'id = "\xff"\n')
    with pytest.raises(CatalogError, match=r"suggestion.toml.*not valid TOML"):
        load_catalog(catalog_copy)
