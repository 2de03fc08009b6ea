from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kiosk.domain.catalog import Catalog, FieldType, load_catalog
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


CATEGORIES = """
[categories.yanglao]
icon = "elderly"
title = { zh_CN = "养老", en = "Pensions and old age" }

[categories.yibao]
icon = "medical"
title = { zh_CN = "医保", en = "Health insurance" }
summary = { zh_CN = "看病、交医保", en = "Seeing a doctor, paying in" }
"""


def _with_categories(catalog_copy: Path, elderly: str = "yanglao",
                     medical: str = "yibao") -> Path:
    (catalog_copy / "catalog.toml").write_text(
        (catalog_copy / "catalog.toml").read_text(encoding="utf-8") + CATEGORIES,
        encoding="utf-8")
    for service, category in (("elderly_allowance", elderly), ("medical_insurance", medical)):
        _edit(catalog_copy / "services" / f"{service}.toml", f'id = "{service}"',
              f'id = "{service}"\ncategory = "{category}"')
    return catalog_copy


def test_categories_are_read_in_order_with_both_languages(catalog_copy: Path) -> None:
    catalog = load_catalog(_with_categories(catalog_copy))
    assert [c.id for c in catalog.categories] == ["yanglao", "yibao"]
    assert catalog.categories[0].title == {"zh_CN": "养老", "en": "Pensions and old age"}
    assert catalog.categories[0].summary is None and catalog.categories[1].summary
    assert catalog.service("elderly_allowance").category == "yanglao"
    assert [s.id for s in catalog.in_category("yibao")] == ["medical_insurance"]
    assert [s.id for s in catalog.in_category(None)] == ["disability_subsidy", "suggestion"]
    data = catalog.to_json()
    assert data["categories"][1] == {"id": "yibao", "icon": "medical",
                                     "title": {"zh_CN": "医保", "en": "Health insurance"}}
    assert {s["id"]: s["category"] for s in data["services"]}["suggestion"] is None


def test_a_catalog_without_categories_has_none(catalog: Catalog) -> None:
    assert catalog.categories == ()
    assert all(s.category is None for s in catalog.services)


def test_an_undeclared_category_names_the_service_and_the_declared_ones(
        catalog_copy: Path) -> None:
    with pytest.raises(CatalogError) as caught:
        load_catalog(_with_categories(catalog_copy, medical="yiliao"))
    message = str(caught.value)
    assert "services/medical_insurance.toml" in message and "'yiliao'" in message
    assert "yanglao, yibao" in message


def test_a_category_without_services_is_refused(catalog_copy: Path) -> None:
    with pytest.raises(CatalogError, match="category 'yibao' has no services"):
        load_catalog(_with_categories(catalog_copy, medical="yanglao"))


@pytest.mark.parametrize(("old", "new", "problem"), [
    ('zh_CN = "养老", en = "Pensions and old age"', 'zh_CN = "养老"', "has no en text"),
    ('icon = "elderly"', 'icon = "Elderly Icon"', "'icon' must name an icon file"),
    ('icon = "elderly"', 'icon = "elderly"\ngroup = "x"', "unknown keys"),
    ("[categories.yanglao]", "[categories.Yang-Lao]", "bad category id"),
])
def test_a_badly_written_category_is_refused(catalog_copy: Path, old: str, new: str,
                                             problem: str) -> None:
    _with_categories(catalog_copy)
    _edit(catalog_copy / "catalog.toml", old, new)
    with pytest.raises(CatalogError, match=problem):
        load_catalog(catalog_copy)


def test_a_service_category_that_is_not_an_id_is_refused(catalog_copy: Path) -> None:
    _with_categories(catalog_copy)
    _edit(catalog_copy / "services" / "suggestion.toml", 'id = "suggestion"',
          'id = "suggestion"\ncategory = 3')
    with pytest.raises(CatalogError, match=r"service 'suggestion'.*'category' must be"):
        load_catalog(catalog_copy)


def test_categories_are_published_by_the_central_and_installed_on_the_kiosk(
        catalog_copy: Path, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from kiosk.central.rules.catalogs import CentralCatalogs
    from kiosk.cli import main
    from kiosk.domain.active_catalog import install_catalog

    _with_categories(catalog_copy)
    _edit(catalog_copy / "catalog.toml", 'version = "', 'version = "9')
    central = tmp_path / "central"
    result = CliRunner().invoke(main, ["central", "publish-catalog", str(catalog_copy),
                                       "--data-dir", str(central)])
    assert result.exit_code == 0, result.output
    assert "published: 4 services" in result.output
    published, files, _etag = CentralCatalogs(central).document()
    assert [c.id for c in published.categories] == ["yanglao", "yibao"]
    kiosk_dir = tmp_path / "kiosk"
    kiosk_dir.mkdir()
    installed = install_catalog(kiosk_dir, files)
    assert installed.categories == published.categories
    assert installed.service("medical_insurance").category == "yibao"


def test_the_central_refuses_to_publish_an_undeclared_category(
        catalog_copy: Path, tmp_path: Path) -> None:
    from kiosk.central.rules.catalogs import CentralCatalogs

    _with_categories(catalog_copy, elderly="laonian")
    with pytest.raises(CatalogError, match="'laonian' is not declared"):
        CentralCatalogs(tmp_path / "central").publish(catalog_copy)
    assert not (tmp_path / "central" / "catalogs" / "CURRENT").exists()
